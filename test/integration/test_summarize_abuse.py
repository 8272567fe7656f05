"""logwatch-summarize's abuse reports and site-owner alerts, end to end:
the real binary, a real WHOIS server on loopback (fake_whois.py, recorded
answers), a fake sendmail that keeps what it is given.

Needs LW_BUILDDIR (holding logwatch-summarize); LW_SRCDIR defaults to the
tree this file is in."""
import email
import email.policy
import json
import os
import re
import subprocess
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fake_whois import FakeWhois  # noqa: E402

SEED = os.path.join(HERE, "data", "seed_records.jsonl")
FAKE_SENDMAIL = os.path.join(HERE, "fake_sendmail")
SEED_FORMAT = ('%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" '
               '%{UNIQUE_ID}e "%{X-Other}i"')
ARIN_CONTACT = "abuse@web-customer.example"   # whois/arin_174.txt, most specific
APNIC_CONTACT = "irt@kr-isp.example"          # whois/apnic_221.txt, IRT
RIPE_CONTACT = "abuse@ripe-host.example"      # whois/ripe_91.txt
SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


def builddir():
    return os.path.abspath(os.environ.get(
        "LW_BUILDDIR", os.path.join(HERE, "..", "..", "build")))


def tool(name):
    path = os.path.join(builddir(), name)
    if not os.access(path, os.X_OK):
        pytest.fail("%s not found: build first and set LW_BUILDDIR" % path)
    return path


def summarize(args, stdin=None, timeout=60, env=None):
    e = dict(os.environ)
    e["TZ"] = "UTC"
    e.update(env or {})
    return subprocess.run([tool("logwatch-summarize")] + list(args),
                          input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout, env=e)


_request_ids = iter(range(1, 1 << 30))


def record(client, vhost, uri="/index.php?id=1'", status=500, cats=("sqli",),
           ua="curl/7.0", time_="2026-11-26T10:00:00.000000+01:00"):
    # Every call is another request: its own request_id, as in a real log
    # (identical lines are one record resent, counted once).
    r = {"time": time_, "host": "web1", "vhost": vhost, "client": client,
         "request_id": "req%08d" % next(_request_ids),
         "method": "GET", "uri": uri, "protocol": "HTTP/1.1",
         "status": status, "bytes": 100, "user_agent": ua,
         "verdict": {200: "served", 403: "blocked", 404: "not_found"}.get(
             status, "error"),
         "severity": "high", "score": 5, "categories": list(cats),
         "rules": [{"id": 100100, "category": cats[0], "severity": "high",
                    "field": "uri", "excerpt": "x", "msg": "test"}]}
    return json.dumps(r)


def write(path, lines):
    with open(path, "w") as f:
        f.write("".join(line + "\n" for line in lines))
    return str(path)


def messages(d):
    """{file name: email.message.Message} of the .eml files in d."""
    out = {}
    if not os.path.isdir(d):
        return out
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            out[name] = email.message_from_bytes(f.read(),
                                                 policy=email.policy.compat32)
    return out


def raw_headers(path):
    with open(path, "rb") as f:
        data = f.read()
    return data.split(b"\n\n", 1)[0]


def check_headers_clean(path):
    """Every header line ASCII, printable, no stray CR, no injected field."""
    head = raw_headers(path)
    for line in head.split(b"\n"):
        assert line, path
        assert all(32 <= c < 127 or c == 9 for c in line), (path, line)
        name = line.split(b":", 1)[0]
        if not line.startswith((b" ", b"\t")):
            assert name in (b"From", b"To", b"Date", b"Message-ID", b"Subject",
                            b"MIME-Version", b"X-ARF", b"Auto-Submitted",
                            b"X-Mailer", b"Content-Type"), (path, line)
    return head


def body_text(msg):
    """The decoded text of every part, joined."""
    parts = []
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_payload(decode=True).decode("ascii"))
    return "\n".join(parts)


@pytest.fixture
def whois():
    with FakeWhois() as w:
        yield w


# --------------------------------------------------------------- the seed


