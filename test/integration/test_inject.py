"""The injection classes of 55-inject.rules where logwatch-scan cannot look:
request bodies (a NoSQL operator as a JSON key, a line break before Bcc in
a form, JSON or multipart field, an IMAP command after a break, a template
payload in a form) and request headers (response splitting, a template
probe, a server-side include, an expression-language call), against a real
httpd with the echo CGI application. A saved theme template, a
MongoDB-style filter nested under a field and a message body quoting a
forwarded e-mail header block are not flagged.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \\
      /usr/bin/python3 -m pytest -q test/integration/test_inject.py
"""
import json
import urllib.parse

import pytest

import lwhttpd
from test_body import FORM, JSON, MP, multipart, post_attack
from test_body import cgi  # noqa: F401 (the fixture: a server with the echo CGI)


@pytest.fixture
def mpm():
    # Where a field is read does not depend on the MPM: one is enough.
    return "event"


# (marker, content type, body, rule id, field)
BODY_ATTACKS = [
    ("jsonne", JSON, b'{"username": "admin", "password": {"$ne": null}}',
     550300, "body_names:json:$.password.$ne"),
    ("jsonesc", JSON, b'{"login": "admin", "pass": {"\\u0024gt": ""}}',
     550300, "body_names:json:$.pass.$gt"),
    ("jsonwhere", JSON, b'{"$where": "sleep(5000) || true"}',
     550300, "body_names:json:$.$where"),
    ("formop", FORM, b"user=admin&password%5B%24ne%5D=x",
     100320, "body_names:form:password[$ne]"),
    ("formbcc", FORM,
     b"email=victim%40example.com%0D%0ABcc%3A+list%40example.net&msg=hi",
     550500, "body:form:email"),
    ("jsonbcc", JSON,
     b'{"email": "a@example.com\\r\\nBcc: b@example.net", "msg": "hi"}',
     550500, "body:json:$.email"),
    ("mpbcc", MP, multipart([(b"subject", b"Hello\r\nCc: c@example.net",
                              None)]),
     550500, "body:multipart:subject"),
    ("jsonimap", JSON, b'{"mailbox": "INBOX\\r\\nA1 CAPABILITY", "n": 1}',
     550510, "body:json:$.mailbox"),
    ("formtpl", FORM,
     b"tpl=%7B%7B+lipsum.__globals__.os.popen%28%27id%27%29.read%28%29+%7D%7D",
     500180, "body:form:tpl"),
    ("formssi", FORM, b"c=%3C%21--%23exec+cmd%3D%22id%22--%3E",
     500200, "body:form:c"),
]


@pytest.mark.parametrize("marker,ctype,body,rid,field", BODY_ATTACKS,
                         ids=[a[0] for a in BODY_ATTACKS])
def test_body_injection_recorded(cgi, marker, ctype, body, rid, field):
    rec = post_attack(cgi, marker, ctype, body)
    hits = [(r["id"], r["field"]) for r in rec["rules"]]
    assert (rid, field) in hits, hits
    lwhttpd.check_record(rec)


def test_benign_templates_filters_and_messages(cgi):
    """What a theme editor, a filter API and a contact form send: none is
    flagged; an attack after them is."""
    benign = [
        (FORM, b"template=%7B%25+if+customer+%25%7DHello+%7B%7B+customer."
               b"first_name+%7D%7D%7B%25+endif+%25%7D%7B%25+include+%27"
               b"footer.html%27+%25%7D&theme=dawn"),
        (JSON, b'{"filter": {"price": {"$lt": 100}, "status": {"$in": '
               b'["open", "paid"]}}, "sort": {"created": -1}}'),
        (FORM, b"email=ann%40example.com&subject=Invoice&message=Hello%2C"
               b"%0D%0A%0D%0A-----Forwarded+message-----%0D%0AFrom%3A+Bob+"
               b"%3Cbob%40example.com%3E%0D%0ATo%3A+ann%40example.com%0D%0A"
               b"Cc%3A+carol%40example.com%0D%0A%0D%0ASee+below."),
        (JSON, b'{"body": "Line one\\nLine two\\n\\nRegards", '
               b'"title": "{{ page.title }} - {{ site.name }}"}'),
    ]
    for i, (ctype, body) in enumerate(benign):
        st, _ = cgi.post("/cgi/echo?benign=%d" % i, body, ctype)
        assert st == 200
    st, _ = cgi.post("/cgi/echo?after=1", BODY_ATTACKS[0][2], JSON)
    assert st == 200
    assert cgi.wait_for(lambda r: "after=1" in r["uri"]) is not None
    flagged = [r["uri"] for r in cgi.records() if "benign=" in r["uri"]]
    assert not flagged, flagged


