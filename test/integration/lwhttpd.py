"""A private Apache httpd with mod_logwatch, for the integration tests, the
reliability and live-defense tests, and scripts/demo.sh.

    h = Httpd(mpm="event", signatures=[...], extra="...")
    h.start()
    status = h.get("/x.php?id=1", host="domain1.com", xff="203.0.113.5")
    recs = h.wait_records(1)
    h.graceful(); h.stop()

Everything lives in one temporary ServerRoot (conf/, logs/, htdocs/, run/).
Environment:
    LW_BUILDDIR   build directory (holds .libs/mod_logwatch.so)
    LW_SRCDIR     source root (default: two levels above this file)
    LW_SHARED     the shared corpus parent (default: LW_SRCDIR/../shared)
    LW_CORPUS     the corpus itself (default: LW_SHARED/corpus)
    LW_SIGNATURES signatures instead of the shipped conf/signatures
    LW_APACHE2    httpd binary (default /usr/sbin/apache2)
    LW_APACHE_MODULES  httpd's module directory (default /usr/lib/apache2/modules)
    LW_ASAN       set: preload the ASan/UBSan runtimes into httpd (the module
                  was built with --enable-sanitizers, httpd was not)
Run as a script for the demo:  python3 lwhttpd.py --help
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
APACHE2 = os.environ.get("LW_APACHE2", "/usr/sbin/apache2")
MODDIR = os.environ.get("LW_APACHE_MODULES", "/usr/lib/apache2/modules")

# Modules every private server loads (besides the MPM and mod_logwatch).
BASE_MODULES = ["authz_core", "mime", "dir", "alias", "remoteip",
                "unique_id", "log_config", "asis"]

# Fields every attack record carries (peer only when behind a proxy,
# referer / user_agent / tool only when present).
REQUIRED_FIELDS = ["time", "host", "vhost", "port", "client", "method", "uri",
                   "protocol", "status", "bytes", "duration_us", "request_id",
                   "verdict", "severity", "score", "categories", "rules"]

# The access log format: the seed's (vhost_combined-like) plus the note.
ACCESS_FORMAT = ('%v %a %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" '
                 '\\"%{User-Agent}i\\" %{UNIQUE_ID}e \\"%{LOGWATCH}n\\"')

SEED_VHOSTS = ["domain1.com", "domain2.com", "domain3.com"]

# The status page at /logwatch-status, sources over 2 attacks an hour
# blocked with a 429 for 60 s, loopback never counted.
STATUS_CONF = """<Location /logwatch-status>
    SetHandler logwatch-status
    Require all granted
