#!/usr/bin/python3
"""Score logwatch-scan's records against the generated requests.

  score.py OUTDIR NAME RECORDS NASA_RECORDS NASA_LINES

Reads OUTDIR/requests.tsv (from gen_requests.py), RECORDS (JSON records, one
a line, for OUTDIR/requests.log; request_id is the log's last field) and
NASA_RECORDS (records for the NASA log, which has NASA_LINES lines). A
request counts as detected when it has a record (its score reached the
minimum score). Writes, NAME being the detector:
  OUTDIR/NAME.table.txt     the per-category table (also printed)
  OUTDIR/NAME.misses.tsv    every attack request not detected, for review
  OUTDIR/NAME.fp.tsv        every benign request flagged, with its rules
  OUTDIR/NAME.wrongcat.tsv  detected attacks whose record lacks the list's
                            category
  OUTDIR/NAME.recall3.json  the three recall views below, per category
Recall is also printed three ways, per category: over every line of the
lists (the reviewed exclusions and the probes counted), without the reviewed
exclusions (the headline: probes in their own column), and same-category
(only a record naming the list's category counts).
Another detector (the live module, ModSecurity + CRS) is scored the same way:
replay OUTDIR/requests.log to it and write one JSON object per flagged
request with at least "request_id" (and "rules"/"categories" if it has them).
"""
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sources  # noqa: E402

CATS = ("sqli", "xss", "lfi", "rfi", "rce")
# the sets gen_requests.py writes for the lines the reviewed lists set apart
APART = {"attack": ("excluded", "probe"),
         "httpparams": ("httpparams-excluded", "httpparams-probe")}


def recall3(reqs, recs):
    """{(set, category): {view: [requests, detected]}} for the views
    all (every line), reviewed (without the set-apart lines), probes (the
    probes alone), with-probes (reviewed and the probes), same-cat
    (reviewed, a record of the list's category only)."""
    out = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))
    for rid, st, cat in reqs:
        base = [b for b, sets in APART.items() if st == b or st in sets]
        if not base:
            continue
        r = recs.get(rid)
        views = ["all"]
        if st == base[0]:
            views += ["reviewed", "with-probes"]
        elif st.endswith("probe"):
            views += ["probes", "with-probes"]
        for v in views:
            out[base[0], cat][v][0] += 1
            out[base[0], cat][v][1] += r is not None
        if st == base[0]:
            out[base[0], cat]["same-cat"][0] += 1
            out[base[0], cat]["same-cat"][1] += bool(
                r and cat in r.get("categories", []))
    return out


def recall3_table(rc):
    def pct(v):
        n, d = v
        return "%.1f%%" % (100.0 * d / n) if n else "-"
    out = ["recall three ways (every line / without the reviewed exclusions "
           "/ same category only)",
           "%-10s %-6s %9s %8s %10s %9s %8s %9s %8s" % (
               "set", "cat", "all lines", "all", "reviewed", "same-cat",
               "probes", "+probes", "excluded")]
    for st in ("attack", "httpparams"):
        for cat in CATS:
            v = rc.get((st, cat))
            if not v:
                continue
            out.append("%-10s %-6s %9d %8s %10s %9s %8s %9s %8d" % (
                st, cat, v["all"][0], pct(v["all"]), pct(v["reviewed"]),
                pct(v["same-cat"]),
                "%d/%d" % (v["probes"][1], v["probes"][0]) if v["probes"][0]
                else "-", pct(v["with-probes"]),
                v["all"][0] - v["reviewed"][0] - v["probes"][0]))
    return out


def load_records(path):
    recs = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except ValueError:
                sys.exit("%s:%d: not JSON" % (path, n))
            recs[r.get("request_id") or "line-%d" % n] = r
    return recs


def rules_of(r):
    return " ".join("%s:%s:%s:%s" % (h.get("id"), h.get("category"), h.get("severity"), h.get("field"))
                    for h in r.get("rules", []))


