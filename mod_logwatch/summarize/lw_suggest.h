/* Suggestions printed with the report: firewall commands for the sources
 * over the threshold, mod_security rules for attacks that were not blocked.
 * Nothing from a record reaches a command unless it parsed as an address
 * (and is then written in its canonical form), nor a rule unless it passed
 * lw_esc_secrule / lw_valid_hostname; anything else is skipped and noted. */
#ifndef LW_SUGGEST_H
#define LW_SUGGEST_H

#include "lw_sum.h"
#include "lw_net.h"
#include "lw_benign.h"

typedef enum { LW_FW_IPTABLES = 0, LW_FW_NFTABLES, LW_FW_IPSET } lw_fw_kind_e;

/* "iptables", "nftables", "ipset" -> kind; -1 otherwise. */
int lw_fw_kind_from_name(const char *name);

/* Commands (const char *) that drop traffic from every source in srcs
 * (sorted lw_src_t*, as lw_summary_sources) with at least threshold attacks
 * whose address is public unicast and in none of ignore (lw_cidr_t, may be
 * NULL). IPv4 and IPv6 each get their own command family:
 *   iptables: iptables/ip6tables -I INPUT -s ADDR -j DROP
 *   nftables: nft add rule inet filter input ip|ip6 saddr ADDR drop
 *             (Debian's default /etc/nftables.conf table and chain)
 *   ipset:    ipset create logwatch4|logwatch6 ..., ipset add ...,
 *             and the iptables/ip6tables rule matching the set.
 * Sources skipped for not being valid or reportable are listed in
 * *skipped (text, escaped) when skipped is not NULL. */
apr_array_header_t *lw_suggest_firewall(apr_pool_t *p,
                                        const apr_array_header_t *srcs,
                                        int kind, apr_uint64_t threshold,
                                        const apr_array_header_t *ignore,
                                        apr_array_header_t *skipped);

/* mod_security rule ids are taken from a local range: ids 1-99,999 are
 * reserved for local use by the ModSecurity rule-id conventions; we use
 * 99000-99999 unless told otherwise (--secrule-id-base). */
#define LW_SECRULE_ID_BASE 99000
#define LW_SECRULE_ID_MAX  99999

/* For each target and each path of attacks that were not blocked (served,
 * error, redirected, unknown: lw_target_t.open_paths), chained rules:
 *   SecRule REQUEST_FILENAME "@streq PATH" "id:N,phase:2,deny,status:403,
 *       log,t:none,msg:'logwatch: KIND attacks on this path',chain"
 *       SecRule SERVER_NAME "@streq VHOST" "t:none,chain"
 *           SecRule ARGS|REQUEST_URI "<fixed condition for KIND>" ...
 * one per kind of injection seen there (sqli @detectSQLi, xss @detectXSS,
 * lfi, rfi, rce fixed patterns), so the page keeps working for others;
 * for a probe of a sensitive file, the path and vhost alone. Paths with
 * only tool or protocol findings get no rule (noted: block the sources).
 * PATH is the path as sent, escaped by lw_esc_secrule; VHOST must pass
 * lw_valid_hostname; otherwise nothing is written for it (noted in
 * *skipped). Lines are const char *; ids run from id_base upward, never
 * past LW_SECRULE_ID_MAX. */
apr_array_header_t *lw_suggest_secrules(apr_pool_t *p, const lw_summary_t *s,
                                        apr_uint32_t id_base,
                                        apr_array_header_t *skipped);

/* The same, each condition made from what the records say the attack
 * matched (lw_find_t: the field's variable, @contains its excerpt; never
 * a request header), or for sqli, xss and lfi without such findings, the
 * kind's generic test on the arguments; never for a monitoring page. With
 * benign, a suggestion whose condition (or, for a probe, whose path)
 * matches a benign request is dropped; *dropped (may be NULL) counts
 * them. */
apr_array_header_t *lw_suggest_secrules_checked(apr_pool_t *p,
                                                const lw_summary_t *s,
                                                apr_uint32_t id_base,
                                                const lw_benign_t *benign,
                                                int *dropped,
                                                apr_array_header_t *skipped);

#endif
