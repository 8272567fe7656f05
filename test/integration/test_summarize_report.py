"""logwatch-summarize as a user runs it: the seed's records, the report in
its three formats, firewall and mod_security suggestions, hostile records,
malformed input, windows, gzip and stdin, several hosts, disk, and the
abuse contact from a WHOIS server on loopback.

Run: LW_BUILDDIR=build LW_SRCDIR=. /usr/bin/python3 -m pytest test/integration/test_summarize_report.py
"""
import datetime
import gzip
import json
import os
import re
import socketserver
import subprocess
import sys
import threading

import pytest

sys.path.insert(0, os.path.dirname(__file__))
import lwhttpd  # noqa: E402
import sumutil  # noqa: E402
from sumutil import record, seed_records, summarize, write_lines  # noqa: E402

pytestmark = pytest.mark.skipif(
    not os.access(sumutil.tool("logwatch-summarize"), os.X_OK),
    reason="logwatch-summarize not built (set LW_BUILDDIR)")


@pytest.fixture
def seed(tmp_path):
    return str(write_lines(tmp_path / "seed.jsonl", seed_records()))


def out(res):
    assert res.returncode == 0, res.stderr.decode(errors="replace")
    return res.stdout.decode("ascii")


def wrapped_in(phrase, text):
    """phrase is in text, its words perhaps wrapped onto the next line (the
    text report keeps to 80 columns)."""
    return re.search(r"\s+".join(map(re.escape, phrase.split(" "))), text)


def only_clean_bytes(data):
    """No control byte but LF, nothing outside ASCII."""
    return all(b == 0x0a or 0x20 <= b < 0x7f for b in data)


# ------------------------------------------------------------ the seed

def test_seed_text_report(seed):
    text = out(summarize([seed]))
    assert "Attacks: 9 from 3 sources against 3 targets" in text
    assert "174.121.218.75: 6 attacks" in text
    assert "221.157.225.69: 2 attacks" in text
    assert "91.224.160.60: 1 attack\n" in text
    # sources in order of attacks
    assert (text.index("174.121.218.75:") < text.index("221.157.225.69:")
            < text.index("91.224.160.60:"))
    assert "    categories: lfi 3, rfi 3\n" in text
    assert ("first seen: 2011-06-22 13:46:16 -0400, "
            "last seen: 2011-06-22 13:47:01 -0400") in text
    # counts with bars scaled to the largest
    assert re.search(r"By category\n  sqli +1  #{8}\n  lfi +5  #{40}\n"
                     r"  rfi +3  #{24}\n", text)
    assert re.search(r"\n  error +9  #{40}\n", text)
    assert "domain3.com: 6 attacks from 1 source\n" in text
    assert "By host" not in text          # one host only


def test_seed_firewall_threshold(seed):
    text = out(summarize(["--firewall", "nftables", seed]))
    rules = [l for l in text.splitlines() if l.startswith("nft ")]
    assert rules == ["nft add rule inet filter input ip saddr 174.121.218.75 drop"]
    text = out(summarize(["--firewall", "iptables", "--threshold", "2", seed]))
    rules = [l for l in text.splitlines() if "-j DROP" in l]
    assert rules == ["iptables -I INPUT -s 174.121.218.75 -j DROP",
                     "iptables -I INPUT -s 221.157.225.69 -j DROP"]


def test_ipv6_sources(tmp_path):
    v6 = "2a03:2880:F12F:83:0:0:0:25DE"        # public; written unusually
    recs = [record("2024-03-01T10:00:0%d.000000+00:00" % i, v6, "a.example",
                   "/?q=<script>", 200, ["xss"]) for i in range(3)]
    recs += [record("2024-03-01T10:00:09.000000+00:00", "fd00::1",
                    "a.example", "/?q=<script>", 200, ["xss"]) for _ in range(3)]
    recs += [record("2024-03-01T10:00:09.000000+00:00", "::ffff:198.51.100.9",
                    "a.example", "/?q=<script>", 200, ["xss"]) for _ in range(3)]
    f = write_lines(tmp_path / "v6.jsonl", recs)
    text = out(summarize(["--firewall", "nftables", str(f)]))
    assert "2a03:2880:F12F:83:0:0:0:25DE: 3 attacks" in text
    rules = [l for l in text.splitlines() if l.startswith("nft ")]
    # canonical form only; private and documentation ranges never blocked
    assert rules == ["nft add rule inet filter input ip6 saddr "
                     "2a03:2880:f12f:83::25de drop"]
    assert "not blocked: fd00::1 (private address)" in text
    assert "not blocked: ::ffff:198.51.100.9 (documentation address)" in text
    text = out(summarize(["--firewall", "iptables", str(f)]))
    assert "ip6tables -I INPUT -s 2a03:2880:f12f:83::25de -j DROP" in text


