"""Response splitting against a real httpd: a line break in every encoding
an attacker uses (%0d%0a, a CR or LF alone, encoded again, its digits
encoded apart, IIS's %u000a, UTF-8 characters whose code point's low byte
is CR or LF, an overlong line feed, the \\r\\n escapes in a redirect
target) followed by a response header in the shape of its value, a status
line or markup, in a parameter, in the path and in the Referer, is
recorded as rule 800120; text fields with a second line ("Location:
Berlin"), percent signs, and Czech, Maltese and Chinese text whose UTF-8
bytes end in 8A/8D are not recorded at all."""
import time

import header_blocks
import lwhttpd

import pytest


@pytest.fixture
def mpm():
    # Which bytes are read does not depend on the MPM: one is enough.
    return "event"


# (request-target, the field 800120 is hit in)
ATTACKS = [
    "/redirect.php?url=%0d%0aSet-Cookie:%20sessionid=attacker",
    "/go?next=%0aSet-Cookie:admin=true",
    "/go?next=%0dLocation:%20//evil.example/",
    "/index.php?locale=de%0d%0aContent-Length:%2035",
    "/page?id=2%0d%0aCache-Control:%20public,max-age=31536000",
    "/page?id=2%0d%0aX-Frame-Options:%20ALLOWALL",
    "/page?id=1%0d%0aX-XSS-Protection:0",
    "/redirect?url=%250d%250aSet-Cookie:%2520x=1",
    "/r?u=%25%30%64%25%30%61Set-Cookie:x=1",
    "/%%0a0aSet-Cookie:poisoned=1",
    "/redirect?url=%u000d%u000aSet-Cookie:x=1",
    "/%E5%98%8A%E5%98%8DSet-Cookie:crlf=injection",
    "/api/redirect?to=%C4%8A%C4%8DSet-Cookie:a=1",
    "/r?next=%c0%8aLocation:https://evil.example/",
    "/%23%0d%0aSet-Cookie:x=1",
    "/r?url=%0d%0a%09Location:%20http://evil.example/",
    "/redirect?url=/home\\r\\nSet-Cookie:%20a=b",
    "/login?next=%5cr%5cnSet-Cookie:sid=1",
    "/redirect?url=\\x0d\\x0aLocation:%20http://evil.example/",
    "/r?url=%0d%0aX-Accel-Redirect:%20/internal/secret",
    "/continue?dest=/x%0d%0aX-Debug:%20on",
    "/static/%0d%0aX-Injected-Header:%20yes",
    "/%0d%0a%0d%0a%3Ch1%3Edefaced%3C/h1%3E",
    "/p?cb=x%0d%0aHTTP/1.0%20302%20Found",
]

BENIGN = [
    "/jobs/post?desc=Senior+engineer%0d%0aLocation:+Berlin%0d%0aSalary:+negotiable",
    "/support?msg=Order+4711%0d%0aStatus:+not+delivered%0d%0aPlease+help",
    "/event?notes=Agenda:%0d%0a1.+Welcome%0d%0aLocation:+room+4",
    "/contact.php?message=Hello%0d%0aI+would+like+a+quote.%0d%0aThanks",
    "/hledat?q=%C4%8Desk%C3%A1+republika",
    "/wiki/%C4%8Cesko:Port%C3%A1l",
    "/mt/search?q=%C4%8Aittadella+G%C4%8Bawdex",
    "/zh/search?q=%E5%98%88%E6%9D%82%E7%9A%84%E5%A3%B0%E9%9F%B3",
    "/search?q=python+replace+\\r\\n+with+space",
    "/search?q=set-cookie+header+example",
    "/stats?growth=12%25+vs+10%25",
    "/redirect?url=/account%23settings",
    "/mail/compose?body=Hi+Anna,%0d%0a%0d%0asee+you+at+9.%0d%0a%0d%0aTom",
]


def send(h, target, headers=()):
    return h.request("GET %s HTTP/1.1" % target,
                     [("Host", "localhost"),
                      ("User-Agent", header_blocks.CHROME_UA)] + list(headers))


def test_response_splitting_in_every_encoding(httpd_factory):
    h = httpd_factory()
    for t in BENIGN:
        send(h, t)
    for t in ATTACKS:
        send(h, t)
    # a Referer that carries the break: the page it names redirects too
    send(h, "/ref", [("Referer", "https://www.example.com/r?url=%0d%0a"
                      "Set-Cookie:%20sid=evil")])
    send(h, "/ref-benign", [("Referer", "https://www.example.com/jobs?desc="
                             "Engineer%0d%0aLocation:+Berlin")])
    h.wait_records(len(ATTACKS) + 1, pred=lwhttpd.is_attack)
    time.sleep(0.3)
    recs = [r for r in h.records() if lwhttpd.is_attack(r)]
    # the record writes a backslash of the request escaped, as httpd logs it
    assert [r["uri"].replace("\\\\", "\\") for r in recs] \
        == ATTACKS + ["/ref"], \
        [(r["uri"], [x["id"] for x in r["rules"]]) for r in recs]
    for rec in recs:
        lwhttpd.check_record(rec)
        hits = [x for x in rec["rules"] if x["id"] == 800120]
        assert hits, (rec["uri"], rec["rules"])
        assert "protocol" in rec["categories"], rec
    assert [x["field"] for x in recs[-1]["rules"] if x["id"] == 800120] \
        == ["referer"], recs[-1]["rules"]
