#!/usr/bin/python3
"""Seed corpora for the libFuzzer harnesses, built from the shared corpus
(../shared/corpus) and the shipped signatures at run time.
    make_corpus.py SRCDIR CORPUSDIR OUTDIR
writes OUTDIR/<harness>/NNNN seeds (a sample: libFuzzer mutates from them).
"""
import glob
import os
import random
import re
import sys
import urllib.parse

src, corpus, out = sys.argv[1:4]
rnd = random.Random(6)      # same seeds on every run


def lines(path, enc="latin-1"):
    try:
        with open(path, "rb") as f:
            return [l.rstrip(b"\r\n") for l in f if l.strip()]
    except OSError:
        return []


def write(name, seeds):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    for i, s in enumerate(seeds):
        with open(os.path.join(d, "%05d" % i), "wb") as f:
            f.write(s)
    print("%-10s %d seeds" % (name, len(seeds)))


payloads = []
for p in sorted(glob.glob(os.path.join(corpus, "payloads", "*", "*.txt"))):
    payloads += [l for l in lines(p) if len(l) < 2000]
payloads = rnd.sample(payloads, min(600, len(payloads)))
seed_log = lines(os.path.join(corpus, "seed", "seed_requests.log"))
nasa = lines(os.path.join(corpus, "benign", "nasa_jul95_first10k.log"))[:200]
agents = lines(os.path.join(corpus, "benign", "popular_user_agents.txt"))[:50]
SEED_RE = re.compile(rb'^(\S+) (\S+) \S+ \S+ \[[^\]]+\] "((?:[^"\\]|\\.)*)" '
                     rb'\d{3} \S+ "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"')
seed_reqs = []
for l in seed_log:
    m = SEED_RE.match(l)
    if m:
        parts = m.group(3).split(b" ")
        seed_reqs.append(b"\n".join([parts[0], parts[1],
                                     parts[2] if len(parts) > 2 else b"",
                                     m.group(5), m.group(4)]))

# normaliser: a flag byte, then a payload as sent (encoded or not)
norm = []
for i, p in enumerate(payloads):
    v = p if i % 2 else urllib.parse.quote_from_bytes(p).encode()
    norm.append(bytes([i % 4]) + v)
norm += [b"\x02/a/%2e%2e/%252e%252e/%u002e%c0%ae/b", b"\x01a+b%2B&#x2f;&lt;"]
write("norm", norm)

# classifier: method \n target \n protocol \n UA \n Referer \n Cookie
cls = list(seed_reqs)
for i, p in enumerate(payloads[:400]):
    q = urllib.parse.quote_from_bytes(p).encode()
    ua = agents[i % len(agents)] if agents else b"Mozilla/5.0"
    cls.append(b"GET\n/index.php?id=" + q + b"\nHTTP/1.1\n" + ua)
for l in nasa[:50]:
    m = re.search(rb'"([^"]*)"', l)
    if m and m.group(1).count(b" ") == 2:
        cls.append(m.group(1).replace(b" ", b"\n"))
# the standard headers' grammars (part 7 names the header whose value is
# part 6), a Referer that is no URL, a JSON document in a cookie
for name, v in [(b"Authorization", b"Basic YWRtaW4nIE9SIDE9MS0tIC06eA=="),
                (b"Authorization", b'Digest username="a\\"b", uri="/x?y=1"'),
                (b"Proxy-Authorization", b"Bearer a.b.c, x=\"y"),
                (b"Origin", b"https://[::1]:8443"), (b"Host", b"a.example:80"),
                (b"If-None-Match", b'W/"5f2a"')]:
    cls.append(b"GET\n/\nHTTP/1.1\nMozilla/5.0\nuser[$ne]=1\n"
               b"p=%7B%22a%22%3A%5B%22b%22%5D%7D; q={\"c\":1}\n" + v + b"\n" + name)
write("classify", cls)

# signature files: each rule of the shipped set alone, and two whole files
sig = []
for p in sorted(glob.glob(os.path.join(src, "conf", "signatures", "*.rules"))):
    text = open(p, "rb").read()
    for block in re.split(rb"\n(?=rule )", text):
        if block.startswith(b"rule "):
            sig.append(block + b"\n")
