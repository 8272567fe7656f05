"""Response evidence in a real httpd (event and prefork; worker with
LW_MPMS): the test suite's own vulnerable CGI pages (test/integration/leak)
attacked through GET. A traversal that reads /etc/passwd is "leaked" with
the passwd line as evidence, also when mod_deflate compresses the response
(the filter reads before it); the same traversal against the fixed page is
"served" without evidence; a web shell's page and a script in an upload
directory are "webshell"; a response far larger than its path's usual one
is "anomalous_size"; a traversal in a form body alone (Content-Length or
chunked) is "leaked" too, and so is one against a static file (judged
after its response left, from a copy of its file bucket); and responses to requests that are not flagged
are never read (the status page's response_bytes_inspected stays 0). The
records then go through logwatch-summarize: "Possible breaches" is the
first section of the text, JSON and HTML reports, with the evidence, the
sources and the first time seen; the site gets an alert whatever
--alert-sources says; and logwatch-daily mails that section as urgent.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_leak.py
"""
import json
import os
import re
import shutil
import subprocess
import time

import lwhttpd
from test_fleet import DailyRoot, SUMMARIZE


HERE = os.path.dirname(os.path.abspath(__file__))
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
TRAVERSAL = "file=../../../../../../../../etc/passwd"

# One child, so that the per-child usual-size table sees every request.
ONE_CHILD = {
    "prefork": "StartServers 1\nMinSpareServers 1\nMaxSpareServers 1\n"
               "ServerLimit 1\nMaxRequestWorkers 1\n",
    "event": "StartServers 1\nServerLimit 1\nThreadsPerChild 4\n"
             "MinSpareThreads 1\nMaxSpareThreads 8\nMaxRequestWorkers 4\n",
    "worker": "StartServers 1\nServerLimit 1\nThreadsPerChild 4\n"
              "MinSpareThreads 1\nMaxSpareThreads 8\nMaxRequestWorkers 4\n",
}


def config(root, mpm):
    cgi = ("LoadModule cgi_module %s/mod_cgi.so\n" % lwhttpd.MODDIR
           if mpm == "prefork" else
           "LoadModule cgid_module %s/mod_cgid.so\nScriptSock cgisock\n"
           % lwhttpd.MODDIR)
    return cgi + """LoadModule filter_module {m}/mod_filter.so
LoadModule deflate_module {m}/mod_deflate.so
ScriptAlias /app/deflated/ "{r}/htdocs/app/"
ScriptAlias /app/ "{r}/htdocs/app/"
<Directory "{r}/htdocs/app">
    Options +ExecCGI
</Directory>
<Directory "{r}/htdocs/uploads">
    Options +ExecCGI
    AddHandler cgi-script .php
</Directory>
<Location /app/deflated/>
    AddOutputFilterByType DEFLATE text/html
</Location>
<Location /lw-status>
    SetHandler logwatch-status
    Require all granted
</Location>
""".format(m=lwhttpd.MODDIR, r=root)


def make(httpd_factory, mpm):
    h = httpd_factory(start=False, mpm_conf=ONE_CHILD[mpm])
    app = h.path("htdocs", "app")
    os.makedirs(os.path.join(app, "pages"))
    os.makedirs(h.path("htdocs", "uploads"))
    for name in ("vuln.cgi", "fixed.cgi", "shell.cgi", "search.cgi",
                 "stream.cgi"):
        shutil.copy(os.path.join(HERE, "leak", name), app)
    shutil.copy(os.path.join(HERE, "leak", "quiet.cgi"),
                h.path("htdocs", "uploads", "avatar.php"))
    with open(os.path.join(app, "pages", "welcome.txt"), "w") as f:
        f.write("Welcome to our shop.\n")
    for d in (app, os.path.join(app, "pages"), h.path("htdocs", "uploads")):
        os.chmod(d, 0o755)
    h.extra = config(h.root, mpm)
    # the upload directory's scripts, ahead of the main server's .php alias
    h.vhost_extra = {"localhost": '    AliasMatch "^/uploads/(.*\\.php)$" '
                                  '"%s/htdocs/uploads/$1"\n' % h.root}
    h.write_conf()
    h.start()
    return h


