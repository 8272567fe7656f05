/* lw_net: IPv4/IPv6 addresses and CIDR networks, parsed and classified
 * without allocation and without the resolver (so it is safe on any
 * attacker-supplied string, and usable per request for LogWatchIgnoreNet).
 * Part of the core: no httpd header. */
#ifndef LW_NET_H
#define LW_NET_H

#include "lw.h"

/* Room for the longest canonical text form, NUL included
 * ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"). */
#define LW_ADDR_STRLEN 46
/* Same for "addr/prefix". */
#define LW_CIDR_STRLEN (LW_ADDR_STRLEN + 4)

/* An address. family is 4 or 6; an IPv4 address uses b[0..3] (the rest is
 * zero). IPv4-mapped IPv6 (::ffff:a.b.c.d) stays family 6 but matches and
 * classifies as its IPv4 address. */
typedef struct {
    int family;
    unsigned char b[16];
} lw_addr_t;

/* A network: an address with its host bits cleared, and a prefix length
 * (0..32 for IPv4, 0..128 for IPv6). */
typedef struct {
    lw_addr_t addr;
    int prefix;
} lw_cidr_t;

/* Parse exactly len bytes of s as an address: dotted quad (four decimal
 * parts 0..255, no leading zeros, as inet_pton) or RFC 4291 IPv6 text
 * (with "::" and an embedded dotted quad; no zone "%eth0", no brackets).
 * Returns 1 on success (and fills *out when out is not NULL), 0 otherwise. */
int lw_addr_parse(const char *s, apr_size_t len, lw_addr_t *out);

/* An address as a host's text form may have it: lw_addr_parse, or an IPv6
 * address with a zone ("fe80::1%eth0", as httpd gives a link-local client
 * address). The zone (1 to 32 bytes of letters, digits, '.', '_', '-') is
 * checked and dropped: it names an interface, not another host. */
int lw_addr_parse_host(const char *s, apr_size_t len, lw_addr_t *out);

/* NUL-terminated convenience form of lw_addr_parse: 1 when s is a valid
 * IPv4 or IPv6 address and nothing else. NULL gives 0. */
int lw_addr_valid(const char *s);

/* The canonical text (RFC 5952 for IPv6: lower case, longest run of zero
 * groups as "::", ::ffff:a.b.c.d for mapped addresses) into buf of size
 * bytes (LW_ADDR_STRLEN is enough). Returns the length written, or -1 when
 * size is too small (buf then holds ""). Only this text should ever be
 * written into a command, a rule or a mail header. */
int lw_addr_format(const lw_addr_t *a, char *buf, apr_size_t size);

/* Parse "addr/prefix" or a bare "addr" (a host: /32 or /128), exactly len
 * bytes. The prefix is decimal, no sign, no leading zeros, within the
 * family's range. Host bits set in addr are cleared (so "10.1.2.3/8" is
 * 10.0.0.0/8). Returns 1 on success, 0 otherwise. */
int lw_cidr_parse(const char *s, apr_size_t len, lw_cidr_t *out);

/* The source an address counts as: an IPv4 (or IPv4-mapped) address on
 * its own (/32), an IPv6 address as its network of v6prefix bits (1..128):
 * one host commonly holds a whole /64, so counting its addresses one by
 * one would let it spread its attacks and flood a table of sources. */
void lw_addr_source(const lw_addr_t *a, int v6prefix, lw_cidr_t *out);
#define LW_V6_PREFIX_MAX 128

/* "addr/prefix" text into buf; like lw_addr_format. */
int lw_cidr_format(const lw_cidr_t *c, char *buf, apr_size_t size);

/* 1 when a lies in c. IPv4 networks also match IPv4-mapped IPv6 addresses;
 * otherwise families must agree. */
int lw_cidr_match(const lw_cidr_t *c, const lw_addr_t *a);

/* 1 when a lies in any of the n networks of list (linear; fine for the
 * handful an administrator lists). */
int lw_cidr_match_any(const lw_cidr_t *list, int n, const lw_addr_t *a);

/* What kind of address this is. Anything but LW_NET_PUBLIC must never be
 * reported to anybody or blocked by a suggested rule. */
typedef enum {
    LW_NET_PUBLIC = 0,
    LW_NET_UNSPECIFIED,   /* 0.0.0.0/8 ("this network"), :: */
    LW_NET_LOOPBACK,      /* 127.0.0.0/8, ::1 */
    LW_NET_PRIVATE,       /* 10/8, 172.16/12, 192.168/16, 100.64/10 (CGN),
                           * fc00::/7 (ULA) */
    LW_NET_LINKLOCAL,     /* 169.254/16, fe80::/10 */
    LW_NET_DOCUMENTATION, /* 192.0.2/24, 198.51.100/24, 203.0.113/24,
                           * 2001:db8::/32, 3fff::/20 */
    LW_NET_MULTICAST,     /* 224/4, ff00::/8 */
    LW_NET_RESERVED,      /* 240/4, 255.255.255.255, 192.0.0/24,
                           * 198.18/15 (benchmarking), 192.88.99/24,
                           * 2001::/23 (IETF protocols), 100::/64 (discard),
                           * 64:ff9b:1::/48, ::/8 other than the above,
                           * anything outside 2000::/3 not listed */
    LW_NET__COUNT
} lw_net_class_e;

/* The class of a (IPv4-mapped addresses classify as their IPv4 address;
 * 6to4 and NAT64 well-known prefixes as themselves). */
int lw_addr_class(const lw_addr_t *a);

/* "public", "unspecified", "loopback", "private", "link-local",
 * "documentation", "multicast", "reserved"; NULL out of range. */
const char *lw_net_class_name(int cls);

/* 1 when a is a public unicast address (lw_addr_class == LW_NET_PUBLIC). */
int lw_addr_is_public(const lw_addr_t *a);

#endif
