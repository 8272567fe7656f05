"""conf/fail2ban with the real Fail2Ban: fail2ban-regex on an attack log
written by the module (every attack record matched with its own source,
IPv4 and IPv6; no threshold, server_error, access-log or error-log line;
never an address an attacker wrote into a field; logwatch-scan's
records of an access log in another zone, at their own times), and a real
fail2ban-server on a private socket with the shipped jail, banning
through an action that writes the address to a file: exactly the sources
with LogWatchThreshold's count of attacks.

Run:  bash scripts/test-ban.sh fail2ban
"""
import collections
import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest

import banlog
import lwhttpd

CONF = os.path.join(lwhttpd.srcdir(), "conf", "fail2ban")
FILTER = os.path.join(CONF, "filter.d", "mod-logwatch.conf")
JAIL = os.path.join(CONF, "jail.d", "mod-logwatch.conf")
REGEX = shutil.which("fail2ban-regex") or "/usr/bin/fail2ban-regex"
SERVER = shutil.which("fail2ban-server") or "/usr/bin/fail2ban-server"
CLIENT = shutil.which("fail2ban-client") or "/usr/bin/fail2ban-client"


@pytest.fixture(scope="module")
def log():
    for p in (REGEX, SERVER, CLIENT):
        if not os.access(p, os.X_OK):
            pytest.fail("%s not found: install fail2ban (scripts/deps.sh)" % p)
    with banlog.made() as log:
        yield log