def test_seed_gives_one_report_to_the_whois_contact(tmp_path, whois):
    out = tmp_path / "out"
    r = summarize(["--abuse-reports", str(out), "--whois-server",
                   "127.0.0.1:%d" % whois.port, SEED])
    assert r.returncode == 0, r.stderr
    msgs = messages(out)
    assert len(msgs) == 1, msgs.keys()
    name, msg = next(iter(msgs.items()))
    assert SAFE_NAME.match(name)
    assert msg["To"] == ARIN_CONTACT
    assert "174.121.218.75" in msg["Subject"]
    assert "6 attacks" in msg["Subject"]
    text = body_text(msg)
    assert "221.157.225.69" not in text and "91.224.160.60" not in text
    # the referral was followed, in each registry's query style
    assert whois.queries == ["174.121.218.75", "n + 174.121.218.75"]
    # the text report names the three sources and the contact
    report = r.stdout.decode()
    for ip in ("174.121.218.75", "221.157.225.69", "91.224.160.60"):
        assert ip in report
    assert ARIN_CONTACT in report


def test_seed_report_is_rfc5322_with_xarf_parts(tmp_path, whois):
    out = tmp_path / "out"
    r = summarize(["--abuse-reports", str(out), "--whois-server",
                   "127.0.0.1:%d" % whois.port, "--from",
                   "abuse-reports@hoster.example", SEED])
    assert r.returncode == 0, r.stderr
    (name, msg), = messages(out).items()
    check_headers_clean(out / name)
    assert msg["From"] == "abuse-reports@hoster.example"
    assert msg["X-ARF"] == "Yes"
    assert re.match(r"^<[^<>@\s]+@hoster\.example>$", msg["Message-ID"])
    assert email.utils.parsedate_tz(msg["Date"])[9] is not None  # has a zone
    assert msg.get_content_type() == "multipart/mixed"
    parts = msg.get_payload()
    assert len(parts) == 3
    human = parts[0].get_payload(decode=True).decode("ascii")
    for want in ("174.121.218.75", "domain3.com", "2011-06-22 13:46:16 -0400",
                 "2011-06-22 13:47:01 -0400", "no attack is known to have "
                 "been blocked", "/proc/self/environ", "libwww-perl/6.02"):
        assert want in human, want
    xarf = parts[1].get_payload(decode=True).decode("ascii")
    fields = dict(line.split(": ", 1) for line in xarf.splitlines()
                  if ": " in line)
    assert fields["Reported-From"] == "abuse-reports@hoster.example"
    assert fields["Category"] == "abuse"
    assert fields["Report-Type"] == "attack"
    assert fields["Service"] == "http"
    assert fields["Version"] == "0.2"
    assert fields["Source"] == "174.121.218.75"
    assert fields["Source-Type"] == "ipv4"
    assert fields["Attachment"] == "text/plain"
    for k in ("User-Agent", "Report-ID", "Date", "Schema-URL"):
        assert fields.get(k), k
    evidence = parts[2].get_payload(decode=True).decode("ascii")
    lines = [json.loads(x) for x in evidence.splitlines()]
    assert len(lines) == 6
    assert {x["client"] for x in lines} == {"174.121.218.75"}


def test_threshold_two_gives_two_reports(tmp_path, whois):
    out = tmp_path / "out"
    r = summarize(["--abuse-reports", str(out), "--threshold", "2",
                   "--whois-server", "127.0.0.1:%d" % whois.port, SEED])
    assert r.returncode == 0, r.stderr
    to = sorted(m["To"] for m in messages(out).values())
    assert to == sorted([ARIN_CONTACT, APNIC_CONTACT])
    assert not any("91.224.160.60" in m["Subject"]
                   for m in messages(out).values())


