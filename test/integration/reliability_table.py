#!/usr/bin/python3
"""RELIABILITY.md's table from a run of test_reliability.py:
    reliability_table.py REPORT.jsonl JUNIT.xml
REPORT.jsonl: the rows the tests wrote (LW_REL_REPORT); JUNIT.xml: pytest's
--junitxml, for each test's outcome."""
import json
import sys
import xml.etree.ElementTree as ET

FAULTS = {
    "load": "none",
    "load-syslog": "none",
    "graceful": "apache2 -k graceful x{gracefuls} ({under_load} under load), "
                "a rule added at the middle one",
    "fault-tmpfs-full": "attack log on a 128 KB tmpfs that fills up",
    "fault-dev-full": "attack log is /dev/full (every write ENOSPC)",
    "fault-fsize": "RLIMIT_FSIZE 128 KB on every httpd process",
    "fault-disk-space-returns": "64 KB tmpfs full, then space freed",
    "fault-stalled-pipe": "piped logger that never reads",
    "fault-logger-dies": "piped logger exits after 50 records (x4), then 50 "
                         "requests once the last one is back",
    "hostile": "long lines, binary, NULs, bad UTF-8, 10,000 params, nested "
               "encodings, backtracking bait",
    "summarizer-hostile": "cut, flipped, oversized, hostile records; every sink",
    "valgrind": "valgrind --error-exitcode, leak-check=full",
}


def outcomes(path):
    out = {}
    for tc in ET.parse(path).getroot().iter("testcase"):
        name = tc.get("name")
        res = "pass"
        for child in tc:
            if child.tag in ("failure", "error"):
                res = "FAIL"
            elif child.tag == "skipped":
                res = ("xfail (known bug)"
                       if child.get("type") == "pytest.xfail"
                       or "xfail" in (child.get("message") or "").lower()
                       else "skipped")
        out[name] = res
    return out


def cell(v):
    return "-" if v is None else str(v)


def main(rep, junit):
    res = outcomes(junit)
    rows = [json.loads(l) for l in open(rep) if l.strip()]
    print("| test | MPM | destination | load | fault injected | attacks sent "
          "| records logged | dropped (counted) | notes | result |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        t = r["test"]
        load = "%s req, %s clients" % (r.get("requests", "-"),
                                       r.get("clients", "-"))
        if r.get("rate"):
            load += ", %s req/s" % r["rate"]
        notes = []
        for k in ("missing", "duplicated", "torn", "unanswered",
                  "false_positives", "invalid_lines", "canary_records",
                  "error_log_reports", "baseline_rate", "worst_s",
                  "worst_case", "worst_client_s", "worst_record_duration_us",
                  "parent_rss_kb", "ipc_before", "ipc_after",
                  "logger_restarts_logged", "malformed", "oversized",
                  "messages", "after_freeing_sent", "after_freeing_logged"):
            if k in r and r[k] not in (None, [], 0) or k in (
                    "missing", "duplicated") and k in r:
                v = r[k]
                if isinstance(v, dict):
                    v = "/".join("%s %s" % kv for kv in sorted(v.items()))
                elif isinstance(v, list):
                    v = "%s..%s" % (v[0], v[-1]) if len(v) > 2 else v
                notes.append("%s %s" % (k.replace("_", " "), v))
        dest = r.get("dest", "file" if t.startswith(("load", "graceful",
                                                      "fault-t", "fault-d",
                                                      "fault-f"))
                     else "-")
        print("| %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            t, " (ASan)" if r.get("asan") else "", cell(r.get("mpm")), dest,
            load, FAULTS.get(t, "").format(**r), cell(r.get("sent")),
            cell(r.get("logged", r.get("written"))), cell(r.get("dropped")),
            "; ".join(notes), res.get(r.get("node"), "?")))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
