"""Evasions found by scripts/eval/evade.py, on the live module: a JSON or
XML body sent as text/plain (what a cross-site form or fetch may send
without a preflight, and what an application reading its raw input parses
all the same) is inspected as JSON or XML; text/plain prose is not a body
of fields.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_evade.py
"""
import json

import pytest

from test_body import record_for, with_cgi

UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
      "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")


@pytest.fixture
def cgi1(httpd_factory):
    """One server (the first MPM) with the echo CGI application."""
    h = httpd_factory(start=False)
    with_cgi(h)
    return h.start()


def test_text_plain_json_and_xml_bodies(cgi1):
    h = cgi1
    body = json.dumps({"user": {"name": "x' union select password from "
                                        "users--"}}).encode()
    st, _ = h.post("/cgi/echo?m=tpjson", body, "text/plain;charset=UTF-8",
                   headers=[("User-Agent", UA)])
    assert st == 200
    rec = record_for(h, "m=tpjson")
    assert rec is not None, "text/plain JSON attack not recorded"
    assert "sqli" in rec["categories"]
    assert any(r["field"] == "body:json:$.user.name" for r in rec["rules"])
    st, _ = h.post("/cgi/echo?m=tpxml", b"<r><q>&lt;script&gt;alert(1)"
                   b"&lt;/script&gt;</q></r>", "text/plain",
                   headers=[("User-Agent", UA)])
    rec = record_for(h, "m=tpxml")
    assert rec is not None and "xss" in rec["categories"]
    # prose sent as text/plain, then a marker request: no record between
    st, _ = h.post("/cgi/echo?m=tpprose", b"Meeting notes: {agenda} <b>bold"
                   b"</b> and 'quotes', see you at 5", "text/plain",
                   headers=[("User-Agent", UA)])
    assert st == 200
    h.get("/index.html?m=marker&id=1%27+union+select+1--", user_agent=UA)
    assert record_for(h, "m=marker") is not None
    assert not [r for r in h.records() if "m=tpprose" in r["uri"]]


def _records_with(h, marker):
    return [r for r in h.records() if marker in r["uri"]]


def test_body_past_the_capture_is_not_clean(cgi1):
    """An attack pushed past LogWatchInspectBody (128k by default) by
    padding the body before it is never read: the request gets the
    evasion signal (800000), as a field cut at LogWatchMaxInspect does,
    whatever the body's kind. A body within the capture is not flagged
    for its length, nor is an upload longer than the capture whose cut
    falls in the file's contents (never inspected)."""
    h = cgi1
    attack = b"1%27+union+select+password+from+users--+"
    pad = b"a" * (140 * 1024)
    bodies = [
        ("pastform", "application/x-www-form-urlencoded",
         b"note=" + pad + b"&q=" + attack),
        ("pastlong", "application/x-www-form-urlencoded",
         b"q=" + pad + b"+" + attack),
        ("pastjson", "application/json",
         b'{"note": "' + pad + b'", "q": "1\' union select 1--"}'),
        ("pasttext", "text/plain", pad + b" 1' union select 1-- "),
    ]
    for marker, ctype, body in bodies:
        st, _ = h.post("/cgi/echo?t=" + marker, body, ctype,
                       headers=[("User-Agent", UA)])
        assert st == 200
        rec = record_for(h, "t=" + marker)
        assert rec is not None, "%s: the attack past the capture was clean" \
            % marker
        ev = [r for r in rec["rules"] if r["id"] == 800000]
        assert ev and "LogWatchInspectBody" in ev[0].get("detail", ""), rec
    # benign: a long form within a larger capture, an upload of a long file
    bnd = "lwEvadeBnd"
    up = ("--%s\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
          "Holiday\r\n--%s\r\nContent-Disposition: form-data; name=\"up\"; "
          "filename=\"photo.txt\"\r\nContent-Type: text/plain\r\n\r\n"
          % (bnd, bnd)).encode() + b"x" * (200 * 1024) \
        + ("\r\n--%s--\r\n" % bnd).encode()
    st, _ = h.post("/cgi/echo?t=bigupload", up,
                   "multipart/form-data; boundary=" + bnd,
                   headers=[("User-Agent", UA)])
    assert st == 200
    st, _ = h.post("/cgi/echo?t=shortform", b"note=" + b"a" * 100000
                   + b"&n=1", "application/x-www-form-urlencoded",
                   headers=[("User-Agent", UA)])
    assert st == 200
    h.get("/index.html?m=marker2&id=1%27+union+select+1--", user_agent=UA)
    assert record_for(h, "m=marker2") is not None
    assert not _records_with(h, "t=bigupload")
    assert not _records_with(h, "t=shortform")


