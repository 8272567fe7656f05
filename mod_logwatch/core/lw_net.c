/* lw_net: address and CIDR parsing, matching and classification.
 * Written by hand (not inet_pton) so that it takes a length, never reads
 * past it, never allocates and behaves the same on every platform. */
#include "lw_net.h"
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Dotted quad, exactly len bytes, into out[4]. */
static int parse_v4(const char *s, apr_size_t len, unsigned char *out)
{
    apr_size_t i = 0;
    int part;

    for (part = 0; part < 4; part++) {
        unsigned v = 0;
        apr_size_t start = i;
        if (part > 0) {
            if (i >= len || s[i] != '.') return 0;
            start = ++i;
        }
        while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 3) {
            v = v * 10 + (unsigned)(s[i] - '0');
            i++;
        }
        if (i == start || v > 255) return 0;
        if (i - start > 1 && s[start] == '0') return 0;   /* no octal look */
        out[part] = (unsigned char)v;
    }
    return i == len;
}

static int parse_v6(const char *s, apr_size_t len, unsigned char *out)
{
    unsigned char b[16];
    int ngroups = 0, gap = -1;
    apr_size_t i = 0;

    memset(b, 0, sizeof(b));
    if (len < 2) return 0;
    if (s[0] == ':') {
        if (s[1] != ':') return 0;
        gap = 0;
        i = 2;
        if (i == len) goto done;
    }
    for (;;) {
        apr_size_t start = i;
        unsigned v = 0;
        int d;

        while (i < len && i - start < 4 && (d = hexval(s[i])) >= 0) {
            v = (v << 4) | (unsigned)d;
            i++;
        }
        if (i == start) return 0;
        if (i < len && s[i] == '.') {
            /* embedded IPv4: must be last and fit */
            if (ngroups > 6) return 0;
            if (!parse_v4(s + start, len - start, b + 2 * ngroups)) return 0;
            ngroups += 2;
            break;
        }
        if (ngroups >= 8) return 0;
        b[2 * ngroups] = (unsigned char)(v >> 8);
        b[2 * ngroups + 1] = (unsigned char)(v & 0xff);
        ngroups++;
        if (i == len) break;
        if (s[i] != ':') return 0;
        i++;
        if (i < len && s[i] == ':') {
            if (gap >= 0) return 0;
            gap = ngroups;
            i++;
            if (i == len) break;
        }
        else if (i == len) {
            return 0;                           /* trailing single ':' */
        }
    }
done:
    if (gap >= 0) {
        int tail = ngroups - gap;
        if (ngroups >= 8) return 0;             /* "::" must stand for >= 1 */
        memmove(b + 16 - 2 * tail, b + 2 * gap, (apr_size_t)(2 * tail));
        memset(b + 2 * gap, 0, (apr_size_t)(16 - 2 * gap - 2 * tail));
    }
    else if (ngroups != 8) {
        return 0;
    }
    memcpy(out, b, 16);
    return 1;
}

int lw_addr_parse(const char *s, apr_size_t len, lw_addr_t *out)
{
    lw_addr_t a;
    apr_size_t i;

    if (!s || len == 0 || len >= LW_ADDR_STRLEN) return 0;
    memset(&a, 0, sizeof(a));
    for (i = 0; i < len && s[i] != ':'; i++)
        ;
    if (i < len) {
        if (!parse_v6(s, len, a.b)) return 0;
        a.family = 6;
    }
    else {
        if (!parse_v4(s, len, a.b)) return 0;
        a.family = 4;
    }
    if (out) *out = a;
    return 1;
}

#define ZONE_MAX 32

int lw_addr_parse_host(const char *s, apr_size_t len, lw_addr_t *out)
{
    lw_addr_t a;
    apr_size_t pct, i;

    if (!s) return 0;
    for (pct = 0; pct < len && s[pct] != '%'; pct++)
        ;
    if (pct == len)
        return lw_addr_parse(s, len, out);
    if (len - pct - 1 < 1 || len - pct - 1 > ZONE_MAX)
        return 0;
    for (i = pct + 1; i < len; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_'
              || ch == '-'))
            return 0;
    }
    if (!lw_addr_parse(s, pct, &a) || a.family != 6)
        return 0;
    if (out) *out = a;
    return 1;
}

int lw_addr_valid(const char *s)
{
    return s ? lw_addr_parse(s, strlen(s), NULL) : 0;
}

static int is_mapped(const lw_addr_t *a)
{
    static const unsigned char pfx[12] = {0,0,0,0,0,0,0,0,0,0,0xff,0xff};
    return a->family == 6 && memcmp(a->b, pfx, 12) == 0;
}

/* Append with bounds; *n tracks the length, -1 once it overflowed. */
static void put(char *buf, apr_size_t size, int *n, const char *s)
{
    apr_size_t l = strlen(s);
    if (*n < 0) return;
    if ((apr_size_t)*n + l + 1 > size) { *n = -1; return; }
    memcpy(buf + *n, s, l + 1);
    *n += (int)l;
}

