/* lw_net: address and CIDR parsing, formatting, matching, classes. */
#include <stdlib.h>
#include "lw_test.h"
#include "lw_net.h"
#include <arpa/inet.h>

static const char *fmt(apr_pool_t *p, const char *in)
{
    lw_addr_t a;
    char *buf = apr_palloc(p, LW_ADDR_STRLEN);
    if (!lw_addr_parse(in, strlen(in), &a)) return "(invalid)";
    if (lw_addr_format(&a, buf, LW_ADDR_STRLEN) < 0) return "(overflow)";
    return buf;
}

static const char *cfmt(apr_pool_t *p, const char *in)
{
    lw_cidr_t c;
    char *buf = apr_palloc(p, LW_CIDR_STRLEN);
    if (!lw_cidr_parse(in, strlen(in), &c)) return "(invalid)";
    if (lw_cidr_format(&c, buf, LW_CIDR_STRLEN) < 0) return "(overflow)";
    return buf;
}

static int cls(const char *in)
{
    lw_addr_t a;
    if (!lw_addr_parse(in, strlen(in), &a)) return -1;
    return lw_addr_class(&a);
}

static int match(const char *net, const char *addr)
{
    lw_cidr_t c;
    lw_addr_t a;
    if (!lw_cidr_parse(net, strlen(net), &c)) return -1;
    if (!lw_addr_parse(addr, strlen(addr), &a)) return -1;
    return lw_cidr_match(&c, &a);
}

/* Mutations of valid addresses and random strings: lw_addr_parse must
 * accept exactly what inet_pton accepts, with the same bytes, and format
 * what inet_ntop formats (but for the deprecated ::a.b.c.d form). Returns
 * the number of disagreements. */
static int differential(int rounds)
{
    static const char alpha[] = "0123456789abcdefABCDEF:.:.::0001255 %/";
    static const char *const seeds[] = {
        "1.2.3.4", "::", "::1", "2001:db8::1", "::ffff:1.2.3.4",
        "1:2:3:4:5:6:7:8", "255.255.255.255", "fe80::1:2:3", "1::",
        "a:b:c:d:e:f:1.2.3.4", "0:0:0:0:0:0:0:0"
    };
    static const unsigned char zero[12];
    unsigned seed = 12345;
    int n, bad = 0;

    for (n = 0; n < rounds; n++) {
        char s[64], mine[LW_ADDR_STRLEN], theirs[INET6_ADDRSTRLEN];
        unsigned char b4[4], b6[16];
        int len, i, ok, v4, v6;
        lw_addr_t a;
#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)
        if (n % 2) {
            int muts = 1 + (int)(RND() % 3);
            strcpy(s, seeds[RND() % (sizeof(seeds) / sizeof(seeds[0]))]);
            len = (int)strlen(s);
            for (i = 0; i < muts; i++) {
                int op = (int)(RND() % 3), pos = (int)(RND() % (len + 1));
                char c = alpha[RND() % (sizeof(alpha) - 1)];
                if (op == 0 && len < 50) {
                    memmove(s + pos + 1, s + pos, (size_t)(len - pos + 1));
                    s[pos] = c;
                    len++;
                }
                else if (op == 1 && pos < len) {
                    memmove(s + pos, s + pos + 1, (size_t)(len - pos));
                    len--;
                }
                else if (pos < len) {
                    s[pos] = c;
                }
            }
        }
        else {
            len = (int)(RND() % 20);
            for (i = 0; i < len; i++) s[i] = alpha[RND() % (sizeof(alpha) - 1)];
            s[len] = '\0';
        }
#undef RND
        ok = lw_addr_parse(s, strlen(s), &a);
        v4 = inet_pton(AF_INET, s, b4) == 1;
        v6 = inet_pton(AF_INET6, s, b6) == 1;
        if (ok != (v4 || v6)
            || (ok && a.family == 4 && (!v4 || memcmp(a.b, b4, 4) != 0))
            || (ok && a.family == 6 && (!v6 || memcmp(a.b, b6, 16) != 0))) {
            if (bad++ < 5) fprintf(stderr, "differs from inet_pton: '%s'\n", s);
            continue;
        }
        if (ok && a.family == 6 && memcmp(a.b, zero, 12) != 0) {
            lw_addr_format(&a, mine, sizeof(mine));
            inet_ntop(AF_INET6, b6, theirs, sizeof(theirs));
            if (strcmp(mine, theirs) != 0 && bad++ < 5)
                fprintf(stderr, "format %s: %s, inet_ntop %s\n", s, mine,
                        theirs);
        }
    }
    return bad;
}

