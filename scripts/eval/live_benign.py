#!/usr/bin/python3
"""The modern benign traffic (gen_benign.py) replayed to the live module.

  live_benign.py DIR --build BUILDDIR [--signatures DIR] [--jobs N] [--keep]

Sends every request of DIR/requests.log (request line, Referer,
User-Agent as logged), DIR/cookies.log (its Cookie header), DIR/headers.tsv
(other request headers) and DIR/bodies.tsv
(method, target, Content-Type and body) to a private httpd with mod_logwatch
(test/integration/lwhttpd.py, event MPM, the given signatures), each from
its own loopback address (live.source_ip). The bodies go to a virtual host
whose every URL is a CGI program that reads its whole body, so that the
module inspects it as it does an application's (LogWatchInspectBody,
default 128 KiB); only the module sees bodies, logwatch-scan cannot.

Writes DIR/live.jsonl (the module's records, request_id set to the
generated id) and DIR/live.status.tsv, then prints benign.py's table for
the live module (and logwatch-scan when DIR/logwatch-scan.jsonl is there).
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import live  # noqa: E402

LINE = re.compile(r'^\S+ \S+ \S+ \[[^\]]+\] "(\S+) (\S+) (\S+)" \S+ \S+ (.*) (\S+)$')
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
BODY_HOST = "domain1.com"      # one of lwhttpd's virtual hosts
SINK = "#!/bin/sh\ncat >/dev/null\nprintf 'Content-Type: text/plain\\r\\n\\r\\nok\\n'\n"


def unq(s):
    return s.replace('\\"', '"').replace("\\\\", "\\")


def head(method, target, headers, body=b""):
    out = "%s %s HTTP/1.1\r\n" % (method, target)
    out += "".join("%s: %s\r\n" % kv for kv in headers if kv[1] is not None)
    if body:
        out += "Content-Length: %d\r\n" % len(body)
    return out.encode("utf-8") + b"Connection: close\r\n\r\n" + body


def load(d):
    reqs = []
    with open(os.path.join(d, "requests.log"), encoding="utf-8") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            ref, ua = QUOTED.findall(m.group(4))
            reqs.append(live.Req(m.group(5), "modern", "none", head(
                m.group(1), m.group(2), [("Host", "localhost"),
                                         ("Referer", None if ref == "-" else unq(ref)),
                                         ("User-Agent", unq(ua))])))
    with open(os.path.join(d, "cookies.log"), encoding="utf-8") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            (cookie,) = QUOTED.findall(m.group(4))
            reqs.append(live.Req(m.group(5), "modern", "none", head(
                m.group(1), m.group(2), [("Host", "localhost"), ("User-Agent", live.UA.decode()),
                                         ("Cookie", unq(cookie))])))
    hp = os.path.join(d, "headers.tsv")
    if os.path.exists(hp):
        with open(hp, encoding="utf-8") as f:
            next(f)
            for line in f:
                rid, _, method, target, block = line.rstrip("\n").split("\t")
                block = block.encode("latin-1").decode("unicode_escape")
                hs = [tuple(h.split(": ", 1)) for h in block.split("\n")]
                if not any(k.lower() == "user-agent" for k, _ in hs):
                    hs.append(("User-Agent", live.UA.decode()))
                reqs.append(live.Req(rid, "modern", "none", head(
                    method, target, [("Host", "localhost")] + hs)))
    with open(os.path.join(d, "bodies.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            rid, _, method, target, ctype, body = line.rstrip("\n").split("\t")
            body = body.encode("latin-1").decode("unicode_escape").encode("utf-8")
            reqs.append(live.Req(rid, "modern", "none", head(
                method, target, [("Host", BODY_HOST), ("User-Agent", live.UA.decode()),
                                 ("Content-Type", ctype)], body)))
    return reqs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--build", required=True)
    ap.add_argument("--signatures", default=os.path.join(SRC, "conf", "signatures"))
    ap.add_argument("--jobs", type=int, default=32)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    d = os.path.abspath(a.dir)
    os.environ["LW_BUILDDIR"] = os.path.abspath(a.build)
    os.environ["LW_SRCDIR"] = SRC
    sys.path.insert(0, os.path.join(SRC, "test", "integration"))
    import lwhttpd  # noqa: E402

    reqs = load(d)
    h = lwhttpd.Httpd(mpm="event", signatures=[os.path.abspath(a.signatures)],
                      loglevel="warn",
                      mpm_conf="StartServers 2\nServerLimit 4\nThreadsPerChild 16\n"
                               "MinSpareThreads 16\nMaxSpareThreads 64\n"
                               "MaxRequestWorkers 64\n")
    cgi = h.path("cgi-bin")
    os.makedirs(cgi, exist_ok=True)
    with open(os.path.join(cgi, "sink"), "w") as f:
        f.write(SINK)
    os.chmod(os.path.join(cgi, "sink"), 0o755)
    h.extra += ('LoadModule cgi_module %s/mod_cgi.so\n<Directory "%s">\n'
                '    Require all granted\n</Directory>\n' % (lwhttpd.MODDIR, cgi))
    h.vhost_extra[BODY_HOST] = '    ScriptAliasMatch "^/" "%s/sink"\n' % cgi
    h.write_conf()
    statuses, recs, _ = live.run_lw(
        h, reqs, a.jobs, "live (modern benign)", a.keep, "live_benign")
    with open(os.path.join(d, "live.jsonl"), "w") as f:
        for r in recs:
            i = live.index_of(r.get("client", ""))
            if i is None or i >= len(reqs) or not live.is_attack_record(r):
                continue
            r["httpd_request_id"] = r.get("request_id")
            r["request_id"] = reqs[i].rid
            f.write(json.dumps(r, sort_keys=True) + "\n")
    with open(os.path.join(d, "live.status.tsv"), "w") as f:
        f.write("id\tstatus\n")
        for q, s in zip(reqs, statuses):
            f.write("%s\t%s\n" % (q.rid, s))
    odd = {}
    for s in statuses:
        if s not in (200, 204, 207, 304, 404):
            odd[s] = odd.get(s, 0) + 1
    if odd:
        print("live_benign: statuses besides 200/404: %s" % ", ".join(
            "%s: %d" % kv for kv in sorted(odd.items(), key=str)))
    sys.stdout.flush()
    subprocess.run([sys.executable, os.path.join(HERE, "benign.py"), d], check=True)


if __name__ == "__main__":
    main()