sig = rnd.sample(sig, min(150, len(sig)))
for p in sorted(glob.glob(os.path.join(src, "conf", "signatures", "*.rules")))[:2]:
    sig.append(open(p, "rb").read())
# the detectors' word tables (fuzz_sig loads every input as one too)
for p in sorted(glob.glob(os.path.join(src, "conf", "signatures", "*.words"))):
    sig.append(open(p, "rb").read())
sig.append(b"# a word table\n[keyword]\nselect\nunion\n")
write("sig", sig)

# LogFormat: a format line, then log lines
fmt_seed = (b'%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" '
            b'%{UNIQUE_ID}e "%{X-Other}i"')
lf = [fmt_seed + b"\n" + b"\n".join(seed_log),
      b"common\n" + b"\n".join(nasa[:20]),
      b'%h %a %l %u %t "%r" %>s %s %B %V %p %D %T "%{X}n" %{E}e %%\n'
      + b"\n".join(nasa[20:25])]
for l in seed_log + nasa[:40]:
    lf.append(b"combined\n" + l)
write("logformat", lf)

# leak scanner: a categories byte, then response text (the leak rules'
# examples, unescaped, under every category)
leak = []
for l in lines(os.path.join(src, "conf", "signatures", "95-leak.rules")):
    l = l.strip()
    for key in (b"match ", b"nomatch "):
        if l.startswith(key):
            t = l[len(key):].strip()
            t = (t.replace(b"\\n", b"\n").replace(b"\\r", b"\r")
                 .replace(b"\\t", b"\t").replace(b"\\0", b"\0"))
            leak += [bytes([c]) + t for c in (1, 4, 16, 255)]
leak += [b"\xff<html><head><title>Index of /</title></head><body></body></html>"]
write("leak", leak)

# attack records: the seed's records, and every harness's JSON too
recs = lines(os.path.join(src, "test", "integration", "data",
                          "seed_records.jsonl"))
write("record", recs)
# the fast reader against the reference: the same records, and the forms
# it leaves to the reference (escapes, odd numbers, other orders)
write("sumfast", recs + [
    b'{"time":"2024-03-01 10:00:00.5Z","uri":"\\/a\\b\\f\\n\\r\\t\\u00e9",'
    b'"rules":[{"id":4294967295,"msg":null,"other":[[]]}],"port":65535,'
    b'"score":1000000,"status":5e2,"forwarded":"x","peer":null}',
    b' { "client" : "1.2.3.4" , "categories" : [ "xss" , "future" ] } ',
    b'{"time":"2024-03-01T10:00:00.000000+01:00","client":"a","client":7}',
    b'{"verdict":"leaked","evidence":{"id":900100,"msg":"m","excerpt":"root:x"},"rules":[]}'])
write("json", recs + [b'{"a":[1,2.5e3,-0,true,false,null,"\\u00e9\\ud83d\\ude00"]}',
                      b'[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]', b'"\\x"'])

# xss detector: decoded values (payloads, User-Agents, request targets)
xss_seeds = [urllib.parse.unquote_to_bytes(p) for p in payloads[:300]]
xss_seeds += agents[:20] + [l.split(b'"')[1] for l in nasa[:20] if b'"' in l]
xss_seeds += [b"<svg onload=alert(1)>", b"'-alert`1`-'", b"java\tscript:x()",
              b"window['al'+'ert'](1)", b"(![]+[])[+[]]", b"<x a='<y b=\"<z"]
write("detect_xss", xss_seeds)

# the SQL injection detector: decoded values, attacks and benign ones
sqli = [l for l in payloads]
for p in sorted(glob.glob(os.path.join(corpus, "payloads", "patt", "SQL*"))):
    sqli += lines(p)[:40]
sqli += lines(os.path.join(src, "test", "eval", "written", "sqli.txt"))
sqli += lines(os.path.join(src, "test", "eval", "written", "benign-sqli.txt"))
sqli += [l for l in agents[:20]]
write("detect_sqli", sqli)

