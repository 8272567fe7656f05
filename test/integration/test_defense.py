"""Live defense in a real httpd, under the event and prefork MPMs:
per-source tallies, the threshold record, LogWatchBlock, LogWatchIgnoreNet,
counters that agree with the attack log across processes and graceful
restarts, and a tiny table that evicts.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_defense.py
"""
import concurrent.futures
import json
import os
import re
import subprocess
import time

import pytest

import lwhttpd

STATUS_LOCATION = """<Location /logwatch-status>
    SetHandler logwatch-status
    Require all granted
</Location>
"""

# Three distinct path-traversal attacks (each flagged lfi).
ATTACKS = ["/home.php?pgi=../../../../../../../../etc/passwd",
           "/athletics/home.php?pgi=../../../../../../../proc/self/environ",
           "/hr/view.php?file=../../../../../../../../etc/shadow"]


def attack(h, src, i=0):
    return h.get(ATTACKS[i % len(ATTACKS)], xff=src,
                 user_agent="libwww-perl/6.02")


def status_json(h):
    st, raw = h.request("GET /logwatch-status?json HTTP/1.1",
                        [("Host", "localhost")])
    assert st == 200, raw[:500]
    head, body = raw.split(b"\r\n\r\n", 1)
    assert b"application/json" in head
    return json.loads(body.decode("ascii"))


def is_threshold(r):
    return r["categories"] == ["threshold"]


def attack_records(h):
    return [r for r in h.records() if not is_threshold(r)]


def wait_count(h, pred, n, timeout=10.0):
    deadline = time.time() + timeout
    while True:
        got = [r for r in h.records() if pred(r)]
        if len(got) >= n or time.time() > deadline:
            return got
        time.sleep(0.05)


def source(js, addr):
    for s in js["sources"]["top"]:
        if s["source"] == addr:
            return s
    return None