def totals(h):
    st, raw = h.request("GET /lw-status?json HTTP/1.1", [("Host", "localhost")])
    assert st == 200
    return json.loads(raw.partition(b"\r\n\r\n")[2].decode("ascii"))["totals"]


def get(h, target, headers=()):
    st, raw = h.request("GET %s HTTP/1.1" % target,
                        [("Host", "localhost"), ("User-Agent", UA)]
                        + list(headers))
    return st, raw


def record_for(h, target):
    recs = h.wait_records(1, pred=lambda r: r.get("uri") == target)
    assert recs, "no record for %s" % target
    return [r for r in recs if r.get("uri") == target][-1]


def test_leak_evidence(httpd_factory, mpm, tmp_path):
    h = make(httpd_factory, mpm)
    # the benign mix: never flagged, never read
    for i in range(12):
        assert get(h, "/app/vuln.cgi?file=welcome.txt")[0] == 200
        assert get(h, "/app/fixed.cgi?file=welcome.txt")[0] == 200
        assert get(h, "/index.html?page=%d" % i)[0] == 200
        assert get(h, "/app/deflated/vuln.cgi?file=welcome.txt",
                   [("Accept-Encoding", "gzip")])[0] == 200
    t = totals(h)
    assert t["responses_inspected"] == 0
    assert t["response_bytes_inspected"] == 0
    assert not os.path.exists(h.attack_log) or not h.records()

    # the traversal that reads /etc/passwd: leaked, with the line
    leak = "/app/vuln.cgi?" + TRAVERSAL
    st, raw = get(h, leak)
    assert st == 200 and b"root:x:0:0:" in raw      # the page really leaks
    rec = record_for(h, leak)
    assert rec["verdict"] == "leaked"
    ev = rec["evidence"]
    assert ev["id"] == 950100 and ev["msg"] == "passwd file contents"
    assert "root:x:0:0:" in ev["excerpt"] and len(ev["excerpt"]) <= 4 * 96
    lwhttpd.check_record(rec)

    # the same traversal against the fixed page: served, no evidence
    fixed = "/app/fixed.cgi?" + TRAVERSAL
    assert get(h, fixed)[0] == 200
    rec = record_for(h, fixed)
    assert rec["verdict"] == "served" and "evidence" not in rec

    # a page that shows the attack's own text back: no leak
    echo = ("/app/search.cgi?q=%0Aroot:x:0:0:root:/root:/bin/bash%0A"
            "&f=../../../../etc/passwd")
    st, raw = get(h, echo)
    assert st == 200 and b"root:x:0:0:root:/root:/bin/bash" in raw
    rec = record_for(h, echo)
    assert "lfi" in rec["categories"]
    assert rec["verdict"] == "served" and "evidence" not in rec

    # compressed by mod_deflate after the filter read it
    deflated = "/app/deflated/vuln.cgi?" + TRAVERSAL
    st, raw = get(h, deflated, [("Accept-Encoding", "gzip")])
    head, _, body = raw.partition(b"\r\n\r\n")
    assert st == 200 and b"Content-Encoding: gzip" in head
    assert b"root:x:0:0:" not in body
    rec = record_for(h, deflated)
    assert rec["verdict"] == "leaked" and rec["evidence"]["id"] == 950100

    # a web shell's page, and a script in an upload directory given a
    # command
    shell = "/app/shell.cgi?c=cat%20/etc/issue;id"
    assert get(h, shell)[0] == 200
    rec = record_for(h, shell)
    assert rec["verdict"] == "webshell" and rec["evidence"]["id"] == 950600
    upload = "/uploads/avatar.php?cmd=;uname%20-a"
    assert get(h, upload)[0] == 200
    rec = record_for(h, upload)
    assert "rce" in rec["categories"]
    assert rec["verdict"] == "webshell" and "evidence" not in rec

    # a traversal whose answer is far larger than the page's usual one
    big = "/app/vuln.cgi?file=../../../../../../usr/share/common-licenses/GPL-3"
    st, raw = get(h, big)
    assert st == 200 and len(raw) > 20000
    rec = record_for(h, big)
    assert rec["verdict"] == "anomalous_size" and "evidence" not in rec

    t = totals(h)
    assert t["responses_inspected"] >= 6
    assert 0 < t["response_bytes_inspected"] <= t["responses_inspected"] * 32768
    st, raw = h.request("GET /lw-status?json HTTP/1.1", [("Host", "localhost")])
    js = json.loads(raw.partition(b"\r\n\r\n")[2].decode("ascii"))
    assert js["by_verdict"]["leaked"] == 2
    assert js["by_verdict"]["webshell"] == 2
    assert js["by_verdict"]["anomalous_size"] == 1
    assert "LW00025" in h.error_text()
    summarize(h, tmp_path)


