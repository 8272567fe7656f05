#!/usr/bin/python3
"""ModSecurity 2 + OWASP CRS 3.3 at paranoia level 1 on the modern benign
traffic (gen_benign.py), next to mod_logwatch.

  modsec_benign.py DIR [--jobs N] [--keep] [--no-install]

Replays the same bytes as live_benign.py (request lines with Referer and
User-Agent, Cookie headers, other headers, bodies) to modsec.py's private
httpd (DetectionOnly, request bodies read, every path the same page), each
request from its own loopback address, and writes DIR/crs-pl1.jsonl: one
object per request whose inbound anomaly score reaches 5, with the CRS
rules that matched. CRS does not say where a rule matched: benign.py counts
such a request against the placement its generator wrote it for (a request
line with its Referer and User-Agent as "request line", a cookie, a set of
headers, a body).
"""
import argparse
import json
import os
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import live  # noqa: E402
import live_benign  # noqa: E402
import modsec  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--jobs", type=int, default=32)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-install", action="store_true")
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    d = os.path.abspath(a.dir)
    if not modsec.ensure_packages(not a.no_install):
        sys.exit(3)
    reqs = live_benign.load(d)
    statuses, acc, erules, _ = modsec.run_crs(
        modsec.Server(), reqs, a.jobs, "modsec (modern benign)", a.keep,
        "modsec_benign")
    with open(os.path.join(d, modsec.NAME + ".jsonl"), "w") as f:
        for i, q in enumerate(reqs):
            ip = live.source_ip(i)
            st, _, score = acc.get(ip, (statuses[i], None, None))
            if score is None or score < modsec.THRESHOLD:
                continue
            rl = erules.get(ip, [])
            f.write(json.dumps({
                "request_id": q.rid, "score": score, "status": st,
                "categories": sorted({modsec.CRS_CATS.get(n, "other") for _, n in rl}) or ["other"],
                "rules": [{"id": int(r), "category": modsec.CRS_CATS.get(n, n),
                           "severity": "-", "field": "-"} for r, n in rl]},
                sort_keys=True) + "\n")
    sys.stdout.flush()
    subprocess.run([sys.executable, os.path.join(HERE, "benign.py"), d,
                    modsec.NAME], check=True)


if __name__ == "__main__":
    main()
