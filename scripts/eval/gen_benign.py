#!/usr/bin/python3
"""Realistic modern benign traffic, for false positives.

  gen_benign.py OUTDIR [-n REQUESTS] [--cookies N] [--bodies N] [--seed S]

Writes into OUTDIR (deterministic: a fixed seed, no clock, no network):
  requests.log  REQUESTS (default 20,000) access-log lines, LogFormat
                '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %{UNIQUE_ID}e'
                (combined plus the request id, as gen_requests.py writes)
  cookies.log   N (default REQUESTS/4) requests for a page with a Cookie
                header, LogFormat
                '%h %l %u %t "%r" %>s %b "%{Cookie}i" %{UNIQUE_ID}e'
  bodies.tsv    N (default REQUESTS/5) request bodies: id, class, method,
                target, content type, body (backslash-escaped, as esc())
  headers.tsv   N (default REQUESTS/4) sets of other request headers (a
                browser's navigation, XHR and API calls, proxies' and CDNs',
                tracing, webhooks' signatures, conditional requests): id,
                class, method, target, "Name: value" lines (escaped)
  index.tsv     every request: id, placement, class, value (escaped);
                placement one of target, referer, user_agent, cookie,
                header, form, json, multipart, xml; one row per placement a
                request carries (a log line has a target, a User-Agent and
                mostly a Referer). The class names the generator that made
                the value (wordpress, search-code, odata, cookie-consent..),
                so a false positive points at a kind of traffic.

What the requests are: what hosting customers' sites receive. WordPress,
WooCommerce, Drupal, Joomla, Magento, Nextcloud, phpBB and MediaWiki pages,
admin screens, AJAX and REST calls; site searches in many languages and with
code-looking text; tracking parameters; JWTs, base64 state, ASP.NET view
state; GraphQL, OData, Solr/Lucene, JSON:API, Strapi, PostgREST, LoopBack and
Ransack query strings; map tiles, WMS, CDN image transforms, front-end
build assets (webpack, Next.js, Vite, Nuxt); file names as people save them;
Referers from search engines and social sites; current browsers, in-app
browsers, crawlers, monitors, feed readers, sync clients and libraries.
Cookies: analytics, consent managers, CMS sessions, frameworks' signed
sessions. Bodies: logins, checkouts, comments with simple HTML, contact
forms with apostrophes, code and markdown, block-editor saves, GraphQL,
analytics beacons, CSP reports, WebDAV and XML-RPC, uploads' field and file
names. Nothing is copied from a payload list.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benign_bodies  # noqa: E402
import benign_headers  # noqa: E402
import benign_targets  # noqa: E402
from benign_common import Gen, esc, wire  # noqa: E402

SEED = 20261207
REQUESTS_FORMAT = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %{UNIQUE_ID}e'
COOKIES_FORMAT = '%h %l %u %t "%r" %>s %b "%{Cookie}i" %{UNIQUE_ID}e'


# the pages the cookie requests ask for (nothing to see in their target)
COOKIE_PAGES = ["/", "/%s/", "/shop/", "/product/%s/", "/blog/%s/", "/my-account/",
                "/cart/", "/wp-admin/", "/index.php/apps/files/", "/category/%s/"]


def logq(s):
    """A header as mod_log_config writes it between quotes."""
    return s.replace("\\", "\\\\").replace('"', '\\"')


def client(i):
    return "198.51.100.%d" % (i % 254 + 1) if i % 7 else "2001:db8::%x" % (i % 4000 + 1)


def stamp(i):
    # one request every 2 s from 06/Dec/2026 00:00:00 on
    s = i * 2
    return "[%02d/Dec/2026:%02d:%02d:%02d +0000]" % (6 + s // 86400, s // 3600 % 24, s // 60 % 60, s % 60)


def status(g, method, target):
    if method == "OPTIONS":
        return 204
    if method == "PROPFIND" or method == "REPORT":
        return 207
    r = g.r.random()
    return 200 if r < 0.8 else 304 if r < 0.9 else 301 if r < 0.94 else 302 if r < 0.97 else 404


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("-n", "--requests", type=int, default=20000)
    ap.add_argument("--cookies", type=int)
    ap.add_argument("--bodies", type=int)
    ap.add_argument("--headers", type=int)
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    ncookies = a.requests // 4 if a.cookies is None else a.cookies
    nbodies = a.requests // 5 if a.bodies is None else a.bodies
    nheaders = a.requests // 4 if a.headers is None else a.headers
    os.makedirs(a.outdir, exist_ok=True)
    # one random stream per file: the number of one kind leaves the others as they are
    gt, gc, gb, gh = Gen(a.seed), Gen(a.seed + 1), Gen(a.seed + 2), Gen(a.seed + 3)
    weighted = [(cls, f) for cls, w, f in benign_targets.TARGETS for _ in range(w)]
    idx = open(os.path.join(a.outdir, "index.tsv"), "w", encoding="utf-8")
    idx.write("id\tplacement\tclass\tvalue\n")
    with open(os.path.join(a.outdir, "requests.log"), "w", encoding="utf-8") as log:
        for i in range(a.requests):
            cls, f = gt.pick(weighted)
            method, target = f(gt)
            target = wire(target)
            ref = benign_headers.referer(gt, benign_targets.wordpress(gt)[1] if gt.chance(0.5) else target)
            if ref:
                ref = (ref[0], wire(ref[1]))
            uacls, ua = gt.ua()
            rid = "modern-req-%06d" % i
            log.write('%s - - %s "%s %s HTTP/%s" %d %d "%s" "%s" %s\n' % (
                client(i), stamp(i), method, target, gt.pick(["1.1", "1.1", "2.0"]),
                status(gt, method, target), gt.n(0, 90000), logq(ref[1]) if ref else "-",
                logq(ua), rid))
            idx.write("%s\ttarget\t%s\t%s\n" % (rid, cls, esc(method + " " + target)))
            if ref:
                idx.write("%s\treferer\t%s\t%s\n" % (rid, ref[0], esc(ref[1])))
            idx.write("%s\tuser_agent\t%s\t%s\n" % (rid, uacls, esc(ua)))
    with open(os.path.join(a.outdir, "cookies.log"), "w", encoding="utf-8") as log:
        for i in range(ncookies):
            cls, c = benign_headers.cookie(gc)
            # an ordinary page: what the record says is the cookie's
            target = gc.pick(COOKIE_PAGES).replace("%s", gc.slug())
            rid = "modern-cookie-%06d" % i
            log.write('%s - - %s "GET %s HTTP/1.1" 200 %d "%s" %s\n' % (
                client(i), stamp(i), target, gc.n(0, 90000), logq(c), rid))
            idx.write("%s\tcookie\t%s\t%s\n" % (rid, cls, esc(c)))
    with open(os.path.join(a.outdir, "bodies.tsv"), "w", encoding="utf-8") as bt:
        bt.write("id\tclass\tmethod\ttarget\tcontent_type\tbody\n")
        for i in range(nbodies):
            cls, method, target, ctype, body = benign_bodies.body(gb)
            rid = "modern-body-%06d" % i
            bt.write("\t".join([rid, cls, method, target, ctype, esc(body)]) + "\n")
            idx.write("%s\t%s\t%s\t%s\n" % (rid, benign_bodies.placement(ctype), cls, esc(body)))
    with open(os.path.join(a.outdir, "headers.tsv"), "w", encoding="utf-8") as ht:
        ht.write("id\tclass\tmethod\ttarget\theaders\n")
        for i in range(nheaders):
            cls, hs = benign_headers.other_headers(gh)
            method, target = ("POST", "/wp-json/wc/v3/webhooks/receive") if cls == "header-webhook" \
                else ("GET", gh.pick(COOKIE_PAGES).replace("%s", gh.slug()))
            rid = "modern-hdr-%06d" % i
            block = "\n".join("%s: %s" % kv for kv in hs)
            ht.write("\t".join([rid, cls, method, target, esc(block)]) + "\n")
            idx.write("%s\theader\t%s\t%s\n" % (rid, cls, esc(block)))
    idx.close()
    print("gen_benign: %d requests, %d cookie headers, %d bodies, %d header sets in %s"
          % (a.requests, ncookies, nbodies, nheaders, a.outdir), file=sys.stderr)


if __name__ == "__main__":
    main()
