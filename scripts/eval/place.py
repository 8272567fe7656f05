#!/usr/bin/python3
"""The placement matrix: every attack class in every place an attacker
puts it, replayed to the live module.

  place.py --build BUILDDIR [--signatures DIR] [--corpus DIR] [-o OUTDIR]
           [--lfi-per-file N] [--sample N] [--jobs N] [--keep]

Attacks: the development sets written for the detectors
(test/eval/written/CLASS.txt; a file with "# [CATEGORY CLASS]"
sections, inject.txt and code.txt, is one class, its protocol sections
left out: CRLF, mail headers, session fixation and request splitting
only mean something in a parameter or a header, and their values are
written percent-encoded as on the wire) and, with no written lfi set,
the traversal and file-inclusion lines of PayloadsAllTheThings (patt:
N lines of each list at most, evenly spaced, the
lines test/eval/not-attacks.tsv leaves out dropped, placeholders filled
as gen_requests.py does; dotdotpwn's generated list left out). Never the
held-out sets (test/eval/blind*, fuzzdb, httpparams' attack rows).
Benign: the written look-alikes (test/eval/written/benign-CLASS.txt and
test/eval/benign-nearmiss.txt), in the same places.

Each value goes, encoded the way that place carries it, into each of
PLACES below (path segment, a segment's ';' parameter, a file name's
stem, a segment after a script, query name and value, cookie name and
value, a JSON document in a cookie, Referer (its query encoded and raw,
its path, its fragment, the whole Referer as no URL), User-Agent, a
header of the client's own, Basic credentials' user, a form field, a
multipart value and file name, a JSON key and value, nested, an XML
element's text and attribute) of an otherwise ordinary request, sent
from its own loopback address to a private httpd with mod_logwatch
(test/integration/lwhttpd.py, event MPM, the bodies to a CGI program
that reads them, as live_benign.py does). An attack counts as caught in a
place when its record holds a rule hit whose field is that place's
(PLACES' field prefixes); a benign value is a false positive when its
request is recorded at all.

Prints the class x place recall table, the benign sets' false positives
per place, and writes OUTDIR/place.misses.tsv and OUTDIR/place.fp.tsv
(class, place, value), OUTDIR/place.rules.tsv (the rules that caught each
class in each place, with counts) and OUTDIR/place.summary.json.
"""
import argparse
import base64
import collections
import json
import os
import re
import signal
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
WRITTEN = os.path.join(SRC, "test", "eval", "written")
sys.path.insert(0, HERE)

# Written classes that are whole requests or documents, not values to
# place (scanner marks, product probes and response splitting are
# request-targets, the last percent-encoded as on the wire; an XXE
# document only makes sense as an XML body, where test_body.py has it).
NOT_VALUES = {"scanner", "probe", "xxe", "crlf"}
# The class a written file's lines are measured as (its file name else).
CLASS_OF = {"shell": "rce"}
# Categories of the sections that are placed (inject.txt, code.txt); the
# protocol sections are not (see above).
SECTION_CATS = {"rce", "sqli", "lfi", "rfi", "xss"}

# Places where a class makes no sense, left blind on purpose (printed
# under the table; test_place.py leaves them out of its rows): SQL as a
# cookie's name; a file path as a cookie's name, in a Referer's query or
# as a User-Agent; a remote URL as a path segment (proxies and archives
# carry URLs there), a parameter, cookie or JSON key name, in a Referer or
# a User-Agent (URLs are their ordinary content); a template, LDAP filter
# or NoSQL operator in a Referer or a User-Agent.
BLIND = {
    "sqli": {"cname"},
    "xss": set(),
    "rce": set(),
    "lfi": {"cname", "referer", "refpath", "refraw", "reffrag", "refbare", "ua"},
    "rfi": {"path", "pmatrix", "pfile", "pinfo", "qname", "cname", "referer",
            "refpath", "refraw", "reffrag", "refbare", "ua", "auth", "jsonkey"},
    "inject": {"referer", "refpath", "refraw", "reffrag", "ua"},
    "nosqli": {"referer", "refpath", "ua"},
    "ldapi": {"referer", "refpath", "ua"},
    "xpathi": {"referer", "refpath", "ua"},
}

BODY_HOST = "domain1.com"       # lwhttpd's virtual host with the CGI sink
BOUNDARY = "----lwPlaceBoundary1f3a"
UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
      "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")


def b(s):
    return s.encode("utf-8", "surrogateescape")


# Cookie octets (RFC 6265) stay as they are; anything else, and '%' and
# '+' (which PHP and the module decode), is percent-encoded, as a client
# that wants the bytes to arrive has to.
_COOKIE_OK = set(range(0x21, 0x7f)) - set(b'",;\\%+')