int main(void)
{
    static const char *const good[] = {
        "0.0.0.0", "174.121.218.75", "255.255.255.255", "::", "::1",
        "2001:db8::1", "fe80::1:2", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4",
        "1::", "a:b:c:d:e:f:1.2.3.4", "ABCD::EF01", "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8", NULL
    };
    static const char *const bad[] = {
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ",
        " 1.2.3.4", "1.2.3.-4", "1..2.3", "1.2.3.4/", "1:2:3:4:5:6:7:8:9",
        ":::", "1:::2", "1::2::3", ":1::2", "1::2:", "12345::", "fe80::1%eth0",
        "[::1]", "::ffff:1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "g::1",
        "1:2:3:4:5:6:7:8::", "1.2.3.4\r\nX: y", "localhost",
        "0x7f.0.0.1", "127.1", NULL
    };
    lw_addr_t a;
    lw_cidr_t list[2];
    char small[4];
    int i;
    LW_TEST_BEGIN(p);

    for (i = 0; good[i]; i++) {
        if (!lw_addr_valid(good[i])) fprintf(stderr, "rejected %s\n", good[i]);
        CHECK(lw_addr_valid(good[i]));
    }
    for (i = 0; bad[i]; i++) {
        if (lw_addr_valid(bad[i])) fprintf(stderr, "accepted %s\n", bad[i]);
        CHECK(!lw_addr_valid(bad[i]));
    }
    CHECK(!lw_addr_valid(NULL));
    /* length is honoured: a valid prefix of a longer buffer */
    CHECK(lw_addr_parse("10.0.0.1xyz", 8, &a) && a.family == 4);
    CHECK(!lw_addr_parse("10.0.0.1xyz", 9, &a));
    /* a NUL inside the given length is not an address */
    CHECK(!lw_addr_parse("1.2.3.4\0" "5", 9, &a));

    /* canonical text (RFC 5952) */
    CHECK_STR(fmt(p, "174.121.218.75"), "174.121.218.75");
    CHECK_STR(fmt(p, "2001:0DB8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
    CHECK_STR(fmt(p, "2001:db8:0:1:0:0:0:1"), "2001:db8:0:1::1");
    CHECK_STR(fmt(p, "2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
    CHECK_STR(fmt(p, "2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");
    CHECK_STR(fmt(p, "::"), "::");
    CHECK_STR(fmt(p, "::1"), "::1");
    CHECK_STR(fmt(p, "1::"), "1::");
    CHECK_STR(fmt(p, "::FFFF:10.0.0.1"), "::ffff:10.0.0.1");
    CHECK_STR(fmt(p, "1:2:3:4:5:6:7:8"), "1:2:3:4:5:6:7:8");
    CHECK(lw_addr_parse("::1", 3, &a));
    CHECK(lw_addr_format(&a, small, sizeof(small)) == 3);
    CHECK(lw_addr_parse("10.0.0.1", 8, &a));
    CHECK(lw_addr_format(&a, small, sizeof(small)) == -1 && small[0] == '\0');

    /* CIDR */
    CHECK_STR(cfmt(p, "10.1.2.3/8"), "10.0.0.0/8");
    CHECK_STR(cfmt(p, "174.121.218.75"), "174.121.218.75/32");
    CHECK_STR(cfmt(p, "2001:db8:ffff::1/33"), "2001:db8:8000::/33");
    CHECK_STR(cfmt(p, "0.0.0.0/0"), "0.0.0.0/0");
    CHECK_STR(cfmt(p, "::1"), "::1/128");
    CHECK_STR(cfmt(p, "1.2.3.4/33"), "(invalid)");
    CHECK_STR(cfmt(p, "::/129"), "(invalid)");
    CHECK_STR(cfmt(p, "1.2.3.4/"), "(invalid)");
    CHECK_STR(cfmt(p, "1.2.3.4/08"), "(invalid)");
    CHECK_STR(cfmt(p, "1.2.3.4/-1"), "(invalid)");
    CHECK_STR(cfmt(p, "1.2.3.4/8/8"), "(invalid)");
    CHECK(match("174.121.0.0/16", "174.121.218.75") == 1);
    CHECK(match("174.121.0.0/17", "174.121.218.75") == 0);
    CHECK(match("174.121.218.75", "174.121.218.75") == 1);
    CHECK(match("174.121.218.75", "174.121.218.74") == 0);
    CHECK(match("0.0.0.0/0", "8.8.8.8") == 1);
    CHECK(match("0.0.0.0/0", "2001:db8::1") == 0);
    CHECK(match("10.0.0.0/8", "::ffff:10.9.9.9") == 1);
    CHECK(match("2001:db8::/32", "2001:db8:1::5") == 1);
    CHECK(match("2001:db8::/32", "2001:db9::5") == 0);
    CHECK(match("::/0", "1.2.3.4") == 0);
    CHECK(match("192.168.0.0/23", "192.168.1.255") == 1);
    CHECK(match("192.168.0.0/23", "192.168.2.0") == 0);
    CHECK(lw_cidr_parse("10.0.0.0/8", 10, &list[0]));
    CHECK(lw_cidr_parse("fc00::/7", 8, &list[1]));
    CHECK(lw_addr_parse("fd00::5", 7, &a) && lw_cidr_match_any(list, 2, &a));
    CHECK(lw_addr_parse("11.0.0.1", 8, &a) && !lw_cidr_match_any(list, 2, &a));
    CHECK(!lw_cidr_match_any(NULL, 0, &a));

    /* classes */
    CHECK(cls("174.121.218.75") == LW_NET_PUBLIC);
    CHECK(cls("221.157.225.69") == LW_NET_PUBLIC);
    CHECK(cls("91.224.160.60") == LW_NET_PUBLIC);
    CHECK(cls("10.20.30.40") == LW_NET_PRIVATE);
    CHECK(cls("172.16.0.1") == LW_NET_PRIVATE);
    CHECK(cls("172.31.255.255") == LW_NET_PRIVATE);
    CHECK(cls("172.32.0.1") == LW_NET_PUBLIC);
    CHECK(cls("192.168.1.1") == LW_NET_PRIVATE);
    CHECK(cls("100.64.0.1") == LW_NET_PRIVATE);
    CHECK(cls("100.128.0.1") == LW_NET_PUBLIC);
    CHECK(cls("127.0.0.1") == LW_NET_LOOPBACK);
    CHECK(cls("0.1.2.3") == LW_NET_UNSPECIFIED);
    CHECK(cls("169.254.1.1") == LW_NET_LINKLOCAL);
    CHECK(cls("192.0.2.10") == LW_NET_DOCUMENTATION);
    CHECK(cls("198.51.100.1") == LW_NET_DOCUMENTATION);
    CHECK(cls("203.0.113.9") == LW_NET_DOCUMENTATION);
    CHECK(cls("198.19.0.1") == LW_NET_RESERVED);
    CHECK(cls("224.0.0.1") == LW_NET_MULTICAST);
    CHECK(cls("255.255.255.255") == LW_NET_RESERVED);
    CHECK(cls("::") == LW_NET_UNSPECIFIED);
    CHECK(cls("::1") == LW_NET_LOOPBACK);
    CHECK(cls("::ffff:192.168.0.1") == LW_NET_PRIVATE);
    CHECK(cls("::ffff:174.121.218.75") == LW_NET_PUBLIC);
    CHECK(cls("fe80::1") == LW_NET_LINKLOCAL);
    CHECK(cls("fd12:3456::1") == LW_NET_PRIVATE);
    CHECK(cls("2001:db8::1") == LW_NET_DOCUMENTATION);
    CHECK(cls("3fff:1::1") == LW_NET_DOCUMENTATION);
    CHECK(cls("2a00:1450:4001::1") == LW_NET_PUBLIC);
    CHECK(cls("2001:0:1::1") == LW_NET_RESERVED);
    CHECK(cls("ff02::1") == LW_NET_MULTICAST);
    CHECK(cls("100::1") == LW_NET_RESERVED);
    CHECK(cls("4000::1") == LW_NET_RESERVED);
    CHECK(lw_addr_parse("8.8.8.8", 7, &a) && lw_addr_is_public(&a));
    CHECK_STR(lw_net_class_name(LW_NET_LINKLOCAL), "link-local");
    CHECK(lw_net_class_name(LW_NET__COUNT) == NULL);
    CHECK(lw_net_class_name(-1) == NULL);

    CHECK(differential(300000) == 0);

    /* A client address as httpd may give it: with an IPv6 zone. */
    {
        lw_addr_t z, zb;
        lw_cidr_t src;
        char buf[LW_CIDR_STRLEN];
#define HOST(x, o) lw_addr_parse_host(x, strlen(x), o)
        CHECK(HOST("fe80::1%lo", &z) && HOST("fe80::1", &zb)
              && memcmp(&z, &zb, sizeof(z)) == 0);
        CHECK(HOST("fe80::1%eth0.100", &z) && HOST("fe80::1%1", &z));
        CHECK(HOST("203.0.113.5", &z) && z.family == 4);
        CHECK(!HOST("203.0.113.5%lo", &z));       /* no zone on IPv4 */
        CHECK(!HOST("fe80::1%", &z));
        CHECK(!HOST("fe80::1%lo%lo", &z));
        CHECK(!HOST("fe80::1%l o", &z));
        CHECK(!HOST("fe80::1%" "abcdefghijabcdefghijabcdefghijabc", &z));
        CHECK(!HOST("1.2.3.4:80", &z) && !HOST("[::1]", &z));
        CHECK(!HOST("%lo", &z));
#undef HOST
        /* The source each counts as. */
        lw_addr_parse("2001:db8:1:2:3:4:5:6", 20, &z);
        lw_addr_source(&z, 64, &src);
        CHECK(lw_cidr_format(&src, buf, sizeof(buf)) > 0);
        CHECK_STR(buf, "2001:db8:1:2::/64");
        lw_addr_source(&z, 128, &src);
        CHECK(src.prefix == 128 && memcmp(&src.addr, &z, sizeof(z)) == 0);
        lw_addr_parse("::ffff:198.51.100.7", 19, &z);
        lw_addr_source(&z, 64, &src);
        CHECK(src.prefix == 32 && lw_cidr_format(&src, buf, sizeof(buf)) > 0);
        CHECK_STR(buf, "198.51.100.7/32");
    }

    LW_TEST_END();
}