def main():
    outdir, name, records, nasa_recs, nasa_lines = sys.argv[1:6]
    nasa_lines = int(nasa_lines)
    recs = load_records(records)
    nasa = load_records(nasa_recs)
    total = collections.Counter()
    hit = collections.Counter()
    rightcat = collections.Counter()
    misses, fps, wrong = [], [], []
    reqs = []
    for rid, st, cat, mode, src, target, ua, payload in \
            sources.requests_tsv(outdir):
        reqs.append((rid, st, cat))
        if st not in ("attack", "httpparams") and not st.startswith("benign") \
                and st != "nearmiss":
            continue        # set apart by review: only in recall3 below
        key = (st, cat, mode)
        total[key] += 1
        r = recs.get(rid)
        if st.startswith("benign") or st == "nearmiss":
            if r:
                hit[key] += 1
                fps.append((rid, src, target, ua, rules_of(r)))
            continue
        if r:
            hit[key] += 1
            if cat in r.get("categories", []):
                rightcat[key] += 1
            else:
                wrong.append((rid, src, cat, ",".join(r.get("categories", [])), payload))
        else:
            misses.append((rid, src, mode, payload))
    out = []
    out.append("detector: %s" % name)
    out.append("%-10s %-11s %-6s %8s %8s %8s %9s" % ("set", "category", "mode", "requests", "detected", "recall", "same-cat"))
    for st in ("attack", "httpparams"):
        for cat in ("sqli", "xss", "lfi", "rfi", "rce"):
            keys = sorted(k for k in total if k[0] == st and k[1] == cat)
            n = sum(total[k] for k in keys)
            if not n:
                continue
            for k in keys:
                out.append("%-10s %-11s %-6s %8d %8d %7.2f%% %8.2f%%" % (
                    st, cat, k[2], total[k], hit[k], 100.0 * hit[k] / total[k],
                    100.0 * rightcat[k] / max(hit[k], 1)))
            d = sum(hit[k] for k in keys)
            out.append("%-10s %-11s %-6s %8d %8d %7.2f%%" % (st, cat, "all", n, d, 100.0 * d / n))
    out.append("")
    out.append("false positives (benign requests flagged)")
    bt = bh = 0
    for key in sorted(k for k in total if k[0].startswith("benign")):
        bt += total[key]
        bh += hit[key]
        out.append("  %-28s %8d requests %6d flagged %7.3f%%" % (
            key[0], total[key], hit[key], 100.0 * hit[key] / total[key]))
    out.append("  %-28s %8d requests %6d flagged %7.3f%%" % (
        "nasa_jul95_first10k.log", nasa_lines, len(nasa), 100.0 * len(nasa) / max(nasa_lines, 1)))
    bt += nasa_lines
    bh += len(nasa)
    out.append("  %-28s %8d requests %6d flagged %7.3f%%  (target <= 0.05%%)" % (
        "all benign", bt, bh, 100.0 * bh / bt))
    for key in sorted(k for k in total if k[0] == "nearmiss"):
        out.append("  %-28s %8d requests %6d flagged %7.3f%%  (our near misses, not in the rate)" % (
            "nearmiss", total[key], hit[key], 100.0 * hit[key] / total[key]))
    rc = recall3(reqs, recs)
    out.append("")
    out += recall3_table(rc)
    out += sources.table(outdir, [(name, set(recs), len(nasa))])
    with open(os.path.join(outdir, name + ".recall3.json"), "w") as f:
        json.dump({"%s %s" % k: v for k, v in rc.items()}, f, indent=1)
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(outdir, name + ".table.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(outdir, name + ".misses.tsv"), "w", encoding="latin-1") as f:
        f.write("id\tsource\tmode\tpayload\n")
        for m in misses:
            f.write("\t".join(m) + "\n")
    with open(os.path.join(outdir, name + ".fp.tsv"), "w", encoding="latin-1") as f:
        f.write("id\tsource\ttarget\tuser_agent\trules\n")
        for m in fps:
            f.write("\t".join(m) + "\n")
        for k, r in nasa.items():
            f.write("\t".join([k, "nasa_jul95_first10k.log", r.get("uri", ""), r.get("user_agent", "") or "",
                               rules_of(r)]) + "\n")
    with open(os.path.join(outdir, name + ".wrongcat.tsv"), "w", encoding="latin-1") as f:
        f.write("id\tsource\tlist_category\trecord_categories\tpayload\n")
        for m in wrong:
            f.write("\t".join(m) + "\n")


if __name__ == "__main__":
    main()