</Location>
LogWatchThreshold 2 3600
LogWatchBlock On 60 429
LogWatchIgnoreNet 127.0.0.1 ::1
"""


def srcdir():
    return os.path.abspath(os.environ.get("LW_SRCDIR",
                                          os.path.join(HERE, "..", "..")))


def builddir():
    return os.path.abspath(os.environ.get("LW_BUILDDIR",
                                          os.path.join(srcdir(), "build")))


def shared_dir():
    return os.path.abspath(os.environ.get(
        "LW_SHARED", os.path.join(srcdir(), "..", "shared")))


def corpus(*parts):
    base = os.environ.get("LW_CORPUS") or os.path.join(shared_dir(), "corpus")
    return os.path.join(os.path.abspath(base), *parts)


def module_path():
    return os.path.join(builddir(), ".libs", "mod_logwatch.so")


def default_signatures():
    """The shipped set (LW_SIGNATURES overrides it, e.g. to try a set)."""
    return os.environ.get("LW_SIGNATURES",
                          os.path.join(srcdir(), "conf", "signatures"))


def detector_only(tmpdir, rules_file, rule_ids, words_file):
    """A signature directory holding only the shipped rules rule_ids (taken
    from conf/signatures/rules_file) and the detector's words_file, so that
    no regex rule can stand in for a detector in a test."""
    src = default_signatures()
    with open(os.path.join(src, rules_file), encoding="utf-8") as f:
        text = f.read()
    stanzas = [b for b in re.split(r"\n(?=rule )", text)
               if re.match(r"rule (%s)\b" % "|".join(map(str, rule_ids)), b)]
    assert len(stanzas) == len(rule_ids), "detector rules not found"
    d = os.path.join(tmpdir, "sigs")
    os.makedirs(d)
    with open(os.path.join(d, "detector.rules"), "w", encoding="utf-8") as f:
        f.write("\n".join(s.rstrip("\n") + "\n" for s in stanzas))
    shutil.copy(os.path.join(src, words_file), d)
    return d


# Ports handed out for servers started later. Below the kernel's
# ephemeral range (32768-60999 on Debian), so no client socket of any
# process takes one between the check and the server's bind; each
# pytest-xdist worker draws from a slice of its own, so two workers never
# hand out the same port; a random start keeps two separate runs apart.
_PORT_LO, _PORT_HI = 20000, 32000
_ports_given = set()


def _port_slice():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    if not worker.startswith("gw") or count < 2:
        return _PORT_LO, _PORT_HI
    width = (_PORT_HI - _PORT_LO) // count
    lo = _PORT_LO + int(worker[2:]) % count * width
    return lo, lo + width


def _can_bind(port, udp):
    kinds = [socket.SOCK_STREAM] + ([socket.SOCK_DGRAM] if udp else [])
    for kind in kinds:
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def free_port(udp=False):
    """A 127.0.0.1 port free now (for UDP too with udp=True) that this
    process has not handed out before."""
    import random
    lo, hi = _port_slice()
    start = random.randrange(lo, hi)
    for i in range(hi - lo):
        port = lo + (start - lo + i) % (hi - lo)
        if port not in _ports_given and _can_bind(port, udp):
            _ports_given.add(port)
            return port
    raise RuntimeError("no free port in %d-%d" % (lo, hi))


def _asan_env(env):
    """httpd is not instrumented: preload the sanitizer runtimes."""
    libs = []
    for name in ("libasan.so", "libubsan.so"):
        try:
            p = subprocess.run(["gcc", "-print-file-name=" + name],
                               capture_output=True, text=True).stdout.strip()
        except OSError:
            p = ""
        if p and os.path.isabs(p) and os.path.exists(p):
            libs.append(os.path.realpath(p))
    if libs:
        env["LD_PRELOAD"] = " ".join(libs)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=0")
    return env


# ---- seed corpus ----

SEED_RE = re.compile(
    r'^(\S+) (\S+) \S+ \S+ \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\S+) '
    r'"((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" (\S+) "((?:[^"\\]|\\.)*)"$')


def seed_requests(path=None):
    """The seed's log lines as dicts: vhost, client, request_line, status,
    referer, user_agent, unique_id."""
    path = path or corpus("seed", "seed_requests.log")
    out = []
    with open(path, encoding="latin-1") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            m = SEED_RE.match(line)
            if not m:
                raise ValueError("seed line does not parse: %r" % line)
            out.append({"vhost": m.group(1), "client": m.group(2),
                        "request_line": m.group(4), "status": int(m.group(5)),
                        "referer": m.group(7), "user_agent": m.group(8),
                        "unique_id": m.group(9)})
    return out


CLF_RE = re.compile(r'^\S+ \S+ \S+ \[[^\]]+\] "([^"]*)" \S+ \S+')


def benign_request_lines(n, path=None):
    """The first n well-formed request lines (METHOD TARGET HTTP/x) of the
    NASA trace, as sent."""
    path = path or corpus("benign", "nasa_jul95_first10k.log")
    out = []
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = CLF_RE.match(line)
            if not m:
                continue
            parts = m.group(1).split()
            if len(parts) != 3 or not parts[2].startswith("HTTP/") \
                    or not parts[1].startswith("/"):
                continue
            out.append(" ".join(parts))
            if len(out) == n:
                break
    return out


def user_agents(path=None):
    path = path or corpus("benign", "popular_user_agents.txt")
    with open(path, encoding="latin-1") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


# ---- raw HTTP ----

def read_to_close(s):
    """What the server sends on socket s until it closes (or resets) it."""
    resp = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        resp += chunk
    return resp


def raw_request(port, request_line, headers=(), timeout=10.0, data=b""):
    """Send one request exactly as given (the request line is not
    touched) on a new connection; return (status, raw response bytes).
    status is None when the server closed without answering."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        if isinstance(request_line, str):
            request_line = request_line.encode("latin-1")
        buf = request_line + b"\r\n"
        for k, v in headers:
            if isinstance(v, str):
                v = v.encode("latin-1")
            buf += k.encode("latin-1") + b": " + v + b"\r\n"
        buf += b"Connection: close\r\n\r\n" + data
        s.sendall(buf)
        resp = read_to_close(s)
    finally:
        s.close()
    m = re.match(rb"HTTP/\d\.\d (\d{3})", resp)
    return (int(m.group(1)) if m else None), resp


