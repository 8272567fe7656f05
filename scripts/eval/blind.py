#!/usr/bin/python3
"""HELD-OUT: the blind request set (test/eval/blind/, or the second one,
--set test/eval/blind2) replayed to the live module and to ModSecurity 2 +
OWASP CRS 3.3 at paranoia level 1.

  blind.py OUTDIR [--build BUILDDIR] [--signatures DIR] [--set DIR]
           [--no-live] [--no-modsec] [--no-install] [--jobs N] [--keep]

The set was written without reading the detectors (test/eval/blind/README
says how and in what format); nothing here or there is ever tuned on its
results. Every line becomes one HTTP/1.1 request (the payload in its
placement: query, parameter name, path, cookie, header, User-Agent,
Referer, form, JSON, XML or multipart body), sent on its own connection
from its own loopback address (live.source_ip), which names the request
in both servers' logs even when httpd refused it before reading a header.

(a) mod_logwatch: a private httpd from test/integration/lwhttpd.py, event
    MPM, the given signatures (default conf/signatures) and every other
    directive at its default (LogWatchInspectBody 128k, the default
    inspected headers). Every path runs a small CGI program that reads
    the whole body, as an application would (the module sees what the
    application reads). Flagged: the request has an attack record.
(b) ModSecurity + CRS: modsec.py's server (DetectionOnly, Debian's
    engine settings, CRS PL1); flagged: inbound anomaly score >= 5; a
    request httpd refused before phase 2 counts as not flagged.

A request that gets no answer or no connection still counts (not
flagged, unless a record names it). Prints recall per class and per
placement for both (the classes beyond the first six, blind2's ssti ...
el, in a table of their own), the false-positive rate on benign.tsv, and
writes into OUTDIR (blind2.*.tsv for test/eval/blind2):
  blind.results.tsv  every request: class, placement, both verdicts,
                     statuses, our categories, the payload
  blind.misses.tsv   the attacks either detector missed
  blind.fp.tsv       the benign requests either detector flagged
  blind.summary.json the table's numbers
"""
import argparse
import collections
import json
import os
import re
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import live  # noqa: E402  (replay, source_ip, index_of, settle)

CLASSES = ["sqli", "xss", "lfi", "rfi", "rce", "scanner"]
# the other classes an outside suite tests (test/eval/blind2/): reported
# in a table of their own (flagged in any category: no record category is
# theirs), and only when a set has them
OTHER = ["ssti", "ssi", "nosqli", "ldapi", "xpathi", "xxe", "crlf", "el"]
PLACEMENTS = ["query", "qname", "path", "cookie", "cookiename", "header",
              "ua", "referer", "form", "json", "jsonkey", "jsonbody", "xml",
              "xmlbody",
              "multipart", "filename"]
# our record categories that count as the request's own class
SAME = {"scanner": {"scanner", "probe"}}
UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
      "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")
BOUNDARY = "----blindFormBoundary4aF9x2"
TOKENS = re.compile(r"\{\{(TAB|LF|CR|NUL|SP|x[0-9a-fA-F]{2})\}\}")
NAMED = {"TAB": b"\t", "LF": b"\n", "CR": b"\r", "NUL": b"\0", "SP": b" "}


class Req:
    __slots__ = ("rid", "cls", "placement", "payload", "data", "where")

    def __init__(self, rid, cls, placement, payload, data, where):
        self.rid, self.cls, self.placement = rid, cls, placement
        self.payload, self.data, self.where = payload, data, where


def unescape(text):
    """The payload's bytes: UTF-8, with the {{...}} tokens replaced."""
    out, pos = b"", 0
    for m in TOKENS.finditer(text):
        out += text[pos:m.start()].encode("utf-8")
        t = m.group(1)
        out += NAMED[t] if t in NAMED else bytes([int(t[1:], 16)])
        pos = m.end()
    return out + text[pos:].encode("utf-8")


def url_bytes(b, form=False):
    """As written, but bytes that cannot stand in a request line (space,
    controls, DEL, >= 0x80, '#') percent-encoded; space is '+' in a form."""
    out = bytearray()
    for c in b:
        if c == 0x20 and form:
            out += b"+"
        elif c <= 0x20 or c >= 0x7f or c == 0x23:
            out += b"%%%02X" % c
        else:
            out.append(c)
    return bytes(out)


def json_tokens(path):
    if not path.startswith("$"):
        raise ValueError("JSON path must start with $: %r" % path)
    toks = []
    for key, idx in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path[1:]):
        toks.append(("key", key) if key else ("idx", int(idx)))
    return toks