def test_threshold_record_once(httpd_factory):
    h = httpd_factory(extra=STATUS_LOCATION + "LogWatchThreshold 3 3600\n")
    src = "198.51.100.7"
    for i in range(5):
        assert attack(h, src, i) == 500
    recs = wait_count(h, lambda r: r["client"] == src and not is_threshold(r),
                      5)
    assert len(recs) == 5
    thr = wait_count(h, is_threshold, 1)
    time.sleep(0.3)
    thr = [r for r in h.records() if is_threshold(r)]
    assert len(thr) == 1, thr
    t = thr[0]
    lwhttpd.check_record(t)
    assert t["client"] == src and t["peer"] == "127.0.0.1"
    assert t["score"] == 3                  # attacks in the window
    counts = {r["category"]: int(r["excerpt"]) for r in t["rules"]}
    assert counts.get("lfi") == 3, t
    assert all(r["field"] == "count" and r["id"] == 0 for r in t["rules"])
    # the third attack crossed it: the record follows that attack's, with
    # a request_id of its own
    assert t["uri"] == ATTACKS[2]
    third = [r for r in recs if r["uri"] == ATTACKS[2]][0]
    assert t["request_id"] == third["request_id"] + "-threshold"
    assert re.search(r"LW00100: source 198\.51\.100\.7 crossed the "
                     r"threshold: 3 attacks in 3600 s \(.*lfi 3",
                     h.error_text())
    js = status_json(h)
    s = source(js, src)
    assert s and s["attacks"] == 5 and s["total"] == 5 and not s["blocked"]
    assert s["by_category"]["lfi"] == 5
    assert js["totals"]["thresholds"] == 1
    # no blocking by default
    assert h.get("/index.html", xff=src) == 200
    # the summarizer reads the threshold record as a notice, not an attack
    p = subprocess.run([os.path.join(lwhttpd.builddir(), "logwatch-summarize"),
                        "--format", "json", h.attack_log],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    rep = json.loads(p.stdout)
    assert rep["thresholds"] == 1 and rep["attacks"] == 5, rep
    assert "0 malformed" in p.stderr


def test_block_and_expiry(httpd_factory):
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchThreshold 3 3600\nLogWatchBlock On 2\n")
    bad, other = "203.0.113.9", "203.0.113.10"
    for i in range(3):
        assert attack(h, bad, i) == 500
    assert wait_count(h, is_threshold, 1)
    t0 = time.time()
    # refused before any handler: even the index page
    assert h.get("/index.html", xff=bad) == 403
    assert h.get("/index.html", xff=other) == 200
    assert attack(h, other, 0) == 500       # counted, not blocked (1 < 3)
    assert h.get("/index.html", xff=other) == 200
    js = status_json(h)
    s = source(js, bad)
    assert s["blocked"] and s["refused"] == 1 and 1 <= s["blocked_for_s"] <= 3
    assert js["totals"]["refused"] == 1 and js["sources"]["blocked"] == 1
    # the refusal is in the access log as usual
    with open(h.access_log, encoding="latin-1") as f:
        assert any(l.startswith("localhost %s " % bad) and
                   '"GET /index.html HTTP/1.1" 403' in l for l in f), \
            "refusal not in the access log"
    time.sleep(max(0, 2.3 - (time.time() - t0)))
    assert h.get("/index.html", xff=bad) == 200
    js = status_json(h)
    assert js["sources"]["blocked"] == 0
    assert not source(js, bad)["blocked"]


def test_attack_while_blocked_stays_blocked(httpd_factory):
    """A blocked source that keeps attacking is refused (403, verdict
    blocked), and each attack restarts its block."""
    h = httpd_factory(extra="LogWatchThreshold 2 3600\nLogWatchBlock On 2 429\n")
    src = "192.0.2.44"
    attack(h, src, 0)
    attack(h, src, 1)
    st, raw = h.request("GET %s HTTP/1.1" % ATTACKS[2],
                        [("Host", "localhost"), ("X-Forwarded-For", src)])
    assert st == 429 and b"Retry-After:" in raw
    rec = h.wait_for(lambda r: r["uri"] == ATTACKS[2] and not is_threshold(r))
    assert rec and rec["status"] == 429 and rec["verdict"] == "blocked"
    time.sleep(1.2)
    assert attack(h, src, 0) == 429          # block restarted at +1.2 s ...
    time.sleep(1.2)
    assert h.get("/index.html", xff=src) == 429   # ... so still on at +2.4 s
    time.sleep(2.2)
    assert h.get("/index.html", xff=src) == 200


def test_ignore_net(httpd_factory):
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchThreshold 2 3600\nLogWatchBlock On 60\n"
                      "LogWatchIgnoreNet 10.20.0.0/16 2001:db8:77::/48\n")
    for src in ("10.20.3.4", "2001:db8:77::5"):
        for i in range(4):
            assert attack(h, src, i) == 500
        assert h.get("/index.html", xff=src) == 200
    # the admin's own networks: never recorded, counted nor blocked (the
    # LOGWATCH note stays for `CustomLog ... env=LOGWATCH`)
    assert h.get("/index.html") == 200
    deadline = time.time() + 5
    while time.time() < deadline and len(open(h.access_log).readlines()) < 10:
        time.sleep(0.05)
    assert h.records() == []
    with open(h.path("logs", "flagged.log")) as f:
        assert len(f.readlines()) == 8
    js = status_json(h)
    assert js["sources"]["used"] == 0 and js["sources"]["top"] == []
    assert js["totals"]["thresholds"] == 0
    # a neighbour outside the networks is counted and blocked
    for i in range(2):
        attack(h, "10.21.0.1", i)
    assert wait_count(h, is_threshold, 1)
    assert h.get("/index.html", xff="10.21.0.1") == 403


def _attack_burst(h, sources, per_source, workers=8):
    jobs = [(s, i) for s in sources for i in range(per_source)]
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        return list(ex.map(lambda j: attack(h, j[0], j[1]), jobs))


def _check_agreement(h, js, sources):
    recs = attack_records(h)
    # per source: the tally equals that source's records
    for src in sources:
        n = sum(1 for r in recs if r["client"] == src)
        s = source(js, src)
        assert s is not None and s["total"] == n, (src, s, n)
    assert sum(s["total"] for s in js["sources"]["top"]) == len(recs)
    # per category and per verdict
    for cat, n in js["by_category"].items():
        assert n == sum(1 for r in recs if cat in r["categories"]), cat
    for v, n in js["by_verdict"].items():
        assert n == sum(1 for r in recs if r["verdict"] == v), v
    thr = [r for r in h.records() if is_threshold(r)]
    assert js["totals"]["thresholds"] == len(thr)
    assert js["totals"]["written"] == len(recs) + len(thr)
    assert js["totals"]["flagged"] == len(recs)
    assert js["totals"]["dropped"] == 0


