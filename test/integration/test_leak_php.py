"""Response evidence against the test suite's own deliberately vulnerable
PHP pages (test/integration/php) under Debian's PHP: mod_php with the
prefork MPM, and php-fpm (a private pool on a unix socket in the test's
directory, started by the test) through mod_proxy_fcgi with the event and
worker MPMs. Through GET and POST:

  - include($_REQUEST['page']): a traversal that reads /etc/passwd is
    "leaked" with the passwd line as evidence; the same traversal against
    the fixed page is "served" without evidence;
  - a query built by concatenation against SQLite, errors displayed: the
    SQL error page is "leaked";
  - system() on a parameter: the id command's output is "leaked";
  - a benign mix is never read: 0 response bytes inspected.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \\
      /usr/bin/python3 -m pytest -q test/integration/test_leak_php.py
"""
import glob
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.parse

import pytest

import lwhttpd

HERE = os.path.dirname(os.path.abspath(__file__))
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
MOD_PHP = sorted(glob.glob(os.path.join(lwhttpd.MODDIR, "libphp*.so")))
PHP_FPM = sorted(glob.glob("/usr/sbin/php-fpm*"))
TRAVERSAL = "../../../../../../../../etc/passwd"

BACKENDS = [("prefork", "mod_php"), ("event", "php-fpm"), ("worker", "php-fpm")]


def start_fpm(root):
    """A private php-fpm pool: its socket, pid and log in root/run."""
    run = os.path.join(root, "run")
    conf = os.path.join(root, "conf", "php-fpm.conf")
    sock = os.path.join(run, "php-fpm.sock")
    with open(conf, "w") as f:
        f.write("""[global]
pid = {run}/php-fpm.pid
error_log = {run}/php-fpm.log
daemonize = no
[tests]
listen = {sock}
listen.mode = 0666
user = nobody
group = nogroup
pm = static
pm.max_children = 2
php_admin_flag[display_errors] = on
php_admin_flag[log_errors] = off
""".format(run=run, sock=sock))
    proc = subprocess.Popen([PHP_FPM[0], "-y", conf, "-F", "-R"],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            env={"PATH": "/usr/bin:/bin"})
    deadline = time.time() + 20
    while not os.path.exists(sock):
        assert proc.poll() is None, "php-fpm exited: %s" % open(
            os.path.join(run, "php-fpm.log")).read()
        assert time.time() < deadline, "php-fpm did not start"
        time.sleep(0.1)
    return proc, sock


@pytest.fixture(params=BACKENDS, ids=["%s-%s" % b for b in BACKENDS])
def php(request):
    mpm, backend = request.param
    if backend == "mod_php":
        assert MOD_PHP, "libapache2-mod-php is not installed (scripts/deps.sh)"
        if os.environ.get("LW_ASAN"):
            # PHP dlopens its extensions with RTLD_DEEPBIND, which the
            # sanitizer runtime preloaded into httpd refuses; php-fpm runs
            # PHP in its own processes and is tested in both passes
            pytest.skip("sanitizer pass: mod_php's extensions cannot load "
                        "under the preloaded ASan runtime (RTLD_DEEPBIND)")
    else:
        assert PHP_FPM, "php-fpm is not installed (scripts/deps.sh)"
    h = lwhttpd.Httpd(mpm=mpm, write=True)
    fpm = None
    try:
        docs = h.path("htdocs", "php")
        shutil.copytree(os.path.join(HERE, "php"), docs)
        for d, _, _ in os.walk(docs):
            os.chmod(d, 0o755)
        if backend == "mod_php":
            handler = ("LoadModule php_module %s\n"
                       "<FilesMatch \"\\.php$\">\n"
                       "    SetHandler application/x-httpd-php\n"
                       "</FilesMatch>\n"
                       "php_admin_flag display_errors on\n"
                       "php_admin_flag log_errors off\n" % MOD_PHP[-1])
        else:
            fpm, sock = start_fpm(h.root)
            handler = ("LoadModule proxy_module %s/mod_proxy.so\n"
                       "LoadModule proxy_fcgi_module %s/mod_proxy_fcgi.so\n"
                       "<FilesMatch \"\\.php$\">\n"
                       "    SetHandler \"proxy:unix:%s|fcgi://localhost\"\n"
                       "</FilesMatch>\n"
                       % (lwhttpd.MODDIR, lwhttpd.MODDIR, sock))
        h.extra = handler + """<Location /lw-status>
    SetHandler logwatch-status
    Require all granted
</Location>
"""
        # the pages, ahead of the main server's .php alias
        h.vhost_extra = {"localhost": '    AliasMatch "^/php/(.*\\.php)$" '
                                      '"%s/$1"\n' % docs}
        h.write_conf()
        h.start()
        yield h
        h.stop()
        crashed = h.crashes()
        assert not crashed, "httpd processes died:\n" + "\n".join(crashed)
    finally:
        h.cleanup()
        if fpm is not None:
            fpm.send_signal(signal.SIGTERM)
            try:
                fpm.wait(10)
            except subprocess.TimeoutExpired:
                fpm.kill()
                fpm.wait()


