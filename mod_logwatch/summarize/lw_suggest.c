/* lw_suggest.c: firewall commands and mod_security rules. Only validated
 * text is ever written: canonical addresses from lw_addr_format, host names
 * of [A-Za-z0-9.-], and paths through lw_esc_secrule. */
#include "lw_suggest.h"
#include "lw_escape.h"

#include <string.h>
#include <apr_strings.h>

int lw_fw_kind_from_name(const char *name)
{
    if (name == NULL)
        return -1;
    if (strcmp(name, "iptables") == 0)
        return LW_FW_IPTABLES;
    if (strcmp(name, "nftables") == 0 || strcmp(name, "nft") == 0)
        return LW_FW_NFTABLES;
    if (strcmp(name, "ipset") == 0)
        return LW_FW_IPSET;
    return -1;
}

#define NONATTACK_BITS ((1u << LW_CAT_TOOL) | (1u << LW_CAT_SERVER_ERROR) \
                        | (1u << LW_CAT_THRESHOLD))

#define PUSH(a, v) (*(const char **)apr_array_push(a) = (v))

/* The canonical text of a blockable source, or NULL (with a note). */
static const char *blockable(apr_pool_t *p, const lw_src_t *src,
                             const apr_array_header_t *ignore, int *family,
                             apr_array_header_t *skipped)
{
    lw_addr_t a;
    char buf[LW_ADDR_STRLEN];
    const char *why = NULL;

    if (!lw_addr_parse(src->ip, strlen(src->ip), &a))
        why = "not a valid address";
    else if (!lw_addr_is_public(&a))
        why = apr_pstrcat(p, lw_net_class_name(lw_addr_class(&a)),
                          " address", NULL);
    else if (ignore && ignore->nelts
             && lw_cidr_match_any((const lw_cidr_t *)ignore->elts,
                                  ignore->nelts, &a))
        why = "in an ignored network";
    else if (lw_addr_format(&a, buf, sizeof(buf)) < 0)
        why = "cannot be formatted";
    if (why) {
        if (skipped)
            PUSH(skipped, apr_psprintf(p, "not blocked: %s (%s)",
                                       lw_esc_text(p, src->ip), why));
        return NULL;
    }
    /* An IPv4-mapped address is blocked as the IPv4 address it is. */
    if (a.family == 6 && strncmp(buf, "::ffff:", 7) == 0 && strchr(buf, '.')) {
        *family = 4;
        return apr_pstrdup(p, buf + 7);
    }
    *family = a.family;
    return apr_pstrdup(p, buf);
}

/* One set per family (logwatch4, logwatch6), its addresses, and the rule
 * dropping it, inserted once. Nothing for an empty family. */
static void ipset_family(apr_array_header_t *out, apr_pool_t *p,
                         const apr_array_header_t *addrs, int fam)
{
    const char *ipt = fam == 4 ? "iptables" : "ip6tables";
    int i;

    if (!addrs->nelts)
        return;
    PUSH(out, apr_psprintf(p, "ipset create logwatch%d hash:ip family %s "
                           "-exist", fam, fam == 4 ? "inet" : "inet6"));
    for (i = 0; i < addrs->nelts; i++)
        PUSH(out, apr_psprintf(p, "ipset add logwatch%d %s -exist", fam,
                               APR_ARRAY_IDX(addrs, i, const char *)));
    PUSH(out, apr_psprintf(p, "%s -C INPUT -m set --match-set logwatch%d src "
                           "-j DROP 2>/dev/null || %s -I INPUT -m set "
                           "--match-set logwatch%d src -j DROP", ipt, fam,
                           ipt, fam));
}

apr_array_header_t *lw_suggest_firewall(apr_pool_t *p,
                                        const apr_array_header_t *srcs,
                                        int kind, apr_uint64_t threshold,
                                        const apr_array_header_t *ignore,
                                        apr_array_header_t *skipped)
{
    apr_array_header_t *out = apr_array_make(p, 16, sizeof(const char *));
    apr_array_header_t *v4 = apr_array_make(p, 16, sizeof(const char *));
    apr_array_header_t *v6 = apr_array_make(p, 16, sizeof(const char *));
    int i, fam;

    for (i = 0; i < srcs->nelts; i++) {
        const lw_src_t *src = APR_ARRAY_IDX(srcs, i, const lw_src_t *);
        const char *addr;
        if (src->attacks < threshold)
            continue;
        if ((addr = blockable(p, src, ignore, &fam, skipped)) == NULL)
            continue;
        PUSH(fam == 4 ? v4 : v6, addr);
    }
    if (kind == LW_FW_IPSET) {
        ipset_family(out, p, v4, 4);
        ipset_family(out, p, v6, 6);
        return out;
    }
    for (fam = 4; fam <= 6; fam += 2) {
        apr_array_header_t *a = fam == 4 ? v4 : v6;
        for (i = 0; i < a->nelts; i++) {
            const char *addr = APR_ARRAY_IDX(a, i, const char *);
            if (kind == LW_FW_NFTABLES)
                PUSH(out, apr_psprintf(p, "nft add rule inet filter input "
                                       "%s saddr %s drop",
                                       fam == 4 ? "ip" : "ip6", addr));
            else
                PUSH(out, apr_psprintf(p, "%s -I INPUT -s %s -j DROP",
                                       fam == 4 ? "iptables" : "ip6tables",
                                       addr));
        }
    }
    return out;
}

/* The condition that narrows a path rule to one kind of attack, so that
 * the path itself stays usable. Our own fixed text, never a record's. */
