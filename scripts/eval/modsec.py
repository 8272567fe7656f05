#!/usr/bin/python3
"""ModSecurity 2 + OWASP CRS 3.3 at paranoia level 1 on the evaluation's
requests, for the comparison with mod_logwatch.

  modsec.py OUTDIR --corpus CORPUS [--jobs N] [--keep] [--no-install]

Installs Debian's libapache2-mod-security2 and modsecurity-crs when missing
(apt-get, as root), starts a private httpd from modsec-httpd.conf.in
(DetectionOnly, every path the same static page), checks on a known attack
and a plain request that the score reaches the access log, then replays
the same requests as live.py (same bytes, request i from its own loopback
address) and reads each request's inbound anomaly score from the access
log. A request counts as flagged when the score is >= 5 (CRS's default
inbound threshold); a request httpd refused before ModSecurity's phase 2
ran counts as not flagged (and is counted apart).

Writes into OUTDIR:
  crs-pl1.jsonl, crs-pl1.nasa.jsonl   one object per flagged request:
        request_id, score, categories (from the CRS rule files that
        matched), rules (CRS rule ids from the error log)
  crs-pl1.scores.tsv                  id, status, phase-1 score, score
and prints score.py's table for "crs-pl1".
"""
import argparse
import collections
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import live  # noqa: E402  (load_requests, source_ip, index_of, replay)

APACHE2 = os.environ.get("LW_APACHE2", "/usr/sbin/apache2")
MODDIR = os.environ.get("LW_APACHE_MODULES", "/usr/lib/apache2/modules")
CRS = "/usr/share/modsecurity-crs"
THRESHOLD = 5
NAME = "crs-pl1"

# CRS rule file number -> our category (for the same-category column)
CRS_CATS = {"930": "lfi", "931": "rfi", "932": "rce", "933": "rce",
            "934": "rce", "941": "xss", "942": "sqli", "944": "rce",
            "913": "scanner", "920": "protocol", "921": "protocol"}


def ensure_packages(install):
    missing = []
    if not os.path.exists(os.path.join(MODDIR, "mod_security2.so")):
        missing.append("libapache2-mod-security2")
    if not os.path.isdir(os.path.join(CRS, "rules")):
        missing.append("modsecurity-crs")
    if not missing:
        return True
    if not install or os.geteuid() != 0:
        print("modsec: %s missing (install as root: apt-get install -y %s)"
              % (" ".join(missing), " ".join(missing)), file=sys.stderr)
        return False
    print("modsec: installing %s ..." % " ".join(missing), file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    p = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"]
                       + missing, env=env, stdout=subprocess.DEVNULL)
    if p.returncode != 0:
        subprocess.run(["apt-get", "update"], env=env,
                       stdout=subprocess.DEVNULL)
        p = subprocess.run(["apt-get", "install", "-y",
                            "--no-install-recommends"] + missing, env=env,
                           stdout=subprocess.DEVNULL)
    return p.returncode == 0