# the shell detector: decoded values, attacks and benign ones
shell = [urllib.parse.unquote_to_bytes(p) for p in payloads[:200]]
for p in sorted(glob.glob(os.path.join(corpus, "payloads", "patt", "Command*"))):
    shell += [urllib.parse.unquote_to_bytes(l) for l in lines(p)[:120]]
for f in ("shell.txt", "benign-shell.txt"):
    shell += [l for l in lines(os.path.join(src, "test", "eval", "written", f))
              if not l.startswith(b"#")]
shell += agents[:20] + [l.split(b'"')[1] for l in nasa[:20] if b'"' in l]
write("detect_shell", shell)

# request bodies: forms made of the payloads, multipart (first line: the
# boundary), JSON and XML holding them
form = [b"user=bob&pw=secret", b"a=1&a=2&&=&b", b"q=%27+or+1%3D1--"]
form += [b"q=" + urllib.parse.quote_from_bytes(p).encode() + b"&x=1"
         for p in payloads[:150]]
write("body_form", form)
mp = []
for i, p in enumerate(payloads[:100]):
    mp.append(b"XyZ\npre\r\n--XyZ\r\nContent-Disposition: form-data; "
              b"name=\"f%d\"\r\n\r\n" % i + p + b"\r\n--XyZ\r\n"
              b"Content-Disposition: form-data; name=\"up\"; filename=\""
              + p[:40].replace(b'"', b"") + b"\"\r\nContent-Type: x/y\r\n\r\n"
              b"data\r\n--XyZ--\r\n")
mp += [b"\"b\"\n--b\nContent-Disposition: form-data; name=a\n\n1\n--b--",
       b"b\n--b\r\nContent-Disposition: form-data; filename*=UTF-8''x\r\n\r\n"]
write("body_multipart", mp)
def jstr(b):
    return b'"' + b.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'
js = [b'{"user":{"name":' + jstr(p) + b',"tags":[1,' + jstr(p[:10]) + b']}}'
      for p in payloads[:150]]
js += [b'{"a":[1,2.5e3,-0,true,false,null,"\\u00e9\\ud83d\\ude00"]}',
       b'[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]', b'{"a": 1 union select 2}']
write("body_json", js)
xml = [b'<?xml version="1.0"?><s:Envelope xmlns:s="u"><s:Body><q id="1">'
       + p.replace(b"<", b"&lt;") + b'</q><![CDATA[' + p + b']]></s:Body>'
       b'</s:Envelope>' for p in payloads[:150]]
xml += [b"<a><!-- c --><b x='1'/>t</a>", b"<a><<<>>></"]
# document type declarations: internal subsets, comments and quotes in
# them, parameter entities, one left open
xml += [b'<?xml version="1.0"?><!DOCTYPE r [<!-- ]> --><!ENTITY % p SYSTEM '
        b'"http://x/d.dtd"> %p;<!ENTITY a "x>]">]><r>&a;</r>',
        b"<!DOCTYPE r PUBLIC '-//A//DTD B//EN' 'http://x/b.dtd'><r/>",
        b"<!doctype r [<!ENTITY a 'x><r>1</r>", b"<!DOCTYPE"]
write("body_xml", xml)
mp += [b"B\n--B\r\nContent-Disposition: form-data; name=\"up\"; filename="
       b"\"a.svg\"\r\n\r\n\xef\xbb\xbf<?xml version=\"1.0\"?><!-- c --><!DOCTYPE "
       b"svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>&x;</svg>\r\n"
       b"--B--\r\n", b"B\n--B\r\nContent-Disposition: form-data; name=\"up\"; "
       b"filename=\"a.svg\"\r\n\r\n<?x <!DOCTYPE [ '"]
write("body_multipart", mp)

# bodies through the classifier: the first byte picks the Content-Type
# (0 form, 1 multipart with boundary "B", 2 JSON, 3 XML, 4 not inspected;
# 0x80: a short inspection length)
bc = [bytes([0]) + b for b in form[:60]]
bc += [bytes([1]) + b"--B\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n"
       + p + b"\r\n--B--\r\n" for p in payloads[:60]]
bc += [bytes([2]) + b for b in js[:60]] + [bytes([3]) + b for b in xml[:40]]
bc += [bytes([0x80]) + form[3], bytes([4]) + form[3]]
write("body_classify", bc)