def test_seed_json(seed):
    doc = json.loads(out(summarize(["--format", "json", seed])))
    assert doc["attacks"] == 9
    assert doc["input"] == {"lines": 9, "records": 9, "malformed": 0,
                            "oversized": 0, "out_of_window": 0, "ignored": 0,
                            "duplicates": 0}
    assert [(s["ip"], s["attacks"]) for s in doc["sources"]] == [
        ("174.121.218.75", 6), ("221.157.225.69", 2), ("91.224.160.60", 1)]
    assert doc["sources"][0]["first"] == "2011-06-22T13:46:16-04:00"
    assert doc["by_category"] == {"sqli": 1, "lfi": 5, "rfi": 3}
    assert doc["by_verdict"] == {"error": 9}
    assert doc["targets"][0]["vhost"] == "domain3.com"
    assert doc["targets"][0]["distinct_sources"] == 1


def test_seed_html_self_contained(seed, tmp_path):
    page = tmp_path / "r.html"
    out(summarize(["--format", "html", "--output", str(page), seed]))
    html = page.read_text("ascii")
    assert html.startswith("<!DOCTYPE html>")
    assert "174.121.218.75" in html and "domain3.com" in html
    # nothing loaded from elsewhere, nothing run
    assert "<script" not in html.lower()
    assert not re.search(r"(src|href)\s*=", html, re.I)
    assert "@import" not in html and "url(" not in html


def test_seed_modsecurity(seed):
    text = out(summarize(["--modsecurity", seed]))
    lines = [l.strip() for l in text.splitlines() if "SecRule" in l]
    assert ('SecRule REQUEST_FILENAME "@streq /contact/press_release_pop.php" '
            '"id:') in "\n".join(lines)
    ids = [int(m) for m in re.findall(r'"id:(\d+),phase:2,deny', text)]
    assert ids and len(ids) == len(set(ids))
    assert all(99000 <= i <= 99999 for i in ids)
    assert 'SecRule SERVER_NAME "@streq domain3.com" "t:none,chain"' in lines


# ------------------------------------------------------------ hostile

HOSTILE_UA = 'curl\r\nX-Evil: 1\x1b[31mRED\x1b[0m\x07'


def hostile_lines():
    return [
        record("2024-03-01T10:00:00.000000+00:00", "203.0.114.5",
               "victim.example", '/app/"q\\uote.php?a=\'";rm -rf /', 200,
               ["rce"], HOSTILE_UA, field="args:a", excerpt=";rm -rf /"),
        record("2024-03-01T10:00:01.000000+00:00", "203.0.114.5",
               "victim.example", '/app/"q\\uote.php?x=1', 200, ["rce"],
               HOSTILE_UA),
        record("2024-03-01T10:00:02.000000+00:00", "203.0.114.5",
               "victim.example", "/x\r\nSecRuleEngine Off", 200, ["rce"],
               "\x1b]0;owned\x07"),
        record("2024-03-01T10:00:03.000000+00:00", "8.8.8.8; reboot",
               "<img src=x onerror=alert(1)>", "/<b>bold</b>", 200,
               ["xss"], "<script>alert(1)</script>"),
        record("2024-03-01T10:00:03.000000+00:00", "8.8.8.8; reboot",
               "<img src=x onerror=alert(1)>", "/<b>bold</b>", 200,
               ["xss"], "x"),
        record("2024-03-01T10:00:03.000000+00:00", "8.8.8.8; reboot",
               "<img src=x onerror=alert(1)>", "/<b>bold</b>", 200,
               ["xss"], "x"),
    ]