# (header, value, rule id): standard headers too for rce and protocol rules
HEADER_ATTACKS = [
    ("X-Forwarded-Host", "x%0d%0aSet-Cookie:%20sid=evil", 800120),
    ("Referer", "http://203.0.113.5/?q={{7*7}}", 550100),
    ("X-Note", "<!--#exec cmd=\"id\"-->", 500200),
    ("Accept-Language", "${T(java.lang.Runtime).getRuntime().exec('id')}",
     500190),
    ("X-Template", "{{ ''.__class__.__mro__[1].__subclasses__() }}", 500180),
]


def test_header_injection_recorded(cgi):
    for i, (name, value, _) in enumerate(HEADER_ATTACKS):
        st = cgi.get("/index.html?h=%d" % i, headers=[(name, value)])
        assert st in (200, 404)
    for i, (name, value, rid) in enumerate(HEADER_ATTACKS):
        rec = cgi.wait_for(lambda r: "h=%d" % i in r["uri"])
        assert rec is not None, "no record for %s: %s" % (name, value)
        assert rid in [r["id"] for r in rec["rules"]], rec["rules"]


# The NoSQL, LDAP and XPath languages where an attacker puts them: a query
# value or name, a cookie, a form field, a JSON value, a header of the
# client's own. Each is caught by
# the language's syntax (an operator on a credential field, a statement
# after a closed string, a filter after more closing than opening
# parentheses, an extensible match or an OID, a filter cut by a NUL, an
# XPath axis, node test or predicate after a breakout, a blind extraction
# compared), not by a listed string. (marker, place, value, rule id,
# field prefix)
LANG_ATTACKS = [
    ("nsqcred", "qvalue", '{"username":"admin","password":{"$ne":"wrong"}}',
     100320, "args:"),
    ("nsqjsq", "qvalue", "'); return true; ('", 550315, "args:"),
    ("nsqck", "cvalue", "';return true;var x='", 550315, "cookie"),
    ("nsqckop", "cookie", "user[$ne]=x", 100320, "cookie"),
    ("nsqform", "form", "x';emit(this._id,this.password);'", 550315,
     "body:form:"),
    ("nsqjson", "json", "'; throw new Error(JSON.stringify(this)); '",
     550315, "body:json:"),
    ("ldqbal", "qvalue", "(uid=*))(|(uid=*", 100300, "args:"),
    ("ldqext", "qvalue", "*)(userAccountControl:1.2.840.113556.1.4.803:=2",
     100300, "args:"),
    ("ldqname", "qname", "admin*)\0", 100300, "arg_names"),
    ("ldform", "form", "x)(description;lang-en=*", 100300, "body:form:"),
    ("ldck", "cvalue", "jdoe))\0", 550320, "cookie"),
    ("ldjson", "json", "admin)(2.5.4.3=*)", 100300, "body:json:"),
    ("xpqaxis", "qvalue", "' or child::node() or '", 550420, "args:"),
    ("xpck", "cvalue", "' or @id='1' or '", 550420, "cookie"),
    ("xpform", "form", "'] or ['1'='1", 550420, "body:form:"),
    ("xpjson", "json", "1] | //user[1", 550420, "body:json:"),
    ("xpqext", "qvalue", "string-length(name(/*[1]))=5", 550410, "args:"),
    ("nsqhdr", "xhdr", '{"login": {"$gt": ""}}', 100320, "header:"),
    ("xphdr", "xhdr", "' or ancestor::* or '", 550420, "header:"),
    ("nsqtop", "qname", "$where", 100320, "query"),
    ("xpqroot", "qvalue", "name(/*[1])", 550410, "args:"),
]