def test_counters_agree_across_processes_and_restart(httpd_factory, mpm):
    # few threads per process, so concurrent requests spread over processes
    conf = ("StartServers 4\nMinSpareServers 4\nMaxSpareServers 8\n"
            "MaxRequestWorkers 16\n" if mpm == "prefork" else
            "StartServers 4\nServerLimit 8\nThreadsPerChild 2\n"
            "MinSpareThreads 2\nMaxSpareThreads 16\nMaxRequestWorkers 16\n")
    h = httpd_factory(extra=STATUS_LOCATION + "LogWatchThreshold 4 3600\n"
                      'CustomLog "logs/pid.log" "%P"\n', mpm_conf=conf)
    sources, pids = [], set()
    # bursts of 6 new sources x 5 attacks until more than one process has
    # served them (at most 3: the status page lists the top 20 sources)
    for rnd in range(3):
        new = ["198.51.%d.%d" % (100 + rnd, i) for i in range(1, 7)]
        sources += new
        _attack_burst(h, new, 5)
        n = 5 * len(sources)
        assert len(wait_count(h, lambda r: not is_threshold(r), n)) == n
        with open(h.path("logs", "pid.log")) as f:
            pids = set(f.read().split())
        if len(pids) > 1:
            break
    if len(pids) <= 1:
        # The kernel chose which process accepts; on a loaded machine one
        # process can take every connection. What this test checks (counts
        # shared across processes) then cannot be observed: say so.
        pytest.skip("precondition unmet: all requests served by one process")
    assert len(wait_count(h, is_threshold, len(sources))) == len(sources)
    js = status_json(h)
    _check_agreement(h, js, sources)
    # the hits per rule add up to the rules the records name
    named = {}
    for r in attack_records(h):
        for x in r["rules"]:
            named[x["id"]] = named.get(x["id"], 0) + 1
    assert {x["id"]: x["hits"] for x in js["rules"]} == named
    gen = js["signatures"]["generation"]

    h.graceful()
    js2 = status_json(h)
    assert js2["signatures"]["generation"] == gen + 1
    for src in sources:                     # tallies kept
        assert source(js2, src)["total"] == 5
    _attack_burst(h, sources[:2], 2)
    n = 5 * len(sources) + 4
    assert len(wait_count(h, lambda r: not is_threshold(r), n)) == n
    time.sleep(0.3)
    js3 = status_json(h)
    _check_agreement(h, js3, sources)
    # a window already crossed is not crossed again after the restart
    assert js3["totals"]["thresholds"] == len(sources)
    assert "LW00105" not in h.error_text()


def test_tiny_table_evicts(httpd_factory):
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchSharedMemory 1k\nLogWatchThreshold 2 3600\n"
                      "LogWatchBlock On 60\n")
    js = status_json(h)
    slots = js["sources"]["slots"]
    assert 1 <= slots <= 8, js["sources"]
    sources = ["192.0.2.%d" % i for i in range(1, slots + 4)]
    for s in sources:
        attack(h, s)
    assert len(wait_count(h, lambda r: True, len(sources))) == len(sources)
    js = status_json(h)
    st = js["sources"]
    assert st["used"] == slots and st["evictions"] == len(sources) - slots
    kept = {s["source"] for s in st["top"]}
    assert kept == set(sources[-slots:])      # the oldest went
    # and it keeps working: the newest source crosses and is blocked
    attack(h, sources[-1], 1)
    assert wait_count(h, is_threshold, 1)
    assert h.get("/index.html", xff=sources[-1]) == 403
    assert h.get("/index.html", xff=sources[0]) == 200


def test_resize_needs_full_restart(httpd_factory):
    h = httpd_factory(extra="LogWatchSharedMemory 64k\n" + STATUS_LOCATION)
    slots = status_json(h)["sources"]["slots"]
    attack(h, "198.51.100.99")
    h.extra = "LogWatchSharedMemory 2M\n" + STATUS_LOCATION
    h.write_conf()
    h.graceful()
    assert re.search(r"LW00105: LogWatchSharedMemory is now 2097152 bytes; "
                     r"the source tallies keep their 65536 bytes",
                     h.error_text())
    js = status_json(h)
    assert js["sources"]["slots"] == slots
    assert source(js, "198.51.100.99")["total"] == 1
    h.stop()
    h.start()
    js = status_json(h)
    assert js["sources"]["slots"] > slots and js["sources"]["used"] == 0