def test_hostile_text(tmp_path):
    f = write_lines(tmp_path / "h.jsonl", hostile_lines())
    res = summarize(["--firewall", "iptables", "--modsecurity", str(f)])
    assert res.returncode == 0
    assert only_clean_bytes(res.stdout)
    text = res.stdout.decode("ascii")
    assert "curl\\x0d\\x0aX-Evil: 1\\x1b[31mRED\\x1b[0m\\x07" in text
    # the invalid "address" is reported, never blocked
    assert "8.8.8.8; reboot: 3 attacks (not a valid address)" in text
    assert "not blocked: 8.8.8.8; reboot (not a valid address)" in text
    fw = [l for l in text.splitlines() if "-j DROP" in l]
    assert fw == ["iptables -I INPUT -s 203.0.114.5 -j DROP"]
    # exact escaping in the rule: \" and \\ ; the CR LF path is skipped
    assert ('SecRule REQUEST_FILENAME "@streq /app/\\"q\\\\uote.php" '
            '"id:99000,phase:2,deny,status:403,log,t:none,'
            "msg:'logwatch: rce attacks on this path',chain\"") in text
    assert "SecRuleEngine Off" not in "\n".join(
        l for l in text.splitlines() if l.lstrip().startswith("SecRule"))
    assert wrapped_in("no rule for victim.example /x\\x0d\\x0aSecRuleEngine Off: "
                      "the path cannot be made safe", text)
    assert wrapped_in("no rule for vhost <img src=x onerror=alert(1)>: not a "
                      "plain host name", text)


def test_hostile_html_json(tmp_path):
    f = write_lines(tmp_path / "h.jsonl", hostile_lines())
    res = summarize(["--format", "html", "--modsecurity", str(f)])
    assert res.returncode == 0 and only_clean_bytes(res.stdout)
    html = res.stdout.decode("ascii")
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "/app/&#34;q\\uote.php?a=&#39;&#34;;rm -rf /" in html
    res = summarize(["--format", "json", str(f)])
    assert res.returncode == 0 and only_clean_bytes(res.stdout)
    doc = json.loads(res.stdout)
    ua = [c[0] for s in doc["sources"] for c in s["clients"]]
    assert "curl\\x0d\\x0aX-Evil: 1\\x1b[31mRED\\x1b[0m\\x07" in ua


def test_malformed_counted_not_fatal(tmp_path):
    lines = seed_records()[:3] + [
        "garbage", "{\"time\": \"2011-06-22T01:46:14.000000-04:00\", \"cli",
        "{\"client\": [1]}", "", "x" * 70000] + seed_records()[3:]
    f = write_lines(tmp_path / "m.jsonl", lines)
    with open(f, "a") as fh:
        fh.write(seed_records()[0][:40])      # cut, no newline
    text = out(summarize([str(f)]))
    assert ("Input: 14 lines, 9 records, 4 malformed, 1 oversized, "
            "0 outside the window") in text
    assert "174.121.218.75: 6 attacks" in text


def test_duplicate_records_counted_once(tmp_path):
    """A relay that delivers at least once resends whole batches: the same
    record line twice is one attack, and the duplicates are reported. Two
    records that differ in one byte are two."""
    recs = seed_records()
    other = recs[0].replace('"request_id":"', '"request_id":"x', 1)
    assert other != recs[0]
    f = write_lines(tmp_path / "dup.jsonl", recs + recs[2:6] + [other])
    text = out(summarize([str(f)]))
    assert ("Input: 14 lines, 10 records, 0 malformed, 0 oversized, "
            "0 outside the window\nDuplicates: 4 records seen again") in text
    assert "Attacks: 10 from 3 sources" in text
    assert "221.157.225.69: 2 attacks" in text
    assert "91.224.160.60: 2 attacks" in text


# ------------------------------------------------------------ input

