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
