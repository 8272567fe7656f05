"""The written scanner and probe sets against a real httpd: every line of
a section of test/eval/written/probe.txt or scanner.txt whose heading says
"(each recorded)" is recorded with a rule of the scanner or probe class,
and no line of benign-probe.txt or benign-scanner.txt (the same products'
ordinary traffic and pages that share the words) is recorded at all. The
other sections hold what the rules leave alone on purpose (a product's own
pages) and are measured by scripts/eval/sources.py, not asserted here."""
import os
import time

import header_blocks
import lwhttpd

import pytest

WRITTEN = os.path.join(lwhttpd.srcdir(), "test", "eval", "written")
MARK = "(each recorded)"


@pytest.fixture
def mpm():
    return "event"


def _lines(name, marked_only):
    out, keep = [], not marked_only
    with open(os.path.join(WRITTEN, name), encoding="ascii") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                if marked_only:
                    keep = line.rstrip().endswith(MARK)
                continue
            if line.strip() and keep:
                out.append(line)
    return out


def _request(h, line):
    """Send one written line: a request-target, or "User-Agent: VALUE"
    (then a GET / with that User-Agent); returns the record's uri."""
    if line.startswith("User-Agent: "):
        h.request("GET / HTTP/1.1", [("Host", "localhost"),
                                     ("User-Agent", line[12:])])
        return "/"
    h.request("GET %s HTTP/1.1" % line,
              [("Host", "localhost"), ("User-Agent", header_blocks.CHROME_UA)])
    return line


def test_written_scanner_and_probe_sets(httpd_factory):
    attacks = (_lines("probe.txt", True) + _lines("scanner.txt", True))
    benign = (_lines("benign-probe.txt", False)
              + _lines("benign-scanner.txt", False))
    assert len(attacks) >= 60 and len(benign) >= 60
    h = httpd_factory()
    for line in benign:
        _request(h, line)
    uris = [_request(h, line) for line in attacks]
    h.wait_records(len(attacks), pred=lwhttpd.is_attack, timeout=30.0)
    time.sleep(0.3)
    recs = [r for r in h.records() if lwhttpd.is_attack(r)]
    # records come in request order: a benign line recorded shows as an
    # extra record ahead of the attacks, a missed attack as a gap
    assert [r["uri"] for r in recs] == uris, \
        [(r["uri"], [x["id"] for x in r["rules"]]) for r in recs]
    for rec, line in zip(recs, attacks):
        lwhttpd.check_record(rec)
        assert {"scanner", "probe"} & set(rec["categories"]), (line, rec)