def test_gzip_stdin_and_several_files(tmp_path, seed):
    gz = tmp_path / "seed.jsonl.gz"
    with gzip.open(gz, "wb") as g:
        g.write(open(seed, "rb").read())
    text = out(summarize([str(gz)]))
    assert "174.121.218.75: 6 attacks" in text
    text = out(summarize(["-"], stdin=open(seed, "rb").read()))
    assert "174.121.218.75: 6 attacks" in text
    # the same records twice (a log and its compressed copy): counted once
    text = out(summarize([seed, str(gz)]))
    assert "174.121.218.75: 6 attacks" in text
    assert "Duplicates: 9 records seen again" in text
    # the reader in the main thread gives the same report
    assert out(summarize(["--threads", "1", seed, str(gz)])).split("\n", 1)[1] \
        == text.split("\n", 1)[1]
    # a gzip file cut short: what could be read counts, the cut is noted
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gz.read_bytes()[:-20])
    res = summarize([str(cut)])
    assert res.returncode == 0
    assert b"unexpected end of file" in res.stderr
    assert "unexpected end of file (the rest was skipped)" in res.stdout.decode()


def test_several_hosts_one_source_once(tmp_path):
    recs = [record("2024-03-01T10:00:0%d.000000+01:00" % i, "203.0.114.9",
                   "shop.example", "/?id=1'", 200, ["sqli"], "sqlmap",
                   host="web%d" % (i % 2 + 1)) for i in range(4)]
    f = write_lines(tmp_path / "h.jsonl", recs)
    text = out(summarize([str(f)]))
    by_source = text.split("\nBy source\n")[1].split("\nBy target\n")[0]
    assert by_source.count("203.0.114.9: 4 attacks") == 1
    assert "hosts:      web1 2, web2 2" in text
    assert "By host\n  web1: 2 records, 2 attacks" in text
    assert "  web2: 2 records, 2 attacks" in text
    assert "logged by 2 hosts" in text
    assert ("Served attacks: review these applications first\n"
            "  shop.example /: 4 attacks: sqli 4\n"
            "    most severe (high): /?id=1'\n") in text


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00")


def test_windows(tmp_path):
    times = ["2024-03-01T23:59:59.000000+00:00", "2024-03-02T00:00:00.000000+00:00",
             "2024-03-02T12:00:00.000000+00:00", "2024-03-03T00:00:00.000000+00:00"]
    recs = [record(t, "203.0.114.%d" % (i + 1), "a.example", "/", 200, ["xss"])
            for i, t in enumerate(times)]
    f = str(write_lines(tmp_path / "w.jsonl", recs))
    text = out(summarize(["--since", "2024-03-02", "--until", "2024-03-03", f]))
    assert "Attacks: 2 from 2 sources" in text and "2 outside the window" in text
    assert "203.0.114.2:" in text and "203.0.114.3:" in text
    text = out(summarize(["--since", "2024-03-02T12:00", f]))
    assert "Attacks: 2 from 2 sources" in text
    # an explicit offset: 2024-03-02T01:00+02:00 is 2024-03-01T23:00Z
    text = out(summarize(["--since", "2024-03-02T01:00:00+02:00",
                          "--until", "2024-03-02T00:00:01Z", f]))
    assert "Attacks: 2 from 2 sources" in text
    # relative windows, against records made around now
    now = datetime.datetime.now(datetime.timezone.utc)
    recs = [record(iso(now - datetime.timedelta(hours=h)), "203.0.114.%d" % h,
                   "b.example", "/", 200, ["lfi"]) for h in (1, 30, 60)]
    f = str(write_lines(tmp_path / "r.jsonl", recs))
    text = out(summarize(["--since", "24h", f]))
    assert "Attacks: 1 from 1 sources" in text and "203.0.114.1:" in text
    text = out(summarize(["--since", "yesterday", "--until", "today", f]))
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    expect = sum(1 for h in (1, 30, 60)
                 if midnight - datetime.timedelta(days=1)
                 <= now - datetime.timedelta(hours=h) < midnight)
    assert "Attacks: %d from" % expect in text
    res = summarize(["--since", "last tuesday", f])
    assert res.returncode == 2 and b"--since/--until" in res.stderr


def test_disk(seed, tmp_path):
    text = out(summarize(["--disk", str(tmp_path), "--disk", "/nonexistent/x", seed]))
    assert re.search(r"\n  \S+:\s+blocks\s+\d+\.\d%\s+used\s+\([^)]*\)\n"
                     r"    inodes \d+\.\d% used", text)
    assert "WARNING /nonexistent/x: cannot read: No such file or directory" in text
    text = out(summarize(["--disk", str(tmp_path), "--disk-threshold", "1", seed]))
    assert "  WARNING %s: blocks" % tmp_path in text


