"""The memo of clean fields (LogWatchMemo, mod_logwatch_memo.c) changes no
record: the same mixed traffic (the seed, NASA request lines with a
browser's headers and popular User-Agents, patt payloads in the query, in
headers and in form bodies) sent to a server with the memo and to one
without gives the same records, field for field but the time, the id,
the duration and the port. Both servers have places that differ in what
the memo depends on: a virtual host with its own LogWatchMaxInspect (the
memo refuses requests with other limits than its first) and one with
LogWatchExclude.
The same bytes come in a header where they are clean and in the
User-Agent where they are a tool's name: a memo that ignored the kind of
field would hide the second. Half way, a graceful restart."""
import json
import os
import random
import re
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

import lwhttpd
import test_body

PATT = ("SQL_Injection__Generic_UnionSelect.txt",
        "XSS_Injection__xss_payloads_quick.txt",
        "File_Inclusion__Linux-files.txt",
        "Command_Injection__command_exec.txt")

# A browser's headers besides its User-Agent: the ones that come back on
# every request of every visitor.
BROWSER = [
    ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
               "image/avif,image/webp,*/*;q=0.8"),
    ("Accept-Language", "en-US,en;q=0.5"),
    ("Accept-Encoding", "gzip, deflate, br"),
    ("sec-ch-ua", '"Chromium";v="124", "Google Chrome";v="124", '
                  '"Not-A.Brand";v="99"'),
    ("sec-ch-ua-mobile", "?0"),
    ("sec-ch-ua-platform", '"Windows"'),
    ("Sec-Fetch-Dest", "document"),
    ("Sec-Fetch-Mode", "navigate"),
    ("Sec-Fetch-Site", "same-origin"),
    ("Upgrade-Insecure-Requests", "1"),
]

# Clean in any header but the User-Agent, a tool's name there (rule
# 600100 reads the User-Agent only).
TOOL = "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1) Havij"

LONG = ", ".join('"%s";v="124.0.6367.%d"' % (b, n) for n in range(4)
                for b in ("Chromium", "Google Chrome", "Not-A.Brand"))

# Fields that differ from one run to the next whatever the memo does.
VOLATILE = ("time", "request_id", "duration_us", "port")

VHOST_CONF = {
    "domain2.com": "    LogWatchMaxInspect 200\n",
    "domain3.com": "    LogWatchExclude lfi\n",
}


def patt(name, n):
    path = lwhttpd.corpus("payloads", "patt", name)
    with open(path, encoding="latin-1") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    return lines[:n]


def traffic():
    """The requests, in order: (kind, target or request line, headers,
    body)."""
    rnd = random.Random(20261207)
    uas = lwhttpd.user_agents()[:10]
    hosts = ["localhost"] + lwhttpd.SEED_VHOSTS
    payloads = [p for name in PATT for p in patt(name, 12)]
    out = []
    for s in lwhttpd.seed_requests():
        h = [("Host", s["vhost"]), ("X-Forwarded-For", s["client"])]
        if s["user_agent"] != "-":
            h.append(("User-Agent", s["user_agent"]))
        if s["referer"] != "-":
            h.append(("Referer", s["referer"]))
        out.append(("raw", s["request_line"], h, None))
    for i, line in enumerate(lwhttpd.benign_request_lines(160)):
        path = line.split()[1]
        h = [("Host", rnd.choice(hosts)), ("User-Agent", rnd.choice(uas)),
             ("X-Forwarded-For", "198.51.100.%d" % (i % 50 + 1)),
             ("Referer", "http://localhost" + path.rsplit("/", 1)[0] + "/")]
        h += BROWSER
        out.append(("raw", line, h, None))
    for i, p in enumerate(payloads):
        q = urllib.parse.quote(p, safe="")
        h = [("Host", rnd.choice(hosts)), ("User-Agent", rnd.choice(uas)),
             ("X-Forwarded-For", "203.0.113.%d" % (i % 40 + 1))] + BROWSER
        out.append(("raw", "GET /search?q=%s HTTP/1.1" % q, h, None))
        # the same payload in a header and in the Referer
        h = [("Host", rnd.choice(hosts)), ("User-Agent", rnd.choice(uas)),
             ("X-Forwarded-For", "203.0.113.%d" % (i % 40 + 1)),
             ("Referer", "http://localhost/a?b=" + q),
             ("X-Comment", p.encode("latin-1", "replace")
              .decode("latin-1").replace("\r", " ").replace("\n", " "))]
        out.append(("raw", "GET /index.html HTTP/1.1", h + BROWSER, None))
        body = urllib.parse.urlencode({"name": "Ada", "comment": p,
                                       "lang": "en"}).encode()
        out.append(("post", "/cgi/echo", [("User-Agent", rnd.choice(uas)),
                                          ("X-Forwarded-For",
                                           "192.0.2.%d" % (i % 40 + 1))],
                    body))
    for i in range(24):
        # a benign form, the same each time
        body = b"name=Ada&comment=Lovely+weather+today&lang=en"
        out.append(("post", "/cgi/echo", [("User-Agent", uas[i % 3])], body))
        # the tool's name clean in a header first, then in the User-Agent
        h = [("Host", hosts[i % 4]), ("User-Agent", uas[i % 10]),
             ("X-Client-Tool", TOOL), ("Referer", TOOL)] + BROWSER
        out.append(("raw", "GET /index.html HTTP/1.1", h, None))
        h = [("Host", hosts[i % 4]), ("User-Agent", TOOL),
             ("X-Forwarded-For", "198.18.0.%d" % (i + 1))] + BROWSER
        out.append(("raw", "GET /index.html HTTP/1.1", h, None))
        # clean and whole where fields are read to 8192 bytes, cut (the
        # evasion signal) where LogWatchMaxInspect is 200
        h = [("Host", hosts[i % 4]), ("User-Agent", uas[i % 10]),
             ("X-Forwarded-For", "198.19.0.%d" % (i + 1)),
             ("sec-ch-ua-full-version-list", LONG)] + BROWSER
        out.append(("raw", "GET /index.html HTTP/1.1", h, None))
    return out