def regex(logfile, filt=FILTER, *opts):
    """fail2ban-regex's address of each matched line, in order."""
    p = subprocess.run([REGEX, "--raw", "-o", "ip"] + list(opts)
                       + [logfile, filt],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    return [x for x in p.stdout.split("\n") if x]


def test_regex_matches_every_attack_with_its_source(log):
    got = regex(log.attack_log)
    want = [r["client"] for r in log.attacks]
    # one match per attack record, with that record's own client
    assert collections.Counter(got) == collections.Counter(want)
    assert any(":" in a for a in got) and any("." in a for a in got)
    # the threshold and server_error records are left out
    assert len(log.records) - len(log.attacks) == 2 + banlog.COUNT + 1
    assert banlog.BENIGN not in got


def test_regex_summary_counts_lines(log):
    """fail2ban-regex's own tally: every attack line matched, the rest
    (threshold and server_error records) missed; dates all recognised."""
    p = subprocess.run([REGEX, "--raw", log.attack_log, FILTER],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    assert ("Lines: %d lines, 0 ignored, %d matched, %d missed"
            % (len(log.records), len(log.attacks),
               len(log.records) - len(log.attacks))) in p.stdout, p.stdout
    assert "[%d] ^\\{\"time\":" % len(log.records) in p.stdout, p.stdout


def test_regex_no_benign_line(log):
    """The access log (benign and attack requests alike, as httpd logs
    them), the error log and the module's notices match nothing."""
    for f in (log.access_log, log.error_log):
        assert os.path.getsize(f) > 0, f
        assert regex(f) == [], f
    with open(log.access_log) as f:
        assert sum(banlog.BENIGN in line for line in f) >= 8


def test_regex_injected_addresses_never_taken(log, tmp_path):
    got = regex(log.attack_log)
    assert banlog.VICTIM4 not in got and banlog.VICTIM6 not in got
    assert set(banlog.INJECTORS) <= set(got)
    # The same log does get a victim banned by a filter that does not
    # anchor on the record's own member (each injecting record names the
    # IPv6 victim last).
    naive = tmp_path / "naive.conf"
    with open(FILTER) as f:
        text = f.read()
    naive.write_text(text.replace("\nfailregex = ",
                                  "\nfailregex = ^.*client\\W+<ADDR>\n"
                                  "#failregex = "))
    bad = regex(log.attack_log, str(naive))
    assert bad.count(banlog.VICTIM6) == 2 * len(banlog.INJECTORS), bad


def test_regex_on_logwatch_scan_records(tmp_path):
    """Records logwatch-scan writes from an access log (another zone's
    offset, IPv6 clients as %h) match alike; the access log does not."""
    scan = os.path.join(lwhttpd.builddir(), "logwatch-scan")
    lines = []
    for i, src in enumerate(["192.0.2.7", "2001:db8:9::7", "192.0.2.8"]):
        lines.append('%s - - [22/Jun/2011:13:46:%02d -0400] "GET '
                     '/home.php?pgi=../../../../etc/passwd HTTP/1.1" 500 35 '
                     '"-" "Mozilla/5.0 client: 203.0.113.66"' % (src, i))
        lines.append('%s - - [22/Jun/2011:13:47:%02d -0400] "GET /index.html '
                     'HTTP/1.1" 200 512 "-" "Mozilla/5.0"' % (src, i))
    access = tmp_path / "access.log"
    access.write_text("\n".join(lines) + "\n")
    p = subprocess.run([scan, "--default-signatures",
                        lwhttpd.default_signatures(), str(access)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    recs = [json.loads(x) for x in p.stdout.splitlines()]
    assert len(recs) == 3 and all(
        r["time"].endswith("-04:00") for r in recs), recs
    attack = tmp_path / "attack.log"
    attack.write_text(p.stdout)
    assert regex(str(attack)) == ["192.0.2.7", "2001:db8:9::7", "192.0.2.8"]
    assert regex(str(access)) == []
    # each failure at its record's own time, the offset honoured
    p = subprocess.run([REGEX, "--raw", "-o", "row", str(attack), FILTER],
                       capture_output=True, text=True, timeout=120)
    rows = re.findall(r"^\['([^']+)',\s*(\d+),", p.stdout, re.M)
    assert rows == [(r["client"], str(int(datetime.datetime.fromisoformat(
        r["time"]).timestamp()))) for r in recs], p.stdout


# ---- fail2ban-server ----

ACTION = """[Definition]
actionstart =
actionstop =
actioncheck =
actionban = printf '%%s\\n' '<ip>' >> '<file>'
actionunban =
[Init]
file =
"""


def _server_conf(d, log):
    os.makedirs(os.path.join(d, "filter.d"))
    os.makedirs(os.path.join(d, "action.d"))
    os.makedirs(os.path.join(d, "jail.d"))
    shutil.copy(FILTER, os.path.join(d, "filter.d"))
    shutil.copy(JAIL, os.path.join(d, "jail.d"))
    with open(os.path.join(d, "action.d", "lw-record.conf"), "w") as f:
        f.write(ACTION)
    with open(os.path.join(d, "fail2ban.conf"), "w") as f:
        f.write("[Definition]\nloglevel = INFO\nlogtarget = %s/server.log\n"
                "socket = %s/f2b.sock\npidfile = %s/f2b.pid\n"
                "dbfile = %s/f2b.sqlite3\n" % (d, d, d, d))
    with open(os.path.join(d, "jail.conf"), "w") as f:
        f.write("[DEFAULT]\nignoreself = true\nignoreip = 127.0.0.1/8 ::1\n"
                "usedns = no\n")
    # the shipped jail, pointed at this log, the polling backend and an
    # action that only writes what it would ban
    with open(os.path.join(d, "jail.local"), "w") as f:
        f.write("[mod-logwatch]\nlogpath = %s\nbackend = polling\n"
                "action = lw-record[file=%s/banned]\n"
                % (log.attack_log, d))


def _client(d, *args):
    return subprocess.run([CLIENT, "-c", d, "-s", d + "/f2b.sock"]
                          + list(args), capture_output=True, text=True,
                          timeout=60)


def _status_field(out, name):
    for line in out.splitlines():
        if name + ":" in line:
            return line.split(name + ":", 1)[1].strip()
    return None


def test_server_bans_sources_over_threshold(log):
    d = tempfile.mkdtemp(prefix="lw-f2b-")
    _server_conf(d, log)
    srv = subprocess.Popen([SERVER, "-f", "-x", "-c", d,
                            "-s", d + "/f2b.sock", "-p", d + "/f2b.pid",
                            "--logtarget", d + "/server.log"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        # every attack line read and counted (the jail's own tally)...
        deadline = time.time() + 90
        total = None
        while time.time() < deadline:
            st = _client(d, "status", "mod-logwatch")
            if st.returncode == 0:
                total = _status_field(st.stdout, "Total failed")
                if total == str(len(log.attacks)):
                    break
            assert srv.poll() is None, srv.stdout.read().decode()
            time.sleep(0.2)
        assert total == str(len(log.attacks)), st.stdout + st.stderr
        want = log.clients_over(banlog.COUNT)
        assert want == {"198.51.100.10", "2001:db8:1::10"}
        # ... and the bans done (the action writes, then the jail counts)
        while time.time() < deadline:
            st = _client(d, "status", "mod-logwatch")
            if _status_field(st.stdout, "Total banned") == str(len(want)):
                break
            time.sleep(0.2)
        banned = set(_status_field(st.stdout, "Banned IP list").split())
        assert banned == want, st.stdout
        with open(os.path.join(d, "banned")) as f:
            written = f.read().split()
        assert sorted(written) == sorted(want)
        # the thresholds of the shipped jail are LogWatchThreshold's
        assert _client(d, "get", "mod-logwatch", "maxretry").stdout.split()[
            -1] == str(banlog.COUNT)
        assert _client(d, "get", "mod-logwatch", "findtime").stdout.split()[
            -1] == str(banlog.WINDOW)
    finally:
        _client(d, "stop")
        try:
            srv.wait(timeout=30)
        except subprocess.TimeoutExpired:
            srv.kill()
            srv.wait()
        shutil.rmtree(d, ignore_errors=True)