def test_usage_errors():
    assert summarize(["--format", "xml"]).returncode == 2
    assert summarize(["--firewall", "pf"]).returncode == 2
    assert summarize(["--ignore-net", "10.0.0.0/33"]).returncode == 2
    res = summarize(["/nonexistent/file"])
    assert res.returncode == 1 and b"/nonexistent/file" in res.stderr


# ------------------------------------------------------------ WHOIS

class _Whois(socketserver.BaseRequestHandler):
    """IANA refers to ARIN; ARIN ("n + IP") gives its abuse address."""

    def handle(self):
        q = b""
        while not q.endswith(b"\r\n"):
            chunk = self.request.recv(512)
            if not chunk:
                break
            q += chunk
        q = q.decode("ascii", "replace").strip()
        if q.startswith("n + "):
            ans = ("NetRange: 174.121.0.0 - 174.123.255.255\n"
                   "OrgName: Example Hosting\n"
                   "OrgAbuseEmail: abuse@hosting.example.net\n")
        else:
            ans = "% IANA WHOIS server\nrefer:        whois.arin.net\n"
        self.request.sendall(ans.encode())


@pytest.fixture
def whois():
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Whois)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield "127.0.0.1:%d" % srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def test_abuse_contact_in_report(seed, whois, tmp_path):
    outdir = tmp_path / "out"
    res = summarize(["--abuse-reports", str(outdir), "--whois-server", whois,
                     "--firewall", "nftables", seed], timeout=60)
    text = out(res)
    assert "abuse:      abuse@hosting.example.net (whois:" in text
    files = sorted(os.listdir(outdir))
    assert len(files) == 1
    msg = (outdir / files[0]).read_text()
    assert "To: abuse@hosting.example.net" in msg and "174.121.218.75" in msg
    assert "221.157.225.69" not in msg
    rules = [l for l in text.splitlines() if l.startswith("nft ")]
    assert rules == ["nft add rule inet filter input ip saddr 174.121.218.75 drop"]


class _Silent(socketserver.BaseRequestHandler):
    """Accepts, reads the query, never answers."""

    def handle(self):
        import time
        self.request.recv(512)
        time.sleep(60)


def test_whois_silent_server_does_not_hang(seed, tmp_path):
    import time
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Silent)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        t0 = time.monotonic()
        res = summarize(["--abuse-reports", str(tmp_path / "out"),
                         "--whois-server", "127.0.0.1:%d" % srv.server_address[1],
                         "--whois-timeout", "1", seed], timeout=90)
        took = time.monotonic() - t0
    finally:
        srv.shutdown()
        srv.server_close()
    text = out(res)
    assert took < 30            # the server would hold it for 60 s
    assert re.search(r"174\.121\.218\.75: 6 attacks\n(    .*\n)*    abuse:      "
                     r"unknown \(whois:[a-z-]+\)\n", text)
    assert not os.listdir(tmp_path / "out") if (tmp_path / "out").exists() else True


def test_client_alerts(tmp_path):
    recs = [record("2024-03-01T10:00:0%d.000000+00:00" % i, "203.0.114.%d" % (i + 1),
                   "many.example", "/wp-login.php?x=<script>", 200, ["xss"])
            for i in range(3)]
    recs.append(record("2024-03-01T10:00:09.000000+00:00", "203.0.114.50",
                       "one.example", "/.env", 404, ["probe"]))
    f = write_lines(tmp_path / "a.jsonl", recs)
    alerts = tmp_path / "alerts"
    text = out(summarize(["--client-alerts", str(alerts), "--report-to",
                          "admin@example.org", "--from", "logwatch@example.org",
                          str(f)]))
    files = os.listdir(alerts)
    assert len(files) == 1 and "many.example" in files[0]
    msg = (alerts / files[0]).read_text()
    assert "To: admin@example.org" in msg
    assert "site-owner alerts: 1 written" in text


# ------------------------------------------------------------ logwatch-scan

