"""Classes of benign text that look like an attack's pieces, against a real
httpd with the echo CGI application: a system or log file's clean absolute
path named after a word (a search for "what is /etc/passwd", a forum post's
"tail -f /var/log/nginx/error.log"), a password that holds "&$" (an
XML-RPC login), a Node module's require() named in a sentence. None is
recorded, in the query, a form, a JSON or an XML body; the attacks next to
each class (a traversal to the same file, the path alone as the value, a
PowerShell call on a variable, a require() that is used) still are, by the
same rule.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \\
      /usr/bin/python3 -m pytest -q test/integration/test_prose_paths.py
"""
import urllib.parse

import pytest

from test_body import FORM, JSON
from test_body import cgi  # noqa: F401 (the fixture: a server with the echo CGI)

XML = "text/xml"


@pytest.fixture
def mpm():
    # Where a field is read does not depend on the MPM: one is enough.
    return "event"


def q(v):
    return urllib.parse.quote(v, safe="")


def xmlrpc(password):
    esc = password.replace("&", "&amp;").replace("<", "&lt;")
    return ('<?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs'
            '</methodName><params><param><value><string>anna</string></value>'
            '</param><param><value><string>%s</string></value></param>'
            '</params></methodCall>' % esc).encode()


BENIGN_VALUES = [
    "what is /etc/passwd",
    "why is /etc/shadow readable by root only?",
    "tail -f /var/log/nginx/error.log",
    "where does nginx keep /var/log/nginx/access.log",
    'const { exec } = require("child_process") hangs on Windows',
    "require('child_process') is a core module",
]

BENIGN_XML_PASSWORDS = ["&$B%%<kmXDut(B_V", "&$Tq!9<wz(R"]

# (value, rule id, field kind) where the value goes into q= / a form's q
ATTACK_VALUES = [
    ("what is ../../../etc/passwd", 300200, "args"),
    ("../../../var/log/nginx/error.log", 300170, "args"),
    ("/var/log/apache2/access.log", 300170, "args"),
    ("require('child_process').exec('id')", 500250, "args"),
    ('const { exec } = require("child_process")', 500250, "args"),
]

# (password, rule id): a PowerShell call on a variable in an XML string
ATTACK_XML_PASSWORDS = [("x;$a='ie'+'x';&$a whoami", 500900),
                        ("x;&$c.Invoke()", 500900)]


def rule_fields(rec):
    return [(r["id"], r["field"]) for r in rec["rules"]]


def hit(rec, rid, kind):
    return any(i == rid and f.split(":", 1)[0] == kind
               for i, f in rule_fields(rec))


def test_benign_classes_not_recorded(cgi):
    for i, v in enumerate(BENIGN_VALUES):
        assert cgi.get("/index.html?benign=q%d&q=%s" % (i, q(v))) in (200, 404)
        st, _ = cgi.post("/cgi/echo?benign=f%d" % i, ("q=" + q(v)).encode(), FORM)
        assert st == 200
        st, _ = cgi.post("/cgi/echo?benign=j%d" % i,
                         ('{"filter": {"q": "%s"}}' % v.replace('"', '\\"')).encode(),
                         JSON)
        assert st == 200
    for i, pw in enumerate(BENIGN_XML_PASSWORDS):
        st, _ = cgi.post("/cgi/echo?benign=x%d" % i, xmlrpc(pw), XML)
        assert st == 200
    # the attack after them is the sign that the log has caught up
    assert cgi.get("/index.html?after=1&q=" + q("../../../etc/passwd")) in (200, 404)
    assert cgi.wait_for(lambda r: "after=1" in r["uri"]) is not None
    flagged = [(r["uri"], rule_fields(r)) for r in cgi.records()
               if "benign=" in r["uri"]]
    assert not flagged, flagged


def test_attacks_next_to_them_recorded(cgi):
    for i, (v, _, _) in enumerate(ATTACK_VALUES):
        assert cgi.get("/index.html?attack=q%d&q=%s" % (i, q(v))) in (200, 404)
        st, _ = cgi.post("/cgi/echo?attack=f%d" % i, ("q=" + q(v)).encode(), FORM)
        assert st == 200
    for i, (pw, _) in enumerate(ATTACK_XML_PASSWORDS):
        st, _ = cgi.post("/cgi/echo?attack=x%d" % i, xmlrpc(pw), XML)
        assert st == 200
    wrong = []
    for i, (v, rid, kind) in enumerate(ATTACK_VALUES):
        for tag, k in (("q", kind), ("f", "body")):
            rec = cgi.wait_for(lambda r, t="attack=%s%d" % (tag, i): r["uri"].endswith(t)
                               or t + "&" in r["uri"])
            if rec is None or not hit(rec, rid, k):
                wrong.append((tag, v, rec and rule_fields(rec)))
    for i, (pw, rid) in enumerate(ATTACK_XML_PASSWORDS):
        rec = cgi.wait_for(lambda r, t="attack=x%d" % i: r["uri"].endswith(t))
        if rec is None or not hit(rec, rid, "body"):
            wrong.append(("xml", pw, rec and rule_fields(rec)))
    assert not wrong, wrong
