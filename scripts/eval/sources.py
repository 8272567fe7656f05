#!/usr/bin/python3
"""Recall per class and per source, and false positives per benign source.

  sources.py OUTDIR

The headline tables (score.py, sidebyside.py) pool the payload lists; this
one keeps every source apart, so that what the detectors were built on and
what they never saw can be read side by side:

  patt         PayloadsAllTheThings (development: rules and detectors were
               written against it)
  written      test/eval/written/CLASS.txt, attacks written for developing
               the detectors (development)
  fuzzdb       fuzzdb's lists: HELD-OUT, not used to build the detectors
  httpparams   the attack rows of httpparams_train.csv: HELD-OUT

Each cell is "every line / without the reviewed exclusions" (the lines of
test/eval/not-attacks.tsv and the probes of test/eval/probes.tsv count in
the first figure, not in the second), as a percentage of the requests
flagged. Each written attack set (test/eval/written/CLASS.txt) is also
listed on its own, as the percentage of its requests flagged: code.txt's
classes span categories, protocol among them. Benign sources: the NASA log, the popular User-Agents, the
httpparams 'norm' values, test/eval/benign-nearmiss.txt, each
test/eval/written/benign-CLASS.txt and, when OUTDIR/benign holds it, the
modern benign traffic (gen_benign.py, benign.py) per placement, as false
positives (count and rate).

Detectors: every NAME.jsonl with its NAME.nasa.jsonl in OUTDIR among
logwatch-scan, live and crs-pl1 (ModSecurity + CRS 3.3 at paranoia level
1). Writes the text to OUTDIR/sources.txt too.
"""
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benign  # noqa: E402

DETECTORS = [("logwatch-scan", "ours: scan"), ("live", "ours: live"),
             ("crs-pl1", "CRS 3.3 PL1")]
CATS = ["sqli", "xss", "lfi", "rfi", "rce", "scanner", "probe"]
SOURCES = [("patt", "patt"), ("written", "written"),
           ("fuzzdb", "fuzzdb HELD-OUT"),
           ("httpparams", "httpparams HELD-OUT")]
NASA_LINES = 10000


def source_of(st, src):
    """(attack source or None, benign source or None) of one request."""
    if st in ("attack", "excluded", "probe"):
        return src.split("/", 1)[0], None      # "patt" or "fuzzdb"
    if st.startswith("httpparams"):
        return "httpparams", None
    if st == "written":
        return "written", None
    if st == "benign-params":
        return None, "httpparams norm values"
    if st == "benign-ua":
        return None, "popular User-Agents"
    if st == "nearmiss":
        return None, "benign-nearmiss.txt"
    if st == "written-benign":
        return None, src.rsplit(":", 1)[0]      # written/benign-CLASS.txt
    return None, None


def requests_tsv(out):
    """The rows of OUTDIR/requests.tsv (gen_requests.py) after its header,
    each the list of its fields: id, status, category, mode, source,
    target, User-Agent, payload."""
    with open(os.path.join(out, "requests.tsv"), encoding="latin-1") as f:
        next(f)
        for line in f:
            yield line.rstrip("\n").split("\t")


def flagged(path):
    """(the request ids in a file of records, the number of records)."""
    ids, n = set(), 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                n += 1
                ids.add(json.loads(line).get("request_id") or "#%d" % n)
    return ids, n


def detectors(out):
    """[(label, flagged ids, NASA lines flagged)] of the detectors that ran."""
    dets = []
    for name, label in DETECTORS:
        p = os.path.join(out, name + ".jsonl")
        pn = os.path.join(out, name + ".nasa.jsonl")
        if os.path.exists(p) and os.path.exists(pn):
            dets.append((label, flagged(p)[0], flagged(pn)[1]))
    return dets