def test_pipeline_from_logwatch_scan():
    scan = sumutil.tool("logwatch-scan")
    assert os.access(scan, os.X_OK), "logwatch-scan not built: " + scan
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import lwhttpd
    log = lwhttpd.corpus("seed", "seed_requests.log")
    assert os.path.exists(log), "no seed corpus at %s (LW_CORPUS)" % log
    sigs = os.path.join(sumutil.srcdir(), "conf", "signatures")
    p = subprocess.run([scan, "--default-signatures", sigs, "--format",
                        sumutil.SEED_FORMAT, log], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 0, p.stderr.decode(errors="replace")[-500:]
    assert p.stdout.count(b"\n") == 9, p.stdout
    text = out(summarize(["--firewall", "nftables", "-"], stdin=p.stdout))
    assert "174.121.218.75: 6 attacks" in text
    assert "221.157.225.69: 2 attacks" in text
    assert "91.224.160.60: 1 attack\n" in text
    assert [l for l in text.splitlines() if l.startswith("nft ")] == [
        "nft add rule inet filter input ip saddr 174.121.218.75 drop"]


# ------------------------------------------------------------ mod_security

MODSEC = "/usr/lib/apache2/modules/mod_security2.so"
HTTPD = "/usr/sbin/apache2"


def _get(port, path, host):
    import socket
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: " + host
              + b"\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.close()
    return int(data.split(b" ", 2)[1])


@pytest.mark.skipif(not (os.path.exists(MODSEC) and os.access(HTTPD, os.X_OK)),
                    reason="needs apache2 and libapache2-mod-security2")
def test_secrules_work_in_modsecurity(tmp_path):
    """The suggested rules load into a real httpd with mod_security2, deny
    the attacks they were made for (the hostile path too, matched exactly
    through its escaping) and let other requests to the same path, or to
    another vhost, through."""
    extra = [record("2024-03-01T10:00:00.000000+00:00", "203.0.114.77",
                    "shop.example", "/.env", 200, ["probe"], "curl/8"),
             record("2024-03-01T10:00:01.000000+00:00", "203.0.114.77",
                    "shop.example", "/cart.php?x=1", 200, ["scanner"], "nikto")]
    f = write_lines(tmp_path / "r.jsonl", hostile_lines() + seed_records() + extra)
    text = out(summarize(["--modsecurity", str(f)]))
    # a tool alone makes no rule: the page would be blocked for everybody
    assert wrapped_in("no rule for shop.example /cart.php: only scanner "
                      "there; block the sources instead", text)
    section = re.split(r"mod_security suggestions \(review before use\)\n"
                       r"  ids from 99000, in ModSecurity's range for local "
                       r"rules \(1-99999\)\n", text)[1]
    rules = [l for l in section.splitlines() if l.lstrip().startswith("SecRule")]
    assert rules
    # the hostile path's quote and backslash stand in its request line
    with lwhttpd.modsec_httpd(tmp_path, rules,
                              "HttpProtocolOptions Unsafe\n") as port:
        # the recorded excerpt, in the recorded argument only
        assert _get(port, b'/app/"q\\uote.php?a=;rm%20-rf%20/',
                    b"victim.example") == 403
        assert _get(port, b'/app/"q\\uote.php?b=;rm%20-rf%20/',
                    b"victim.example") == 404
        assert _get(port, b'/app/"q\\uote.php?a=1;2', b"victim.example") == 404
        assert _get(port, b'/app/"q\\uote.php?a=;rm%20-rf%20/',
                    b"other.example") == 404
        assert _get(port, b"/home.php?pgi=../../etc/passwd", b"domain3.com") == 403
        # remote inclusion recorded without an excerpt of its own: no
        # class-wide "http://" rule (ordinary redirect parameters hold it)
        assert _get(port, b"/home.php?pgi=http://evil/x", b"domain3.com") == 404
        assert wrapped_in("no distinctive rfi pattern recorded", text)
        assert _get(port, b"/home.php?pgi=hello", b"domain3.com") == 404
        assert _get(port, b"/contact/press_release_pop.php?id=-1+UNION+SELECT+1,2--",
                    b"domain1.com") == 403
        assert _get(port, b"/contact/press_release_pop.php?id=5", b"domain1.com") == 404
        # a probed sensitive file is denied as such, on its vhost only
        assert _get(port, b"/.env", b"shop.example") == 403
        assert _get(port, b"/.env", b"domain1.com") == 404
        assert _get(port, b"/cart.php?x=1", b"shop.example") == 404
