#!/usr/bin/python3
"""A quick model of the signature engine, for writing rules without a build.

It parses the *.rules files, normalises fields the way conf/signatures/FORMAT
says, and runs the patterns with the system's PCRE2 (caseless, bytes) through
ctypes. The C engine (lw_sig.c, lw_engine.c) is the authority: this is only a
development aid, and scripts/eval-corpus measures with logwatch-scan.

  proto.py check RULES_DIR                 check every rule's examples
  proto.py scan RULES_DIR requests.tsv     classify the generated requests
  proto.py one RULES_DIR 'example'         show what one example hits
"""
import ctypes
import html
import os
import re
import sys
import urllib.parse

pc = ctypes.CDLL("libpcre2-8.so.0")
pc.pcre2_compile_8.restype = ctypes.c_void_p
pc.pcre2_compile_8.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32,
                               ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_size_t),
                               ctypes.c_void_p]
pc.pcre2_match_data_create_from_pattern_8.restype = ctypes.c_void_p
pc.pcre2_match_data_create_from_pattern_8.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
pc.pcre2_match_8.restype = ctypes.c_int
pc.pcre2_match_8.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t,
                             ctypes.c_uint32, ctypes.c_void_p, ctypes.c_void_p]
pc.pcre2_match_context_create_8.restype = ctypes.c_void_p
pc.pcre2_match_context_create_8.argtypes = [ctypes.c_void_p]
pc.pcre2_set_match_limit_8.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
pc.pcre2_set_depth_limit_8.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
pc.pcre2_get_ovector_pointer_8.restype = ctypes.POINTER(ctypes.c_size_t)
pc.pcre2_get_ovector_pointer_8.argtypes = [ctypes.c_void_p]
pc.pcre2_get_error_message_8.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t]
PCRE2_CASELESS = 0x00000008
MCTX = pc.pcre2_match_context_create_8(None)
pc.pcre2_set_match_limit_8(MCTX, 10000)
pc.pcre2_set_depth_limit_8(MCTX, 1000)
LIMIT_HITS = [0]

SEV = {"info": 0, "low": 2, "medium": 3, "high": 4, "critical": 5}
TARGETS = {"method", "uri", "path", "query", "arg_names", "args", "user_agent",
           "referer", "cookie", "headers"}
MIN_SCORE = 3
MAX_INSPECT = 8192


class Rule:
    pass


def compile_re(pat):
    err = ctypes.c_int()
    off = ctypes.c_size_t()
    b = pat.encode("latin-1")
    code = pc.pcre2_compile_8(b, len(b), PCRE2_CASELESS, ctypes.byref(err), ctypes.byref(off), None)
    if not code:
        buf = ctypes.create_string_buffer(256)
        pc.pcre2_get_error_message_8(err.value, buf, 256)
        raise ValueError("pattern error at %d: %s" % (off.value, buf.value.decode()))
    md = pc.pcre2_match_data_create_from_pattern_8(code, None)
    return code, md


def re_search(rule, subj):
    rc = pc.pcre2_match_8(rule.code, subj, len(subj), 0, 0, rule.md, MCTX)
    if rc > 0:
        ov = pc.pcre2_get_ovector_pointer_8(rule.md)
        return subj[ov[0]:ov[1]]
    if rc < -2:
        LIMIT_HITS[0] += 1
    return None


def load_rules(d):
    files = [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".rules")] \
        if os.path.isdir(d) else [d]
    rules, errs = [], []
    ids = set()
    for fn in files:
        cur = None
        with open(fn, encoding="latin-1") as f:
            for n, line in enumerate(f, 1):
                s = line.strip()
                if not s or s.startswith("#"):
                    continue
                parts = s.split(None, 1)
                key, val = parts[0], (parts[1] if len(parts) > 1 else "")
                if key == "rule":
                    cur = Rule()
                    cur.id, cur.file, cur.line = int(val), fn, n
                    if cur.id in ids:
                        errs.append("%s:%d: duplicate id %s" % (fn, n, val))
                    ids.add(cur.id)
                    cur.literals, cur.match, cur.nomatch = [], [], []
                    cur.form, cur.targets = "norm", []
                    rules.append(cur)
                    continue
                if cur is None:
                    errs.append("%s:%d: key outside a rule" % (fn, n))
                    continue
                if key == "category":
                    cur.category = val
                elif key == "severity":
                    cur.severity = val
                elif key == "msg":
                    cur.msg = val
                elif key == "target":
                    cur.targets = val.split()
                    for t in cur.targets:
                        if t not in TARGETS:
                            errs.append("%s:%d: unknown target %s" % (fn, n, t))
                elif key == "form":
                    cur.form = val
                elif key == "literal":
                    cur.literals.append(val.lower().encode("latin-1"))
                elif key == "pattern":
                    cur.pattern = val
                    try:
                        cur.code, cur.md = compile_re(val)
                    except ValueError as e:
                        errs.append("%s:%d: %s" % (fn, n, e))
                elif key == "detector":
                    cur.detector = val
                elif key == "match":
                    cur.match.append((n, val))
                elif key == "nomatch":
                    cur.nomatch.append((n, val))
                else:
                    errs.append("%s:%d: unknown key %s" % (fn, n, key))
    # Detector rules (a C tokenizer) are not modelled here: left out.
    return [r for r in rules if not getattr(r, "detector", None)], errs


