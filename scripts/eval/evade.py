#!/usr/bin/python3
"""Differential evasion check: does any transformation turn a request the
engine flags today into a clean one?

The project promises that no input, however long, padded or odd, turns an
attack into a clean request. This takes the attacks the engine flags as
?id=VALUE (PayloadsAllTheThings lines and test/eval/written/CLASS.txt; the
held-out sets -- fuzzdb, httpparams attack rows, test/eval/blind*/ -- are
not read), sends each again under every transformation below (padding,
encodings, parameter games, long lines) and reports, per transformation,
how many flagged requests came back clean, with examples.

Request lines go through logwatch-scan (an access log, as httpd writes
it). With --live, header and body forms go through the live module
(test/integration/lwhttpd.py): the payload in a header after many benign
ones, padded in a cookie, and in form, JSON (\\u escapes, deep nesting),
multipart (odd boundaries, quoting, charset) and chunked bodies.

Some transformations change what the payload means to its target (the
case of a Unix command, a value split in two); they are listed all the
same: a padded or re-encoded attack is still an attack to report, and a
"clean" there is read, not counted blindly.

Usage: evade.py BUILDDIR SRCDIR CORPUS OUTDIR [--per-file N] [--live]
                [--only T,T...]
Writes OUTDIR/evade.tsv (transformation, category, payloads flagged as
?id=, of them clean after the transformation) and OUTDIR/clean/T.txt
(the payloads each transformation turned clean). --only runs the named
request-line transformations alone.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_requests as gr  # noqa: E402

UA = gr.BROWSER_UA
FMT = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %{UNIQUE_ID}e'
WRITTEN = {"sqli": "sqli", "xss": "xss", "shell": "rce", "lfi": "lfi",
           "rfi": "rfi", "xxe": "lfi", "inject": "inject"}
WORDS = ("the quick brown fox jumps over the lazy dog while a tidy list of "
         "ordinary words fills the field ")
NAMED = {"<": "lt", ">": "gt", '"': "quot", "'": "apos", "/": "sol",
         ":": "colon", "(": "lpar", ")": "rpar", ";": "semi", "=": "equals",
         "&": "amp", "\\": "bsol", "|": "verbar", "`": "grave", "$": "dollar"}


def enc(s):
    return urllib.parse.quote(s.encode("latin-1"), safe="")


def words(n):
    return (WORDS * (n // len(WORDS) + 1))[:n]


def ent(p, form):
    out = []
    for i, c in enumerate(p):
        if c.isalnum() or c == " ":
            out.append(c)
        elif form == "named":
            out.append("&%s;" % NAMED[c] if c in NAMED else c)
        elif form == "dec":
            out.append("&#%d;" % ord(c))
        elif form == "hex":
            out.append("&#x%x;" % ord(c))
        else:           # no ';' unless a digit follows (it would join)
            nxt = p[i + 1] if i + 1 < len(p) else ""
            out.append("&#%d%s" % (ord(c), ";" if nxt.isdigit() else ""))
    return "".join(out)


def js(p, form):
    """Every byte but letters and digits as a JavaScript escape."""
    out = []
    for c in p:
        if c.isalnum() and ord(c) < 0x80:
            out.append(c)
        elif form == "u":
            out.append("\\u%04x" % ord(c))
        elif form == "brace":
            out.append("\\u{%x}" % ord(c))
        else:
            out.append("\\x%02x" % ord(c))
    return "".join(out)


def b64(p, url=False):
    raw = p.encode("latin-1")
    if url:
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
    return base64.b64encode(raw).decode("ascii")


def ent_pct(p):
    """Entities and %XX mixed in one layer: the specials alternate."""
    out, k = [], 0
    for c in p:
        if c.isalnum():
            out.append(c)
        else:
            out.append("&#x%x;" % ord(c) if k % 2 == 0 else enc(c))
            k += 1
    return "".join(out)


def overlong(p, three=False):
    o = []
    for c in p.encode("latin-1"):
        if chr(c).isalnum() or c >= 0x80:
            o.append(enc(chr(c)))
        elif three:
            o.append("%%e0%%%02x%%%02x" % (0x80 | (c >> 6), 0x80 | (c & 0x3f)))
        else:
            o.append("%%%02x%%%02x" % (0xc0 | (c >> 6), 0x80 | (c & 0x3f)))
    return "".join(o)


def alt_case(p):
    return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(p))


def ws(p, ch):
    return p.replace(" ", ch) if " " in p else None


def mid(p):
    m = len(p) // 2
    return p[:m], p[m:]


Q = "/index.php?id="
# name -> (function of the payload giving a request-target or None when
# the transformation does not apply, sample step: 1 every payload, k
# every k-th, for the long ones)
TRANSFORMS = {
    "plus": (lambda p: Q + urllib.parse.quote_plus(p.encode("latin-1"), safe="")
             if " " in p else None, 1),
    "tab": (lambda p: ws(p, "\t") and Q + enc(ws(p, "\t")), 1),
    "newline": (lambda p: ws(p, "\n") and Q + enc(ws(p, "\n")), 1),
    "crlf": (lambda p: ws(p, "\r\n") and Q + enc(ws(p, "\r\n")), 1),
    "vtab": (lambda p: ws(p, "\v") and Q + enc(ws(p, "\v")), 1),
    "formfeed": (lambda p: ws(p, "\f") and Q + enc(ws(p, "\f")), 1),
    "nbsp": (lambda p: ws(p, "\xa0") and Q + enc(ws(p, "\xa0")), 1),
    "upper": (lambda p: Q + enc(p.upper()), 1),
    "altcase": (lambda p: Q + enc(alt_case(p)), 1),
    "double-pct": (lambda p: Q + enc(enc(p)), 1),
    "triple-pct": (lambda p: Q + enc(enc(enc(p))), 1),
    "pct-u": (lambda p: Q + "".join("%%u%04x" % ord(c) for c in p), 1),
    "overlong2": (lambda p: Q + overlong(p), 1),
    "overlong3": (lambda p: Q + overlong(p, True), 1),
    "nul-before": (lambda p: Q + "%00" + enc(p), 1),
    "nul-between": (lambda p: Q + enc("\0".join(p)), 1),
    "ent-named": (lambda p: Q + enc(ent(p, "named")), 1),
    "ent-dec": (lambda p: Q + enc(ent(p, "dec")), 1),
    "ent-hex": (lambda p: Q + enc(ent(p, "hex")), 1),
    "ent-nosemi": (lambda p: Q + enc(ent(p, "nosemi")), 1),
    "js-u": (lambda p: Q + enc(js(p, "u")), 1),
    "js-u-brace": (lambda p: Q + enc(js(p, "brace")), 1),
    "js-x": (lambda p: Q + enc(js(p, "x")), 1),
    "base64": (lambda p: Q + enc(b64(p)), 1),
    "base64url-nopad": (lambda p: Q + enc(b64(p, True)), 1),
    "ent-pct-mixed": (lambda p: Q + enc(ent_pct(p)), 1),
    "pad-before-short": (lambda p: Q + enc("hello world " + p), 1),
    "pad-after-short": (lambda p: Q + enc(p + " hello world"), 1),
    "pad-before-1k": (lambda p: Q + enc(words(1000) + " " + p), 2),
    "pad-after-1k": (lambda p: Q + enc(p + " " + words(1000)), 2),
    "pad-before-4k": (lambda p: Q + "+".join(words(4000).split(" ")) + "+" + enc(p), 3),
    "pad-after-4k": (lambda p: Q + enc(p) + "+" + "+".join(words(4000).split(" ")), 3),
    "pad-before-8100": (lambda p: Q + "A" * 8100 + "+" + enc(p), 3),
    "pad-before-9000": (lambda p: Q + "A" * 9000 + "+" + enc(p), 3),
    "pad-before-9000w": (lambda p: Q + "+".join(words(9000).split(" ")) + "+" + enc(p), 3),
    "pad-after-9000": (lambda p: Q + enc(p) + "+" + "A" * 9000, 3),
    "pad-before-30k": (lambda p: Q + "A" * 30000 + "+" + enc(p), 5),
    "params-64-before": (lambda p: "/index.php?" + "".join(
        "p%d=v%d&" % (i, i) for i in range(64)) + "id=" + enc(p), 2),
    "params-2000-before": (lambda p: "/index.php?" + "".join(
        "p%d=v%d&" % (i, i) for i in range(2000)) + "id=" + enc(p), 5),
    "longparam-before": (lambda p: "/index.php?q=" + "a" * 9000 + "&id=" + enc(p), 3),
    "params-long-before": (lambda p: "/index.php?" + "".join(
        "p%d=%s&" % (i, "b" * 3000) for i in range(8)) + "id=" + enc(p), 5),
    "dup-split": (lambda p: len(p) >= 4 and "/index.php?id=%s&id=%s"
                  % tuple(enc(x) for x in mid(p)), 1),
    "in-name": (lambda p: "/index.php?" + enc(p) + "=1", 1),
    "in-name-raw-eq": (lambda p: "/index.php?" + enc(p).replace("%3D", "=") + "=1"
                       if "=" in p else None, 1),
    "semicolon-part": (lambda p: "/index.php?a=1;id=" + enc(p), 1),
    "jsessionid": (lambda p: "/index.php;jsessionid=0A1B2C3D4E5F?id=" + enc(p), 1),
    "path-param": (lambda p: "/index.php;id=" + enc(p), 1),
    "path-segment": (lambda p: "/api/items/" + enc(p), 1),
}


# --- the live module: headers and bodies -----------------------------------

FORM = "application/x-www-form-urlencoded"
CAPTURE = 256 * 1024        # LogWatchInspectBody of the server below
BND = "----lwEvade7MA4"


def mp(parts, bnd=BND, nl="\r\n", disp='form-data; name="%s"'):
    out = ""
    for name, value in parts:
        out += "--" + bnd + nl + "Content-Disposition: " + (disp % name) + nl + nl
        out += value + nl
    return out + "--" + bnd + "--" + nl


def big_file(text=False):
    """A file part longer than the capture, before the other parts."""
    if text:
        data = words(CAPTURE + 4096)
    else:
        data = "".join(chr((i * 7 + 3) % 256) for i in range(CAPTURE + 4096))
    return ("--" + BND + "\r\nContent-Disposition: form-data; name=\"up\"; "
            "filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" + data + "\r\n")


def nest(p, depth):
    return '{"a":' * depth + json.dumps({"q": p}) + "}" * depth


def json_u(p):
    return '{"q": "%s"}' % "".join("\\u%04x" % ord(c) for c in p)


def hdrs(n, size=12):
    return [("X-Note-%d" % i, "v" * size) for i in range(n)]


# name -> (kind, function of the payload giving (headers, content type,
# body, chunked) or None). kind names the baseline the transformation is
# compared with: the payload in a header, a cookie, a form, a JSON or a
# multipart body, sent plainly.
LIVE_BASE = {
    "header": lambda p: ([("X-Api-Note", p)], None, None, False),
    "cookie": lambda p: ([("Cookie", "pref=" + enc(p))], None, None, False),
    "form": lambda p: ([], FORM, "q=" + enc(p), False),
    "json": lambda p: ([], "application/json", json.dumps({"q": p}), False),
    "multipart": lambda p: ([], "multipart/form-data; boundary=" + BND,
                            mp([("q", p)]), False),
}
LIVE = {
    "hdr-after-60-headers": ("header", lambda p: (hdrs(60) + [("X-Api-Note", p)],
                                                  None, None, False)),
    "hdr-after-70-headers": ("header", lambda p: (hdrs(70) + [("X-Api-Note", p)],
                                                  None, None, False)),
    "hdr-after-long-headers": ("header", lambda p: (hdrs(8, 7000) + [("X-Api-Note", p)],
                                                    None, None, False)),
    "hdr-pad-before-8000": ("header", lambda p: ([("X-Api-Note", words(8000) + " " + p)],
                                                 None, None, False)),
    "hdr-pad-after-8000": ("header", lambda p: ([("X-Api-Note", p + " " + words(8000))],
                                                None, None, False)),
    "cookie-after-60": ("cookie", lambda p: ([("Cookie", "; ".join(
        "c%d=v%d" % (i, i) for i in range(60)) + "; pref=" + enc(p))], None, None, False)),
    "cookie-after-long": ("cookie", lambda p: ([("Cookie", "big=" + "b" * 7000
                                                 + "; pref=" + enc(p))], None, None, False)),
    "cookie-pad-before": ("cookie", lambda p: ([("Cookie", "pref=" + "a" * 7000 + "+"
                                                 + enc(p))], None, None, False)),
    "form-1100-fields-before": ("form", lambda p: ([], FORM, "".join(
        "p%d=v&" % i for i in range(1100)) + "q=" + enc(p), False)),
    "form-pad-before-10k": ("form", lambda p: ([], FORM, "q=" + "a" * 10000 + "+"
                                               + enc(p), False)),
    "form-past-capture": ("form", lambda p: ([], FORM, "q=" + "a" * (CAPTURE + 1000)
                                             + "+" + enc(p), False)),
    "form-chunked": ("form", lambda p: ([], FORM, "q=" + enc(p), True)),
    "form-charset": ("form", lambda p: ([], FORM + "; charset=UTF-8", "q=" + enc(p), False)),
    "form-ctype-case": ("form", lambda p: ([], "Application/X-WWW-Form-URLEncoded",
                                           "q=" + enc(p), False)),
    "form-dup-split": ("form", lambda p: len(p) >= 4 and (
        [], FORM, "q=%s&q=%s" % tuple(enc(x) for x in mid(p)), False)),
    "form-in-name": ("form", lambda p: ([], FORM, enc(p) + "=1", False)),
    "form-double-pct": ("form", lambda p: ([], FORM, "q=" + enc(enc(p)), False)),
    "json-u-escape": ("json", lambda p: ([], "application/json", json_u(p), False)),
    "json-depth-30": ("json", lambda p: ([], "application/json", nest(p, 30), False)),
    "json-depth-300": ("json", lambda p: ([], "application/json", nest(p, 300), False)),
    "json-in-key": ("json", lambda p: ([], "application/json", json.dumps({p: 1}), False)),
    "json-1100-keys-before": ("json", lambda p: ([], "application/json", "{" + "".join(
        '"k%d":1,' % i for i in range(1100)) + '"q":' + json.dumps(p) + "}", False)),
    "json-1100-items-before": ("json", lambda p: ([], "application/json", '{"a":['
        + "1," * 1100 + json.dumps(p) + "]}", False)),
    "json-charset": ("json", lambda p: ([], "application/json; charset=utf-8",
                                        json.dumps({"q": p}), False)),
    "json-vnd": ("json", lambda p: ([], "application/vnd.api+json",
                                    json.dumps({"q": p}), False)),
    "json-text-plain": ("json", lambda p: ([], "text/plain", json.dumps({"q": p}), False)),
    "json-utf16le": ("json", lambda p: ([], "application/json",
                                        json.dumps({"q": p}).encode("utf-16-le").decode("latin-1"),
                                        False)),
    "json-utf16-bom": ("json", lambda p: ([], "application/json; charset=utf-16",
                                          json.dumps({"q": p}).encode("utf-16").decode("latin-1"),
                                          False)),
    "json-chunked": ("json", lambda p: ([], "application/json", json.dumps({"q": p}), True)),
    "mp-quoted-boundary": ("multipart", lambda p: (
        [], 'multipart/form-data; boundary="odd=b:o/u+n d"', mp([("q", p)], "odd=b:o/u+n d"),
        False)),
    "mp-charset-first": ("multipart", lambda p: (
        [], "multipart/form-data; charset=utf-8; boundary=" + BND, mp([("q", p)]), False)),
    "mp-ctype-case": ("multipart", lambda p: (
        [], "Multipart/Form-Data; BOUNDARY=" + BND, mp([("q", p)]), False)),
    "mp-lf-only": ("multipart", lambda p: (
        [], "multipart/form-data; boundary=" + BND, mp([("q", p)], nl="\n"), False)),
    "mp-name-unquoted": ("multipart", lambda p: (
        [], "multipart/form-data; boundary=" + BND,
        mp([("q", p)], disp="form-data; name=%s"), False)),
    "mp-disp-case": ("multipart", lambda p: (
        [], "multipart/form-data; boundary=" + BND,
        mp([("q", p)], disp='FORM-DATA; NAME="%s"'), False)),
    "mp-preamble": ("multipart", lambda p: (
        [], "multipart/form-data; boundary=" + BND,
        "preamble " * 200 + "\r\n" + mp([("q", p)]), False)),
    "mp-1100-parts-before": ("multipart", lambda p: (
        [], "multipart/form-data; boundary=" + BND,
        mp([("p%d" % i, "v") for i in range(1100)] + [("q", p)]), False)),
    "mp-filename": ("multipart", lambda p: '"' not in p and (
        [], "multipart/form-data; boundary=" + BND,
        mp([("up", "data")], disp='form-data; name="%%s"; filename="%s"'
           % p.replace("%", "%%")), False)),
    "mp-chunked": ("multipart", lambda p: (
        [], "multipart/form-data; boundary=" + BND, mp([("q", p)]), True)),
    "mp-after-big-file": ("multipart", lambda p: (
        [], "multipart/form-data; boundary=" + BND, big_file() + mp([("q", p)]), False)),
    "mp-after-big-text-file": ("multipart", lambda p: (
        [], "multipart/form-data; boundary=" + BND, big_file(text=True) + mp([("q", p)]),
        False)),
}


def live_run(src, build, rows, idx, per_kind):
    """Send every LIVE transformation of rows[i] (i in idx) and its
    baseline; returns {name: [flagged baseline, of them clean]} and the
    clean rows per name."""
    sys.path.insert(0, os.path.join(src, "test", "integration"))
    os.environ.setdefault("LW_BUILDDIR", build)
    os.environ.setdefault("LW_SRCDIR", src)
    import lwhttpd
    from concurrent.futures import ThreadPoolExecutor
    h = lwhttpd.Httpd(extra="LogWatchInspectBody %d\n" % CAPTURE)
    # the echo application of test_body.py, which reads the whole body
    os.makedirs(h.path("cgi-bin"), exist_ok=True)
    os.chmod(h.path("cgi-bin"), 0o755)
    shutil.copy(os.path.join(lwhttpd.HERE, "data", "body", "echo.cgi"),
                h.path("cgi-bin", "echo"))
    os.chmod(h.path("cgi-bin", "echo"), 0o755)
    h.extra += ('LoadModule cgi_module %s/mod_cgi.so\nScriptAlias /cgi/ "%s/"\n'
                '<Directory "%s">\n    Require all granted\n</Directory>\n'
                % (lwhttpd.MODDIR, h.path("cgi-bin"), h.path("cgi-bin")))
    h.write_conf()
    h.start()
    sent = []

    def send(job):
        rid, (headers, ctype, body, chunked) = job
        target = "/cgi/echo?t=" + rid
        if body is None:
            lwhttpd.raw_request(h.port, "GET %s HTTP/1.1" % target,
                                [("Host", "localhost"), ("User-Agent", UA)] + headers)
        else:
            b = body.encode("latin-1")
            lwhttpd.http_post(h.port, target,
                              [b[k:k + 7] for k in range(0, len(b), 7)] if chunked else b,
                              ctype, headers=[("User-Agent", UA)] + headers,
                              chunked=chunked)
    try:
        jobs = []
        for i in idx:
            p = rows[i][2]
            if any(ord(c) < 0x20 or ord(c) > 0x7e for c in p):
                continue
            for kind, fn in LIVE_BASE.items():
                jobs.append(("B.%s.%d" % (kind, i), fn(p)))
            for name, (kind, fn) in LIVE.items():
                r = fn(p)
                if r:
                    jobs.append(("T.%s.%d" % (name, i), r))
        with ThreadPoolExecutor(4) as ex:
            list(ex.map(send, jobs))
        sent = [j[0] for j in jobs]
        time.sleep(2)
        got = set()
        for r in h.records():
            m = re.search(r"[?&]t=([A-Za-z0-9.\-]+)", r["uri"])
            if m:
                got.add(m.group(1))
    finally:
        h.stop()
        h.cleanup()
    table, clean = {}, {}
    for rid in sent:
        if not rid.startswith("T."):
            continue
        _, name, i = rid.split(".")
        kind = LIVE[name][0]
        if "B.%s.%s" % (kind, i) not in got:
            continue
        n = table.setdefault(name, [0, 0])
        n[0] += 1
        if rid not in got:
            n[1] += 1
            clean.setdefault(name, []).append(rows[int(i)])
    base = {k: sum(1 for rid in sent if rid.startswith("B.%s." % k) and rid in got)
            for k in LIVE_BASE}
    nbase = {k: sum(1 for rid in sent if rid.startswith("B.%s." % k)) for k in LIVE_BASE}
    return table, clean, base, nbase


def payloads(src, corpus, per_file):
    """(category, source, value) of the development attacks."""
    out = []
    pdir = os.path.join(corpus, "payloads", "patt")
    counter = {k: 0 for k in gr.FILL}
    for name in sorted(os.listdir(pdir)):
        cat = gr.category_of("patt/" + name)
        if cat is None:
            continue
        rows = list(gr.payload_lines(os.path.join(pdir, name), "patt/" + name))
        step = max(1, len(rows) // per_file) if per_file else 1
        for n, p in rows[::step]:
            out.append((cat, "patt/%s:%d" % (name, n), gr.fill(p, counter)))
    wdir = os.path.join(src, "test", "eval", "written")
    for name in sorted(os.listdir(wdir)):
        cls = name[:-4]
        if not name.endswith(".txt") or cls not in WRITTEN:
            continue
        with open(os.path.join(wdir, name), encoding="latin-1") as f:
            for n, v in enumerate(f, 1):
                v = v.rstrip("\r\n")
                if v and not v.startswith("#"):
                    out.append((WRITTEN[cls], "written/%s:%d" % (name, n), v))
    seen, uniq = set(), []
    for row in out:
        if row[2] not in seen and all(ord(c) < 256 for c in row[2]):
            seen.add(row[2])
            uniq.append(row)
    return uniq


def scan(build, src, targets, outdir, tag):
    """The request ids logwatch-scan flags among (id, target) pairs."""
    log = os.path.join(outdir, tag + ".log")
    with open(log, "w", encoding="latin-1") as f:
        for rid, t in targets:
            f.write('192.0.2.1 - - [07/Dec/2026:00:00:00 +0000] "GET %s HTTP/1.1" '
                    '200 512 "-" "%s" %s\n' % (t, UA, rid))
    out = subprocess.run(
        [os.path.join(build, "logwatch-scan"), "--format", FMT,
         "--default-signatures", os.path.join(src, "conf", "signatures"),
         "--max-record", "65536", "-j", "2", log],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    flagged = {}
    for line in out.stdout.decode("latin-1").splitlines():
        r = json.loads(line)
        flagged[r.get("request_id")] = [x["id"] for x in r.get("rules", [])]
    os.unlink(log)
    return flagged


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    per_file = 0
    if "--per-file" in sys.argv:
        per_file = int(sys.argv[sys.argv.index("--per-file") + 1])
        args.remove(str(per_file))
    only = None
    if "--only" in sys.argv:
        only = sys.argv[sys.argv.index("--only") + 1].split(",")
        args.remove(",".join(only))
        unknown = [t for t in only if t not in TRANSFORMS]
        if unknown:
            sys.exit("evade: no transformation %s" % ", ".join(unknown))
    build, src, corpus, outdir = args[:4]
    os.makedirs(os.path.join(outdir, "clean"), exist_ok=True)
    rows = payloads(src, corpus, per_file)
    base = scan(build, src, [("b%d" % i, Q + enc(p))
                             for i, (_, _, p) in enumerate(rows)], outdir, "base")
    flagged = [i for i in range(len(rows)) if "b%d" % i in base]
    print("evade: %d payloads, %d flagged as ?id=" % (len(rows), len(flagged)),
          file=sys.stderr)
    targets, meta = [], {}
    for tname, (fn, step) in TRANSFORMS.items():
        if only and tname not in only:
            continue
        for k, i in enumerate(flagged[::step]):
            t = fn(rows[i][2])
            if not t or t == Q + enc(rows[i][2]):
                continue
            rid = "%s.%d" % (tname, i)
            targets.append((rid, t))
            meta[rid] = (tname, i)
    got = scan(build, src, targets, outdir, "transformed")
    table = {}
    clean = {}
    for rid, (tname, i) in meta.items():
        cat = rows[i][0]
        n = table.setdefault((tname, cat), [0, 0])
        n[0] += 1
        if rid not in got:
            n[1] += 1
            clean.setdefault(tname, []).append(rows[i])
    with open(os.path.join(outdir, "evade.tsv"), "w") as f:
        f.write("transformation\tcategory\tflagged\tclean_after\n")
        for (tname, cat), (n, c) in sorted(table.items()):
            f.write("%s\t%s\t%d\t%d\n" % (tname, cat, n, c))
    for tname in TRANSFORMS:
        if only and tname not in only:
            continue
        tot = sum(v[0] for (t, _), v in table.items() if t == tname)
        cl = sum(v[1] for (t, _), v in table.items() if t == tname)
        print("%-20s %6d flagged  %5d clean" % (tname, tot, cl))
        with open(os.path.join(outdir, "clean", tname + ".txt"), "w",
                  encoding="latin-1") as f:
            for cat, s, p in clean.get(tname, []):
                f.write("%s\t%s\t%s\n" % (cat, s, gr.esc(p)))
    if "--live" not in sys.argv:
        return
    step = max(1, len(flagged) // int(os.environ.get("EVADE_LIVE_N", "150")))
    table, clean, base, nbase = live_run(src, build, rows, flagged[::step], 0)
    for k in LIVE_BASE:
        print("live baseline %-10s %5d sent %5d flagged" % (k, nbase[k], base[k]))
    with open(os.path.join(outdir, "evade-live.tsv"), "w") as f:
        f.write("transformation\tflagged\tclean_after\n")
        for name in LIVE:
            n, c = table.get(name, [0, 0])
            f.write("%s\t%d\t%d\n" % (name, n, c))
            print("%-24s %6d flagged  %5d clean" % (name, n, c))
            with open(os.path.join(outdir, "clean", name + ".txt"), "w",
                      encoding="latin-1") as g:
                for cat, s, p in clean.get(name, []):
                    g.write("%s\t%s\t%s\n" % (cat, s, gr.esc(p)))


if __name__ == "__main__":
    main()