def table(out, dets):
    """The lines of both tables for dets [(label, ids, nasa_flagged)]."""
    att = collections.defaultdict(lambda: [0, 0])          # (src, cat, view)
    hit = collections.Counter()                            # (det, src, cat, view)
    ben = collections.Counter()
    bhit = collections.Counter()
    wfile = collections.Counter()                          # written/NAME.txt
    whit = collections.Counter()                           # (det, file)
    for rid, st, cat, _, src, *_ in requests_tsv(out):
        a, b = source_of(st, src)
        if a == "written":
            f = src.rsplit(":", 1)[0]
            wfile[f] += 1
            for i, (_, ids, _) in enumerate(dets):
                whit[i, f] += rid in ids
        if a:
            views = ["all"] if st in ("excluded", "probe") \
                or st.endswith("-excluded") or st.endswith("-probe") \
                else ["all", "reviewed"]
            for v in views:
                att[a, cat, v][0] += 1
                for i, (_, ids, _) in enumerate(dets):
                    hit[i, a, cat, v] += rid in ids
        elif b:
            ben[b] += 1
            for i, (_, ids, _) in enumerate(dets):
                bhit[i, b] += rid in ids
    w = 17
    lines = ["", "recall per class and source: every line / without the "
             "reviewed exclusions (HELD-OUT: not used to build the detectors)"]
    lines.append("%-30s %8s" % ("", "requests")
                 + "".join("%*s" % (w, d[0]) for d in dets))

    def pct(k, n):
        return "%.1f" % (100.0 * k / n) if n else "-"
    for cat in CATS:
        for s, title in SOURCES:
            n = att[s, cat, "all"][0]
            if not n:
                continue
            nr = att[s, cat, "reviewed"][0]
            row = "%-30s %8d" % ("%s %s" % (cat, title), n)
            for i in range(len(dets)):
                row += "%*s" % (w, "%s / %s" % (
                    pct(hit[i, s, cat, "all"], n),
                    pct(hit[i, s, cat, "reviewed"], nr)))
            lines.append(row)
    # each written attack set on its own (its classes may span categories,
    # protocol among them, which the table above has no row for)
    lines.append("")
    lines.append("written attack sets, flagged (development)")
    lines.append("%-30s %8s" % ("", "requests")
                 + "".join("%*s" % (w, d[0]) for d in dets))
    for f in sorted(wfile):
        lines.append("%-30s %8d" % (f, wfile[f])
                     + "".join("%*s" % (w, pct(whit[i, f], wfile[f]))
                               for i in range(len(dets))))
    lines.append("")
    lines.append("false positives per benign source (flagged, rate)")
    lines.append("%-30s %8s" % ("", "requests")
                 + "".join("%*s" % (w, d[0]) for d in dets))
    order = ["NASA Jul 95 (first 10k)", "popular User-Agents",
             "httpparams norm values", "benign-nearmiss.txt"]
    order += sorted(b for b in ben if b not in order)
    for b in order:
        n = NASA_LINES if b.startswith("NASA") else ben[b]
        if not n:
            continue
        row = "%-30s %8d" % (b, n)
        for i, d in enumerate(dets):
            k = d[2] if b.startswith("NASA") else bhit[i, b]
            row += "%*s" % (w, "%d %.3f%%" % (k, 100.0 * k / n))
        lines.append(row)
    # the modern benign traffic, by placement (benign.py); a detector with
    # no records of it (CRS) shows "-"
    names = {label: name for name, label in DETECTORS}
    if os.path.exists(os.path.join(out, "benign", "index.tsv")):
        for label, n, flagged in benign.rows(os.path.join(out, "benign")):
            row = "%-30s %8d" % (label, n)
            for d in dets:
                k = flagged.get(names.get(d[0], d[0]))
                row += "%*s" % (w, "-" if k is None else "%d %.3f%%" % (k, 100.0 * k / n))
            lines.append(row)
    return lines


def main():
    out = sys.argv[1]
    text = "\n".join(table(out, detectors(out))) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(out, "sources.txt"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
