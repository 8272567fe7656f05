"""Whole-value encodings the application decodes, on the live module:
attacks written as JavaScript/JSON escapes (\\u0027, \\u{3c}, \\x27) or in
base64 are found in the query, a cookie, a header, a form and a JSON body;
the record names the base64 field "(base64)" and shows the decoded text,
escaped. Look-alikes (a JWT, base64 image data, a session id, a hash,
escaped ordinary text) stay clean.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \\
      /usr/bin/python3 -m pytest -q test/integration/test_decode.py
"""
import base64
import json
import urllib.parse

import pytest

from test_body import record_for, with_cgi

UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
      "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")
FORM = "application/x-www-form-urlencoded"

ATTACKS = [
    # (marker, value as the application receives it, category)
    ("jsu", "\\u0027\\u0020or\\u00201=1--", "sqli"),
    ("jsx", "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e", "xss"),
    ("jsbrace", "\\u{3b} cat /etc/passwd", "rce"),
    ("b64", base64.b64encode(b"' union select password from users--").decode(),
     "sqli"),
    ("b64url", base64.urlsafe_b64encode(b"<svg/onload=alert(1)>").decode()
     .rstrip("="), "xss"),
    ("b64cmd", base64.b64encode(b"$(id)").decode(), "rce"),
]

BENIGN = [
    ("jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkw"
            "IiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeK"
            "KF2QT4fwpMeJf36POk6yJV_adQssw5c"),
    ("png", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
            "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
    ("sid", "XRQ4Gjp4MlY0e5/85pzXAHrop1jMpBXV"),
    ("md5", "d41d8cd98f00b204e9800998ecf8427e"),
    ("text", base64.b64encode(b"Jane O'Brien, Dublin").decode()),
    ("esc", "Jos\\u00e9 Garc\\u00eda \\u2014 it\\u0027s fine"),
]


@pytest.fixture
def cgi1(httpd_factory):
    """One server (the first MPM) with the echo CGI application."""
    h = httpd_factory(start=False)
    with_cgi(h)
    return h.start()


def q(v):
    return urllib.parse.quote(v, safe="")


def send(h, place, marker, v):
    """v in place; the target carries t=marker (and nothing else)."""
    target = "/cgi/echo?t=" + marker
    if place == "query":
        h.get(target + "&q=" + q(v), user_agent=UA)
    elif place == "cookie":
        h.get(target, user_agent=UA, headers=[("Cookie", "lang=en; pref=" + q(v))])
    elif place == "header":
        h.get(target, user_agent=UA, headers=[("X-Api-Note", v)])
    elif place == "form":
        st, _ = h.post(target, ("a=1&q=" + q(v)).encode(), FORM,
                       headers=[("User-Agent", UA)])
        assert st == 200
    else:
        st, _ = h.post(target, json.dumps({"user": {"q": v}}).encode(),
                       "application/json", headers=[("User-Agent", UA)])
        assert st == 200


PLACES = ["query", "cookie", "header", "form", "json"]


def test_encoded_attacks_everywhere(cgi1):
    h = cgi1
    for place in PLACES:
        for marker, v, cat in ATTACKS:
            send(h, place, "%s-%s" % (place, marker), v)
    for place in PLACES:
        for marker, v, cat in ATTACKS:
            rec = record_for(h, "t=%s-%s" % (place, marker))
            assert rec is not None, "%s in %s not recorded" % (marker, place)
            assert cat in rec["categories"], (marker, place, rec["rules"])
            if marker.startswith("b64"):
                fields = [r["field"] for r in rec["rules"]
                          if r["category"] == cat]
                assert any(f.endswith("(base64)") for f in fields), fields


def test_record_shows_decoded_text_escaped(cgi1):
    h = cgi1
    v = base64.b64encode(b"\"><script>alert(1)</script>").decode()
    h.get("/cgi/echo?t=rec&q=" + q(v), user_agent=UA)
    rec = record_for(h, "t=rec")
    assert rec is not None
    hits = [r for r in rec["rules"] if r["field"] == "args:q(base64)"]
    assert hits and any("<script" in r["excerpt"] for r in hits)
    # the line is JSON: the decoded quote is escaped there
    line = [x.decode("latin-1") for x in h.lines() if b"t=rec" in x][0]
    assert '\\"><' in line or '\\u0022><' in line


def test_look_alikes_stay_clean(cgi1):
    h = cgi1
    for place in PLACES:
        for marker, v in BENIGN:
            send(h, place, "ok-%s-%s" % (place, marker), v)
    # a marker attack last: every request before it has been logged then
    h.get("/cgi/echo?t=marker&id=1%27+union+select+1--", user_agent=UA)
    assert record_for(h, "t=marker") is not None
    flagged = [r["uri"] for r in h.records() if "t=ok-" in r["uri"]]
    assert flagged == []
