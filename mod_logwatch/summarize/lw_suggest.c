/* lw_suggest.c: firewall commands and mod_security rules. Only validated
 * text is ever written: canonical addresses from lw_addr_format, host names
 * of [A-Za-z0-9.-], and paths through lw_esc_secrule. */
#include "lw_suggest.h"
#include "lw_escape.h"
#include "lw_benign.h"

#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>

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

/* When the records name no field and excerpt for a kind of attack, the
 * kinds with a specific enough test of their own keep a generic condition
 * on the arguments (libinjection's, or traversal's few strings). Command
 * and remote inclusion get none: their class-wide characters (';', '|',
 * "http://") are in ordinary requests. Our own fixed text. */
static const char *cat_condition(int cat)
{
    switch (cat) {
    case LW_CAT_SQLI:
        return "SecRule ARGS \"@detectSQLi\" \"t:none,t:urlDecodeUni\"";
    case LW_CAT_XSS:
        return "SecRule ARGS \"@detectXSS\" \"t:none,t:urlDecodeUni,"
               "t:htmlEntityDecode\"";
    case LW_CAT_LFI:
        return "SecRule ARGS|REQUEST_URI \"@rx (?:\\.\\.[/\\\\\\\\]|/proc/self/|"
               "/etc/passwd)\" \"t:none,t:urlDecodeUni\"";
    default:
        return NULL;
    }
}

/* Paths of the admin's own monitoring: never a rule, whoever asked. */
static int monitoring_path(const char *path)
{
    static const char *const pages[] = { "/server-status", "/server-info",
                                         "/logwatch-status", NULL };
    int i;

    for (i = 0; pages[i]; i++) {
        apr_size_t n = strlen(pages[i]);

        if (strncmp(path, pages[i], n) == 0
            && (path[n] == '\0' || path[n] == '/'))
            return 1;
    }
    return 0;
}

/* The condition for one recorded find: the variable of its field, and
 * @contains the excerpt (lower case, white space folded) as the attack
 * had it. NULL when the field is a header (every browser sends them: a
 * rule there would be checked against everybody), the name or the
 * excerpt cannot be written safely, or the excerpt is too short to be
 * the attack's own. *kind and *name tell what benign part to check. */
static const char *find_condition(apr_pool_t *p, const lw_find_t *f,
                                  lw_benign_kind_e *kind, const char **name,
                                  const char **needle)
{
    const char *var, *esc, *c;
    char *x;

    *name = NULL;
    if (strncmp(f->field, "args:", 5) == 0) {
        for (c = f->field + 5; *c; c++)
            if (!apr_isalnum(*c) && !strchr("_-.[]", *c))
                return NULL;
        if (c == f->field + 5 || c - f->field > 64 + 5)
            return NULL;
        var = apr_pstrcat(p, "ARGS:", f->field + 5, NULL);
        *kind = LW_BENIGN_ARG;
        *name = lw_benign_decode(p, f->field + 5, strlen(f->field + 5));
    }
    else if (strcmp(f->field, "query") == 0) {
        var = "QUERY_STRING";
        *kind = LW_BENIGN_URI;
    }
    else if (strcmp(f->field, "arg_names") == 0) {
        var = "ARGS_NAMES";
        *kind = LW_BENIGN_ARG_NAMES;
    }
    else if (strcmp(f->field, "path") == 0 || strcmp(f->field, "uri") == 0) {
        var = "REQUEST_URI";
        *kind = LW_BENIGN_URI;
    }
    else {
        return NULL;
    }
    x = apr_pstrdup(p, f->excerpt);
    {
        char *r = x, *w = x;
        int sp = 1;

        for (; *r; r++) {
            if (apr_isspace(*r)) {
                if (!sp)
                    *w++ = ' ';
                sp = 1;
            }
            else {
                *w++ = (char)apr_tolower(*r);
                sp = 0;
            }
        }
        while (w > x && w[-1] == ' ')
            w--;
        *w = '\0';
    }
    if (strlen(x) < 3 || (esc = lw_esc_secrule(p, x)) == NULL)
        return NULL;
    *needle = x;
    return apr_psprintf(p, "SecRule %s \"@contains %s\" \"t:none,"
                        "t:urlDecodeUni,t:lowercase,t:compressWhitespace\"",
                        var, esc);
}