# ---------------------------------------------------------------- normalise
PCT = re.compile(rb"%u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})")
ENT = re.compile(rb"&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?")
NAMED = {b"lt": b"<", b"gt": b">", b"amp": b"&", b"quot": b'"', b"apos": b"'",
         b"nbsp": b"\xc2\xa0", b"colon": b":", b"lpar": b"(", b"rpar": b")",
         b"sol": b"/", b"tab": b"\t", b"newline": b"\n", b"semi": b";", b"equals": b"=",
         b"num": b"#", b"bsol": b"\\", b"grave": b"`", b"period": b"."}


def _pct(m):
    if m.group(1):
        return chr(int(m.group(1), 16)).encode("utf-8", "surrogatepass")
    return bytes([int(m.group(2), 16)])


def _ent(m):
    g = m.group(1)
    try:
        if g[:2].lower() == b"#x":
            v = int(g[2:], 16)
        elif g[:1] == b"#":
            v = int(g[1:])
        else:
            r = NAMED.get(g.lower())
            return r if r is not None else m.group(0)
        if v > 0x10ffff:
            return m.group(0)
        return chr(v).encode("utf-8", "surrogatepass") if v > 0x7f else bytes([v])
    except ValueError:
        return m.group(0)


OVER2 = re.compile(rb"[\xc0\xc1][\x80-\xbf]")
OVER3 = re.compile(rb"\xe0[\x80-\x81][\x80-\xbf]")
OVER4 = re.compile(rb"\xf0\x80\x80[\x80-\xbf]")
FULLW = re.compile(rb"\xef(\xbc[\x81-\xbf]|\xbd[\x80-\x9e])")
SQLC = re.compile(rb"/\*(!\d*)?(.*?)(\*/|$)", re.S)
WS = re.compile(rb"[ \t\n\r\v\f\xa0]+")


def _fullw(m):
    b = m.group(0)
    cp = ((b[0] & 0x0f) << 12) | ((b[1] & 0x3f) << 6) | (b[2] & 0x3f)
    return bytes([cp - 0xfee0])


def _sqlc(m):
    if m.group(1) is not None:
        return b" " + m.group(2) + b" "
    return b" "


def normalize(b, plus=False):
    for r in range(4):
        o = b
        if plus and r == 0:
            b = b.replace(b"+", b" ")
        b = PCT.sub(_pct, b)
        b = ENT.sub(_ent, b)
        if b == o:
            break
    b = OVER4.sub(lambda m: bytes([m.group(0)[3] & 0x3f]), b)
    b = OVER3.sub(lambda m: bytes([((m.group(0)[1] & 0x3f) << 6 | (m.group(0)[2] & 0x3f)) & 0x7f]), b)
    b = OVER2.sub(lambda m: bytes([((m.group(0)[0] & 0x1f) << 6 | (m.group(0)[1] & 0x3f)) & 0x7f]), b)
    b = b.replace(b"\xc2\xa0", b" ")
    b = FULLW.sub(_fullw, b)
    b = b.replace(b"\x00", b"")
    b = b.replace(b"\\", b"/")
    b = re.sub(rb"/{2,}", b"/", b)
    while b"/./" in b:
        b = b.replace(b"/./", b"/")
    b = SQLC.sub(_sqlc, b)
    b = WS.sub(b" ", b)
    return b


# ---------------------------------------------------------------- requests
def fields(method, target, headers):
    """[(target-kind, field-name, raw bytes, plus)]"""
    out = [("method", "method", method, False), ("uri", "uri", target, False)]
    path, q, query = target.partition(b"?")
    out.append(("path", "path", path, False))
    if q:
        out.append(("query", "query", query, True))
        for pair in query.split(b"&"):
            if not pair:
                continue
            name, eq, val = pair.partition(b"=")
            out.append(("arg_names", "arg_names", name, True))
            if eq:
                out.append(("args", "args:" + name.decode("latin-1"), val, True))
    for hn, hv in headers:
        k = hn.lower()
        if k == "user-agent":
            out.append(("user_agent", "user_agent", hv, False))
        elif k == "referer":
            out.append(("referer", "referer", hv, False))
        elif k == "cookie":
            out.append(("cookie", "cookie", hv, True))
        else:
            out.append(("headers", "header:" + hn, hv, False))
    return out


