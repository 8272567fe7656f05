#!/usr/bin/python3
"""The live module on the evaluation's requests, next to logwatch-scan.

  live.py OUTDIR --build BUILDDIR --scan LOGWATCH_SCAN --corpus CORPUS
          [--signatures DIR] [--jobs N] [--keep]

Replays every request of OUTDIR/requests.tsv (from gen_requests.py) and
every line of the NASA log to a private httpd with mod_logwatch (the
integration harness, test/integration/lwhttpd.py, event MPM, default
signatures), over raw sockets on 127.0.0.1, the request line exactly as
generated. Request i comes from its own loopback address (127.a.b.c, see
source_ip): the records' "client" names the request even when httpd
answered 400 before any header was read (no UNIQUE_ID then).

Writes into OUTDIR:
  live.jsonl, live.nasa.jsonl   the module's records, request_id set to the
                                generated id (httpd's in httpd_request_id)
  live.status.tsv               id, HTTP status httpd answered
  live-vs-scan.tsv              every request where the live module and
                                logwatch-scan (on the generated log) differ
                                in verdict, score or rules
  live-access.log               the access log httpd wrote
  live-vs-accesslog.tsv         the same against logwatch-scan on that log
                                (mod_log_config's escaping), escape probes
                                (ESCAPE_PROBES) included
  live.escape.jsonl             the module's records of the escape probes
  live.summary.json             counts for sidebyside.py
and prints score.py's table for "live" and the comparisons.

The replay helpers (load_requests, source_ip, replay) are shared with
modsec.py.
"""
import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
NASA = os.path.join("benign", "nasa_jul95_first10k.log")
CLF = re.compile(r'^\S+ \S+ \S+ \[[^\]]+\] "(.*)" \S+ \S+$')


class Req:
    __slots__ = ("rid", "set", "cat", "data")

    def __init__(self, rid, st, cat, data):
        self.rid, self.set, self.cat, self.data = rid, st, cat, data


def load_requests(outdir, corpus):
    """Every request as the bytes sent: the generated ones (HTTP/1.1, Host,
    the User-Agent of the index) and the NASA lines (their request line as
    logged, Host only; HTTP/0.9 lines alone)."""
    out = []
    with open(os.path.join(outdir, "requests.tsv"), encoding="latin-1") as f:
        next(f)
        for line in f:
            rid, st, cat, mode, src, target, ua, payload = \
                line.rstrip("\n").split("\t")
            ua = ua.encode("latin-1").decode("unicode_escape").encode("latin-1")
            data = (b"GET " + target.encode("latin-1") + b" HTTP/1.1\r\n"
                    b"Host: localhost\r\nUser-Agent: " + ua +
                    b"\r\nConnection: close\r\n\r\n")
            out.append(Req(rid, st, cat, data))
    with open(os.path.join(corpus, NASA), encoding="latin-1") as f:
        for n, line in enumerate(f, 1):
            m = CLF.match(line.rstrip("\n"))
            rid = "nasa-%05d" % n
            if not m:
                sys.exit("%s:%d: not Common Log Format" % (NASA, n))
            rl = m.group(1).encode("latin-1")
            if len(rl.split()) < 3:     # HTTP/0.9: no headers follow
                data = rl + b"\r\n"
            else:
                data = rl + b"\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            out.append(Req(rid, "benign-nasa", "none", data))
    return out


UA = (b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
      b"(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")


def _get(line, ua=UA, extra=b""):
    return (line + b"\r\nHost: localhost\r\nUser-Agent: " + ua + b"\r\n"
            + extra + b"Connection: close\r\n\r\n")


