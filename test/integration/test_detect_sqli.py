"""The sqli detector's rules (100900, 100910) in a real httpd with the
shipped signatures: SQL in a parameter value, a parameter name, a cookie
and the User-Agent is recorded with the detector's reason; values with
apostrophes and SQL words that are not SQL are not.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_detect_sqli.py
"""
import time

import lwhttpd

# (path, headers, rule): each path is its own, so its record is found
ATTACKS = [
    ("/sq/value?id=7+or+2%3E1", [], 100900),
    ("/sq/name?benchmark(=1", [], 100900),
    ("/sq/quote?name=x%27%20or%20%275%27=%275", [], 100900),
    ("/sq/cast?id=%27||unistr(%27%5C0041%27)::int||%27", [], 100900),
    ("/sq/cookie", [("Cookie", "sid=1;pref=1) or true --")], 100900),
    ("/sq/catalog?table=information_schema.tables", [], 100900),
    ("/sq/info?v=cast(version()+as+int)", [], 100900),
    ("/sq/dotcmd?id=1;.shell+id", [], 100900),
    # a keyword spelled across joined literals; a no-break space as blank
    ("/sq/joined?id=1;exec(%27sel%27%2B%27ect%201%27)", [], 100900),
    ("/sq/nbsp?id=1%a0union%a0select%a0user()", [], 100900),
    # a time function alone, or with SQL after it
    ("/sq/sleep?id=sleep(5)", [], 100900),
    ("/sq/sleepin?id=sleep(5)+in+(1)", [], 100900),
    ("/sq/agent", [("User-Agent",
                    "Mozilla/5.0' and 1=convert(int,@@version)--")], 100910),
]

BENIGN = [
    "/sq/benign?name=O%27Brien&q=it%27s+5+o%27clock",
    "/sq/benign?q=please+select+one+from+the+menu&sort=order+by+date",
    "/sq/benign?q=rock+%27n%27+roll+or+jazz&x=(a%2Bb)*2",
    "/sq/benign?q=x+%3E+5+and+y+%3C+3",
    "/sq/benign?q=what+does+%40%40version+return&v=user()+docs",
    "/sq/benign?f=master.zip&m=sys.path",
    "/sq/benign?q=%27Hello+%27+%2B+%27World%27&t=union+station",
    # a question about a time function: prose after the call
    "/sq/benign?q=sleep(1000)+in+python",
    "/sq/benign?q=benchmark(1)+vs+timeit",
]


def replay(httpd, benign, attacks):
    """Send the benign targets, then the attacks ((target, headers, ...));
    the attack records once the last attack's is in."""
    for target in benign:
        assert httpd.get(target) is not None
    for target, headers, *_ in attacks:
        assert httpd.get(target, headers=headers) is not None
    last = attacks[-1][0]
    assert httpd.wait_for(lambda r: r["uri"] == last), "no record of " + last
    time.sleep(0.3)
    return [r for r in httpd.records() if lwhttpd.is_attack(r)]


def test_sqli_detector_rules(httpd):
    recs = replay(httpd, BENIGN, ATTACKS)
    by_uri = {r["uri"]: r for r in recs}
    for target, _, rule in ATTACKS:
        rec = by_uri.get(target)
        assert rec is not None, "not recorded: " + target
        hits = [x for x in rec["rules"] if x["id"] == rule]
        assert hits, "%s: rule %d missing in %s" % (
            target, rule, [x["id"] for x in rec["rules"]])
        assert hits[0]["detail"].startswith("sql:"), hits[0]
        assert "sqli" in rec["categories"]
    flagged = [r["uri"] for r in recs if r["uri"].startswith("/sq/benign")]
    assert flagged == [], "benign requests flagged: %s" % flagged


# What a scanner sends before any SQL: a run of unbalanced quotes and
# parentheses (rule 100330) to read the database's error, and '<' with both
# quotes and '>' (rule 200300) to see which markup bytes come back. Their
# look-alikes in text have letters or blanks between the quotes.
PROBES = [
    ("/pr/tail?id=12%22)(%27.,)(", [], 100330, "sqli"),
    ("/pr/value?name=bob.)%27%22((,)", [], 100330, "sqli"),
    ("/pr/agent", [("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) "
                    "Firefox/121.0)).%27,(%22)")], 100330, "sqli"),
    ("/pr/markup?q=shoes%22%3C%22%27%3Ered", [], 200300, "xss"),
    ("/pr/referer", [("Referer", "http://shop.example/?q=a%27%3C%27%22%3Eb")],
     200300, "xss"),
]

PROBE_BENIGN = [
    "/pr/benign?q=she+said+%22don%27t+(ever).%22",
    "/pr/benign?q=%22%27%27%22&x=f(%22(%27)%22)",
    "/pr/benign?q=a%3C%22%3E+and+b%3C%27%3E",
    "/pr/benign?q=if+a%3C%27b%27+then+%27%3E%27",
]


def test_error_and_markup_probes(httpd):
    recs = replay(httpd, PROBE_BENIGN, PROBES)
    by_uri = {r["uri"]: r for r in recs}
    for target, _, rule, cat in PROBES:
        rec = by_uri.get(target)
        assert rec is not None, "not recorded: " + target
        assert rule in [x["id"] for x in rec["rules"]], (target, rec["rules"])
        assert cat in rec["categories"], rec
    flagged = [r["uri"] for r in recs if r["uri"].startswith("/pr/benign")]
    assert flagged == [], "benign requests flagged: %s" % flagged
