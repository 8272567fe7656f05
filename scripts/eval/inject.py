#!/usr/bin/python3
"""Recall per class of the injection values in test/eval/written/inject.txt
(and of extra payload lists), and false positives on their benign
look-alikes, with logwatch-scan.

  inject.py --scan BUILDDIR/logwatch-scan [--signatures DIR]
            [--set NAME] [--list CATEGORY:CLASS:FILE]... [--lines]

inject.txt has a section per class ("# [CATEGORY CLASS]", the category the
rules should give it). Each value is sent as ?id=VALUE of an ordinary page
and as a path segment (/api/items/VALUE), except the protocol classes
(CRLF and mail headers), which live in parameters. A --list file holds one
value per line, sent the same way; its CLASS "crlf" takes each line as a
request-target (as PayloadsAllTheThings' CRLF list is written). The benign
look-alikes (written/benign-inject.txt) go as ?q=VALUE. A value counts as
detected when its request is flagged (score at LogWatchMinScore's
default), "same category" when a rule of its category is among the hits.
--lines lists the misses and false positives. --set code reads
written/code.txt and written/benign-code.txt instead (the classes of
56-code.rules); a line of its that starts with '/' is a request-target,
sent as it is. Bodies and headers only the module sees:
test/integration/test_inject.py and test_code.py.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import urllib.parse

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FMT = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %{UNIQUE_ID}e'
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"


def enc(v):
    return urllib.parse.quote(v, safe="")


def values(path):
    with open(path, encoding="latin-1") as f:
        for line in f:
            v = line.rstrip("\r\n")
            if v:
                yield v


def sections(path):
    """(category, class, value) of each value of inject.txt."""
    sec = None
    for v in values(path):
        if v.startswith("# [") and v.endswith("]"):
            sec = v[3:-1].split()
        elif not v.startswith("#"):
            if not sec or len(sec) != 2:
                sys.exit("inject.py: %s: a value before any section" % path)
            yield sec[0], sec[1], v


def rows_for(set_, cat, cls, v):
    if (cls == "crlf" and set_ != "written") or v.startswith("/"):
        return [(set_ + " " + cls, cat, v, v)]
    out = [(set_ + " " + cls, cat, "/index.php?id=" + enc(v), v)]
    if cat != "protocol":
        out.append((set_ + " " + cls + " (path)", cat, "/api/items/" + enc(v), v))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scan", required=True)
    ap.add_argument("--signatures", default=os.path.join(SRC, "conf", "signatures"))
    ap.add_argument("--set", default="inject")
    ap.add_argument("--list", action="append", default=[])
    ap.add_argument("--lines", action="store_true")
    a = ap.parse_args()
    wdir = os.path.join(SRC, "test", "eval", "written")
    rows = []
    for cat, cls, v in sections(os.path.join(wdir, a.set + ".txt")):
        rows += rows_for("written", cat, cls, v)
    for spec in a.list:
        cat, cls, path = spec.split(":", 2)
        for v in values(path):
            rows += rows_for(os.path.basename(path), cat, cls, v)
    bname = "benign-%s.txt" % a.set
    for v in values(os.path.join(wdir, bname)):
        if not v.startswith("#"):
            rows.append((bname, None, "/search.php?q=" + enc(v), v))
    log = "".join('127.0.0.1 - - [07/Dec/2026:06:00:00 +0000] "GET %s HTTP/1.1" '
                  '200 5 "-" "%s" r%d\n' % (r[2], UA, i) for i, r in enumerate(rows))
    p = subprocess.run([a.scan, "--default-signatures", a.signatures, "--format", FMT, "-"],
                       input=log.encode("latin-1"), capture_output=True)
    if p.returncode != 0:
        sys.exit("inject.py: logwatch-scan: %s" % p.stderr.decode(errors="replace"))
    recs = {}
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        if line.strip():
            r = json.loads(line)
            recs[r["request_id"]] = r
    tot, hit, same = collections.Counter(), collections.Counter(), collections.Counter()
    detail = []
    for i, (name, cat, _, v) in enumerate(rows):
        r = recs.get("r%d" % i)
        tot[name] += 1
        hit[name] += r is not None
        same[name] += bool(r and cat in r.get("categories", []))
        if a.lines and cat and not r:
            detail.append("miss\t%s\t%s" % (name, v))
        if a.lines and not cat and r:
            detail.append("fp\t%s\t%s\t%s" % (name, ",".join(str(h["id"]) for h in r["rules"]), v))
    print("%-34s %8s %8s %9s" % ("set class", "values", "flagged", "same-cat"))
    for name in tot:
        print("%-34s %8d %8d %9s" % (name, tot[name], hit[name],
                                      "-" if name.startswith("benign") else same[name]))
    for d in detail:
        print(d)


if __name__ == "__main__":
    main()