static void put_v4(char *buf, apr_size_t size, int *n, const unsigned char *b)
{
    char t[16];
    int k, j = 0;
    for (k = 0; k < 4; k++) {
        unsigned v = b[k];
        if (k) t[j++] = '.';
        if (v >= 100) t[j++] = (char)('0' + v / 100);
        if (v >= 10) t[j++] = (char)('0' + (v / 10) % 10);
        t[j++] = (char)('0' + v % 10);
    }
    t[j] = '\0';
    put(buf, size, n, t);
}

int lw_addr_format(const lw_addr_t *a, char *buf, apr_size_t size)
{
    static const char hex[] = "0123456789abcdef";
    int n = 0, g, best = -1, bestlen = 0, run = -1, runlen = 0;
    unsigned grp[8];

    if (!buf || size == 0) return -1;
    buf[0] = '\0';
    if (!a || (a->family != 4 && a->family != 6)) return -1;
    if (a->family == 4) {
        put_v4(buf, size, &n, a->b);
        if (n < 0) buf[0] = '\0';
        return n;
    }
    if (is_mapped(a)) {
        put(buf, size, &n, "::ffff:");
        put_v4(buf, size, &n, a->b + 12);
        if (n < 0) buf[0] = '\0';
        return n;
    }
    for (g = 0; g < 8; g++) {
        grp[g] = ((unsigned)a->b[2 * g] << 8) | a->b[2 * g + 1];
        if (grp[g] == 0) {
            if (run < 0) { run = g; runlen = 0; }
            runlen++;
            if (runlen > bestlen) { best = run; bestlen = runlen; }
        }
        else {
            run = -1;
        }
    }
    if (bestlen < 2) best = -1;                 /* RFC 5952: not for one group */
    for (g = 0; g < 8; g++) {
        char t[6];
        int j = 0, shift, started = 0;
        if (g == best) {
            put(buf, size, &n, "::");
            g += bestlen - 1;
            continue;
        }
        if (g > 0 && g != best + bestlen) put(buf, size, &n, ":");
        for (shift = 12; shift >= 0; shift -= 4) {
            unsigned d = (grp[g] >> shift) & 0xf;
            if (d || started || shift == 0) { t[j++] = hex[d]; started = 1; }
        }
        t[j] = '\0';
        put(buf, size, &n, t);
    }
    if (n < 0) buf[0] = '\0';
    return n;
}

static void mask_host_bits(lw_addr_t *a, int prefix)
{
    int bytes = a->family == 4 ? 4 : 16, i;
    for (i = 0; i < bytes; i++) {
        int keep = prefix - 8 * i;
        if (keep >= 8) continue;
        if (keep <= 0) a->b[i] = 0;
        else a->b[i] &= (unsigned char)(0xff << (8 - keep));
    }
}

int lw_cidr_parse(const char *s, apr_size_t len, lw_cidr_t *out)
{
    lw_cidr_t c;
    apr_size_t slash;
    int max;

    if (!s) return 0;
    for (slash = 0; slash < len && s[slash] != '/'; slash++)
        ;
    if (!lw_addr_parse(s, slash, &c.addr)) return 0;
    max = c.addr.family == 4 ? 32 : 128;
    if (slash == len) {
        c.prefix = max;
    }
    else {
        apr_size_t i = slash + 1;
        int v = 0;
        if (i == len || len - i > 3) return 0;
        if (len - i > 1 && s[i] == '0') return 0;
        for (; i < len; i++) {
            if (s[i] < '0' || s[i] > '9') return 0;
            v = v * 10 + (s[i] - '0');
        }
        if (v > max) return 0;
        c.prefix = v;
    }
    mask_host_bits(&c.addr, c.prefix);
    if (out) *out = c;
    return 1;
}

void lw_addr_source(const lw_addr_t *a, int v6prefix, lw_cidr_t *out)
{
    memset(out, 0, sizeof(*out));
    if (is_mapped(a) || a->family == 4) {
        out->addr.family = 4;
        memcpy(out->addr.b, a->family == 4 ? a->b : a->b + 12, 4);
        out->prefix = 32;
        return;
    }
    out->addr = *a;
    out->prefix = v6prefix < 1 ? 1
                  : v6prefix > LW_V6_PREFIX_MAX ? LW_V6_PREFIX_MAX : v6prefix;
    mask_host_bits(&out->addr, out->prefix);
}

int lw_cidr_format(const lw_cidr_t *c, char *buf, apr_size_t size)
{
    char t[8];
    int n, p, j = 0;

    if (!c) { if (buf && size) buf[0] = '\0'; return -1; }
    n = lw_addr_format(&c->addr, buf, size);
    if (n < 0) return -1;
    p = c->prefix;
    t[j++] = '/';
    if (p >= 100) t[j++] = (char)('0' + p / 100);
    if (p >= 10) t[j++] = (char)('0' + (p / 10) % 10);
    t[j++] = (char)('0' + p % 10);
    t[j] = '\0';
    put(buf, size, &n, t);
    if (n < 0) buf[0] = '\0';
    return n;
}

