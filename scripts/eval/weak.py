#!/usr/bin/python3
"""Severity calibration: one weak signal alone is never 'high'.

  weak.py OUTDIR LOGWATCH_SCAN SIGNATURES

Each probe below carries exactly one weak signal (a lone quote, a single
../, a lone angle bracket or separator...) in an otherwise ordinary
request, raw and URL-encoded, in a parameter and in the path. logwatch-scan
classifies them (the live module agrees with it request by request, see
live.py); a probe whose record is 'high' or 'critical' fails the target.
Writes OUTDIR/weak.log, OUTDIR/weak.jsonl and OUTDIR/weak.json (probes,
flagged, high: the failing probes) and prints one line per flagged probe.
"""
import json
import os
import subprocess
import sys
import urllib.parse

BROWSER_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
              "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")

# (what, value): the value goes into ?id=, ?q=, and (when it is legal
# there) into a path segment.
SIGNALS = [
    ("lone single quote", "'"), ("lone double quote", '"'),
    ("quote after a word", "O'Brien"), ("backtick", "`"),
    ("single ../", "../"), ("single ..\\", "..\\"),
    ("../ then a page", "../index.html"), ("single ..%2f", "..%2f"),
    ("lone <", "<"), ("lone >", ">"), ("a < b", "a < b"),
    ("lone ;", ";"), ("lone |", "|"), ("lone &&", "&&"),
    ("SQL comment --", "--"), ("lone /*", "/*"), ("lone #", "#"),
    ("lone (", "("), ("lone )", ")"), ("lone $", "$"),
    ("NUL byte", "\x00"), ("lone %", "%"), ("lone =", "="),
    ("lone {", "{"), ("lone }", "}"), ("lone ${", "${"),
    ("word or", "or"), ("word select", "select"), ("word union", "union"),
    ("word script", "script"), ("word passwd", "passwd"),
    ("word cmd", "cmd"), ("word http", "http://example.com/"),
]


def probes():
    for what, v in SIGNALS:
        e = urllib.parse.quote(v.encode("latin-1"), safe="")
        yield what, "param, encoded", "/index.php?id=" + e
        yield what, "search, encoded", "/search?q=x" + e + "y"
        if all(0x21 <= ord(c) <= 0x7e and c not in '"\\#&?%' for c in v):
            yield what, "param, raw", "/index.php?id=" + v
            yield what, "path, raw", "/docs/" + v + "/page.html"
        yield what, "path, encoded", "/docs/" + e + "/page.html"


def main():
    out, scan, sigs = sys.argv[1:4]
    rows = list(probes())
    log = os.path.join(out, "weak.log")
    with open(log, "w", encoding="latin-1") as f:
        for i, (what, where, t) in enumerate(rows):
            f.write('192.0.2.9 - - [27/Nov/2026:00:00:00 +0000] "GET %s '
                    'HTTP/1.1" 200 512 "-" "%s" weak-%04d\n' % (t, BROWSER_UA, i))
    fmt = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %{UNIQUE_ID}e'
    jl = os.path.join(out, "weak.jsonl")
    with open(jl, "w") as g:
        subprocess.run([scan, "--default-signatures", sigs, "--format", fmt, log],
                       stdout=g, stderr=subprocess.DEVNULL, check=True)
    recs = {}
    with open(jl) as f:
        for line in f:
            r = json.loads(line)
            recs[r["request_id"]] = r
    high, flagged = [], 0
    for i, (what, where, t) in enumerate(rows):
        r = recs.get("weak-%04d" % i)
        if not r:
            continue
        flagged += 1
        bad = r["severity"] in ("high", "critical")
        if bad:
            high.append("%s (%s): %s" % (what, where, t))
        print("weak signal %-20s %-16s %-8s score %2d %s%s" % (
            what, where, r["severity"], r["score"],
            " ".join(str(h["id"]) for h in r["rules"]),
            "   <-- FAILS" if bad else ""))
    print("weak signals: %d probes, %d flagged, %d high or critical"
          % (len(rows), flagged, len(high)))
    with open(os.path.join(out, "weak.json"), "w") as f:
        json.dump({"probes": len(rows), "flagged": flagged, "high": high}, f)


if __name__ == "__main__":
    main()