def json_build(toks, leaf):
    if not toks:
        return leaf
    kind, v = toks[0]
    child = json_build(toks[1:], leaf)
    return {v: child} if kind == "key" else ["x"] * v + [child]


def xml_build(path, payload):
    """Nested elements along /a/b/c (c@attr: an attribute of c), the
    payload raw; namespace prefixes declared on the root."""
    attr = None
    if "@" in path.rsplit("/", 1)[-1]:
        path, attr = path.rsplit("@", 1)
    names = [n for n in path.split("/") if n]
    if not names:
        raise ValueError("empty XML path")
    ns = ""
    for p in sorted({n.split(":", 1)[0] for n in names if ":" in n}):
        uri = ("http://schemas.xmlsoap.org/soap/envelope/" if p == "soap"
               else "urn:example:" + p)
        ns += ' xmlns:%s="%s"' % (p, uri)
    head = "".join("<%s%s>" % (n, ns if i == 0 else "")
                   for i, n in enumerate(names[:-1])).encode()
    tail = "".join("</%s>" % n for n in reversed(names[:-1])).encode()
    last = names[-1]
    lns = ns if len(names) == 1 else ""
    if attr:
        leaf = ("<%s%s %s=\"" % (last, lns, attr)).encode() + payload \
            + b"\">1</" + last.encode() + b">"
    else:
        leaf = ("<%s%s>" % (last, lns)).encode() + payload \
            + ("</%s>" % last).encode()
    return b'<?xml version="1.0" encoding="UTF-8"?>' + head + leaf + tail


def multipart(name, value, filename=None):
    b = BOUNDARY.encode()
    out = b"--" + b + b"\r\n"
    out += b'Content-Disposition: form-data; name="' + name + b'"'
    if filename is not None:
        out += b'; filename="' + filename + b'"\r\nContent-Type: text/plain'
    out += b"\r\n\r\n" + value + b"\r\n"
    return out + b"--" + b + b"--\r\n"


def build(placement, payload):
    """(request bytes, where) for one line; ValueError when the line cannot
    be a request."""
    kind, _, arg = placement.partition(":")
    raw = unescape(payload)
    target, headers, body, ctype = b"/index.php", [], None, None
    ua = UA.encode()
    if kind in ("header", "ua", "referer", "cookie", "cookiename") and \
            (b"\r" in raw or b"\n" in raw):
        raise ValueError("CR or LF in a header")
    if kind == "query":
        target = b"/index.php?" + arg.encode() + b"=" + url_bytes(raw)
    elif kind == "qname":
        target = b"/index.php?" + url_bytes(raw) + b"=1"
    elif kind == "path":
        target = url_bytes(raw) if raw.startswith(b"/") else \
            b"/site/" + url_bytes(raw) + b"/view"
    elif kind == "cookie":
        headers.append((b"Cookie", b"lang=en; " + arg.encode() + b"=" + raw))
    elif kind == "cookiename":
        headers.append((b"Cookie", b"lang=en; " + raw + b"=1"))
    elif kind == "header":
        if not re.match(r"^[A-Za-z0-9-]+$", arg):
            raise ValueError("bad header name %r" % arg)
        headers.append((arg.encode(), raw))
    elif kind == "ua":
        ua = raw
    elif kind == "referer":
        headers.append((b"Referer", raw))
    elif kind == "form":
        body = arg.encode() + b"=" + url_bytes(raw, form=True)
        ctype = b"application/x-www-form-urlencoded"
    elif kind in ("json", "jsonkey"):
        text = raw.decode("utf-8", "surrogateescape")
        leaf = {text: "1"} if kind == "jsonkey" else text
        body = json.dumps(json_build(json_tokens(arg), leaf),
                          ensure_ascii=False).encode("utf-8",
                                                     "surrogateescape")
        target, ctype = b"/api/v1/items", b"application/json"
    elif kind == "xml":
        target, ctype = b"/service", b"text/xml; charset=utf-8"
        body = xml_build(arg, raw)
    elif kind == "jsonbody":
        target, ctype, body = b"/api/v1/items", b"application/json", raw
    elif kind == "xmlbody":
        target, ctype, body = b"/service", b"application/xml", raw
    elif kind == "multipart":
        target = b"/upload.php"
        ctype = b"multipart/form-data; boundary=" + BOUNDARY.encode()
        body = multipart(arg.encode(), raw)
    elif kind == "filename":
        target = b"/upload.php"
        ctype = b"multipart/form-data; boundary=" + BOUNDARY.encode()
        body = multipart(arg.encode(), b"hello\n", raw)
    else:
        raise ValueError("unknown placement %r" % placement)
    if kind not in PLACEMENTS:
        raise ValueError("unknown placement %r" % placement)
    method = b"GET" if body is None else b"POST"
    h = [(b"Host", b"localhost"), (b"User-Agent", ua),
         (b"Accept", b"text/html,application/xhtml+xml,*/*;q=0.8")]
    h += headers
    if body is not None:
        h += [(b"Content-Type", ctype),
              (b"Content-Length", str(len(body)).encode())]
    data = method + b" " + target + b" HTTP/1.1\r\n"
    data += b"".join(k + b": " + v + b"\r\n" for k, v in h)
    data += b"Connection: close\r\n\r\n" + (body or b"")
    return data, kind