def cookie_enc(v, name=False):
    out = bytearray()
    for c in b(v):
        if c in _COOKIE_OK and not (name and c == ord("=")):
            out.append(c)
        else:
            out += b"%%%02X" % c
    return bytes(out)


def header_enc(v):
    """A header value: every byte as sent except the ones a header cannot
    hold (control bytes but tab, DEL), percent-encoded."""
    out = bytearray()
    for c in b(v):
        if c < 0x20 and c != 9 or c == 0x7f:
            out += b"%%%02X" % c
        else:
            out.append(c)
    return bytes(out)


def q(v):
    return urllib.parse.quote(b(v), safe="").encode("ascii")


def xml_esc(v, attr=False):
    s = b(v).replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    if attr:
        s = s.replace(b'"', b"&quot;")
    # control bytes are not XML characters: written as references
    return re.sub(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]",
                  lambda m: b"&#%d;" % m.group(0)[0], s)


def json_str(v):
    return json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogateescape")


def multipart(name, value, filename=None):
    out = b"--" + BOUNDARY.encode() + b"\r\n"
    out += b'Content-Disposition: form-data; name="' + name + b'"'
    if filename is not None:
        out += b'; filename="' + filename + b'"\r\nContent-Type: text/plain'
    out += b"\r\n\r\n" + value + b"\r\n"
    out += b"--" + BOUNDARY.encode() + b'\r\nContent-Disposition: form-data; name="submit"\r\n\r\nSend\r\n'
    return out + b"--" + BOUNDARY.encode() + b"--\r\n"


def mp_filename(v):
    # as browsers send a file name: '"' and line breaks percent-encoded
    return b(v).replace(b'"', b"%22").replace(b"\r", b"%0D").replace(b"\n", b"%0A")


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
XML = "application/xml"
MP = "multipart/form-data; boundary=" + BOUNDARY

# name, what a request is (method, target, headers, content type, body),
# the prefixes of the record's field that are this place.
PLACES = [
    ("path", lambda v: ("GET", b"/api/items/" + q(v), [], None, None),
     ("path", "uri")),
    # a path segment's ';' parameter, a file name's stem
    ("pmatrix", lambda v: ("GET", b"/catalog;filter=" + q(v) + b"/list", [], None, None),
     ("path", "uri")),
    ("pfile", lambda v: ("GET", b"/files/" + q(v) + b".pdf", [], None, None),
     ("path", "uri")),
    ("qname", lambda v: ("GET", b"/index.php?" + q(v) + b"=1&page=2", [], None, None),
     ("arg_names", "query", "uri")),
    ("qvalue", lambda v: ("GET", b"/index.php?page=2&id=" + q(v), [], None, None),
     ("args:", "query", "uri")),
    ("cname", lambda v: ("GET", b"/index.html",
                         [(b"Cookie", b"lang=en; " + cookie_enc(v, True) + b"=1")], None, None),
     ("cookie",)),
    ("cvalue", lambda v: ("GET", b"/index.html",
                          [(b"Cookie", b"lang=en; pref=" + cookie_enc(v))], None, None),
     ("cookie",)),
    ("referer", lambda v: ("GET", b"/index.html",
                           [(b"Referer", b"https://www.example.com/search?q=" + q(v))],
                           None, None),
     ("referer",)),
    # a page whose route carries the value in its path (/search/VALUE,
    # /items/VALUE): the Referer of the page it links to
    ("refpath", lambda v: ("GET", b"/index.html",
                           [(b"Referer", b"https://www.example.com/search/" + q(v))],
                           None, None),
     ("referer",)),
    # a raw payload as the Referer's query, and as its fragment (which
    # no browser sends)
    ("refraw", lambda v: ("GET", b"/index.html",
                          [(b"Referer", b"https://www.example.com/search?q=" + header_enc(v))],
                          None, None),
     ("referer",)),
    ("reffrag", lambda v: ("GET", b"/index.html",
                           [(b"Referer", b"https://www.example.com/docs/page#" + header_enc(v))],
                           None, None),
     ("referer",)),
    # the whole Referer, no URL: written by hand
    ("refbare", lambda v: ("GET", b"/index.html", [(b"Referer", header_enc(v))],
                           None, None),
     ("referer",)),
    ("ua", lambda v: ("GET", b"/index.html", [(b"User-Agent", header_enc(v))], None, None),
     ("user_agent",)),
    ("xhdr", lambda v: ("GET", b"/index.html", [(b"X-Api-Filter", header_enc(v))], None, None),
     ("header:", "headers")),
    # Basic credentials: the value as the user name
    ("auth", lambda v: ("GET", b"/account/",
                        [(b"Authorization", b"Basic " + base64.b64encode(b(v) + b":x"))],
                        None, None),
     ("header:Authorization",)),
    # a JSON document as a cookie's value, percent-encoded as sent
    ("cjson", lambda v: ("GET", b"/index.html",
                         [(b"Cookie", b"lang=en; prefs=" + cookie_enc('{"q":%s}' % json.dumps(v)))],
                         None, None),
     ("cookie",)),
    # a path segment after a script (PATH_INFO: /index.php/VALUE)
    ("pinfo", lambda v: ("GET", b"/index.php/" + q(v), [], None, None),
     ("path", "uri")),
    ("form", lambda v: ("POST", b"/app/search", [], FORM,
                        b"q=" + urllib.parse.quote_plus(b(v), safe="").encode() + b"&submit=Search"),
     ("body:form:q", "body:form")),
    ("mpvalue", lambda v: ("POST", b"/app/upload", [], MP, multipart(b"comment", b(v))),
     ("body:multipart:comment",)),
    ("mpfile", lambda v: ("POST", b"/app/upload", [], MP,
                          multipart(b"doc", b"hello\n", mp_filename(v))),
     ("body:multipart:doc.filename",)),
    ("jsonkey", lambda v: ("POST", b"/app/api", [], JSON,
                           b'{"filter":{' + json_str(v) + b':1},"page":2}'),
     ("body_names:json", "body:json")),
    ("jsonvalue", lambda v: ("POST", b"/app/api", [], JSON,
                             b'{"filter":{"q":' + json_str(v) + b'},"page":2}'),
     ("body:json:$.filter.q",)),
    ("xmltext", lambda v: ("POST", b"/app/soap", [], XML,
                           b'<?xml version="1.0" encoding="UTF-8"?><search><query>'
                           + xml_esc(v) + b"</query><page>2</page></search>"),
     ("body:xml:/search/query",)),
    ("xmlattr", lambda v: ("POST", b"/app/soap", [], XML,
                           b'<?xml version="1.0" encoding="UTF-8"?><search><query term="'
                           + xml_esc(v, True) + b'"/></search>'),
     ("body:xml:/search/query",)),
]
PLACE_NAMES = [p[0] for p in PLACES]