def http_post(port, target, body, content_type=None, headers=(),
              chunked=False, host="localhost", timeout=30.0):
    """POST body (bytes, or an iterable of bytes chunks) to target on a new
    connection, with Content-Length, or chunked; return (status, response
    body bytes). The response is read to the server's close (the request
    says Connection: close); the body follows the headers unchanged."""
    h = [("Host", host)]
    if content_type is not None:
        h.append(("Content-Type", content_type))
    h.extend(headers)
    if isinstance(body, bytes):
        chunks = [body]
        size = len(body)
    else:
        chunks, size = body, None
    if chunked or size is None:
        h.append(("Transfer-Encoding", "chunked"))
    else:
        h.append(("Content-Length", str(size)))
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        head = "POST %s HTTP/1.1\r\n" % target
        head += "".join("%s: %s\r\n" % kv for kv in h)
        s.sendall(head.encode("latin-1") + b"Connection: close\r\n\r\n")
        for c in chunks:
            if not c:
                continue
            if chunked or size is None:
                s.sendall(b"%x\r\n" % len(c) + c + b"\r\n")
            else:
                s.sendall(c)
        if chunked or size is None:
            s.sendall(b"0\r\n\r\n")
        resp = read_to_close(s)
    finally:
        s.close()
    m = re.match(rb"HTTP/\d\.\d (\d{3})", resp)
    head, _, rbody = resp.partition(b"\r\n\r\n")
    if re.search(rb"(?im)^transfer-encoding:\s*chunked", head):
        out = b""
        while rbody:
            line, _, rest = rbody.partition(b"\r\n")
            n = int(line.split(b";")[0] or b"0", 16)
            if n == 0:
                break
            out += rest[:n]
            rbody = rest[n + 2:]
        rbody = out
    return (int(m.group(1)) if m else None), rbody