# Requests the corpus never makes, for what the access log escapes or httpd
# refuses: quotes, backslashes, bytes >= 0x80, control bytes, odd request
# lines, a line too long for httpd. Sent to the live module only, outside
# recall; logwatch-scan then reads the access log httpd wrote for them.
ESCAPE_PROBES = [
    _get(b'GET /index.php?id=1"+union+select+1,2-- HTTP/1.1'),
    _get(b'GET /index.php?id=<script>alert("x")</script> HTTP/1.1'),
    _get(b'GET /search?q="hello" HTTP/1.1'),
    _get(b"GET /a\\..\\..\\windows\\win.ini HTTP/1.1"),
    _get(b"GET /index.php?id=..\\..\\..\\etc\\passwd HTTP/1.1"),
    _get(b"GET /index.php?id=\xc0\xae\xc0\xae/\xc0\xae\xc0\xae/etc/passwd HTTP/1.1"),
    _get(b"GET /caf\xc3\xa9/men\xfc.html HTTP/1.1"),
    _get(b"GET /index.php?id=1\x01union\x01select\x01password HTTP/1.1"),
    _get(b"GET /index.php?id=1\tunion\tselect\tpassword\tfrom\tusers HTTP/1.1"),
    _get(b"GET  /index.php?id=../../../etc/passwd  HTTP/1.1"),
    _get(b"get /index.php?id=<script>alert(1)</script> HTTP/1.1"),
    _get(b"GET http://localhost/index.php?id=1'or'1'='1 HTTP/1.1"),
    _get(b"GET /index.php?id=1 HTTP/1.1", ua=b'Mozilla/5.0 "><script>alert(1)</script>'),
    _get(b"GET /index.html HTTP/1.1", ua=b'() { :; }; /bin/bash -c "id"'),
    _get(b"GET /index.html HTTP/1.1", ua=b"Mozilla/5.0 \\x41\\\" (compatible)"),
    _get(b"GET /index.html HTTP/1.1", ua=b"Mozilla/5.0 (X11; Linux) \xe2\x80\x94 Firefox/120.0"),
    _get(b"GET /index.html HTTP/1.1",
         extra=b'Referer: http://example.com/"><svg/onload=alert(1)>\r\n'),
    _get(b"GET /index.html HTTP/1.1", extra=b"Cookie: id=1' or '1'='1\r\n"),
    b"GET /index.php?id=../../../../etc/passwd\r\n",
    b"GET /index.php?id=../../../../etc/passwd HTTP/1.0\r\n\r\n",
    _get(b"GET /index.php?x=" + b"A" * 9000 + b"&id=<script>alert(1)</script> HTTP/1.1"),
    _get(b"GET /index.php?id=<script>alert(1)</script>&x=" + b"A" * 9000 + b" HTTP/1.1"),
    _get(b"GET /index.php?id=%zz../../etc/passwd HTTP/1.1"),
    _get(b"GET /%zz/../../etc/passwd HTTP/1.1"),
    _get(b"GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1"),
    _get(b"GET /index.php?id=<script>alert(1)</script> HTTP/9.9"),
    _get(b"FOO /index.php?id=1%27%20or%201=1-- HTTP/1.1"),
]


def source_ip(i):
    """Request i's own loopback address (never .0 or .255 in any octet)."""
    return "127.%d.%d.%d" % (i // (254 * 254) + 1, (i // 254) % 254 + 1,
                             i % 254 + 1)


def index_of(ip):
    p = ip.split(".")
    if len(p) != 4 or p[0] != "127":
        return None
    a, b, c = int(p[1]) - 1, int(p[2]) - 1, int(p[3]) - 1
    return a * 254 * 254 + b * 254 + c


async def _one(port, i, data, sem, statuses):
    async with sem:
        for attempt in range(5):
            try:
                r, w = await asyncio.wait_for(asyncio.open_connection(
                    "127.0.0.1", port, local_addr=(source_ip(i), 0)), 10)
                w.write(data)
                await w.drain()
                head = b""
                try:
                    while len(head) < 16:
                        chunk = await asyncio.wait_for(r.read(4096), 30)
                        if not chunk:
                            break
                        head += chunk
                    while await asyncio.wait_for(r.read(65536), 30):
                        pass
                except ConnectionResetError:
                    pass
                w.close()
                m = re.match(rb"HTTP/\d\.\d (\d{3})", head)
                # "0.9": an answer without a status line (HTTP/0.9)
                statuses[i] = int(m.group(1)) if m else ("0.9" if head else 0)
                return
            except (ConnectionRefusedError, asyncio.TimeoutError, OSError):
                await asyncio.sleep(0.2 * (attempt + 1))
        statuses[i] = -1