def placeable(place, v):
    """Whether value v can stand in place at all: a Basic user holds no
    ':' (RFC 7617), what follows the first one is the password, which the
    module does not read (a secret, and any mix of punctuation)."""
    return not (place == "auth" and ":" in v)
FIELDS = {p[0]: p[2] for p in PLACES}


def request_bytes(place, v):
    """The whole request of value v in place (bytes, as sent)."""
    build = {p[0]: p[1] for p in PLACES}[place]
    method, target, headers, ctype, body = build(v)
    hs = [(b"Host", BODY_HOST.encode() if body is not None else b"localhost")]
    if not any(k == b"User-Agent" for k, _ in headers):
        hs.append((b"User-Agent", UA.encode()))
    hs += headers
    if body is not None:
        hs += [(b"Content-Type", ctype.encode()),
               (b"Content-Length", str(len(body)).encode())]
    out = method.encode() + b" " + target + b" HTTP/1.1\r\n"
    out += b"".join(k + b": " + x + b"\r\n" for k, x in hs)
    return out + b"Connection: close\r\n\r\n" + (body or b"")


def in_place(place, field):
    return any(field.startswith(p) for p in FIELDS[place])


def read_values(path):
    """(line number, value) of a written file: blank and '#' lines out."""
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            v = line.rstrip(b"\r\n").decode("utf-8", "surrogateescape")
            if v and not v.startswith("#"):
                yield n, v


def written_attacks():
    """(class, source, value) of the written attack sets."""
    out = []
    for name in sorted(os.listdir(WRITTEN)):
        if not name.endswith(".txt") or name.startswith("benign-"):
            continue
        cls = name[:-4]
        if cls in NOT_VALUES:
            continue
        path = os.path.join(WRITTEN, name)
        with open(path, "rb") as f:
            sectioned = any(line.startswith(b"# [") for line in f)
        if not sectioned:
            for n, v in read_values(path):
                out.append((CLASS_OF.get(cls, cls), "written/%s:%d" % (name, n), v))
            continue
        sec = None
        with open(path, "rb") as f:
            for n, line in enumerate(f, 1):
                v = line.rstrip(b"\r\n").decode("utf-8", "surrogateescape")
                m = re.match(r"# \[(\w+) (\w+)\]$", v)
                if m:
                    sec = m.groups()
                elif v and not v.startswith("#") and sec and sec[0] in SECTION_CATS:
                    out.append((cls, "written/%s:%d" % (name, n), v))
    return out