def test_threshold_one_reaches_ripe_too(tmp_path, whois):
    out = tmp_path / "out"
    r = summarize(["--abuse-reports", str(out), "--threshold", "1",
                   "--whois-server", "127.0.0.1:%d" % whois.port, SEED])
    assert r.returncode == 0, r.stderr
    to = sorted(m["To"] for m in messages(out).values())
    assert to == sorted([ARIN_CONTACT, APNIC_CONTACT, RIPE_CONTACT])
    assert "-B 91.224.160.60" in whois.queries


def test_one_message_per_contact_lists_all_its_sources(tmp_path, whois):
    lines = [record("174.121.218.%d" % i, "shop.example") for i in (75, 76)
             for _ in range(3)]
    out = tmp_path / "out"
    r = summarize(["--abuse-reports", str(out), "--whois-server",
                   "127.0.0.1:%d" % whois.port,
                   write(tmp_path / "in.jsonl", lines)])
    assert r.returncode == 0, r.stderr
    msgs = list(messages(out).values())
    assert len(msgs) == 1
    assert "174.121.218.75" in msgs[0]["Subject"]
    assert "174.121.218.76" in msgs[0]["Subject"]
    assert len(msgs[0].get_payload()) == 1 + 2 * 2


def test_ipv6_source_from_the_abuse_map(tmp_path, whois):
    lines = [record("2A00:1450:4001:0:0:0:0:1", "v6.example") for _ in range(3)]
    mapf = write(tmp_path / "map", ["2a00:1450::/32 abuse@v6-isp.example"])
    out = tmp_path / "out"
    r = summarize(["--abuse-reports", str(out), "--abuse-map", mapf,
                   "--whois-server", "127.0.0.1:%d" % whois.port,
                   write(tmp_path / "in.jsonl", lines)])
    assert r.returncode == 0, r.stderr
    (name, msg), = messages(out).items()
    assert msg["To"] == "abuse@v6-isp.example"
    assert "2a00:1450:4001::1" in msg["Subject"]
    xarf = msg.get_payload()[1].get_payload(decode=True).decode("ascii")
    assert "Source: 2a00:1450:4001::1\n" in xarf
    assert "Source-Type: ipv6\n" in xarf
    assert whois.queries == []


# ------------------------------------------------ who is never reported


def test_private_ignored_and_mapped_sources(tmp_path, whois):
    lines = ([record("10.1.2.3", "a.example") for _ in range(5)]
             + [record("192.0.2.7", "a.example") for _ in range(5)]
             + [record("91.224.160.60", "a.example") for _ in range(5)]
             + [record("174.121.218.75", "a.example") for _ in range(5)]
             + [record("221.157.225.69", "a.example") for _ in range(5)])
    mapf = write(tmp_path / "map", ["# overrides WHOIS",
                                    "221.157.0.0/16   abuse@mapped.example"])
    out = tmp_path / "out"
    r = summarize(["--abuse-reports", str(out), "--whois-server",
                   "127.0.0.1:%d" % whois.port, "--ignore-net",
                   "91.224.160.0/23", "--abuse-map", mapf,
                   write(tmp_path / "in.jsonl", lines)])
    assert r.returncode == 0, r.stderr
    to = sorted(m["To"] for m in messages(out).values())
    assert to == sorted([ARIN_CONTACT, "abuse@mapped.example"])
    # neither the private, the documentation, the ignored nor the mapped
    # address was ever asked about
    asked = " ".join(whois.queries)
    for ip in ("10.1.2.3", "192.0.2.7", "91.224.160.60", "221.157.225.69"):
        assert ip not in asked


def test_state_file_prevents_a_second_report_the_same_day(tmp_path, whois):
    args = ["--whois-server", "127.0.0.1:%d" % whois.port,
            "--state", str(tmp_path / "state"), SEED]
    r1 = summarize(["--abuse-reports", str(tmp_path / "one")] + args)
    assert r1.returncode == 0, r1.stderr
    assert len(messages(tmp_path / "one")) == 1
    r2 = summarize(["--abuse-reports", str(tmp_path / "two")] + args)
    assert r2.returncode == 0, r2.stderr
    assert len(messages(tmp_path / "two")) == 0
    assert "1 already reported today" in r2.stdout.decode()
    with open(tmp_path / "state") as f:
        assert "174.121.218.75" in f.read()
    # another source is still reported the same day
    r3 = summarize(["--abuse-reports", str(tmp_path / "three"),
                    "--threshold", "2"] + args)
    assert [m["To"] for m in messages(tmp_path / "three").values()] \
        == [APNIC_CONTACT]