static const char *cat_condition(int cat)
{
    switch (cat) {
    case LW_CAT_SQLI:
        return "SecRule ARGS|REQUEST_URI \"@detectSQLi\" \"t:none,t:urlDecodeUni\"";
    case LW_CAT_XSS:
        return "SecRule ARGS|REQUEST_URI \"@detectXSS\" \"t:none,t:urlDecodeUni,"
               "t:htmlEntityDecode\"";
    case LW_CAT_LFI:
        return "SecRule ARGS|REQUEST_URI \"@rx (?:\\.\\.[/\\\\\\\\]|/proc/self/|"
               "/etc/passwd)\" \"t:none,t:urlDecodeUni\"";
    case LW_CAT_RFI:
        return "SecRule ARGS \"@rx ^(?i:(?:ht|f)tps?)://\" \"t:none,"
               "t:urlDecodeUni\"";
    case LW_CAT_RCE:
        return "SecRule ARGS|REQUEST_HEADERS \"@rx (?:[;|`]|\\$\\(|\\$\\{)\" "
               "\"t:none,t:urlDecodeUni\"";
    default:
        return NULL;
    }
}

/* "scanner+protocol": category names, our own words. */
static const char *cat_words(apr_pool_t *p, apr_uint32_t mask)
{
    const char *r = NULL;
    int i;

    for (i = 0; i < LW_CAT__COUNT; i++)
        if ((mask & (1u << i)) && i != LW_CAT_TOOL)
            r = r ? apr_pstrcat(p, r, "+", lw_category_name(i), NULL)
                  : lw_category_name(i);
    return r ? r : "unclassified attacks";
}

apr_array_header_t *lw_suggest_secrules(apr_pool_t *p, const lw_summary_t *s,
                                        apr_uint32_t id_base,
                                        apr_array_header_t *skipped)
{
    apr_array_header_t *out = apr_array_make(p, 16, sizeof(const char *));
    apr_array_header_t *tgts = lw_summary_targets(s, p);
    apr_uint32_t id = id_base;
    int i, j, c;

    for (i = 0; i < tgts->nelts; i++) {
        const lw_target_t *t = APR_ARRAY_IDX(tgts, i, const lw_target_t *);
        apr_array_header_t *paths;
        if (!t->open_paths || !apr_hash_count(t->open_paths))
            continue;
        if (!lw_valid_hostname(t->vhost)) {
            if (skipped)
                PUSH(skipped, apr_psprintf(p, "no rule for vhost %s: not a "
                                           "plain host name",
                                           lw_esc_text(p, t->vhost)));
            continue;
        }
        paths = lw_count_sorted(t->open_paths, p);
        for (j = 0; j < paths->nelts; j++) {
            const lw_count_t *cnt = APR_ARRAY_IDX(paths, j, const lw_count_t *);
            const apr_uint32_t *maskp = apr_hash_get(t->open_path_cats,
                                                     cnt->key,
                                                     APR_HASH_KEY_STRING);
            apr_uint32_t mask = maskp ? *maskp : 0;
            const char *path;
            int path_only, made;
            if (strcmp(cnt->key, LW_SUM_OTHER) == 0)
                continue;
            path = cnt->key[0] == '/' ? lw_esc_secrule(p, cnt->key) : NULL;
            if (path == NULL) {
                if (skipped)
                    PUSH(skipped, apr_psprintf(p, "no rule for %s %s: the "
                                               "path cannot be made safe",
                                               t->vhost,
                                               lw_esc_text(p, cnt->key)));
                continue;
            }
            /* A probe for a sensitive file: the path itself is the attack,
             * so the rule is the path alone. Injections: one rule per kind,
             * narrowed by its condition, so the page keeps working. Tools
             * and protocol oddities alone make no rule: block their
             * sources instead (--firewall). */
            path_only = (mask & (1u << LW_CAT_PROBE)) != 0;
            for (c = 0, made = 0; c < LW_CAT__COUNT; c++)
                if ((mask & (1u << c)) && cat_condition(c))
                    made = 1;
            if (!path_only && !made) {
                if (skipped)
                    PUSH(skipped, apr_psprintf(p, "no rule for %s %s: only "
                                               "%s there; block the sources "
                                               "instead", t->vhost,
                                               lw_esc_text(p, cnt->key),
                                               cat_words(p, mask)));
                continue;
            }
            for (c = -1; c < LW_CAT__COUNT; c++) {
                const char *cond = c < 0 ? NULL : cat_condition(c);
                if (c < 0 ? !path_only : !(cond && (mask & (1u << c))))
                    continue;
                if (id > LW_SECRULE_ID_MAX) {
                    if (skipped)
                        PUSH(skipped, "more rules than the id range holds");
                    return out;
                }
                PUSH(out, apr_psprintf(p, "SecRule REQUEST_FILENAME \"@streq "
                                       "%s\" \"id:%u,phase:2,deny,status:403,"
                                       "log,t:none,msg:'logwatch: %s on this "
                                       "path',chain\"", path, id,
                                       c < 0 ? "probe of a sensitive file"
                                       : apr_pstrcat(p, lw_category_name(c),
                                                     " attacks", NULL)));
                PUSH(out, apr_psprintf(p, "    SecRule SERVER_NAME \"@streq "
                                       "%s\" \"t:none%s\"", t->vhost,
                                       cond ? ",chain" : ""));
                if (cond)
                    PUSH(out, apr_pstrcat(p, "        ", cond, NULL));
                id++;
            }
        }
    }
    return out;
}