static int by_excerpt_len(const void *a, const void *b)
{
    apr_size_t la = strlen((*(const lw_find_t *const *)a)->excerpt);
    apr_size_t lb = strlen((*(const lw_find_t *const *)b)->excerpt);

    return la < lb ? -1 : la > lb;
}

/* Would the generic condition of cat match benign traffic we can check
 * here? (libinjection's are checked in mod_security2 by the tests.) */
static int generic_benign(const lw_benign_t *b, int cat)
{
    return b != NULL && cat == LW_CAT_LFI
           && (lw_benign_has(b, LW_BENIGN_URI, NULL, "../")
               || lw_benign_has(b, LW_BENIGN_URI, NULL, "..\\")
               || lw_benign_has(b, LW_BENIGN_URI, NULL, "/proc/self/")
               || lw_benign_has(b, LW_BENIGN_URI, NULL, "/etc/passwd"));
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
    return lw_suggest_secrules_checked(p, s, id_base, NULL, NULL, skipped);
}

static void note(apr_array_header_t *skipped, const char *text)
{
    if (skipped)
        PUSH(skipped, text);
}

apr_array_header_t *lw_suggest_secrules_checked(apr_pool_t *p,
                                                const lw_summary_t *s,
                                                apr_uint32_t id_base,
                                                const lw_benign_t *benign,
                                                int *dropped,
                                                apr_array_header_t *skipped)
{
    apr_array_header_t *out = apr_array_make(p, 16, sizeof(const char *));
    apr_array_header_t *tgts = lw_summary_targets(s, p);
    apr_uint32_t id = id_base;
    int i, j, c, k, ndropped = 0;

    if (dropped)
        *dropped = 0;
    for (i = 0; i < tgts->nelts; i++) {
        const lw_target_t *t = APR_ARRAY_IDX(tgts, i, const lw_target_t *);
        apr_array_header_t *paths;
        if (!t->open_paths || !apr_hash_count(t->open_paths))
            continue;
        if (!lw_valid_hostname(t->vhost)) {
            note(skipped, apr_psprintf(p, "no rule for vhost %s: not a "
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
            const apr_array_header_t *finds =
                t->open_path_finds ? apr_hash_get(t->open_path_finds,
                                                  cnt->key,
                                                  APR_HASH_KEY_STRING)
                                   : NULL;
            apr_uint32_t mask = maskp ? *maskp : 0;
            apr_array_header_t *conds = apr_array_make(p, 4,
                                                       sizeof(const char *));
            apr_array_header_t *msgs = apr_array_make(p, 4,
                                                      sizeof(const char *));
            apr_array_header_t *kept = apr_array_make(p, 8,
                                                      sizeof(const char *));
            const char *path;
            int path_only;
            if (strcmp(cnt->key, LW_SUM_OTHER) == 0)
                continue;
            if (monitoring_path(cnt->key)) {
                note(skipped, apr_psprintf(p, "no rule for %s %s: a "
                                           "monitoring page", t->vhost,
                                           lw_esc_text(p, cnt->key)));
                continue;
            }
            path = cnt->key[0] == '/' ? lw_esc_secrule(p, cnt->key) : NULL;
            if (path == NULL) {
                note(skipped, apr_psprintf(p, "no rule for %s %s: the path "
                                           "cannot be made safe", t->vhost,
                                           lw_esc_text(p, cnt->key)));
                continue;
            }
            /* A probe for a sensitive file: the path itself is the attack,
             * so the rule is the path alone, unless benign traffic asks
             * for that path. Injections: one rule per recorded field and
             * excerpt (or the kind's generic test), so the page keeps
             * working. Tools and protocol oddities alone make no rule:
             * block their sources instead (--firewall). */
            path_only = (mask & (1u << LW_CAT_PROBE)) != 0;
            if (path_only && benign
                && lw_benign_has(benign, LW_BENIGN_PATH, NULL, cnt->key)) {
                ndropped++;
                path_only = 0;
            }
            for (c = 0; c < LW_CAT__COUNT; c++) {
                apr_array_header_t *own_finds = apr_array_make(
                    p, 4, sizeof(const lw_find_t *));
                int own = 0;

                if (!(mask & (1u << c)) || c == LW_CAT_PROBE
                    || c == LW_CAT_TOOL || c == LW_CAT_SCANNER
                    || c == LW_CAT_PROTOCOL)
                    continue;
                /* shortest excerpts first: a longer one holding a kept
                 * one of the same variable adds nothing */
                for (k = 0; finds && k < finds->nelts; k++)
                    if (APR_ARRAY_IDX(finds, k, lw_find_t).category == c)
                        *(const lw_find_t **)apr_array_push(own_finds) =
                            &APR_ARRAY_IDX(finds, k, lw_find_t);
                qsort(own_finds->elts, (size_t)own_finds->nelts,
                      sizeof(const lw_find_t *), by_excerpt_len);
                for (k = 0; k < own_finds->nelts; k++) {
                    const lw_find_t *f = APR_ARRAY_IDX(own_finds, k,
                                                       const lw_find_t *);
                    lw_benign_kind_e kind;
                    const char *name, *needle = NULL, *cond, *var;
                    int d, dup = 0;

                    cond = find_condition(p, f, &kind, &name, &needle);
                    if (cond == NULL)
                        continue;
                    own = 1;
                    var = apr_pstrmemdup(p, cond, (apr_size_t)(
                                             strchr(cond, '"') - cond));
                    for (d = 0; d < kept->nelts && !dup; d += 2)
                        dup = !strcmp(APR_ARRAY_IDX(kept, d, const char *),
                                      var)
                              && strstr(needle, APR_ARRAY_IDX(kept, d + 1,
                                                              const char *));
                    if (dup)
                        continue;
                    if (benign && lw_benign_has(benign, kind, name, needle)) {
                        ndropped++;
                        continue;
                    }
                    PUSH(kept, var);
                    PUSH(kept, needle);
                    PUSH(conds, cond);
                    PUSH(msgs, apr_pstrcat(p, lw_category_name(c),
                                           " attacks", NULL));
                }
                if (own)
                    continue;
                if (cat_condition(c) == NULL) {
                    note(skipped, apr_psprintf(p, "no rule for %s %s: no "
                                               "distinctive %s pattern "
                                               "recorded; block the sources "
                                               "instead", t->vhost,
                                               lw_esc_text(p, cnt->key),
                                               lw_category_name(c)));
                    continue;
                }
                if (generic_benign(benign, c)) {
                    ndropped++;
                    continue;
                }
                PUSH(conds, cat_condition(c));
                PUSH(msgs, apr_pstrcat(p, lw_category_name(c), " attacks",
                                       NULL));
            }
            if (!path_only && conds->nelts == 0) {
                if (!(mask & ((1u << LW_CAT_SQLI) | (1u << LW_CAT_XSS)
                              | (1u << LW_CAT_LFI) | (1u << LW_CAT_RFI)
                              | (1u << LW_CAT_RCE) | (1u << LW_CAT_PROBE))))
                    note(skipped, apr_psprintf(p, "no rule for %s %s: only "
                                               "%s there; block the sources "
                                               "instead", t->vhost,
                                               lw_esc_text(p, cnt->key),
                                               cat_words(p, mask)));
                continue;
            }
            for (k = path_only ? -1 : 0; k < conds->nelts; k++) {
                const char *cond = k < 0 ? NULL
                                         : APR_ARRAY_IDX(conds, k, const char *);
                if (id > LW_SECRULE_ID_MAX) {
                    note(skipped, "more rules than the id range holds");
                    if (dropped)
                        *dropped = ndropped;
                    return out;
                }
                PUSH(out, apr_psprintf(p, "SecRule REQUEST_FILENAME \"@streq "
                                       "%s\" \"id:%u,phase:2,deny,status:403,"
                                       "log,t:none,msg:'logwatch: %s on this "
                                       "path',chain\"", path, id,
                                       k < 0 ? "probe of a sensitive file"
                                       : APR_ARRAY_IDX(msgs, k, const char *)));
                PUSH(out, apr_psprintf(p, "    SecRule SERVER_NAME \"@streq "
                                       "%s\" \"t:none%s\"", t->vhost,
                                       cond ? ",chain" : ""));
                if (cond)
                    PUSH(out, apr_pstrcat(p, "        ", cond, NULL));
                id++;
            }
        }
    }
    if (dropped)
        *dropped = ndropped;
    return out;
}