def test_cache_answers_without_the_server(tmp_path, whois):
    cache = str(tmp_path / "cache")
    r = summarize(["--abuse-reports", str(tmp_path / "a"), "--whois-server",
                   "127.0.0.1:%d" % whois.port, "--whois-cache", cache, SEED])
    assert r.returncode == 0, r.stderr
    with open(cache) as f:
        assert ARIN_CONTACT in f.read()
    # nobody listens on port 1: the contact must come from the cache
    r = summarize(["--abuse-reports", str(tmp_path / "b"), "--whois-server",
                   "127.0.0.1:1", "--whois-cache", cache, SEED])
    assert r.returncode == 0, r.stderr
    assert [m["To"] for m in messages(tmp_path / "b").values()] \
        == [ARIN_CONTACT]


# ------------------------------------------------ hostile WHOIS servers


@pytest.mark.parametrize("mode", ["silent", "garbage", "huge", "drip"])
def test_hostile_whois_leaves_contact_unknown_and_never_hangs(tmp_path, mode):
    with FakeWhois(mode=mode) as w:
        t0 = time.time()
        r = summarize(["--abuse-reports", str(tmp_path / "out"),
                       "--threshold", "1", "--whois-server",
                       "127.0.0.1:%d" % w.port, SEED], timeout=60)
        elapsed = time.time() - t0
    assert r.returncode == 0, r.stderr
    assert messages(tmp_path / "out") == {}
    assert "3 without a contact" in r.stdout.decode()
    # the default timeout is 5 s per connection; a server that timed out
    # is not asked again, so the three sources together stay near 5 s
    assert elapsed < 12, elapsed


@pytest.mark.parametrize("target", ["127.0.0.2", "10.0.0.5",
                                    "169.254.169.254", "0.0.0.0",
                                    "999.999.999.999", "whois.localhost",
                                    "metadata.google.internal"])
def test_referral_to_a_private_host_is_refused(tmp_path, target):
    """A WHOIS answer cannot send the summarizer to this machine or its
    network: the referral is refused (and said so), the next hop never
    asked, the contact left unknown."""
    with FakeWhois(mode="refer", refer_to=target) as w:
        r = summarize(["--abuse-reports", str(tmp_path / "out"),
                       "--threshold", "1", "--whois-server",
                       "127.0.0.1:%d" % w.port, SEED], timeout=60)
        queries = list(w.queries)
    assert r.returncode == 0, r.stderr
    assert messages(tmp_path / "out") == {}
    # one question per source, none to the referred host
    assert len(queries) == 3, queries
    err = r.stderr.decode()
    assert "referral to %s refused" % target in err, err


def test_referral_to_the_named_server_is_followed(tmp_path):
    """--whois-server names a host on purpose: a referral to it stands."""
    with FakeWhois(mode="refer", refer_to="127.0.0.1") as w:
        r = summarize(["--abuse-reports", str(tmp_path / "out"),
                       "--threshold", "1", "--whois-server",
                       "127.0.0.1:%d" % w.port, SEED], timeout=60)
        queries = list(w.queries)
    assert r.returncode == 0, r.stderr
    assert len(queries) == 6, queries       # two hops per source
    assert b"refused" not in r.stderr