def raw_status(port, data, src=None, timeout=10):
    """One request, synchronously (start-up probes, self-tests)."""
    import socket
    s = socket.create_connection(("127.0.0.1", port), timeout,
                                 (src, 0) if src else None)
    try:
        s.sendall(data)
        head = s.recv(64)
        while s.recv(65536):
            pass
    finally:
        s.close()
    m = re.match(rb"HTTP/\d\.\d (\d{3})", head)
    return int(m.group(1)) if m else None


async def _replay(port, reqs, jobs):
    sem = asyncio.Semaphore(jobs)
    statuses = [None] * len(reqs)
    await asyncio.gather(*(_one(port, i, q.data, sem, statuses)
                           for i, q in enumerate(reqs)))
    return statuses


def replay(port, reqs, jobs=32, label=""):
    """Send every request on its own connection from its own address;
    returns the statuses (0: no answer; "0.9": an answer without a status
    line; -1: no connection)."""
    t = time.time()
    st = asyncio.run(_replay(port, reqs, jobs))
    dt = time.time() - t
    print("%s: %d requests replayed in %.0f s (%.0f/s)" % (
        label, len(reqs), dt, len(reqs) / max(dt, 1e-9)), file=sys.stderr)
    lost = sum(1 for s in st if s == -1)
    if lost:
        print("%s: %d requests never got a connection" % (label, lost),
              file=sys.stderr)
    return st


def run_lw(h, reqs, jobs, label, keep, who, before=None, after=None,
           logs=None):
    """Start the private httpd h, call before(h) (a self-test), replay
    reqs, wait for each of logs (default: the attack log) to settle, call
    after(h), stop it; the statuses, its records and the lines of
    processes that died. Its root is removed unless keep."""
    try:
        h.start()
        if before:
            before(h)
        statuses = replay(h.port, reqs, jobs, label)
        for path in logs or [h.attack_log]:
            settle(path)
        if after:
            after(h)
        h.stop()
        recs = h.records()
        crashed = h.crashes()
    finally:
        h.stop()
        if keep:
            print("%s: server root kept in %s" % (who, h.root),
                  file=sys.stderr)
        else:
            h.cleanup()
    if crashed:
        print("%s: httpd processes died:\n%s" % (who, "\n".join(crashed[:5])),
              file=sys.stderr)
    return statuses, recs, crashed


def count_lines(path):
    try:
        with open(path, "rb") as f:
            return sum(1 for _ in f)
    except OSError:
        return 0


def settle(path, timeout=30):
    """Wait until a log stops growing."""
    last, t = -1, time.time()
    while time.time() - t < timeout:
        n = count_lines(path)
        if n == last:
            return n
        last = n
        time.sleep(0.5)
    return last


def is_attack_record(r):
    """A request's attack record (not a threshold event or a bare
    server_error record)."""
    cats = set(r.get("categories", []))
    return bool(cats - {"threshold", "server_error"})


def load_by_id(path):
    out = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    out[r.get("request_id")] = r
    except FileNotFoundError:
        pass
    return out


def rule_ids(r):
    return sorted(str(h.get("id")) for h in r.get("rules", []))