# What looks like them and is not: JSON of ordinary APIs ($schema, $ref,
# $id, a filter on a date), a question quoting an operator, code with its
# own strings, names with parentheses, a DN and a whole LDAP filter, an
# XPath expression in a documentation search, prose with quotes and 'or'.
LANG_BENIGN = [
    ("qvalue", '{"created":{"$lt":"2024-01-01"}}'),
    ("json", '{"$schema": "https://json-schema.org/draft/2020-12/schema"}'),
    ("qvalue", "what does {$exists: true} do"),
    ("form", "console.log('done'); return true;"),
    ("cvalue", "John (Johnny) Smith"),
    ("form", "cn=Jane Doe,ou=Sales,dc=example,dc=org"),
    ("qvalue", "(&(objectClass=person)(|(sn=Smith)(sn=Jones)))"),
    ("qvalue", "//a[starts-with(@href,'https')] or //a[@rel='nofollow']"),
    ("qvalue", "count(//book[@lang='en'])"),
    ("cvalue", "Rock 'n' Roll or Jazz"),
    ("qvalue", "db.collection.find() returns a cursor"),
    ("json", "see section 3(a)(ii) or 4(b)"),
    ("xhdr", '{"$ref": "#/components/schemas/Pet"}'),
    ("xhdr", "//book[@lang='en']/title"),
    ("qname", "$limit"),
    ("qvalue", "string-length(normalize-space(//title))"),
]


def _q(v):
    return urllib.parse.quote(v, safe="")


XML = "text/xml; charset=utf-8"


def _send(h, marker, place, value):
    """Value in place of a request marked t=marker; returns the status."""
    target = "/cgi/echo?t=" + marker
    if place == "qvalue":
        return h.get(target + "&user=" + _q(value))
    if place == "qname":
        return h.get(target + "&" + _q(value) + "=1")
    if place == "path":
        return h.get("/api/items/" + _q(value) + "?t=" + marker)
    if place == "target":
        sep = "&" if "?" in value else "?"
        return h.get(value + sep + "t=" + marker)
    if place == "cvalue":
        return h.get(target, headers=[("Cookie", "lang=en; pref=" + _q(value))])
    if place == "cookie":
        return h.get(target, headers=[("Cookie", "lang=en; " + value)])
    if place == "xhdr":
        return h.get(target, headers=[("X-Api-Filter", value)])
    if place == "referer":
        return h.get(target, headers=[("Referer", value)])
    if place == "form":
        body = ("user=" + urllib.parse.quote_plus(value, safe="")
                + "&go=1").encode()
        return h.post(target, body, FORM)[0]
    if place == "mpvalue":
        body = multipart([(b"user", value.encode(), None), (b"go", b"1", None)])
        return h.post(target, body, MP)[0]
    if place == "xml":
        body = ("<?xml version=\"1.0\"?><req><user>%s</user><page>2</page>"
                "</req>" % value.replace("&", "&amp;").replace("<", "&lt;")
                ).encode()
        return h.post(target, body, XML)[0]
    body = json.dumps({"user": value, "page": 2}).encode()
    return h.post(target, body, JSON)[0]


def test_nosql_ldap_xpath_languages_recorded(cgi):
    for marker, place, value, _, _ in LANG_ATTACKS:
        assert _send(cgi, marker, place, value) in (200, 404)
    # A request after them that every version records: the log has been
    # written up to it.
    assert _send(cgi, "laafter", "qvalue", "'; return true; var x='") in (200, 404)
    assert cgi.wait_for(lambda r: "t=laafter" in r["uri"]) is not None
    recs = {r["uri"].split("t=")[1].split("&")[0]: r for r in cgi.records()
            if "t=" in r["uri"]}
    missed = []
    for marker, place, value, rid, field in LANG_ATTACKS:
        rec = recs.get(marker)
        hits = [(r["id"], r["field"]) for r in rec["rules"]] if rec else []
        if not any(i == rid and f.startswith(field) for i, f in hits):
            missed.append((place, value, rid, hits))
        if rec:
            lwhttpd.check_record(rec)
    assert not missed, missed


def test_nosql_ldap_xpath_lookalikes_not_recorded(cgi):
    for i, (place, value) in enumerate(LANG_BENIGN):
        assert _send(cgi, "lb%d" % i, place, value) in (200, 404)
    # An attack after them is recorded: the log has been written up to it.
    assert _send(cgi, "lbafter", "qvalue", "'; return true; var x='") in (200, 404)
    assert cgi.wait_for(lambda r: "t=lbafter" in r["uri"]) is not None
    flagged = [(r["uri"], [x["id"] for x in r["rules"]]) for r in cgi.records()
               if "t=lb" in r["uri"] and "t=lbafter" not in r["uri"]]
    assert not flagged, flagged