def test_whois_budget_bounds_the_whole_run(tmp_path):
    """A server that answers just before each timeout with a fresh referral
    costs sources x hops x timeout without a deadline for the whole run;
    with --whois-budget the remaining sources are 'contact unknown' and the
    report still comes out."""
    log = tmp_path / "attacks.log"
    write(log, [record("174.121.218.%d" % i, "www.example.com")
                for i in range(1, 6)])
    with FakeWhois(mode="stall-refer", delay=0.8) as w:
        t0 = time.time()
        r = summarize(["--abuse-reports", str(tmp_path / "out"),
                       "--threshold", "1", "--whois-server",
                       "127.0.0.1:%d" % w.port, "--whois-timeout", "1",
                       "--whois-budget", "2", str(log)], timeout=60)
        elapsed = time.time() - t0
    assert r.returncode == 0, r.stderr
    assert "5 without a contact" in r.stdout.decode(), r.stdout
    # 5 sources x 3 hops x 0.8 s is 12 s; the budget ends it at 2 s (plus
    # the answer under way)
    assert elapsed < 6, elapsed
    assert "WHOIS budget" in r.stderr.decode(), r.stderr
    # a budget is a number of seconds
    for bad in ("0", "-1", "x", "99999999999999999999"):
        r = summarize(["--whois-budget", bad, str(log)])
        assert r.returncode != 0 and b"--whois-budget" in r.stderr, bad


# ----------------------------------------------------------- sendmail


def test_send_hands_each_message_to_sendmail_without_a_shell(tmp_path, whois):
    kept = tmp_path / "kept"
    out = tmp_path / "out"
    r = summarize(["--abuse-reports", str(out), "--threshold", "2",
                   "--whois-server", "127.0.0.1:%d" % whois.port, "--send",
                   "--sendmail", FAKE_SENDMAIL, SEED],
                  env={"FAKE_SENDMAIL_DIR": str(kept)})
    assert r.returncode == 0, r.stderr
    written = sorted(os.listdir(out))
    assert len(written) == 2
    calls = sorted(n for n in os.listdir(kept) if n.endswith(".json"))
    assert len(calls) == 2
    sent = set()
    for c in calls:
        with open(kept / c) as f:
            info = json.load(f)
        assert info["argv"] == [FAKE_SENDMAIL, "-t", "-oi"]
        # its parent is the summarizer itself, not a shell
        assert info["parent"].startswith("logwatch-summ"), info
        with open(kept / c.replace(".json", ".eml"), "rb") as f:
            sent.add(f.read())
    files = set()
    for n in written:
        with open(out / n, "rb") as f:
            files.add(f.read())
    assert sent == files
    assert "2 sent" in r.stdout.decode()


def test_failed_send_is_counted_and_not_marked_reported(tmp_path, whois):
    state = str(tmp_path / "state")
    args = ["--abuse-reports", str(tmp_path / "out"), "--whois-server",
            "127.0.0.1:%d" % whois.port, "--send", "--sendmail",
            FAKE_SENDMAIL, "--state", state, SEED]
    r = summarize(args, env={"FAKE_SENDMAIL_DIR": str(tmp_path / "k"),
                             "FAKE_SENDMAIL_EXIT": "75"})
    assert "1 send failures" in r.stdout.decode()
    assert not os.path.exists(state) or "174.121.218.75" not in open(
        state).read()


# --------------------------------------------------------------- alerts


def test_alert_for_a_site_attacked_from_three_sources_only(tmp_path, whois):
    lines = ([record("174.121.218.75", "shop.example") for _ in range(2)]
             + [record("221.157.225.69", "shop.example",
                       uri="/cart.php?id=1+union+select", status=200)]
             + [record("91.224.160.60", "shop.example", status=403)]
             + [record("91.224.160.61", "blog.example") for _ in range(4)])
    contacts = write(tmp_path / "contacts", [
        "# vhost owner", "SHOP.example  owner@shop.example",
        "blog.example owner@blog.example", "bad line with three words"])
    out = tmp_path / "alerts"
    r = summarize(["--client-alerts", str(out), "--alert-sources", "3",
                   "--contacts", contacts, "--whois-server",
                   "127.0.0.1:%d" % whois.port,
                   write(tmp_path / "in.jsonl", lines)])
    assert r.returncode == 0, r.stderr
    msgs = messages(out)
    assert len(msgs) == 1, msgs.keys()
    name, msg = next(iter(msgs.items()))
    assert SAFE_NAME.match(name) and "shop.example" in name
    check_headers_clean(out / name)
    assert msg["To"] == "owner@shop.example"
    text = body_text(msg)
    for ip in ("174.121.218.75", "221.157.225.69", "91.224.160.60"):
        assert ip in text
    assert "reached the application" in text
    assert "/cart.php?id=1+union+select" in text
    assert "reviewed" in text


