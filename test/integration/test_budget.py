"""The engine's work budget in a real httpd: a long traversal that wakes
many rules is cut once settled, and the record says so; where
LogWatchExclude applies every rule runs, so excluding the hits a cut
record kept leaves the request flagged by the rules the budget skipped.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_budget.py
"""
import time

import lwhttpd

# 1.2 KiB of "./" then a system file: most lfi rules match it.
TRAVERSAL = "/x.php?id=" + ".%2F" * 300 + "etc%2Fpasswd"


def test_budget_cut_and_exclude(httpd):
    httpd.get("/plain" + TRAVERSAL)
    cut = httpd.wait_for(lambda r: r["uri"].startswith("/plain/"))
    assert cut is not None
    assert cut.get("stopped") == "budget"
    assert "lfi" in cut["categories"]
    kept = " ".join(str(r["id"]) for r in cut["rules"])
    httpd.extra = f"""
<Location /bx>
    LogWatchExclude {kept}
</Location>
"""
    httpd.write_conf()
    httpd.graceful()
    httpd.get("/bx" + TRAVERSAL)
    httpd.get("/after" + TRAVERSAL)
    assert httpd.wait_for(lambda r: r["uri"].startswith("/after/"))
    time.sleep(0.3)
    recs = [r for r in httpd.records() if lwhttpd.is_attack(r)]
    bx = [r for r in recs if r["uri"].startswith("/bx/")]
    # flagged by rules the cut record did not list, evaluated whole
    assert len(bx) == 1
    assert "stopped" not in bx[0]
    assert not set(kept.split()) & {str(r["id"]) for r in bx[0]["rules"]}
    assert "lfi" in bx[0]["categories"]
    # elsewhere the budget still cuts
    after = [r for r in recs if r["uri"].startswith("/after/")]
    assert len(after) == 1 and after[0].get("stopped") == "budget"
