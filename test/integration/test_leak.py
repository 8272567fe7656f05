"""Response evidence in a real httpd (event and prefork; worker with
LW_MPMS): the test suite's own vulnerable CGI pages (test/integration/leak)
attacked through GET. A traversal that reads /etc/passwd is "leaked" with
the passwd line as evidence, also when mod_deflate compresses the response
(the filter reads before it); the same traversal against the fixed page is
"served" without evidence; a web shell's page and a script in an upload
directory are "webshell"; a response far larger than its path's usual one
is "anomalous_size"; and responses to requests that are not flagged are
never read (the status page's response_bytes_inspected stays 0).

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_leak.py
"""
import json
import os
import shutil

import lwhttpd

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
    for name in ("vuln.cgi", "fixed.cgi", "shell.cgi"):
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


def test_leak_evidence(httpd_factory, mpm):
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
    assert t["responses_inspected"] >= 5
    assert 0 < t["response_bytes_inspected"] <= t["responses_inspected"] * 32768
    st, raw = h.request("GET /lw-status?json HTTP/1.1", [("Host", "localhost")])
    js = json.loads(raw.partition(b"\r\n\r\n")[2].decode("ascii"))
    assert js["by_verdict"]["leaked"] == 2
    assert js["by_verdict"]["webshell"] == 2
    assert js["by_verdict"]["anomalous_size"] == 1
    assert "LW00025" in h.error_text()


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