def load_set(setdir):
    """Every line of every *.tsv file (attack classes, then benign)."""
    files = sorted(f for f in os.listdir(setdir) if f.endswith(".tsv"))
    order = {c: i for i, c in enumerate(CLASSES + OTHER + ["benign"])}
    files.sort(key=lambda f: order.get(f[:-4], 99))
    reqs, bad = [], []
    for fn in files:
        with open(os.path.join(setdir, fn), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.split("\t", 2)
                where = "%s:%d" % (fn, n)
                if len(parts) != 3 or \
                        parts[0] not in CLASSES + OTHER + ["benign"]:
                    bad.append("%s: not CLASS<TAB>PLACEMENT<TAB>PAYLOAD"
                               % where)
                    continue
                try:
                    data, kind = build(parts[1], parts[2])
                except ValueError as e:
                    bad.append("%s: %s" % (where, e))
                    continue
                reqs.append(Req(where, parts[0], kind, parts[2], data,
                                parts[1]))
    if bad:
        sys.exit("blind: bad lines:\n  " + "\n  ".join(bad))
    return reqs


CGI = b"""#!/bin/sh
# Reads the whole request body, as an application would, and answers.
cat >/dev/null
printf 'Content-Type: text/plain\\r\\n\\r\\nok\\n'
"""


def selftest_live(h):
    """The body must reach the module through the application: the
    integration tests' SQL injection in a form body is recorded, a plain
    form not. Their records are then dropped (the log starts afresh)."""
    form = b"application/x-www-form-urlencoded"
    for src, body in (("127.254.254.1",
                       b"user=admin%27+or+%271%27%3D%271%27--+&pw=x"),
                      ("127.254.254.2", b"user=admin&pw=x")):
        data = (b"POST /login HTTP/1.1\r\nHost: localhost\r\n"
                b"User-Agent: Mozilla/5.0\r\nContent-Type: " + form +
                b"\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                % len(body) + body)
        live.raw_status(h.port, data, src)
    rec = h.wait_for(lambda r: r.get("client") == "127.254.254.1")
    plain = [r for r in h.records() if r.get("client") == "127.254.254.2"]
    if not rec or plain:
        sys.exit("blind: live self-test failed (form attack %r, plain %r); "
                 "see %s" % (rec, plain, h.root))
    print("blind: live self-test: a form-body attack is recorded, a plain "
          "form not", file=sys.stderr)
    open(h.attack_log, "w").close()


def run_live(reqs, build_dir, signatures, jobs, keep):
    """Request index -> (flagged, categories), and the statuses."""
    os.environ["LW_BUILDDIR"] = os.path.abspath(build_dir)
    os.environ["LW_SRCDIR"] = SRC
    sys.path.insert(0, os.path.join(SRC, "test", "integration"))
    import lwhttpd  # noqa: E402
    if not os.path.exists(lwhttpd.module_path()):
        sys.exit("blind: no %s (build mod_logwatch.la first)"
                 % lwhttpd.module_path())
    h = lwhttpd.Httpd(mpm="event", signatures=[os.path.abspath(signatures)],
                      loglevel="warn",
                      mpm_conf="StartServers 2\nServerLimit 4\n"
                               "ThreadsPerChild 16\nMinSpareThreads 16\n"
                               "MaxSpareThreads 64\nMaxRequestWorkers 64\n")
    app = h.path("htdocs", "app.cgi")
    with open(app, "wb") as f:
        f.write(CGI)
    os.chmod(app, 0o755)
    # every path runs the application (instead of the harness's static
    # page and its .php -> 500 mapping)
    text, n = re.subn(r'(?m)^AliasMatch "\\\.php\$" .*$',
                      'ScriptAliasMatch "^/" "%s"' % app, h.config_text())
    if n != 1:
        sys.exit("blind: the harness's AliasMatch line is gone; update "
                 "run_live")
    text += "LoadModule cgi_module %s/mod_cgi.so\n" % lwhttpd.MODDIR
    with open(h.conf, "w") as f:
        f.write(text)
    statuses, recs, _ = live.run_lw(h, reqs, jobs, "blind live", keep,
                                    "blind", before=selftest_live)
    out = {}
    for r in recs:
        i = live.index_of(r.get("client", ""))
        if i is None or i >= len(reqs) or not live.is_attack_record(r):
            continue
        cats = set(r.get("categories", [])) - {"threshold", "server_error"}
        out.setdefault(i, set()).update(cats)
    return {i: (True, sorted(c)) for i, c in out.items()}, statuses


def run_modsec(reqs, jobs, keep, install):
    import modsec  # noqa: E402
    if not modsec.ensure_packages(install):
        return None, None
    try:
        statuses, acc, erules, _ = modsec.run_crs(
            modsec.Server(), reqs, jobs, "blind modsec", keep, "blind")
    except SystemExit as e:     # the live column still counts
        print("blind: %s" % e, file=sys.stderr)
        return None, None
    out, uninspected = {}, 0
    for i in range(len(reqs)):
        ip = live.source_ip(i)
        st, _p1, score = acc.get(ip, (statuses[i], None, None))
        statuses[i] = st
        if score is None:
            uninspected += 1
        if score is not None and score >= modsec.THRESHOLD:
            cats = sorted({modsec.CRS_CATS.get(f, "other")
                           for _, f in erules.get(ip, [])})
            out[i] = (True, cats)
    return (out, uninspected), statuses


def pct(a, n):
    return "%5.1f%%" % (100.0 * a / n) if n else "    -"


def table(title, keys, reqs, res, names, same=False):
    """Rows: key, n, then per detector flagged (and as its class)."""
    print(title)
    hdr = "  %-12s %5s" % ("", "n")
    for nm in names:
        hdr += "  %14s" % nm
        if same:
            hdr += "  %9s" % "as class"
    print(hdr)
    tot = collections.Counter()
    rows = []
    for key, sel in keys:
        idx = [i for i, q in enumerate(reqs) if sel(q)]
        if not idx:
            continue
        line = "  %-12s %5d" % (key, len(idx))
        for nm in names:
            f = sum(1 for i in idx if i in res[nm])
            line += "  %5d %s" % (f, pct(f, len(idx)))
            if same:
                s = sum(1 for i in idx if i in res[nm] and
                        set(res[nm][i][1]) & SAME.get(reqs[i].cls,
                                                      {reqs[i].cls}))
                line += "  %9s" % pct(s, len(idx)).strip()
            tot[nm] += f
        rows.append(line)
        tot["n"] += len(idx)
    print("\n".join(rows))
    return tot


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--build", default=os.path.join(SRC, "build"))
    ap.add_argument("--signatures",
                    default=os.path.join(SRC, "conf", "signatures"))
    ap.add_argument("--set", default=os.path.join(SRC, "test", "eval",
                                                  "blind"))
    ap.add_argument("--no-live", action="store_true")
    ap.add_argument("--no-modsec", action="store_true")
    ap.add_argument("--no-install", action="store_true")
    ap.add_argument("--jobs", type=int, default=16)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out = os.path.abspath(a.outdir)
    os.makedirs(out, exist_ok=True)
    reqs = load_set(a.set)
    res, status, names, uninspected = {}, {}, [], None
    if not a.no_live:
        res["mod_logwatch"], status["mod_logwatch"] = run_live(
            reqs, a.build, a.signatures, a.jobs, a.keep)
        names.append("mod_logwatch")
    if not a.no_modsec:
        r, st = run_modsec(reqs, a.jobs, a.keep, not a.no_install)
        if r is None:
            print("blind: no ModSecurity + CRS: no CRS column",
                  file=sys.stderr)
        else:
            (res["crs-pl1"], uninspected), status["crs-pl1"] = r, st
            names.append("crs-pl1")
    if not names:
        sys.exit("blind: neither detector ran")

    attacks = [q for q in reqs if q.cls != "benign"]
    benign = [q for q in reqs if q.cls == "benign"]
    other = [c for c in OTHER if any(q.cls == c for q in reqs)]
    # the output files are named after the set: blind.*, blind2.*
    prefix = os.path.basename(os.path.normpath(a.set))
    print("HELD-OUT: blind set (%s, written without reading the "
          "detectors): %d attacks, %d benign" % (
              os.path.relpath(os.path.abspath(a.set), SRC), len(attacks),
              len(benign)))
    tot = table("recall per class (flagged; 'as class': in the request's "
                "own category)",
                [(c, lambda q, c=c: q.cls == c) for c in CLASSES],
                reqs, res, names, same=True)
    print("  %-12s %5d" % ("all six" if other else "all", tot["n"]) +
          "".join("  %5d %s" % (tot[nm], pct(tot[nm], tot["n"])) +
                  "           " for nm in names))
    if other:
        tot2 = table("recall per class, the other classes (flagged in any "
                     "category)", [(c, lambda q, c=c: q.cls == c)
                                   for c in other], reqs, res, names)
        print("  %-12s %5d" % ("all other", tot2["n"]) + "".join(
            "  %5d %s" % (tot2[nm], pct(tot2[nm], tot2["n"]))
            for nm in names))
        n = tot["n"] + tot2["n"]
        print("  %-12s %5d" % ("all attacks", n) + "".join(
            "  %5d %s" % (tot[nm] + tot2[nm], pct(tot[nm] + tot2[nm], n))
            for nm in names))
    table("recall per placement (attacks)",
          [(p, lambda q, p=p: q.cls != "benign" and q.placement == p)
           for p in PLACEMENTS], reqs, res, names)
    table("false positives on the blind benign set (per placement)",
          [(p, lambda q, p=p: q.cls == "benign" and q.placement == p)
           for p in PLACEMENTS] +
          [("all benign", lambda q: q.cls == "benign")], reqs, res, names)
    nstat = {nm: collections.Counter(str(s) for s in status[nm])
             for nm in names}
    for nm in names:
        print("%s statuses: %s" % (nm, " ".join(
            "%s:%d" % kv for kv in sorted(nstat[nm].items()))))
    if uninspected is not None:
        print("crs-pl1: %d requests not inspected (httpd answered before "
              "phase 2), counted as not flagged" % uninspected)

    def cols(i, q):
        row = [q.rid, q.cls, q.where]
        for nm in names:
            v = res[nm].get(i)
            row += ["flagged" if v else "-", str(status[nm][i]),
                    ",".join(v[1]) if v else "-"]
        return row + [q.payload]
    head = ["where", "class", "placement"]
    for nm in names:
        head += [nm, nm + " status", nm + " categories"]
    head.append("payload")
    files = {k: open(os.path.join(out, "%s.%s.tsv" % (prefix, k)), "w",
                     encoding="utf-8")
             for k in ("results", "misses", "fp")}
    try:
        for f in files.values():
            f.write("\t".join(head) + "\n")
        for i, q in enumerate(reqs):
            line = "\t".join(cols(i, q)) + "\n"
            files["results"].write(line)
            hit = [i in res[nm] for nm in names]
            if q.cls != "benign" and not all(hit):
                files["misses"].write(line)
            if q.cls == "benign" and any(hit):
                files["fp"].write(line)
    finally:
        for f in files.values():
            f.close()
    summary = {"attacks": len(attacks), "benign": len(benign)}
    for nm in names:
        summary[nm] = {
            "class": {c: sum(1 for i, q in enumerate(reqs)
                             if q.cls == c and i in res[nm])
                      for c in CLASSES + other},
            "placement": {p: sum(1 for i, q in enumerate(reqs)
                                 if q.cls != "benign" and q.placement == p
                                 and i in res[nm]) for p in PLACEMENTS},
            "benign_flagged": sum(1 for i, q in enumerate(reqs)
                                  if q.cls == "benign" and i in res[nm])}
    summary["n_class"] = {c: sum(1 for q in reqs if q.cls == c)
                          for c in CLASSES + other}
    summary["n_placement"] = {p: sum(1 for q in attacks if q.placement == p)
                              for p in PLACEMENTS}
    with open(os.path.join(out, "%s.summary.json" % prefix), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    print("blind: every request %s, misses %s, false positives %s" % tuple(
        os.path.join(out, "%s.%s.tsv" % (prefix, k))
        for k in ("results", "misses", "fp")))


if __name__ == "__main__":
    main()
