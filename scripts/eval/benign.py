#!/usr/bin/python3
"""False positives on the modern benign traffic (gen_benign.py).

  benign.py DIR [NAME ...]

DIR holds gen_benign.py's files and, for each detector NAME (default:
every one found among logwatch-scan and live), its records of them:
NAME.jsonl (requests.log, cookies.log and, for the live module and
ModSecurity + CRS (crs-pl1, modsec_benign.py), the other headers and the
bodies too; CRS names no field, its request counts against the placement
it was made for: a request line with its Referer and User-Agent counts as
"request line"). A request is a false positive in a placement when it was flagged and
at least one rule that scored it (severity above info) read that placement (target: the
request line, path, query, parameters and their names; referer;
user_agent; cookie; header: any other request header; form, json,
multipart, xml: the body's fields).

Prints, per detector, the flagged requests per placement (count and rate)
and writes DIR/NAME.fp.tsv: one row per false-positive class (placement,
generator class, rule id, the detector's reason up to its first
argument), with its count and the first example (id and value). rows()
gives sources.py the table's rows.
"""
import collections
import json
import os
import re
import sys

DETECTORS = ["logwatch-scan", "live", "crs-pl1"]
PLACEMENTS = [("target", "modern: request line"), ("referer", "modern: Referer"),
              ("user_agent", "modern: User-Agent"), ("cookie", "modern: Cookie"),
              ("header", "modern: other headers"),
              ("form", "modern: form body"), ("json", "modern: JSON body"),
              ("multipart", "modern: multipart body"), ("xml", "modern: XML body")]
# what each detector can see: logwatch-scan reads logs, never bodies
# and CRS's Referer and User-Agent hits count in the request line's row
SEES = {"logwatch-scan": ("target", "referer", "user_agent", "cookie"),
        "crs-pl1": ("target", "cookie", "header", "form", "json", "multipart",
                    "xml")}
TARGET_FIELDS = ("uri", "path", "query", "method", "protocol", "args", "arg_names")


def placement_of(field):
    head = field.split(":", 1)[0]
    if head in TARGET_FIELDS:
        return "target"
    if head in ("referer", "user_agent"):
        return head
    if head.startswith("cookie"):
        return "cookie"
    if head in ("header", "headers"):
        return "header"
    if head == "-":
        return "-"
    if head in ("body", "body_names"):
        kind = field.split(":", 2)[1] if field.count(":") >= 1 else ""
        return kind if kind in ("form", "json", "multipart", "xml") else "form"
    return head


def load_index(d):
    """{id: {placement: (class, value)}}"""
    idx = collections.defaultdict(dict)
    with open(os.path.join(d, "index.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            rid, pl, cls, val = line.rstrip("\n").split("\t", 3)
            idx[rid][pl] = (cls, val)
    return idx


def load_records(path):
    out = {}
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if set(r.get("categories", [])) - {"threshold", "server_error"}:
                    out[r.get("request_id")] = r
    return out


def reason(h):
    """The detector's reason without its argument ("sh:$(lsof" ->
    "sh:$("), or the rule's message."""
    d = h.get("detail") or ""
    if d:
        m = re.match(r"^([a-z]+:(?:[a-z]+ )?[^A-Za-z0-9]*[A-Za-z]*)", d)
        return m.group(1)[:24] if m else d[:24]
    return h.get("msg", "")[:60]


def score(idx, recs):
    """(per-placement [requests, flagged], classes {key: [count, example]})."""
    per = collections.defaultdict(lambda: [0, 0])
    classes = {}
    for rid, pls in idx.items():
        for pl in pls:
            per[pl][0] += 1
        r = recs.get(rid)
        if not r:
            continue
        hit = collections.defaultdict(list)
        for h in r.get("rules", []):
            # an "info" rule (a tool's name) never flags: not a cause
            if h.get("severity") != "info":
                hit[placement_of(h.get("field", ""))].append(h)
        if "-" in hit:
            # CRS names no field: the placement the request was made for
            hit[next(iter(pls))] += hit.pop("-")
        for pl, hs in hit.items():
            if pl in pls:
                per[pl][1] += 1
                cls, val = pls[pl]
            else:
                cls, val = "?", ""
            for h in hs:
                key = (pl, cls, str(h.get("id")), reason(h))
                if key not in classes:
                    classes[key] = [0, rid, h.get("excerpt", ""), val]
                classes[key][0] += 1
    return per, classes


def rows(d):
    """[(label, requests, {detector: flagged})] for sources.py."""
    idx = load_index(d)
    found = {}
    for name in DETECTORS:
        recs = load_records(os.path.join(d, name + ".jsonl"))
        if recs is not None:
            found[name] = score(idx, recs)[0]
    out = []
    n = collections.Counter(pl for pls in idx.values() for pl in pls)
    for pl, label in PLACEMENTS:
        if n[pl]:
            out.append((label, n[pl], {k: v[pl][1] for k, v in found.items()
                                       if pl in SEES.get(k, (pl,))}))
    return out


def main():
    d = sys.argv[1]
    names = sys.argv[2:] or DETECTORS
    idx = load_index(d)
    for name in names:
        recs = load_records(os.path.join(d, name + ".jsonl"))
        if recs is None:
            continue
        per, classes = score(idx, recs)
        seen = [rid for rid, pls in idx.items()
                if set(pls) & set(SEES.get(name, pls))]
        flagged = sum(1 for rid in seen if rid in recs)
        print("modern benign traffic, %s: %d of %d requests flagged (%.3f%%)"
              % (name, flagged, len(seen), 100.0 * flagged / max(len(seen), 1)))
        for pl, label in PLACEMENTS:
            k, f = per[pl]
            if k and pl in SEES.get(name, (pl,)):
                print("  %-26s %7d %6d %8.3f%%" % (label, k, f, 100.0 * f / k))
            elif k:
                print("  %-26s %7d %6s" % (label, k, "-"))
        path = os.path.join(d, name + ".fp.tsv")
        with open(path, "w", encoding="utf-8") as out:
            out.write("count\tplacement\tclass\trule\treason\texample id\texcerpt\tvalue\n")
            for key, (c, rid, exc, val) in sorted(classes.items(), key=lambda kv: -kv[1][0]):
                out.write("\t".join([str(c)] + list(key) + [rid, exc.replace("\t", " "), val[:400]]) + "\n")
        print("  false-positive classes: %s" % path)


if __name__ == "__main__":
    main()