def run_summarize(*args):
    p = subprocess.run([SUMMARIZE] + list(args), capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout


def summarize(h, tmp):
    """The attack log of test_leak_evidence through the summarizer."""
    log = h.attack_log
    text = run_summarize(log)
    # the first section, before what needs action otherwise
    heads = [l for l in text.split("\n") if l and not l.startswith(" ")]
    first = [i for i, l in enumerate(heads) if l.startswith("Possible breaches")]
    assert first and heads[first[0] + 1].startswith("Served attacks"), heads
    sec = text.split("Possible breaches", 1)[1].split("\n\nServed attacks")[0]
    entries = re.findall(r"^  localhost (\S+): (\w+)", sec, re.M)
    assert ("/app/vuln.cgi", "leaked") in entries
    assert ("/app/deflated/vuln.cgi", "leaked") in entries
    assert ("/app/shell.cgi", "webshell") in entries
    assert ("/uploads/avatar.php", "webshell") in entries
    assert ("/app/fixed.cgi", "served") not in entries
    assert all(p != "/app/fixed.cgi" for p, _ in entries)
    assert "rule 950100, passwd file contents" in sec
    assert "root:x:0:0:" in sec and "127.0.0.1" in sec
    assert all(len(l) <= 80 for l in sec.split("\n"))

    doc = json.loads(run_summarize("--format", "json", log))
    assert doc["sections"][0] == "breaches"
    br = {(b["vhost"], b["path"]): b for b in doc["possible_breaches"]}
    b = br[("localhost", "/app/vuln.cgi")]
    assert b["verdict"] == "leaked" and b["evidence"]["id"] == 950100
    assert "root:x:0:0:" in b["evidence"]["excerpt"]
    assert b["sources"] == ["127.0.0.1"] and b["first"]
    assert br[("localhost", "/app/vuln.cgi")]["verdicts"].get("anomalous_size") == 1

    html = run_summarize("--format", "html", log)
    sections = re.findall(r'<section id="([a-z-]+)"', html)
    assert sections[0] == "breaches"
    sec = html.split('<section id="breaches"', 1)[1].split("</section>")[0]
    assert "passwd file contents" in sec and "root:x:0:0:" in sec

    # an alert to the site's owner although one source is far below
    # --alert-sources
    alerts = tmp / "alerts"
    run_summarize("--client-alerts", str(alerts), "--alert-sources", "100",
                  "--from", "logwatch@example.org", "--report-to",
                  "owner@example.org", log)
    msgs = [f.read_text() for f in alerts.iterdir()]
    assert len(msgs) == 1
    head, _, body = msgs[0].partition("\n\n")
    assert "Importance: high" in head.split("\n")
    assert re.search(r"^Subject: Possible breach: localhost", head, re.M)
    assert "950100" in body


def test_leak_daily_urgent_mail(tmp_path):
    """logwatch-daily: the report, and the breaches on their own as an
    urgent mail; none of it when no response leaked."""
    r = DailyRoot(tmp_path)
    day = r.day

    def rec(i, verdict, evidence=None):
        d = {"time": "%sT1%d:00:00.000000+00:00" % (day, i), "host": "web1",
             "vhost": "shop.example", "port": 80, "client": "203.0.113.%d" % i,
             "request_id": "q%d" % i, "method": "GET",
             "uri": "/page.php?f=../../../../etc/passwd", "protocol": "HTTP/1.1",
             "status": 200, "bytes": 2000, "verdict": verdict,
             "severity": "high", "score": 8, "categories": ["lfi"],
             "rules": []}
        if evidence:
            d["evidence"] = evidence
        return json.dumps(d)
    ev = {"id": 950100, "msg": "passwd file contents",
          "excerpt": ">root:x:0:0:root:/root:/bin/bash\\x0a"}
    (r.logs / "attack.log").write_text(rec(1, "served") + "\n")
    p = r.run()
    assert p.returncode == 0, p.stderr
    assert len(r.mails()) == 1                 # only the report
    for f in r.mail.iterdir():
        f.unlink()
    (r.logs / "attack.log").write_text(rec(1, "served") + "\n"
                                       + rec(2, "leaked", ev) + "\n")
    p = r.run()
    assert p.returncode == 0, p.stderr
    mails = r.mails()
    assert len(mails) == 2, [m[1][:200] for m in mails]
    urgent = [m for _, m in mails if "Importance: high" in m.split("\n\n")[0]]
    assert len(urgent) == 1
    head, _, body = urgent[0].partition("\n\n")
    assert re.search(r"^Subject: \[POSSIBLE BREACH\] Attack report for .*, %s$"
                     % day, head, re.M)
    assert "shop.example /page.php: leaked" in body
    assert "rule 950100, passwd file contents" in body
    assert "203.0.113.2" in body and "203.0.113.1" not in body
    # the report itself lists them first
    report = [m for _, m in mails if m is not urgent[0]][0]
    assert report.index("Possible breaches") < report.index("Served attacks")


def test_leak_never_holds_a_response_back(httpd_factory, mpm):
    """The filter never waits on a script: the first part of a flagged
    request's answer reaches the client while the script still waits for
    the test to let it finish (its second part comes only then)."""
    import socket
    h = make(httpd_factory, mpm)
    target = "/app/stream.cgi?file=../../../../../../etc/passwd"
    s = socket.create_connection(("127.0.0.1", h.port), timeout=20)
    try:
        s.sendall(("GET %s HTTP/1.1\r\nHost: localhost\r\nUser-Agent: %s\r\n"
                   "Connection: close\r\n\r\n" % (target, UA)).encode())
        got = b""
        while b"first part" not in got:
            chunk = s.recv(65536)      # a filter that waited: timeout
            assert chunk, got
            got += chunk
        assert b"root:x:0:0:" not in got
        open(h.path("htdocs", "app", "gate"), "w").close()
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    finally:
        s.close()
    assert b"root:x:0:0:" in got
    rec = record_for(h, target)
    assert "lfi" in rec["categories"]
    assert totals(h)["responses_inspected"] == 1


def test_leak_body_attack(httpd_factory, mpm):
    """A request whose attack is in its body alone (the early pass, before
    the body is read, does not flag it) still has its response read: the
    filter comes with the body's copy, with Content-Length and chunked
    (no Content-Length) alike, and classifies again when the response
    begins. Benign bodies and requests without a body are never read."""
    h = make(httpd_factory, mpm)
    form = "application/x-www-form-urlencoded"
    for i in range(3):
        assert h.post("/app/vuln.cgi?n=%d" % i, b"file=welcome.txt",
                      form)[0] == 200
        assert h.post("/app/vuln.cgi?n=%d" % i, iter([b"file=wel",
                                                       b"come.txt"]),
                      form)[0] == 200
        assert get(h, "/app/vuln.cgi?file=welcome.txt")[0] == 200
    assert totals(h)["responses_inspected"] == 0
    body = ("file=" + TRAVERSAL.split("=", 1)[1]).encode()
    for how, data in (("length", body),
                      ("chunked", iter([body[:9], body[9:]]))):
        target = "/app/vuln.cgi?via=" + how
        st, resp = h.post(target, data, form)
        assert st == 200 and b"root:x:0:0:" in resp
        rec = record_for(h, target)
        assert "body:form:file" in [r["field"] for r in rec["rules"]], rec
        assert rec["verdict"] == "leaked", rec
        assert rec["evidence"]["id"] == 950100
    assert totals(h)["responses_inspected"] == 2


def test_leak_internal_redirect(httpd_factory, mpm):
    """A flagged request that a per-directory rewrite sends on internally
    (the original request's fixups run, then the redirect's) has its
    response read through the redirect: the early pass's state is the
    original request's. By GET, and by POST with the attack in the body."""
    h = make(httpd_factory, mpm)
    h.stop()
    os.makedirs(h.path("htdocs", "shop"))
    os.chmod(h.path("htdocs", "shop"), 0o755)
    h.extra += """LoadModule rewrite_module {m}/mod_rewrite.so
<Directory "{r}/htdocs/shop">
    RewriteEngine On
    RewriteRule ^page$ /app/vuln.cgi [L]
</Directory>
""".format(m=lwhttpd.MODDIR, r=h.root)
    h.write_conf()
    h.start()
    assert get(h, "/shop/page?file=welcome.txt")[0] == 200
    assert totals(h)["responses_inspected"] == 0
    target = "/shop/page?" + TRAVERSAL
    st, raw = get(h, target)
    assert st == 200 and b"root:x:0:0:" in raw
    rec = record_for(h, target)
    assert rec["verdict"] == "leaked" and rec["evidence"]["id"] == 950100, rec
    target = "/shop/page?via=post"
    st, resp = h.post(target, ("file=" + TRAVERSAL.split("=", 1)[1]).encode(),
                      "application/x-www-form-urlencoded")
    assert st == 200 and b"root:x:0:0:" in resp
    rec = record_for(h, target)
    assert rec["verdict"] == "leaked" and rec["evidence"]["id"] == 950100, rec
    assert totals(h)["responses_inspected"] == 2


def test_leak_static_file(httpd_factory, mpm):
    """A static file (the default handler) is judged after its response
    left: the filter keeps a copy of its file bucket (no byte read) and,
    when log time flags the request, the leak rules read the file's first
    LogWatchInspectResponse bytes from it, as they read any response.
    Benign requests for static files are never read."""
    h = make(httpd_factory, mpm)
    docs = h.path("htdocs", "docs")
    os.makedirs(docs)
    os.chmod(docs, 0o755)
    with open(os.path.join(docs, "users.txt"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/bash\n"
                "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
    with open(os.path.join(docs, "big.txt"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/bash\n" + "x" * 100000 + "\n")
    for i in range(5):
        assert get(h, "/docs/users.txt?page=%d" % i)[0] == 200
        assert get(h, "/docs/big.txt")[0] == 200
    assert totals(h)["responses_inspected"] == 0
    target = "/docs/users.txt?" + TRAVERSAL
    st, raw = get(h, target)
    assert st == 200 and b"root:x:0:0:" in raw
    rec = record_for(h, target)
    assert rec["verdict"] == "leaked", rec
    assert rec["evidence"]["id"] == 950100
    assert "root:x:0:0:" in rec["evidence"]["excerpt"]
    t = totals(h)
    assert t["responses_inspected"] == 1
    first = t["response_bytes_inspected"]
    assert first == os.path.getsize(os.path.join(docs, "users.txt"))
    # a file larger than the cap: its first 32 KiB, no more
    target = "/docs/big.txt?" + TRAVERSAL
    st, raw = get(h, target)
    assert st == 200 and len(raw) > 100000
    rec = record_for(h, target)
    assert rec["verdict"] == "leaked", rec
    t = totals(h)
    assert t["responses_inspected"] == 2
    assert t["response_bytes_inspected"] - first == 32768


def test_leak_inspect_off(httpd_factory, mpm):
    """LogWatchInspectResponse Off: no filter, the verdict from the status
    alone; a bad value stops the configuration test."""
    h = make(httpd_factory, mpm)
    h.stop()
    h.extra += "LogWatchInspectResponse Off\n"
    h.write_conf()
    h.start()
    leak = "/app/vuln.cgi?" + TRAVERSAL
    assert get(h, leak)[0] == 200
    rec = record_for(h, leak)
    assert rec["verdict"] == "served" and "evidence" not in rec
    assert totals(h)["responses_inspected"] == 0
    h.stop()
    h.extra += "LogWatchInspectResponse 12x\n"
    h.write_conf()
    res = h.configtest()
    assert res.returncode != 0 and "LogWatchInspectResponse" in res.stderr