def classify(rules, method, target, headers):
    fl = fields(method, target, headers)
    cache = {}
    hits = []
    for r in rules:
        if not hasattr(r, "code"):
            continue
        for kind, fname, raw, plus in fl:
            if kind not in r.targets:
                continue
            raw = raw[:MAX_INSPECT]
            if r.form == "raw":
                v = raw
            else:
                key = (fname, raw)
                if key not in cache:
                    cache[key] = normalize(raw, plus)
                v = cache[key]
            if r.literals:
                lv = v.lower()
                if not any(l in lv for l in r.literals):
                    continue
            m = re_search(r, v)
            if m is not None:
                hits.append((r, fname, m))
                break
    score = sum(SEV[h[0].severity] for h in hits)
    return score, hits


def parse_example(ex):
    m = re.match(r"^([A-Za-z][A-Za-z0-9-]*):\s?(.*)$", ex)
    if m and not ex.startswith("/"):
        return b"GET", b"/", [(m.group(1), m.group(2).encode("latin-1"))]
    parts = ex.split(" ", 1)
    if len(parts) == 2 and not ex.startswith("/"):
        return parts[0].encode(), parts[1].encode("latin-1"), []
    return b"GET", ex.encode("latin-1"), []


def check(rules):
    bad = 0
    for r in rules:
        for attr in ("category", "severity", "msg", "pattern"):
            if not hasattr(r, attr):
                print("%s:%d: rule %d lacks %s" % (r.file, r.line, r.id, attr))
                bad += 1
        if not r.match or not r.nomatch or not r.targets:
            print("%s:%d: rule %d lacks match/nomatch/target" % (r.file, r.line, r.id))
            bad += 1
        if not hasattr(r, "code"):
            continue
        for n, ex in r.match:
            _, hits = classify([r], *parse_example(ex))
            if not hits:
                # say why: literal missing?
                print("%s:%d: rule %d misses its match example %s" % (r.file, n, r.id, ex))
                bad += 1
        for n, ex in r.nomatch:
            _, hits = classify([r], *parse_example(ex))
            if hits:
                print("%s:%d: rule %d hits its nomatch example %s (%r)" % (r.file, n, r.id, ex, hits[0][2]))
                bad += 1
        if not r.literals:
            print("%s:%d: note: rule %d has no literal" % (r.file, r.line, r.id))
    return bad


def main():
    cmd, d = sys.argv[1], sys.argv[2]
    rules, errs = load_rules(d)
    for e in errs:
        print(e)
    if cmd == "check":
        bad = check(rules)
        print("%d rules, %d errors, %d problems" % (len(rules), len(errs), bad))
        sys.exit(1 if errs or bad else 0)
    if cmd == "one":
        for ex in sys.argv[3:]:
            score, hits = classify(rules, *parse_example(ex))
            print(score, ex)
            for r, f, m in hits:
                print("   %d %s %s %s %r" % (r.id, r.category, r.severity, f, m[:80]))
        return
    if cmd == "scan":
        # reads requests.tsv; prints "id<TAB>score<TAB>rule:cat:sev:field ..."
        with open(sys.argv[3], encoding="latin-1") as f:
            next(f)
            for line in f:
                p = line.rstrip("\n").split("\t")
                ua = p[6].encode("latin-1").decode("unicode_escape").encode("latin-1")
                score, hits = classify(rules, b"GET", p[5].encode("latin-1"), [("User-Agent", ua)])
                print("%s\t%d\t%s" % (p[0], score, " ".join(
                    "%d:%s:%s:%s" % (r.id, r.category, r.severity, fl) for r, fl, m in hits)))
        print("limit hits: %d" % LIMIT_HITS[0], file=sys.stderr)
        return
    if cmd == "nasa":
        rx = re.compile(rb'"(\S+) (\S+)(?: [^"]*)?"')
        with open(sys.argv[3], "rb") as f:
            for n, line in enumerate(f, 1):
                m = rx.search(line)
                if not m:
                    continue
                score, hits = classify(rules, m.group(1), m.group(2), [])
                if score >= MIN_SCORE or (hits and len(sys.argv) > 4):
                    print("%d\t%d\t%s\t%s" % (n, score, m.group(2).decode("latin-1"), " ".join(
                        "%d:%s:%s:%r" % (r.id, r.category, fl, mm[:60]) for r, fl, mm in hits)))
        return


if __name__ == "__main__":
    main()