def compare(path, reqs, live, scan, statuses):
    """Every request where the two differ: verdict first, then score and
    rules, written to path. Returns (verdict differences, other
    differences)."""
    vd, od = [], []
    for i, q in enumerate(reqs):
        a, b = live.get(q.rid), scan.get(q.rid)
        if (a is None) != (b is None):
            vd.append((q, statuses[i], a, b))
        elif a is not None and (a.get("score") != b.get("score")
                                or rule_ids(a) != rule_ids(b)):
            od.append((q, statuses[i], a, b))
    with open(path, "w", encoding="latin-1") as f:
        f.write("id\tstatus\tdiffers\tlive score\tlive rules\t"
                "scan score\tscan rules\trequest\n")
        for kind, rows in (("verdict", vd), ("rules", od)):
            for q, st, a, b in rows:
                f.write("\t".join([
                    q.rid, str(st), kind,
                    str(a.get("score")) if a else "-",
                    " ".join(rule_ids(a)) if a else "-",
                    str(b.get("score")) if b else "-",
                    " ".join(rule_ids(b)) if b else "-",
                    q.data.split(b"\r\n", 1)[0].decode("latin-1")
                    .encode("unicode_escape").decode("ascii")[:300]]) + "\n")
    return vd, od


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--build", required=True)
    ap.add_argument("--scan", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--signatures", default=os.path.join(SRC, "conf",
                                                         "signatures"))
    ap.add_argument("--jobs", type=int, default=32)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    # stopped from outside: still stop the private httpd (finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out = os.path.abspath(a.outdir)
    os.environ["LW_BUILDDIR"] = os.path.abspath(a.build)
    os.environ["LW_SRCDIR"] = SRC
    sys.path.insert(0, os.path.join(SRC, "test", "integration"))
    import lwhttpd  # noqa: E402

    if not os.path.exists(lwhttpd.module_path()):
        sys.exit("live: no %s (build mod_logwatch.la first)"
                 % lwhttpd.module_path())
    reqs = load_requests(out, a.corpus)
    nmain = len(reqs)
    for n, data in enumerate(ESCAPE_PROBES):
        reqs.append(Req("escape-probe-%02d" % n, "escape-probe", "none", data))
    h = lwhttpd.Httpd(mpm="event", signatures=[os.path.abspath(a.signatures)],
                      loglevel="warn",
                      mpm_conf="StartServers 2\nServerLimit 4\n"
                               "ThreadsPerChild 16\nMinSpareThreads 16\n"
                               "MaxSpareThreads 64\nMaxRequestWorkers 64\n")
    statuses, recs, crashed = run_lw(
        h, reqs, a.jobs, "live", a.keep, "live",
        logs=[h.access_log, h.attack_log],
        after=lambda h: shutil.copyfile(
            h.access_log, os.path.join(out, "live-access.log")))

    live, stray = {}, 0
    with open(os.path.join(out, "live.escape.jsonl"), "w") as fe, \
            open(os.path.join(out, "live.jsonl"), "w") as fa, \
            open(os.path.join(out, "live.nasa.jsonl"), "w") as fn:
        for r in recs:
            i = index_of(r.get("client", ""))
            if i is None or i >= len(reqs) or not is_attack_record(r):
                stray += 1
                continue
            q = reqs[i]
            r["httpd_request_id"] = r.get("request_id")
            r["request_id"] = q.rid
            live[q.rid] = r
            (fn if q.set == "benign-nasa" else fe if q.set == "escape-probe"
             else fa).write(json.dumps(r, sort_keys=True) + "\n")
    with open(os.path.join(out, "live.status.tsv"), "w") as f:
        f.write("id\tstatus\n")
        for q, s in zip(reqs, statuses):
            f.write("%s\t%s\n" % (q.rid, s))

    # logwatch-scan on the NASA log with its line ids, for the comparison
    nasa_ids = os.path.join(out, "nasa-ids.log")
    with open(os.path.join(a.corpus, NASA), "rb") as f, \
            open(nasa_ids, "wb") as g:
        for n, line in enumerate(f, 1):
            g.write(line.rstrip(b"\n") + b" nasa-%05d\n" % n)
    with open(os.path.join(out, "logwatch-scan.nasa-ids.jsonl"), "w") as g:
        subprocess.run([a.scan, "--default-signatures", a.signatures, "--format",
                        '%h %l %u %t "%r" %>s %b %{UNIQUE_ID}e', nasa_ids],
                       stdout=g, check=True)
    scan = load_by_id(os.path.join(out, "logwatch-scan.jsonl"))
    scan.update(load_by_id(os.path.join(out, "logwatch-scan.nasa-ids.jsonl")))

    nasa_lines = sum(1 for q in reqs if q.set == "benign-nasa")
    sys.stdout.flush()
    subprocess.run([sys.executable, os.path.join(HERE, "score.py"), out,
                    "live", os.path.join(out, "live.jsonl"),
                    os.path.join(out, "live.nasa.jsonl"), str(nasa_lines)],
                   check=True)
    n400 = [q.rid for q, s in zip(reqs[:nmain], statuses) if s == 400]
    flagged400 = sum(1 for rid in n400 if rid in live)
    other = {}
    for s in statuses[:nmain]:
        if s not in (200, 404, 500):
            other[s] = other.get(s, 0) + 1
    print("httpd answered 400 to %d requests (%d of them flagged by the live "
          "module); statuses besides 200/404/500: %s" % (
              len(n400), flagged400,
              ", ".join("%s: %d" % kv for kv in sorted(other.items(),
                                                       key=str)) or "none"))
    if stray:
        print("records not from a replayed request (threshold, errors): %d"
              % stray)
    # 1. against logwatch-scan on the generated log (the scan column)
    vd, od = compare(os.path.join(out, "live-vs-scan.tsv"), reqs[:nmain],
                     live, scan, statuses)
    show("live vs logwatch-scan on the generated log", nmain, vd, od,
         os.path.join(out, "live-vs-scan.tsv"))
    # 2. against logwatch-scan on the access log this httpd wrote (escaped
    # by mod_log_config), escape probes included: the deployment's path
    acc = os.path.join(out, "live-access.log")
    with open(os.path.join(out, "logwatch-scan.live-access.jsonl"), "w") as g:
        subprocess.run([a.scan, "--default-signatures", a.signatures, "--format",
                        lwhttpd.ACCESS_FORMAT.replace('\\"', '"'), acc],
                       stdout=g, check=True)
    scan2 = {}
    with open(os.path.join(out, "logwatch-scan.live-access.jsonl")) as f:
        recs2 = [json.loads(line) for line in f if line.strip()]
    for r in recs2:   # keyed by address: a 400 has no request_id
        i = index_of(r.get("client", ""))
        if i is not None and i < len(reqs):
            scan2[reqs[i].rid] = r
    vd2, od2 = compare(os.path.join(out, "live-vs-accesslog.tsv"), reqs,
                       live, scan2, statuses)
    show("live vs logwatch-scan on httpd's own access log", len(reqs), vd2,
         od2, os.path.join(out, "live-vs-accesslog.tsv"))
    probes = [q.rid for q in reqs[nmain:]]
    print("escape probes: %d sent (statuses %s), %d flagged by the live "
          "module, %d by logwatch-scan on the access log" % (
              len(probes), " ".join(str(s) for s in statuses[nmain:]),
              sum(1 for p in probes if p in live),
              sum(1 for p in probes if p in scan2)))
    with open(os.path.join(out, "live.summary.json"), "w") as f:
        json.dump({"requests": nmain, "status400": len(n400),
                   "flagged400": flagged400, "verdict_diff": len(vd),
                   "rules_diff": len(od), "access_requests": len(reqs),
                   "access_verdict_diff": len(vd2),
                   "access_rules_diff": len(od2),
                   "crashes": len(crashed)}, f)


def show(title, n, vd, od, path):
    print("%s: %d requests, %d differ in verdict, %d more differ in score "
          "or rules (%s)" % (title, n, len(vd), len(od), path))
    for q, st, lv, sc in (vd + od)[:15]:
        why = ""
        if q.set == "escape-probe" and b"\r\nCookie:" in q.data:
            why = "  (its Cookie header is not in the access log)"
        print("  %s status %s live %s scan %s: %s%s" % (
            q.rid, st, lv.get("score") if lv else "-",
            sc.get("score") if sc else "-",
            q.data.split(b"\r\n", 1)[0][:120].decode("latin-1")
            .encode("unicode_escape").decode("ascii"), why))


if __name__ == "__main__":
    main()