def patt_lfi(corpus, per_file):
    """Every k-th line of patt's traversal and inclusion lists, at most
    per_file of each (0: all), reviewed not-attacks out."""
    import gen_requests as g
    if not os.path.isdir(os.path.join(corpus, "payloads", "patt")):
        sys.exit("place: no PayloadsAllTheThings lists in %s (set LW_CORPUS "
                 "or --corpus)" % os.path.join(corpus, "payloads", "patt"))
    excluded = g.load_excluded(os.path.join(SRC, "test", "eval", "not-attacks.tsv"))
    d = os.path.join(corpus, "payloads", "patt")
    out = []
    counter = collections.Counter()
    for name in sorted(os.listdir(d)):
        rel = "patt/" + name
        if g.category_of(rel) != "lfi" or "dotdotpwn" in name:
            continue
        lines = [(n, p) for n, p in g.payload_lines(os.path.join(d, name), rel)
                 if (rel, p) not in excluded and (rel, "*") not in excluded]
        step = max(1, len(lines) // per_file) if per_file else 1
        for n, p in lines[::step][:per_file or None]:
            out.append(("lfi", "%s:%d" % (rel, n), g.fill(p, counter)))
    return out


def benign_values():
    out = []
    for name in sorted(os.listdir(WRITTEN)):
        if not (name.startswith("benign-") and name.endswith(".txt")):
            continue
        cls = name[len("benign-"):-4]
        if cls in NOT_VALUES - {"xxe"}:
            continue
        for n, v in read_values(os.path.join(WRITTEN, name)):
            out.append((name[:-4], "written/%s:%d" % (name, n), v))
    near = os.path.join(SRC, "test", "eval", "benign-nearmiss.txt")
    for n, v in read_values(near):
        out.append(("benign-nearmiss", "benign-nearmiss.txt:%d" % n, v))
    return out


def body_sink(h):
    """Every URL of BODY_HOST a CGI program that reads its whole body (the
    module inspects a body as the application reads it)."""
    import live_benign
    import lwhttpd
    cgi = h.path("cgi-bin")
    os.makedirs(cgi, exist_ok=True)
    with open(os.path.join(cgi, "sink"), "w") as f:
        f.write(live_benign.SINK)
    os.chmod(os.path.join(cgi, "sink"), 0o755)
    h.extra += ('LoadModule cgi_module %s/mod_cgi.so\n<Directory "%s">\n'
                '    Require all granted\n</Directory>\n' % (lwhttpd.MODDIR, cgi))
    h.vhost_extra[BODY_HOST] = '    ScriptAliasMatch "^/" "%s/sink"\n' % cgi
    h.write_conf()


def caught(rec, place):
    return rec is not None and any(in_place(place, r.get("field", ""))
                                   for r in rec.get("rules", []))


def table(title, rows, cols, cell):
    w = max([len(title)] + [len(r) for r in rows])
    out = [title.ljust(w) + "".join(c.rjust(9) for c in cols)]
    for r in rows:
        out.append(r.ljust(w) + "".join(cell(r, c).rjust(9) for c in cols))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--signatures", default=os.path.join(SRC, "conf", "signatures"))
    ap.add_argument("--corpus", default=os.environ.get("LW_CORPUS") or
                    os.path.join(SRC, "..", "shared", "corpus"))
    ap.add_argument("-o", "--out", default=None)
    ap.add_argument("--lfi-per-file", type=int, default=40)
    ap.add_argument("--sample", type=int, default=0,
                    help="every value's k-th only (quick looks)")
    ap.add_argument("--jobs", type=int, default=32)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out = os.path.abspath(a.out or os.path.join(a.build, "eval"))
    os.makedirs(out, exist_ok=True)
    os.environ["LW_BUILDDIR"] = os.path.abspath(a.build)
    os.environ["LW_SRCDIR"] = SRC
    sys.path.insert(0, os.path.join(SRC, "test", "integration"))
    import live
    import lwhttpd

    attacks = written_attacks()
    if not os.path.exists(os.path.join(WRITTEN, "lfi.txt")):
        attacks += patt_lfi(os.path.abspath(a.corpus), a.lfi_per_file)
    benign = benign_values()
    if a.sample > 1:
        attacks, benign = attacks[::a.sample], benign[::a.sample]
    items = []      # (kind, class, place, source, value)
    for kind, vals in (("attack", attacks), ("benign", benign)):
        for cls, src, v in vals:
            for p in PLACE_NAMES:
                if placeable(p, v):
                    items.append((kind, cls, p, src, v))
    reqs = [live.Req(str(i), it[0], it[1], request_bytes(it[2], it[4]))
            for i, it in enumerate(items)]
    h = lwhttpd.Httpd(mpm="event", signatures=[os.path.abspath(a.signatures)],
                      loglevel="warn",
                      mpm_conf="StartServers 2\nServerLimit 4\nThreadsPerChild 16\n"
                               "MinSpareThreads 16\nMaxSpareThreads 64\n"
                               "MaxRequestWorkers 64\n")
    body_sink(h)
    statuses, recs, crashed = live.run_lw(h, reqs, a.jobs, "place", a.keep, "place")
    if crashed:
        sys.exit("place: httpd crashed")
    byidx = {}
    for r in recs:
        i = live.index_of(r.get("client", ""))
        if i is not None and i < len(items) and live.is_attack_record(r):
            byidx[i] = r

    classes = sorted({it[1] for it in items if it[0] == "attack"})
    bsets = sorted({it[1] for it in items if it[0] == "benign"})
    n, hit = collections.Counter(), collections.Counter()
    fp = collections.Counter()
    rules = collections.defaultdict(collections.Counter)
    with open(os.path.join(out, "place.misses.tsv"), "w", encoding="utf-8",
              errors="surrogateescape") as fm, \
            open(os.path.join(out, "place.fp.tsv"), "w", encoding="utf-8",
                 errors="surrogateescape") as ff:
        fm.write("class\tplace\tsource\tstatus\tfields hit\tvalue\n")
        ff.write("set\tplace\tsource\tstatus\trules\tvalue\n")
        for i, (kind, cls, p, src, v) in enumerate(items):
            rec = byidx.get(i)
            n[cls, p] += 1
            if kind == "attack":
                if caught(rec, p):
                    hit[cls, p] += 1
                    for r in rec["rules"]:
                        if in_place(p, r.get("field", "")):
                            rules[cls, p][r.get("id")] += 1
                else:
                    fields = " ".join(sorted({r.get("field", "") for r in rec["rules"]})) if rec else "-"
                    fm.write("%s\t%s\t%s\t%s\t%s\t%r\n" % (cls, p, src, statuses[i], fields, v))
            elif rec is not None:
                fp[cls, p] += 1
                ff.write("%s\t%s\t%s\t%s\t%s\t%r\n" % (
                    cls, p, src, statuses[i],
                    " ".join("%s@%s" % (r.get("id"), r.get("field")) for r in rec["rules"]), v))
    nolink = sum(1 for s in statuses if s in (-1, 0))
    print("placement matrix: %d attack values, %d benign values, %d places, "
          "%d requests (%d unanswered)" % (len(attacks), len(benign), len(PLACES),
                                          len(items), nolink))
    cols = PLACE_NAMES
    print()
    print(table("recall %", classes + ["all"], cols, lambda r, c: "%.1f" % (
        100.0 * (sum(hit[k, c] for k in classes) if r == "all" else hit[r, c])
        / max(1, sum(n[k, c] for k in classes) if r == "all" else n[r, c]))))
    print("(values per class: %s)" % ", ".join(
        "%s %d" % (c, n[c, "path"]) for c in classes))
    print("notes: blind on purpose, the class makes no sense there: %s" % "; ".join(
        "%s: %s" % (c, " ".join(p for p in PLACE_NAMES if p in BLIND[c]))
        for c in classes if BLIND.get(c)))
    print()
    print(table("false positives", bsets + ["all"], cols, lambda r, c: "%d" % (
        sum(fp[k, c] for k in bsets) if r == "all" else fp[r, c])))
    print("(values per set: %s)" % ", ".join("%s %d" % (s, n[s, "path"]) for s in bsets))
    print("misses: %s\nfalse positives: %s" % (
        os.path.join(out, "place.misses.tsv"), os.path.join(out, "place.fp.tsv")))
    with open(os.path.join(out, "place.rules.tsv"), "w") as f:
        f.write("class\tplace\trule: values caught in the place\n")
        for (cls, p), cnt in sorted(rules.items()):
            f.write("%s\t%s\t%s\n" % (cls, p, " ".join(
                "%s:%d" % kv for kv in cnt.most_common())))
    with open(os.path.join(out, "place.summary.json"), "w") as f:
        json.dump({"recall": {"%s %s" % k: [hit[k], n[k]] for k in n if k[0] in classes},
                   "fp": {"%s %s" % k: [fp[k], n[k]] for k in n if k[0] in bsets},
                   "unanswered": nolink}, f, sort_keys=True, indent=1)


if __name__ == "__main__":
    main()
