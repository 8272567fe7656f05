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


def test_sqli_detector_rules(httpd):
    for target in BENIGN:
        assert httpd.get(target) is not None
    for target, headers, _ in ATTACKS:
        assert httpd.get(target, headers=headers) is not None
    last = ATTACKS[-1][0]
    assert httpd.wait_for(lambda r: r["uri"] == last), "no record of " + last
    time.sleep(0.3)
    recs = [r for r in httpd.records() if lwhttpd.is_attack(r)]
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
