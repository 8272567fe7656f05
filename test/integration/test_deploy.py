"""A first deployment done by the book, in a real httpd: nothing an admin
does following the README and conf/logwatch.conf takes a site down, floods
the report with the admin's own traffic or loses the day's abuse reports.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_deploy.py
"""
import json
import os
import shutil
import time

import pytest

import lwhttpd

STATUS = """LoadModule authz_host_module %s/mod_authz_host.so
<Location /logwatch-status>
    SetHandler logwatch-status
    Require local
</Location>
""" % lwhttpd.MODDIR

TRAVERSAL = "/home.html?pgi=../../../../../../etc/passwd"


def status_json(h):
    st, raw = h.request("GET /logwatch-status?json HTTP/1.1",
                        [("Host", "localhost")])
    assert st == 200, raw[:300]
    return json.loads(raw.split(b"\r\n\r\n", 1)[1].decode("ascii"))


def counters(h):
    js = status_json(h)
    return js["totals"]


# ---- a bad attack-log directory ----

@pytest.mark.parametrize("bad", ["missing", "notadir"])
def test_bad_log_directory_fails_configtest(httpd_factory, bad):
    """`apachectl -t` refuses a LogWatchLog whose directory is missing or
    is not a directory, as it does for CustomLog, naming the path."""
    h = httpd_factory(start=False)
    if bad == "missing":
        dest = h.path("no-such-dir", "attack.log")
    else:
        with open(h.path("logs", "plainfile"), "w") as f:
            f.write("x\n")
        dest = h.path("logs", "plainfile", "attack.log")
    assert h.configtest().returncode == 0
    h.log = dest
    h.write_conf()
    p = h.configtest()
    out = p.stdout + p.stderr
    assert p.returncode != 0, out
    assert "LW00022" in out and dest in out, out
    assert "Syntax OK" not in out


def test_log_directory_gone_at_reload_keeps_serving(httpd_factory, seed):
    """The directory disappears after `-t` passed (or a restart without
    -t): the graceful restart keeps every site up, the records are counted
    as dropped, and the next restart once the directory is back writes
    them again."""
    h = httpd_factory(start=False, log="@ROOT@/attacklogs/attack.log",
                      extra=STATUS)
    logdir = h.path("attacklogs")
    os.makedirs(logdir)
    h.start()
    log = os.path.join(logdir, "attack.log")
    assert h.get(TRAVERSAL) == 404
    assert h.wait_records(1, path=log)
    shutil.rmtree(logdir)
    h.graceful()
    assert "LW00007" in h.error_text()
    assert h.pid() is not None
    assert h.get("/index.html") == 200
    for host in lwhttpd.SEED_VHOSTS:
        assert h.get("/index.html", host=host) == 200
    before = counters(h)["dropped"]
    assert h.get(TRAVERSAL) == 404
    assert h.get(TRAVERSAL + "&x=1") == 404
    deadline = time.time() + 5
    while counters(h)["dropped"] < before + 2 and time.time() < deadline:
        time.sleep(0.05)
    assert counters(h)["dropped"] >= before + 2
    assert not os.path.exists(log)
    # back: the next restart opens it again
    os.makedirs(logdir)
    h.graceful()
    assert h.get(TRAVERSAL + "&y=2") == 404
    recs = h.wait_records(1, path=log)
    assert [r["uri"] for r in recs] == [TRAVERSAL + "&y=2"]
