#!/usr/bin/python3
"""Read the results of one phase of scripts/test-all.sh and count them.

  test-results.py unit PHASE BUILDDIR TEST...   make check's TESTS: each
        test's .log and .trs (automake's parallel harness), wherever the test
        lives in the tree (test/unit, test/eval, ...)
  test-results.py pytest PHASE JUNIT.xml        pytest's --junitxml report

Prints one line per problem and per skip, then a last line
"counts: PASSED FAILED SKIPPED XFAILED". A missing log, a missing result
line, a test whose exit status says it failed although its summary says
"0 failed", and a skip or xfail that test/skips.allowed does not list are
all failures. Exit status 0 when nothing failed.
"""
import fnmatch
import os
import re
import sys
import xml.etree.ElementTree as ET

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALLOWED = os.path.join(TOP, "test", "skips.allowed")
RESULT = re.compile(r"(\d+) passed, (\d+) failed")


def allowed_skips():
    """(id glob, reason substring, why) from test/skips.allowed."""
    out = []
    with open(ALLOWED, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in line.split("\t") if p.strip()]
            if len(parts) != 3:
                sys.exit("%s:%d: want ID-GLOB<TAB>REASON<TAB>WHY" % (ALLOWED, n))
            out.append(tuple(parts))
    return out


class Tally:
    def __init__(self, phase):
        self.phase = phase
        self.passed = self.failed = self.skipped = self.xfailed = 0
        self.allowed = allowed_skips()

    def fail(self, what, n=1):
        print("  FAIL %s" % what)
        self.failed += n

    def skip(self, test_id, reason, kind="skipped"):
        """A skip or xfail counts as one; it is a failure unless listed."""
        full = "%s:%s" % (self.phase, test_id)
        reason = " ".join(reason.split())
        for glob, sub, why in self.allowed:
            if fnmatch.fnmatchcase(full, glob) and sub in reason:
                print("  %s (listed: %s) %s: %s" % (kind, why, test_id, reason))
                if kind == "xfailed":
                    self.xfailed += 1
                else:
                    self.skipped += 1
                return
        self.fail("%s, not in test/skips.allowed: %s: %s"
                  % (kind, full, reason))

    def done(self):
        print("counts: %d %d %d %d" % (self.passed, self.failed,
                                       self.skipped, self.xfailed))
        return 1 if self.failed else 0


def unit(phase, bdir, tests):
    t = Tally(phase)
    if not tests:
        t.fail("make check lists no tests")
    for test in tests:
        base = os.path.join(bdir, test)
        name = test
        log, trs = base + ".log", base + ".trs"
        if not (os.path.exists(log) and os.path.exists(trs)):
            t.fail("%s: no log (not built or not run; see check.out)" % name)
            continue
        with open(trs, errors="replace") as f:
            res = re.findall(r"^:test-result: (\w+)", f.read(), re.M)
        with open(log, errors="replace") as f:
            text = f.read()
        lines = RESULT.findall(text)
        if "SKIP" in res:
            last = [l for l in text.splitlines() if l.strip()]
            t.skip(name, last[-1] if last else "(no reason printed)")
            continue
        if not lines:
            t.fail("%s: no result line (%s)" % (name, ",".join(res) or "?"))
            continue
        p, f = (int(x) for x in lines[-1])
        t.passed += p
        print("  %s: %d passed, %d failed%s" % (
            name, p, f, "" if res == ["PASS"] else " [%s]" % ",".join(res)))
        if f:
            t.fail("%s: %d failed" % (name, f), f)
        if res != ["PASS"] and not f:
            # e.g. a sanitizer report or a crash after the summary
            t.fail("%s: exit status says %s after \"%d passed, 0 failed\""
                   % (name, ",".join(res) or "nothing", p))
    return t.done()


def pytest(phase, xml):
    t = Tally(phase)
    try:
        root = ET.parse(xml).getroot()
    except (OSError, ET.ParseError) as e:
        t.fail("no pytest report %s: %s" % (xml, e))
        return t.done()
    cases = list(root.iter("testcase"))
    if not cases:
        t.fail("pytest ran no test")
    for c in cases:
        tid = "%s::%s" % (c.get("classname", ""), c.get("name", ""))
        bad = [e for e in c if e.tag in ("failure", "error")]
        sk = [e for e in c if e.tag == "skipped"]
        if bad:
            t.fail("%s: %s" % (tid, (bad[0].get("message") or "")[:200]),
                   len(bad))
            continue
        if sk:
            msg = sk[0].get("message") or ""
            xf = sk[0].get("type") == "pytest.xfail"
            t.skip(tid, msg, "xfailed" if xf else "skipped")
            continue
        t.passed += 1
    return t.done()


def main(argv):
    if len(argv) >= 4 and argv[1] == "unit":
        return unit(argv[2], argv[3], argv[4:])
    if len(argv) == 4 and argv[1] == "pytest":
        return pytest(argv[2], argv[3])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