class Server:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="lw-eval-crs-")
        os.chmod(self.root, 0o755)
        for d in ("conf", "logs", "htdocs", "run"):
            os.makedirs(self.path(d), exist_ok=True)
            os.chmod(self.path(d), 0o755)
        # the children (nobody) write the collections into SecDataDir
        if os.geteuid() == 0:
            shutil.chown(self.path("run"), "nobody", "nogroup")
        with open(self.path("htdocs", "index.html"), "w") as f:
            f.write("<html><body>ok</body></html>\n")
        self.port = free_port()
        with open(os.path.join(HERE, "modsec-httpd.conf.in")) as f:
            text = f.read()
        user = "User nobody\nGroup nogroup" if os.geteuid() == 0 else ""
        for k, v in (("@ROOT@", self.root), ("@PORT@", str(self.port)),
                     ("@MODDIR@", MODDIR), ("@USER@", user), ("@CRS@", CRS)):
            text = text.replace(k, v)
        self.conf = self.path("conf", "httpd.conf")
        with open(self.conf, "w") as f:
            f.write(text)

    def path(self, *p):
        return os.path.join(self.root, *p)

    def ctl(self, *args):
        return subprocess.run([APACHE2, "-f", self.conf] + list(args),
                              capture_output=True, text=True)

    def start(self):
        p = self.ctl("-k", "start")
        if p.returncode != 0:
            sys.exit("modsec: httpd did not start:\n%s%s\n%s" % (
                p.stdout, p.stderr, self.error_text()[-3000:]))
        t = time.time()
        while time.time() - t < 60:
            try:
                live.raw_status(self.port, b"GET /x HTTP/1.0\r\n\r\n")
                return
            except OSError:
                time.sleep(0.2)
        sys.exit("modsec: httpd did not answer:\n" + self.error_text()[-3000:])

    def stop(self):
        pid = None
        try:
            with open(self.path("run", "httpd.pid")) as f:
                pid = int(f.read())
        except (OSError, ValueError):
            pass
        self.ctl("-k", "stop")
        t = time.time()
        while pid and time.time() - t < 30:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)

    def error_text(self):
        try:
            with open(self.path("logs", "error.log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


ACCESS = re.compile(r'^(\S+) (\d+) "([^"]*)" "([^"]*)" "([^"]*)"$')


def read_access(path):
    """client -> (status, phase-1 score or None, score or None)"""
    out = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = ACCESS.match(line.rstrip("\n"))
            if not m:
                continue
            num = lambda s: int(s) if s.isdigit() else None  # noqa: E731
            out[m.group(1)] = (int(m.group(2)), num(m.group(3)),
                               num(m.group(4)))
    return out


ELOG = re.compile(r'\[client ([0-9.]+)(?::\d+)?\].*ModSecurity: .*?'
                  r'\[file "[^"]*/REQUEST-(\d{3})[^"]*"\].*?\[id "(\d+)"\]')


def read_error_rules(path):
    """client -> [(rule id, file number)] of the CRS rules that matched."""
    out = collections.defaultdict(list)
    try:
        with open(path, encoding="latin-1") as f:
            for line in f:
                m = ELOG.search(line)
                if m and m.group(3) not in ("949110", "980130"):
                    out[m.group(1)].append((m.group(3), m.group(2)))
    except OSError:
        pass
    return out


def selftest(port, root):
    """The score must reach the access log: a known SQL injection scores
    at least the threshold, a plain page 0."""
    attack = (b"GET /index.php?id=1%27%20UNION%20SELECT%20username%2C"
              b"password%20FROM%20users--%20 HTTP/1.1\r\nHost: localhost\r\n"
              b"User-Agent: Mozilla/5.0\r\nAccept: */*\r\n"
              b"Connection: close\r\n\r\n")
    plain = (b"GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
             b"User-Agent: Mozilla/5.0\r\nAccept: */*\r\n"
             b"Connection: close\r\n\r\n")
    live.raw_status(port, attack, "127.254.254.1")
    live.raw_status(port, plain, "127.254.254.2")
    log = os.path.join(root, "logs", "access.log")
    t = time.time()
    while time.time() - t < 10:
        acc = read_access(log)
        a, p = acc.get("127.254.254.1"), acc.get("127.254.254.2")
        if a and p:
            break
        time.sleep(0.2)
    if not (a and p and a[2] is not None and a[2] >= THRESHOLD
            and p[2] == 0):
        sys.exit("modsec: self-test failed (attack %r, plain %r); see %s"
                 % (a, p, root))
    print("modsec: self-test: UNION SELECT scores %d, a plain page %d"
          % (a[2], p[2]), file=sys.stderr)
    open(log, "w").close()      # httpd appends (O_APPEND): start afresh
    open(os.path.join(root, "logs", "error.log"), "w").close()


def run_crs(srv, reqs, jobs, label, keep, who):
    """Start srv (a Server), check that CRS answers, replay reqs, stop it;
    the statuses, the access log's (status, phase 1, score) by source
    address, the error log's rules by source address, and the lines of
    processes that died. Its root is removed unless keep."""
    try:
        srv.start()
        selftest(srv.port, srv.root)
        statuses = live.replay(srv.port, reqs, jobs, label)
        live.settle(srv.path("logs", "access.log"))
        srv.stop()
        acc = read_access(srv.path("logs", "access.log"))
        erules = read_error_rules(srv.path("logs", "error.log"))
        crashed = [l for l in srv.error_text().splitlines()
                   if "exit signal" in l]
    finally:
        srv.stop()
        if keep:
            print("%s: server root kept in %s" % (who, srv.root),
                  file=sys.stderr)
        else:
            shutil.rmtree(srv.root, ignore_errors=True)
    if crashed:
        print("%s: httpd processes died:\n%s" % (who, "\n".join(crashed[:5])),
              file=sys.stderr)
    return statuses, acc, erules, crashed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--jobs", type=int, default=32)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-install", action="store_true")
    a = ap.parse_args()
    # stopped from outside: still stop the private httpd (finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out = os.path.abspath(a.outdir)
    if not ensure_packages(not a.no_install):
        sys.exit(3)
    reqs = live.load_requests(out, a.corpus)
    statuses, acc, erules, crashed = run_crs(Server(), reqs, a.jobs,
                                             "modsec", a.keep, "modsec")

    not_inspected = collections.Counter()
    flagged = 0
    with open(os.path.join(out, NAME + ".jsonl"), "w") as fa, \
            open(os.path.join(out, NAME + ".nasa.jsonl"), "w") as fn, \
            open(os.path.join(out, NAME + ".scores.tsv"), "w") as fs:
        fs.write("id\tstatus\tphase1\tscore\n")
        for i, q in enumerate(reqs):
            ip = live.source_ip(i)
            st, p1, score = acc.get(ip, (statuses[i], None, None))
            fs.write("%s\t%s\t%s\t%s\n" % (
                q.rid, st, "-" if p1 is None else p1,
                "-" if score is None else score))
            if score is None:
                not_inspected[q.set] += 1
            if score is None or score < THRESHOLD:
                continue
            flagged += 1
            rl = erules.get(ip, [])
            cats = sorted({CRS_CATS.get(f, "other") for _, f in rl})
            line = q.data.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
            ua = re.search(rb"\r\nUser-Agent: ([^\r]*)", q.data)
            rec = {"request_id": q.rid, "score": score, "status": st,
                   "uri": line[1] if len(line) > 1 else "",
                   "user_agent": ua.group(1).decode("latin-1") if ua else "",
                   "categories": cats,
                   "rules": [{"id": int(r), "category": CRS_CATS.get(f, f),
                              "severity": "-", "field": "-"} for r, f in rl]}
            (fn if q.set == "benign-nasa" else fa).write(
                json.dumps(rec, sort_keys=True) + "\n")
    nasa_lines = sum(1 for q in reqs if q.set == "benign-nasa")
    sys.stdout.flush()
    subprocess.run([sys.executable, os.path.join(HERE, "score.py"), out,
                    NAME, os.path.join(out, NAME + ".jsonl"),
                    os.path.join(out, NAME + ".nasa.jsonl"), str(nasa_lines)],
                   check=True)
    if not_inspected:
        print("not inspected by CRS (httpd answered before phase 2): %s"
              % ", ".join("%s %d" % kv for kv in sorted(not_inspected.items())))
    with open(os.path.join(out, NAME + ".summary.json"), "w") as f:
        json.dump({"requests": len(reqs), "flagged": flagged,
                   "not_inspected": dict(not_inspected),
                   "crashes": len(crashed)}, f)


if __name__ == "__main__":
    main()