def send(h, target, body=None):
    headers = [("Host", "localhost"), ("User-Agent", UA)]
    if body is None:
        return h.request("GET %s HTTP/1.1" % target, headers)
    data = urllib.parse.urlencode(body).encode("ascii")
    headers += [("Content-Type", "application/x-www-form-urlencoded"),
                ("Content-Length", str(len(data)))]
    return h.request("POST %s HTTP/1.1" % target, headers, data=data)


def record_for(h, target, method="GET"):
    pred = (lambda r: r.get("uri") == target and r.get("method") == method)
    recs = h.wait_records(1, pred=pred)
    assert recs, "no record for %s %s" % (method, target)
    return [r for r in recs if pred(r)][-1]


def inspected(h):
    st, raw = h.request("GET /lw-status?json HTTP/1.1", [("Host", "localhost")])
    assert st == 200
    t = json.loads(raw.partition(b"\r\n\r\n")[2].decode("ascii"))["totals"]
    return t["responses_inspected"], t["response_bytes_inspected"]


def test_php_pages_leak(php):
    h = php
    # the benign mix: pages answered, nothing read
    for i in range(5):
        assert send(h, "/php/include.php?page=home.txt")[0] == 200
        assert send(h, "/php/include_fixed.php?page=home.txt")[0] == 200
        assert send(h, "/php/item.php?id=%d" % (i % 2 + 1))[0] == 200
        assert send(h, "/php/ping.php", {"host": "127.0.0.1"})[0] == 200
        assert send(h, "/index.html")[0] == 200
    assert inspected(h) == (0, 0)

    # include($_GET[...]) and a traversal: the passwd file, leaked
    leak = "/php/include.php?page=" + TRAVERSAL
    st, raw = send(h, leak)
    assert st == 200 and b"root:x:0:0:" in raw
    rec = record_for(h, leak)
    assert rec["verdict"] == "leaked", rec
    assert rec["evidence"]["id"] == 950100
    assert "root:x:0:0:" in rec["evidence"]["excerpt"]

    # the fixed page: served, no evidence
    fixed = "/php/include_fixed.php?page=" + TRAVERSAL
    st, raw = send(h, fixed)
    assert st == 200 and b"root:x:0:0:" not in raw
    rec = record_for(h, fixed)
    assert rec["verdict"] == "served" and "evidence" not in rec

    # the SQL error page (SQLite, errors displayed)
    sqli = "/php/item.php?id=1%27%20UNION%20SELECT%20sqlite_version()--"
    st, raw = send(h, sqli)
    assert b"SQLite3::query()" in raw
    rec = record_for(h, sqli)
    assert "sqli" in rec["categories"]
    assert rec["verdict"] == "leaked" and rec["evidence"]["id"] == 950240

    # system() on a parameter: the output of id
    rce = "/php/ping.php?host=127.0.0.1%3Bid"
    st, raw = send(h, rce)
    assert st == 200 and b"uid=" in raw
    rec = record_for(h, rce)
    assert rec["verdict"] == "leaked" and rec["evidence"]["id"] == 950500

    # through POST: PHP reads the body before it answers, the module keeps
    # it (LogWatchInspectBody) and asks again when the response begins
    st, raw = send(h, "/php/ping.php", {"host": "127.0.0.1;id"})
    assert st == 200 and b"uid=" in raw
    rec = record_for(h, "/php/ping.php", "POST")
    assert "rce" in rec["categories"]
    assert rec["verdict"] == "leaked" and rec["evidence"]["id"] == 950500
    st, raw = send(h, "/php/include.php", {"page": TRAVERSAL})
    assert st == 200 and b"root:x:0:0:" in raw
    rec = record_for(h, "/php/include.php", "POST")
    assert rec["verdict"] == "leaked" and rec["evidence"]["id"] == 950100
    st, raw = send(h, "/php/include_fixed.php", {"page": TRAVERSAL})
    rec = record_for(h, "/php/include_fixed.php", "POST")
    assert rec["verdict"] == "served" and "evidence" not in rec

    n, nbytes = inspected(h)
    assert n == 7 and 0 < nbytes <= 7 * 32768