def send_one(h, req):
    kind, what, headers, body = req
    if kind == "raw":
        h.request(what, headers)
    else:
        h.post(what, body, "application/x-www-form-urlencoded",
               headers=headers)


def send(h, reqs, clients=1):
    if clients == 1:
        for q in reqs:
            send_one(h, q)
        return
    with ThreadPoolExecutor(clients) as ex:
        list(ex.map(lambda q: send_one(h, q), reqs))


def stable(rec):
    return json.dumps({k: v for k, v in rec.items() if k not in VOLATILE},
                      sort_keys=True)


def memo_counts(h):
    """(children, answered, inspected) summed over the LW00027 lines (one
    per child with a memo, at its end)."""
    t = a = n = 0
    for m in re.finditer(r"LW00027: memo of clean fields \(shared by the "
                         r"child's threads\): (\d+) fields answered, "
                         r"(\d+) inspected", h.error_text()):
        t += 1
        a += int(m.group(1))
        n += int(m.group(2))
    return t, a, n


def run(httpd_factory, memo):
    h = httpd_factory(start=False, vhost_extra=VHOST_CONF,
                      extra="LogWatchMemo %s\n" % memo)
    test_body.with_cgi(h)
    h.start()
    reqs = traffic()
    # a graceful restart half way: the new generation's children start
    # with new memos; then the second half again from 8 clients at once
    # (the threads of the event MPM's children use their child's memo at
    # once)
    send(h, reqs[:len(reqs) // 2])
    h.graceful()
    send(h, reqs[len(reqs) // 2:])
    send(h, reqs[len(reqs) // 2:], clients=8)
    # (every request was logged before its connection closed) Which
    # request crosses a LogWatchThreshold depends on the order the
    # concurrent requests came in: only the requests' own records count
    recs = [r for r in h.records() if lwhttpd.is_attack(r)]
    h.stop()
    return h, recs


@pytest.mark.parametrize("mpm", ["event", "prefork"])
def test_memo_changes_no_record(httpd_factory, mpm):
    off, recs_off = run(httpd_factory, "Off")
    on, recs_on = run(httpd_factory, "64k")
    for r in recs_off + recs_on:
        lwhttpd.check_record(r)
    # the traffic has attacks of every kind sent, and the tool's name in
    # the User-Agent after the same bytes were clean in other headers
    assert len(recs_off) >= 100, len(recs_off)
    tool = [r for r in recs_off if r.get("user_agent") == TOOL]
    assert len(tool) == 48, len(tool)      # the second half went twice
    cut = [r for r in recs_off if r["vhost"] == "domain2.com"
           and r["client"].startswith("198.19.")]
    assert len(cut) == 12 and all(x["rules"][0]["field"]
                                 == "header:sec-ch-ua-full-version-list"
                                 for x in cut), cut
    assert {"sqli", "xss", "lfi"} <= {c for r in recs_off
                                      for c in r["categories"]}
    a = sorted(stable(r) for r in recs_off)
    b = sorted(stable(r) for r in recs_on)
    only_off = [x for x in a if x not in b]
    only_on = [x for x in b if x not in a]
    assert a == b, ("records differ with the memo:\nonly without: %s\n"
                    "only with: %s" % (only_off[:3], only_on[:3]))
    # the memo answered (each child says so at its end), and only where
    # it is on
    children, answered, inspected = memo_counts(on)
    assert children >= 1 and answered >= 500, (children, answered, inspected)
    assert memo_counts(off) == (0, 0, 0)
    assert not on.crashes() and not off.crashes()


def test_memo_directive_errors(httpd_factory):
    for bad in ("1k", "65M", "lots", "-1"):
        h = httpd_factory(start=False, extra="LogWatchMemo %s\n" % bad)
        p = h.configtest()
        assert p.returncode != 0 and "LogWatchMemo" in p.stderr, (bad, p)
    h = httpd_factory(start=False,
                      vhost_extra={"domain1.com": "    LogWatchMemo 1M\n"})
    p = h.configtest()
    assert p.returncode != 0 and "LogWatchMemo" in p.stderr, p
    h = httpd_factory(start=False, extra="LogWatchMemo 256k\n")
    assert h.configtest().returncode == 0