def test_alert_goes_to_the_from_address_without_a_contact(tmp_path, whois):
    lines = [record("174.121.218.%d" % i, "x.example") for i in (1, 2)]
    out = tmp_path / "alerts"
    r = summarize(["--client-alerts", str(out), "--from", "ops@hoster.example",
                   "--whois-server", "127.0.0.1:%d" % whois.port,
                   write(tmp_path / "in.jsonl", lines)])
    assert r.returncode == 0, r.stderr
    assert [m["To"] for m in messages(out).values()] == ["ops@hoster.example"]


# ------------------------------------------- attacker strings never leak


def test_hostile_record_strings_never_reach_a_header(tmp_path, whois):
    ua = "evil\r\nBcc: victim@other.example\r\n\r\n\x1b[31mred\x1b[0m\u00e9"
    uri = "/a.php?q=\"'\\\"\r\nSubject: pwned\x1b]0;title\x07"
    vhost = "evil.example\r\nBcc: victim@other.example"
    lines = ([record("174.121.218.75", vhost, uri=uri, ua=ua) for _ in range(3)]
             + [record("174.121.218.76", vhost, uri=uri, ua=ua) for _ in range(3)])
    out, alerts = tmp_path / "out", tmp_path / "alerts"
    r = summarize(["--abuse-reports", str(out), "--client-alerts",
                   str(alerts), "--whois-server",
                   "127.0.0.1:%d" % whois.port,
                   write(tmp_path / "in.jsonl", lines)])
    assert r.returncode == 0, r.stderr
    files = [out / n for n in os.listdir(out)] + \
            [alerts / n for n in os.listdir(alerts)]
    assert len(files) == 2
    for path in files:
        assert SAFE_NAME.match(path.name), path.name
        head = check_headers_clean(path)
        # (the vhost may show in a Subject, reduced to [A-Za-z0-9._-])
        assert b"victim@" not in head and b"pwned" not in head
        assert b"Bcc:" not in head
        with open(path, "rb") as f:
            data = f.read()
        # the whole message is 7-bit, without ESC, BEL or a lone CR
        assert all(c in (9, 10) or 32 <= c < 127 for c in data), path
        msg = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in msg.walk():
            if part.get_content_maintype() != "text":
                continue
            text = part.get_payload(decode=True)
            assert b"\x1b" not in text and b"\r" not in text
            assert b"\x07" not in text
        assert b"\\x1b" in data.replace(b"=\n", b"")   # shown, not obeyed


# ------------------------------------------------------ as a new user


def test_acceptance_pipeline_from_logwatch_scan(tmp_path, whois):
    sys.path.insert(0, HERE)
    import lwhttpd
    seed_log = lwhttpd.corpus("seed", "seed_requests.log")
    assert os.path.exists(seed_log), "no seed corpus at %s (LW_CORPUS)" % seed_log
    sigdir = os.path.join(HERE, "..", "..", "conf", "signatures")
    scan = subprocess.run([tool("logwatch-scan"), "--default-signatures", sigdir,
                           "--format", SEED_FORMAT, seed_log],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=60)
    assert scan.returncode == 0, scan.stderr
    assert len(scan.stdout.splitlines()) == 9, scan.stderr
    out = tmp_path / "out"
    r = summarize(["--abuse-reports", str(out), "--whois-server",
                   "127.0.0.1:%d" % whois.port, "-"], stdin=scan.stdout)
    assert r.returncode == 0, r.stderr
    msgs = list(messages(out).values())
    assert [m["To"] for m in msgs] == [ARIN_CONTACT]
    assert "174.121.218.75" in msgs[0]["Subject"]