class Httpd:
    """One private httpd. Parameters:
    mpm          "event", "prefork" or "worker"
    signatures   the base set (LogWatchDefaultSignatures), then files added
                 to it (LogWatchSignatures); None: the shipped set; []: no
                 directive at all, the installed default directory
    log          LogWatchLog value (None: logs/attack.log; "" : none)
    extra        configuration text appended to the main server
    vhost_extra  dict vhost name -> configuration text for that vhost
    mpm_conf     MPM sizing (default: small)
    """

    def __init__(self, mpm="event", signatures=None, log=None, extra="",
                 vhost_extra=None, mpm_conf=None, root=None, port=None,
                 loglevel="warn logwatch:info", write=True):
        self.mpm = mpm
        self.signatures = ([default_signatures()] if signatures is None
                           else list(signatures))
        self.log = "logs/attack.log" if log is None else log
        self.extra = extra
        self.vhost_extra = vhost_extra or {}
        self.mpm_conf = mpm_conf
        self.loglevel = loglevel
        self.own_root = root is None
        self.root = root or tempfile.mkdtemp(prefix="lw-httpd-")
        # the children run as nobody: they must reach htdocs
        os.chmod(self.root, 0o755)
        self.port = port or free_port()
        self.conf = os.path.join(self.root, "conf", "httpd.conf")
        self.started = False
        self.env = dict(os.environ)
        if os.environ.get("LW_ASAN"):
            _asan_env(self.env)
        for d in ("conf", "logs", "htdocs", "run"):
            os.makedirs(os.path.join(self.root, d), exist_ok=True)
        if write:
            self._write_docs()
            self.write_conf()

    # -- files --
    def path(self, *parts):
        return os.path.join(self.root, *parts)

    @property
    def attack_log(self):
        return self.path("logs", "attack.log")

    @property
    def error_log(self):
        return self.path("logs", "error.log")

    @property
    def access_log(self):
        return self.path("logs", "access.log")

    def _write_docs(self):
        with open(self.path("htdocs", "index.html"), "w") as f:
            f.write("<html><body>ok</body></html>\n")
        # the seed's requests got 500 in the article: answer them alike
        with open(self.path("htdocs", "error500.asis"), "w") as f:
            f.write("Status: 500 Internal Server Error\n"
                    "Content-Type: text/html\n\n"
                    "<html><body>500</body></html>\n")
        open(self.path("conf", "mime.types"), "w").close()
        for d in ("htdocs", "conf"):
            os.chmod(self.path(d), 0o755)

    def config_text(self):
        user = ("User nobody\nGroup nogroup\n" if os.geteuid() == 0 else "")
        # a module built into httpd (Debian: log_config) has no .so
        mods = "".join("LoadModule %s_module %s/mod_%s.so\n" % (m, MODDIR, m)
                       for m in BASE_MODULES
                       if os.path.exists("%s/mod_%s.so" % (MODDIR, m)))
        mpm_conf = self.mpm_conf
        if mpm_conf is None:
            mpm_conf = {
                "prefork": "StartServers 2\nMinSpareServers 1\n"
                           "MaxSpareServers 4\nMaxRequestWorkers 16\n",
                "event": "StartServers 1\nServerLimit 4\nThreadsPerChild 8\n"
                         "MinSpareThreads 8\nMaxSpareThreads 16\n"
                         "MaxRequestWorkers 32\n",
                "worker": "StartServers 1\nServerLimit 4\nThreadsPerChild 8\n"
                          "MinSpareThreads 8\nMaxSpareThreads 16\n"
                          "MaxRequestWorkers 32\n",
            }.get(self.mpm, "")
        # the first is the base set (the shipped one, not the installed
        # default), the others add to it
        sigs = "".join('%s "%s"\n' % ("LogWatchSignatures" if i else
                                       "LogWatchDefaultSignatures", s)
                       for i, s in enumerate(self.signatures))
        # "@ROOT@" in the destination stands for the ServerRoot
        log = ('LogWatchLog "%s"\n'
               % self.log.replace("@ROOT@", self.root).replace('"', '\\"')
               if self.log else "")
        vhosts = ""
        for name in ["localhost"] + SEED_VHOSTS:
            vhosts += ("<VirtualHost *:%d>\n    ServerName %s\n%s"
                       "</VirtualHost>\n"
                       % (self.port, name, self.vhost_extra.get(name, "")))
        return f"""# generated by test/integration/lwhttpd.py
ServerRoot "{self.root}"
ServerName localhost
Listen 127.0.0.1:{self.port}
PidFile "{self.root}/run/httpd.pid"
DefaultRuntimeDir "{self.root}/run"
ErrorLog "{self.root}/logs/error.log"
LogLevel {self.loglevel}
LoadModule mpm_{self.mpm}_module {MODDIR}/mod_mpm_{self.mpm}.so
{mods}LoadModule logwatch_module "{module_path()}"
{user}{mpm_conf}Timeout 20
KeepAlive Off
GracefulShutdownTimeout 5
TypesConfig "{self.root}/conf/mime.types"
DocumentRoot "{self.root}/htdocs"
<Directory />
    Require all denied
    AllowOverride None
</Directory>
<Directory "{self.root}/htdocs">
    Require all granted
</Directory>
AddHandler send-as-is .asis
DirectoryIndex index.html
AliasMatch "\\.php$" "{self.root}/htdocs/error500.asis"
RemoteIPHeader X-Forwarded-For
RemoteIPInternalProxy 127.0.0.1
LogFormat "{ACCESS_FORMAT}" lwtest
CustomLog "{self.root}/logs/access.log" lwtest
CustomLog "{self.root}/logs/flagged.log" lwtest env=LOGWATCH
{sigs}{log}{self.extra}
{vhosts}"""

    def write_conf(self):
        with open(self.conf, "w") as f:
            f.write(self.config_text())

    # -- control --
    def run(self, *args, timeout=60):
        return subprocess.run([APACHE2, "-f", self.conf] + list(args),
                              capture_output=True, text=True, env=self.env,
                              timeout=timeout)

    def configtest(self):
        return self.run("-t")

    def pid(self):
        try:
            with open(self.path("run", "httpd.pid")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def _port_open(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), 0.2).close()
            return True
        except OSError:
            return False

    def start(self, timeout=30):
        p = self.run("-k", "start")
        if p.returncode != 0:
            raise RuntimeError("apache2 -k start failed (%d):\n%s%s\n%s" % (
                p.returncode, p.stdout, p.stderr, self.error_text()[-3000:]))
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.pid() and self._port_open():
                self.started = True
                return self
            time.sleep(0.05)
        raise RuntimeError("httpd did not come up:\n" + self.error_text()[-3000:])

    def generation(self):
        """Signature generation the parent last loaded (from LW00001)."""
        gens = re.findall(r"LW00001: .*generation (\d+)", self.error_text())
        return int(gens[-1]) if gens else 0

    def graceful(self, timeout=30):
        """apache2 -k graceful, then wait until the new signature generation
        is loaded and the port answers again."""
        before = self.generation()
        p = self.run("-k", "graceful")
        if p.returncode != 0:
            raise RuntimeError("graceful failed: %s%s" % (p.stdout, p.stderr))
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.generation() > before and self._port_open():
                return
            time.sleep(0.05)
        raise RuntimeError("graceful restart not seen:\n"
                           + self.error_text()[-3000:])

    def stop(self, timeout=30):
        """apache2 -k stop and wait for the parent to go; if it will not,
        kill its whole process group (the children too). Also stops a
        server whose start() gave up half way."""
        pid = self.pid()
        if not self.started and pid is None:
            return
        self.run("-k", "stop")
        deadline = time.time() + timeout
        while pid and time.time() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            if pid:
                try:
                    os.killpg(os.getpgid(pid), signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.started = False

    def crashes(self):
        """Error-log lines telling that a process died on a signal."""
        return [l for l in self.error_text().splitlines()
                if "exit signal" in l or "AddressSanitizer" in l
                or "runtime error:" in l]

    def cleanup(self):
        self.stop()
        if self.own_root and not os.environ.get("LW_KEEP"):
            shutil.rmtree(self.root, ignore_errors=True)

    def finish(self):
        """Stop, clean up, and assert that no httpd process died on the
        way (what a test that made its own server ends with)."""
        self.stop()
        crashed = self.crashes()
        self.cleanup()
        assert not crashed, "httpd processes died:\n" + "\n".join(crashed)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    # -- requests --
    def request(self, request_line, headers=(), **kw):
        return raw_request(self.port, request_line, headers, **kw)

    def post(self, target, body, content_type=None, **kw):
        return http_post(self.port, target, body, content_type, **kw)

    def get(self, target, host="localhost", xff=None, user_agent=None,
            referer=None, headers=(), method="GET", protocol="HTTP/1.1"):
        h = [("Host", host)]
        if user_agent is not None:
            h.append(("User-Agent", user_agent))
        if referer is not None:
            h.append(("Referer", referer))
        if xff is not None:
            h.append(("X-Forwarded-For", xff))
        h.extend(headers)
        line = "%s %s %s" % (method, target, protocol) if protocol \
            else "%s %s" % (method, target)
        return self.request(line, h)[0]

    def replay_seed(self, seed=None):
        """Send the seed's requests with their Host, User-Agent and source
        address (X-Forwarded-For); returns the statuses."""
        out = []
        for s in seed or seed_requests():
            h = [("Host", s["vhost"]), ("X-Forwarded-For", s["client"])]
            if s["user_agent"] != "-":
                h.append(("User-Agent", s["user_agent"]))
            if s["referer"] != "-":
                h.append(("Referer", s["referer"]))
            out.append(self.request(s["request_line"], h)[0])
        return out

    # -- logs --
    def error_text(self):
        try:
            with open(self.error_log, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def lines(self, path=None):
        path = path or self.attack_log
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return []
        return data.split(b"\n")[:-1] if data else []

    def records(self, path=None):
        """Every record of the attack log, parsed (a line that is not JSON
        raises: a torn or invalid line is a failure wherever it shows)."""
        out = []
        for i, line in enumerate(self.lines(path)):
            try:
                out.append(json.loads(line.decode("ascii")))
            except (ValueError, UnicodeDecodeError) as e:
                raise AssertionError("record %d is not ASCII JSON (%s): %r"
                                     % (i + 1, e, line[:300]))
        return out

    def wait_records(self, n, path=None, timeout=10.0, pred=None):
        """Wait until at least n records (satisfying pred, when given) are
        there; return those records."""
        deadline = time.time() + timeout
        while True:
            recs = self.records(path)
            if pred is not None:
                recs = [r for r in recs if pred(r)]
            if len(recs) >= n or time.time() > deadline:
                return recs
            time.sleep(0.05)

    def wait_for(self, pred, path=None, timeout=10.0):
        """Wait for a record satisfying pred; return it or None."""
        deadline = time.time() + timeout
        while True:
            for r in self.records(path):
                if pred(r):
                    return r
            if time.time() > deadline:
                return None
            time.sleep(0.05)


def is_attack(rec):
    """A record of one request's attack (not a threshold event, which
    mod_logwatch adds when a source crosses LogWatchThreshold)."""
    return "threshold" not in rec.get("categories", ())


def check_record(rec):
    """Assert the fields and types every record must have (an HTTP/0.9
    request line has no protocol, and its record none either)."""
    missing = [k for k in REQUIRED_FIELDS if k not in rec
               and not (k == "protocol" and " " not in rec.get("uri", " ")
                        and rec.get("method"))]
    assert not missing, "record lacks %s: %r" % (missing, rec)
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$",
                    rec["time"]), rec["time"]
    for k in ("port", "status", "bytes", "duration_us", "score"):
        assert isinstance(rec[k], int) and rec[k] >= 0, (k, rec)
    assert isinstance(rec["categories"], list) and rec["categories"], rec
    assert isinstance(rec["rules"], list), rec
    for r in rec["rules"]:
        for k in ("id", "category", "field"):
            assert k in r, ("rule lacks " + k, rec)


def check_detector_live(h, attacks, benign):
    """Send h the benign requests, then the attacks, each (target, extra
    headers, rule id, field, reason prefix), and assert that exactly the
    attacks are recorded, in order, each by that rule in that field with
    that detector's reason. Returns the attack records, in that order."""
    for target, headers in benign:
        h.get(target, headers=headers)
    for target, headers, *_ in attacks:
        h.get(target, headers=headers)
    h.wait_records(len(attacks), pred=is_attack)
    time.sleep(0.3)                       # nothing more may come
    recs = [r for r in h.records() if is_attack(r)]
    assert len(recs) == len(attacks), [r.get("uri") for r in recs]
    for rec, (target, _headers, rid, field, why) in zip(recs, attacks):
        check_record(rec)
        assert rec["uri"] == target
        hits = [x for x in rec["rules"] if x["id"] == rid]
        assert hits, (target, rec["rules"])
        assert hits[0]["field"].startswith(field), (target, hits[0])
        assert hits[0]["detail"].startswith(why), (target, hits[0])
    return recs


@contextlib.contextmanager
def modsec_httpd(tmp_path, rules, extra_conf=""):
    """A private httpd with mod_security2 (and no mod_logwatch) enforcing
    rules (SecRule lines) on a docroot holding index.html; extra_conf is
    added to its configuration. Yields its port; stopped on leaving."""
    d = str(tmp_path)
    with open(os.path.join(d, "rules.conf"), "w", encoding="utf-8") as f:
        f.write("\n".join(rules) + "\n")
    os.mkdir(os.path.join(d, "docroot"))
    with open(os.path.join(d, "docroot", "index.html"), "w") as f:
        f.write("ok\n")
    port = free_port()
    conf = os.path.join(d, "httpd.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write("""ServerRoot {d}
ServerName localhost
Listen 127.0.0.1:{port}
PidFile {d}/httpd.pid
ErrorLog {d}/error.log
LoadModule mpm_event_module {m}/mod_mpm_event.so
LoadModule authz_core_module {m}/mod_authz_core.so
LoadModule unique_id_module {m}/mod_unique_id.so
LoadModule security2_module {m}/mod_security2.so
UseCanonicalName Off
DocumentRoot {d}/docroot
<Directory {d}/docroot>
  Require all granted
</Directory>
SecRuleEngine On
SecDataDir {d}
Include {d}/rules.conf
{extra}""".format(d=d, port=port, m=MODDIR, extra=extra_conf))
    t = subprocess.run([APACHE2, "-t", "-f", conf], capture_output=True,
                       text=True)
    assert t.returncode == 0, t.stderr
    subprocess.run([APACHE2, "-f", conf, "-k", "start"], check=True)
    try:
        for _ in range(300):
            try:
                raw_request(port, "GET / HTTP/1.1", [("Host", "localhost")])
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        subprocess.run([APACHE2, "-f", conf, "-k", "stop"])
        for _ in range(50):
            if not os.path.exists(os.path.join(d, "httpd.pid")):
                break
            time.sleep(0.1)


# ---- command line, for scripts/demo.sh ----

# The demo's breach: a page of the test suite's own (leak/vuln.cgi) that
# shows the file its "file" parameter names, traversal and all, under
# /shop/ of every virtual host; attacked seed-style, it really returns
# /etc/passwd, and the record says "leaked".
BREACH_DEMO = ("/shop/view.cgi?file=../../../../../../../../../../etc/passwd",
               "domain3.com", "203.0.113.66", "libwww-perl/6.02")


def _breach_demo_conf(h):
    """The CGI module of the MPM, and the vulnerable page under /shop/."""
    d = h.path("htdocs", "shop")
    os.makedirs(os.path.join(d, "pages"), exist_ok=True)
    shutil.copy(os.path.join(HERE, "leak", "vuln.cgi"),
                os.path.join(d, "view.cgi"))
    with open(os.path.join(d, "pages", "welcome.txt"), "w") as f:
        f.write("Welcome to the shop.\n")
    for x in (d, os.path.join(d, "pages")):
        os.chmod(x, 0o755)
    cgi = ("LoadModule cgi_module %s/mod_cgi.so\n" % MODDIR
           if h.mpm == "prefork" else
           "LoadModule cgid_module %s/mod_cgid.so\nScriptSock cgisock\n"
           % MODDIR)
    h.extra += cgi + 'ScriptAlias /shop/ "%s/"\n' % d
    h.write_conf()

def _main(argv):
    import argparse
    ap = argparse.ArgumentParser(description="private httpd with mod_logwatch")
    ap.add_argument("action", choices=["start", "replay-seed", "breach",
                                       "stop"])
    ap.add_argument("--root", help="ServerRoot (start: created if missing)")
    ap.add_argument("--mpm", default="event")
    ap.add_argument("--port", type=int)
    a = ap.parse_args(argv)
    if a.action == "start":
        root = a.root or tempfile.mkdtemp(prefix="lw-demo-")
        os.makedirs(root, exist_ok=True)
        h = Httpd(mpm=a.mpm, root=root, port=a.port)
        _breach_demo_conf(h)
        h.start()
        with open(h.path("run", "port"), "w") as f:
            f.write(str(h.port))
        print(root)
        return 0
    if not a.root:
        ap.error("--root is needed")
    with open(os.path.join(a.root, "run", "port")) as f:
        port = int(f.read())
    h = Httpd(mpm=a.mpm, root=a.root, port=port, write=False)
    h.started = True
    if a.action == "replay-seed":
        seed = seed_requests()
        statuses = h.replay_seed(seed)
        for s, st in zip(seed, statuses):
            print("%s %-15s %s -> %s" % (s["vhost"], s["client"],
                                         s["request_line"][:70], st))
        recs = h.wait_records(len(seed))
        return 0 if len(recs) >= len(seed) else 1
    if a.action == "breach":
        target, vhost, client, agent = BREACH_DEMO
        st, raw = h.request("GET %s HTTP/1.1" % target,
                            [("Host", vhost), ("User-Agent", agent),
                             ("X-Forwarded-For", client)])
        body = raw.partition(b"\r\n\r\n")[2]
        line = [l for l in body.split(b"\n") if b"root:" in l][:1]
        print("%s %-15s GET %s -> %s" % (vhost, client, target[:60], st))
        print("  the page answered with the passwd file: %s"
              % (line[0].decode("latin-1").strip()[:70] if line else "no"))
        recs = h.wait_records(1, pred=lambda r: r.get("uri") == target)
        return 0 if recs and recs[-1].get("verdict") == "leaked" else 1
    h.stop()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