# (marker, query after "?m=MARKER&"): attacks that a rule or detector
# flags sent plainly, and each in a form that was clean before the engine
# read it: one more encoding layer than the attack needs (its raw rule now
# reads the value's decoding stages), a ';' part of another parameter
# (read by every rule), tabs for spaces (the detectors' gates).
QUERY_EVASIONS = [
    ("pctu", "id=" + "".join("%%u%04x" % ord(c)
                             for c in "http://evil.example.com/a.txt%00")),
    ("nulbtw", "id=" + "".join("%%%02X%%00" % ord(c)
                               for c in "\\\\198.51.100.9\\share\\x.php")),
    ("dbl", "id=%255C%255C198.51.100.9%255Cshare%255Cx.php"),
    ("ent", "id=x%26%23x40%3Bexample%26%23x2e%3Bcom%26%23x25%3B0ATo"
            "%26%23x3a%3B%26%23x25%3B20other%26%23x40%3Bexample.org"),
    ("semi", "a=1;id=.htaccess"),
    ("semi2", "a=1;id=sleep%2010"),
    ("tab", "id=powershell%09whoami"),
    ("tab2", "id=nc%09-lvp%094444"),
]
QUERY_BENIGN = [
    ("bsemi", "q=hello;world&style=color:red;font-size:12px"),
    ("btab", "q=name%09-%09O%27Brien%09score%091"),
    ("bdbl", "u=https%253A%252F%252Fexample.com%252Fa%253Fb%253Dc"),
    ("bent", "q=Fish+%26amp%3B+Chips%2C+caf%26%23xe9%3B"),
]


def test_query_evasions_live(cgi1):
    """The query-side evasions on the live module: each is recorded;
    benign look-alikes (';' lists, a pasted table row with tabs, a
    redirect URL encoded twice, entities in text) are not."""
    h = cgi1
    for marker, q in QUERY_EVASIONS + QUERY_BENIGN:
        h.get("/index.html?m=%s&%s" % (marker, q), user_agent=UA)
    h.get("/index.html?m=marker3&id=1%27+union+select+1--", user_agent=UA)
    assert record_for(h, "m=marker3") is not None
    for marker, _ in QUERY_EVASIONS:
        assert _records_with(h, "m=%s&" % marker), "%s: clean" % marker
    for marker, _ in QUERY_BENIGN:
        assert not _records_with(h, "m=%s&" % marker), "%s: flagged" % marker


def test_repeated_names_and_names_live(cgi1):
    """A payload split across a name given twice (ASP.NET and Express join
    the values with ','; other code without a separator), in a query and
    in a form body, and a payload as a parameter's name, are recorded;
    queries and forms that repeat names for lists are not."""
    h = cgi1
    form = "application/x-www-form-urlencoded"
    h.get("/index.php?m=dupq&id=1+union&id=select+pass+from+users--",
          user_agent=UA)
    h.get("/index.php?m=dupq2&id=%3Bi&id=d%3B", user_agent=UA)
    st, _ = h.post("/cgi/echo?m=dupf", b"q=%3Bi&x=1&q=d%3B", form,
                   headers=[("User-Agent", UA)])
    assert st == 200
    h.get("/index.php?m=inname&%3Cscript%3Ealert(1)%3C%2Fscript%3E=1",
          user_agent=UA)
    h.get("/index.php?m=bdupq&color=red&color=blue&tag=select&tag=union",
          user_agent=UA)
    st, _ = h.post("/cgi/echo?m=bdupf", b"ids=1&ids=2&ids=3&note=see+you"
                   b"&note=at+5", form, headers=[("User-Agent", UA)])
    assert st == 200
    h.get("/index.html?m=marker4&id=1%27+union+select+1--", user_agent=UA)
    assert record_for(h, "m=marker4") is not None
    for marker in ("dupq", "dupq2", "dupf", "inname"):
        assert _records_with(h, "m=%s&" % marker) \
            or _records_with(h, "m=%s" % marker), "%s: clean" % marker
    for marker in ("bdupq", "bdupf"):
        assert not _records_with(h, "m=%s" % marker), "%s: flagged" % marker