static int prefix_eq(const unsigned char *x, const unsigned char *y, int bits)
{
    int full = bits / 8, rest = bits % 8;
    if (memcmp(x, y, (apr_size_t)full) != 0) return 0;
    if (rest) {
        unsigned char m = (unsigned char)(0xff << (8 - rest));
        if ((x[full] & m) != (y[full] & m)) return 0;
    }
    return 1;
}

int lw_cidr_match(const lw_cidr_t *c, const lw_addr_t *a)
{
    if (!c || !a) return 0;
    if (c->addr.family == 4) {
        if (a->family == 4) return prefix_eq(c->addr.b, a->b, c->prefix);
        if (is_mapped(a)) return prefix_eq(c->addr.b, a->b + 12, c->prefix);
        return 0;
    }
    if (a->family != 6) return 0;
    return prefix_eq(c->addr.b, a->b, c->prefix);
}

int lw_cidr_match_any(const lw_cidr_t *list, int n, const lw_addr_t *a)
{
    int i;
    for (i = 0; list && i < n; i++)
        if (lw_cidr_match(&list[i], a)) return 1;
    return 0;
}

/* Special ranges: prefix bytes, prefix length, class. Order matters only
 * where ranges nest (the more specific first). */
typedef struct {
    unsigned char b[16];
    int prefix;
    int cls;
} net_range_t;

static const net_range_t v4_ranges[] = {
    {{0}, 8, LW_NET_UNSPECIFIED},
    {{10}, 8, LW_NET_PRIVATE},
    {{100, 64}, 10, LW_NET_PRIVATE},
    {{127}, 8, LW_NET_LOOPBACK},
    {{169, 254}, 16, LW_NET_LINKLOCAL},
    {{172, 16}, 12, LW_NET_PRIVATE},
    {{192, 0, 0}, 24, LW_NET_RESERVED},
    {{192, 0, 2}, 24, LW_NET_DOCUMENTATION},
    {{192, 88, 99}, 24, LW_NET_RESERVED},
    {{192, 168}, 16, LW_NET_PRIVATE},
    {{198, 18}, 15, LW_NET_RESERVED},
    {{198, 51, 100}, 24, LW_NET_DOCUMENTATION},
    {{203, 0, 113}, 24, LW_NET_DOCUMENTATION},
    {{224}, 4, LW_NET_MULTICAST},
    {{240}, 4, LW_NET_RESERVED},            /* includes 255.255.255.255 */
};

static const net_range_t v6_ranges[] = {
    {{0}, 128, LW_NET_UNSPECIFIED},
    {{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}, 128, LW_NET_LOOPBACK},
    {{0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}, 96, LW_NET_PUBLIC},
    {{0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48, LW_NET_RESERVED},
    {{0x01}, 64, LW_NET_RESERVED},          /* 100::/64 discard */
    {{0x20, 0x01, 0x0d, 0xb8}, 32, LW_NET_DOCUMENTATION},
    {{0x20, 0x01}, 23, LW_NET_RESERVED},
    {{0x3f, 0xff}, 20, LW_NET_DOCUMENTATION},
    {{0x20}, 3, LW_NET_PUBLIC},             /* global unicast */
    {{0xfc}, 7, LW_NET_PRIVATE},
    {{0xfe, 0x80}, 10, LW_NET_LINKLOCAL},
    {{0xff}, 8, LW_NET_MULTICAST},
};

int lw_addr_class(const lw_addr_t *a)
{
    apr_size_t i;

    if (!a) return LW_NET_RESERVED;
    if (a->family == 4 || is_mapped(a)) {
        const unsigned char *b = a->family == 4 ? a->b : a->b + 12;
        for (i = 0; i < sizeof(v4_ranges) / sizeof(v4_ranges[0]); i++)
            if (prefix_eq(v4_ranges[i].b, b, v4_ranges[i].prefix))
                return v4_ranges[i].cls;
        return LW_NET_PUBLIC;
    }
    if (a->family != 6) return LW_NET_RESERVED;
    for (i = 0; i < sizeof(v6_ranges) / sizeof(v6_ranges[0]); i++)
        if (prefix_eq(v6_ranges[i].b, a->b, v6_ranges[i].prefix))
            return v6_ranges[i].cls;
    return LW_NET_RESERVED;                     /* outside 2000::/3 */
}

const char *lw_net_class_name(int cls)
{
    static const char *const names[LW_NET__COUNT] = {
        "public", "unspecified", "loopback", "private", "link-local",
        "documentation", "multicast", "reserved"
    };
    return cls >= 0 && cls < LW_NET__COUNT ? names[cls] : NULL;
}

int lw_addr_is_public(const lw_addr_t *a)
{
    return lw_addr_class(a) == LW_NET_PUBLIC;
}