def test_bad_directives_fail_configtest(httpd_factory):
    for bad in ("LogWatchThreshold 0 60", "LogWatchThreshold 3",
                "LogWatchBlock Maybe", "LogWatchBlock On 10 200",
                "LogWatchIgnoreNet 10.0.0.0/33", "LogWatchIgnoreNet example.com",
                "LogWatchSharedMemory 10", "LogWatchSharedMemory 5G",
                # overflows 64 bits on the way: the same clear error, no
                # wrap-around (a signed overflow under UBSan once)
                "LogWatchSharedMemory 9999999999999M",
                "LogWatchSharedMemory 99999999999999999999k",
                "LogWatchThreshold 99999999999999999999 60",
                "LogWatchBlock On 10 -403", "LogWatchMaxInspect 8k1",
                "LogWatchMinScore +3", "LogWatchExclude 4294967296"):
        h = httpd_factory(start=False, extra=bad + "\n")
        p = h.configtest()
        assert p.returncode != 0, bad
        assert bad.split()[0] in p.stderr + p.stdout, (bad, p.stderr)
        assert "is not a number from" in p.stderr + p.stdout \
            or bad.startswith(("LogWatchIgnoreNet", "LogWatchThreshold 3",
                               "LogWatchBlock Maybe")), (bad, p.stderr)
        assert "runtime error" not in p.stderr, (bad, p.stderr)
    h = httpd_factory(start=False, extra="Mutex file:/tmp logwatch-tally\n"
                      "LogWatchIgnoreNet 127.0.0.1 ::1\n")
    assert h.configtest().returncode == 0


def test_mutex_mechanisms_and_block_across_restart(httpd_factory):
    """The `Mutex` directive chooses the tally lock (file-based ones need
    the child_init attach); a block survives a graceful restart."""
    for mech in ("fcntl", "flock", "sysvsem", "pthread"):
        h = httpd_factory(extra="Mutex %s logwatch-tally\n"
                          "LogWatchThreshold 2 3600\nLogWatchBlock On 60\n"
                          % mech)
        src = "203.0.113.77"
        attack(h, src, 0)
        attack(h, src, 1)
        assert wait_count(h, is_threshold, 1), mech
        assert h.get("/index.html", xff=src) == 403, mech
        h.graceful()
        assert h.get("/index.html", xff=src) == 403, mech
        assert h.get("/index.html", xff="203.0.113.78") == 200, mech
        err = h.error_text()
        assert not re.search(r"LW0010[347]", err), (mech, err[-2000:])
        h.stop()


def test_block_per_virtual_host(httpd_factory):
    """The table is one for the server, the refusal is per virtual host: a
    source blocked for its attacks on one host is still served where
    LogWatchBlock is Off, and its attacks there still count."""
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchThreshold 3 3600\nLogWatchBlock On 60\n",
                      vhost_extra={"domain1.com": "    LogWatchBlock Off\n"})
    src = "198.51.100.61"
    attack(h, src, 0)
    assert h.get(ATTACKS[1], host="domain1.com", xff=src) == 500
    assert h.get(ATTACKS[2], host="domain2.com", xff=src) == 500
    t = h.wait_for(is_threshold)
    assert t and t["vhost"] == "domain2.com"
    assert h.get("/index.html", host="domain2.com", xff=src) == 403
    assert h.get("/index.html", host="localhost", xff=src) == 403
    assert h.get("/index.html", host="domain1.com", xff=src) == 200
    assert h.get(ATTACKS[0], host="domain1.com", xff=src) == 500
    assert wait_count(h, lambda r: r["uri"] == ATTACKS[0], 2)
    s = source(status_json(h), src)
    assert s["attacks"] == 4 and s["refused"] == 2


def test_untrusted_forwarded_for_is_not_the_source(httpd_factory):
    """Only the address mod_remoteip gives counts: where it reads another
    header, an X-Forwarded-For header changes nothing (the request keeps
    the proxy's address, and a proxy is never counted)."""
    h = httpd_factory(extra=STATUS_LOCATION,
                      vhost_extra={"domain3.com":
                                   "    RemoteIPHeader X-Client-IP\n"})
    for i in range(3):
        assert h.get(ATTACKS[i], host="domain3.com",
                     xff="203.0.113.200") == 500
    recs = wait_count(h, lambda r: True, 3)
    assert len(recs) == 3
    assert all(r["client"] == "127.0.0.1" and "peer" not in r for r in recs)
    js = status_json(h)
    assert source(js, "203.0.113.200") is None
    assert js["sources"]["used"] == 0
    for i in range(3):
        assert h.get(ATTACKS[i], host="domain3.com",
                     headers=[("X-Client-IP", "203.0.113.201")]) == 500
    t = h.wait_for(is_threshold)
    assert t and t["client"] == "203.0.113.201" and t["peer"] == "127.0.0.1"
    assert source(status_json(h), "203.0.113.201")["total"] == 3
