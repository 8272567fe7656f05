/* Escaping per sink (lw_escape) and the suggestions built with it
 * (lw_suggest): exact outputs for hostile strings. */
#include <stdlib.h>
#include "lw_test.h"
#include "lw_escape.h"
#include "lw_suggest.h"

static lw_src_t *src(apr_pool_t *p, const char *ip, apr_uint64_t attacks)
{
    lw_src_t *s = apr_pcalloc(p, sizeof(*s));
    s->ip = ip;
    s->attacks = attacks;
    return s;
}

static int has(const apr_array_header_t *a, const char *needle)
{
    int i;
    for (i = 0; i < a->nelts; i++)
        if (strstr(APR_ARRAY_IDX(a, i, const char *), needle))
            return 1;
    return 0;
}

int main(void)
{
    LW_TEST_BEGIN(p);
    apr_array_header_t *srcs, *cmds, *skipped, *ign;
    lw_cidr_t c;

    /* text: control bytes, ESC, DEL and non-ASCII as \xHH; the rest kept */
    CHECK_STR(lw_esc_text(p, "plain text"), "plain text");
    CHECK_STR(lw_esc_text(p, "a\r\nb"), "a\\x0d\\x0ab");
    CHECK_STR(lw_esc_text(p, "\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
    CHECK_STR(lw_esc_text(p, "del\x7f \xc3\xa9"), "del\\x7f \\xc3\\xa9");
    CHECK_STR(lw_esc_text(p, "q\"b\\"), "q\"b\\");
    CHECK_STR(lw_esc_textn(p, "a\0b", 3), "a\\x00b");
    CHECK_STR(lw_esc_text(p, NULL), "-");

    /* HTML: the text escaping, then markup characters */
    CHECK_STR(lw_esc_html(p, "<script>alert('x')</script>&\""),
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#34;");
    CHECK_STR(lw_esc_html(p, "\x1b]0;title\x07"), "\\x1b]0;title\\x07");

    /* shell: one single-quoted word; control bytes refused */
    CHECK_STR(lw_esc_shell(p, "it's $(rm -rf /)"), "'it'\\''s $(rm -rf /)'");
    CHECK(lw_esc_shell(p, "a\nb") == NULL);

    /* mod_security: quote and backslash escaped, unsafe strings refused */
    CHECK_STR(lw_esc_secrule(p, "/a\"b\\c"), "/a\\\"b\\\\c");
    CHECK_STR(lw_esc_secrule(p, "/x' y"), "/x' y");
    CHECK(lw_esc_secrule(p, "/a\r\nSecRuleEngine Off") == NULL);
    CHECK(lw_esc_secrule(p, "/%{REQUEST_HEADERS.x}") == NULL);
    CHECK(lw_esc_secrule(p, "/\xc3\xa9") == NULL);
    CHECK(lw_esc_secrule(p, "") == NULL);
    CHECK_STR(lw_esc_secrule(p, "/100%"), "/100%");
    CHECK(lw_valid_hostname("www.example-1.com"));
    CHECK(!lw_valid_hostname("a.com\" \"phase:1"));
    CHECK(!lw_valid_hostname("-x.com"));
    CHECK(!lw_valid_hostname(""));

    /* firewall: only valid public addresses over the threshold, canonical */
    srcs = apr_array_make(p, 8, sizeof(lw_src_t *));
    APR_ARRAY_PUSH(srcs, lw_src_t *) = src(p, "174.121.218.75", 6);
    APR_ARRAY_PUSH(srcs, lw_src_t *) = src(p, "2001:4860:0:0:0:0:0:8888", 4);
    APR_ARRAY_PUSH(srcs, lw_src_t *) = src(p, "1.2.3.4; rm -rf /", 9);
    APR_ARRAY_PUSH(srcs, lw_src_t *) = src(p, "10.0.0.1", 9);
    APR_ARRAY_PUSH(srcs, lw_src_t *) = src(p, "::ffff:8.8.4.4", 5);
    APR_ARRAY_PUSH(srcs, lw_src_t *) = src(p, "198.51.100.7", 9);
    APR_ARRAY_PUSH(srcs, lw_src_t *) = src(p, "221.157.225.69", 2);
    APR_ARRAY_PUSH(srcs, lw_src_t *) = src(p, "5.6.7.8", 7);
    ign = apr_array_make(p, 2, sizeof(lw_cidr_t));
    CHECK(lw_cidr_parse("5.6.0.0/16", 10, &c));
    APR_ARRAY_PUSH(ign, lw_cidr_t) = c;

    skipped = apr_array_make(p, 4, sizeof(const char *));
    cmds = lw_suggest_firewall(p, srcs, LW_FW_NFTABLES, 3, ign, skipped);
    CHECK(cmds->nelts == 3);
    if (cmds->nelts == 3) {
        CHECK_STR(APR_ARRAY_IDX(cmds, 0, const char *),
                  "nft add rule inet filter input ip saddr 174.121.218.75 drop");
        CHECK_STR(APR_ARRAY_IDX(cmds, 1, const char *),
                  "nft add rule inet filter input ip saddr 8.8.4.4 drop");
        CHECK_STR(APR_ARRAY_IDX(cmds, 2, const char *),
                  "nft add rule inet filter input ip6 saddr 2001:4860::8888 drop");
    }
    CHECK(has(skipped, "not blocked: 1.2.3.4; rm -rf / (not a valid address)"));
    CHECK(has(skipped, "not blocked: 10.0.0.1 (private address)"));
    CHECK(has(skipped, "not blocked: 198.51.100.7 (documentation address)"));
    CHECK(has(skipped, "not blocked: 5.6.7.8 (in an ignored network)"));
    CHECK(!has(cmds, "221.157.225.69"));

    cmds = lw_suggest_firewall(p, srcs, LW_FW_IPTABLES, 3, NULL, NULL);
    CHECK(cmds->nelts == 4);
    CHECK(has(cmds, "iptables -I INPUT -s 174.121.218.75 -j DROP"));
    CHECK(has(cmds, "iptables -I INPUT -s 5.6.7.8 -j DROP"));
    CHECK(has(cmds, "ip6tables -I INPUT -s 2001:4860::8888 -j DROP"));

    cmds = lw_suggest_firewall(p, srcs, LW_FW_IPSET, 3, NULL, NULL);
    CHECK(has(cmds, "ipset create logwatch4 hash:ip family inet -exist"));
    CHECK(has(cmds, "ipset add logwatch4 174.121.218.75 -exist"));
    CHECK(has(cmds, "ipset add logwatch6 2001:4860::8888 -exist"));
    CHECK(has(cmds, "ip6tables -I INPUT -m set --match-set logwatch6 src -j DROP"));
    CHECK(!has(cmds, "rm -rf"));

    CHECK(lw_fw_kind_from_name("nftables") == LW_FW_NFTABLES);
    CHECK(lw_fw_kind_from_name("pf") == -1);
    LW_TEST_END();
}
