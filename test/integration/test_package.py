"""The Debian packages, built and used as an admin would: dpkg-buildpackage
-us -uc -b on a copy of the tree, lintian, then on this machine's Debian
`apt-get install` of both packages, `a2enmod logwatch`, the system apache2
restarted through its own service command on a test port, the seed
replayed and found in the attack log, an upgrade that keeps edited
conffiles, and `apt-get purge` leaving apache2 starting without the module.

Needs root (it installs packages and runs the system apache2); everything
it changes is put back at the end: ports.conf, its configuration snippet,
the packages, the attack log it created, apache2 stopped (or restarted
with its own configuration when it was running before).

Run:  LW_SRCDIR=/path/to/src /usr/bin/python3 -m pytest -q \
      test/integration/test_package.py
"""
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest

import lwhttpd
from conftest import not_checked

SRCDIR = lwhttpd.srcdir()
MODULE_PKG = "libapache2-mod-logwatch"
TOOLS_PKG = "logwatch-tools"
PORTS_CONF = "/etc/apache2/ports.conf"
SNIPPET = "/etc/apache2/conf-enabled/zz-logwatch-package-test.conf"
ATTACK_LOG = "/var/log/apache2/attack.log"
PIDFILE = "/var/run/apache2/apache2.pid"
SIGDIR = "/etc/apache2/logwatch"
MODS = "/etc/apache2/mods-available"
ENV = dict(os.environ, DEBIAN_FRONTEND="noninteractive", LC_ALL="C.UTF-8")
# As apt does unattended: keep an edited conffile, take a new one otherwise.
# The seed's LogFormat (README, logwatch-scan).
SEED_FORMAT = ('%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" '
               '%{UNIQUE_ID}e "%{X-Other}i"')
APT_CONF = ["-o", "DPkg::Lock::Timeout=300",
            "-o", "Dpkg::Options::=--force-confdef",
            "-o", "Dpkg::Options::=--force-confold"]


def run(cmd, check=True, timeout=600, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, env=ENV,
                       timeout=timeout, **kw)
    if check:
        assert p.returncode == 0, "%s exited %d:\n%s\n%s" % (
            " ".join(cmd), p.returncode, p.stdout[-3000:], p.stderr[-3000:])
    return p


@pytest.fixture(scope="module", autouse=True)
def _normal_pass_only():
    if os.environ.get("LW_ASAN"):
        pytest.skip("sanitizer pass: the package is built from source and "
                    "installed in the normal pass only")
    if os.geteuid() != 0:
        pytest.fail("the package test installs packages: run it as root")
    for tool in ("dpkg-buildpackage", "dh", "lintian", "apt-get"):
        if not shutil.which(tool):
            pytest.fail("%s not found: run scripts/deps.sh" % tool)


def copy_tree(dst):
    """The tree as a fresh clone has it (tracked and new files, not what
    .gitignore names: no build directory, no in-tree configure run)."""
    p = subprocess.run(["git", "-C", SRCDIR, "ls-files", "-z", "-co",
                        "--exclude-standard"], capture_output=True)
    if p.returncode == 0:
        for rel in p.stdout.decode().split("\0"):
            if not rel or not os.path.lexists(os.path.join(SRCDIR, rel)):
                continue
            os.makedirs(os.path.join(dst, os.path.dirname(rel)), exist_ok=True)
            shutil.copy2(os.path.join(SRCDIR, rel), os.path.join(dst, rel),
                         follow_symlinks=False)
    else:                       # not a git checkout: an unpacked tree
        shutil.copytree(SRCDIR, dst, symlinks=True, ignore=shutil.ignore_patterns(
            "build*", ".git", "autom4te.cache", "config.status", "config.log"))


@pytest.fixture(scope="module")
def debs():
    """Build both packages in a copy of the tree (dpkg-buildpackage writes
    next to the tree it builds: here a temporary directory, never the
    parent of the user's tree)."""
    top = tempfile.mkdtemp(prefix="lw-pkg-")
    src = os.path.join(top, "mod-logwatch")
    copy_tree(src)
    env = dict(ENV, DEB_BUILD_OPTIONS="nocheck noddebs parallel=%d" % (os.cpu_count() or 1))
    p = subprocess.run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=src,
                       env=env, capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, "dpkg-buildpackage failed:\n%s\n...\n%s" % (
        p.stdout[-3000:], p.stderr[-3000:])
    out = {}
    for pkg in (MODULE_PKG, TOOLS_PKG):
        found = glob.glob(os.path.join(top, "%s_*.deb" % pkg))
        assert len(found) == 1, (pkg, os.listdir(top))
        out[pkg] = found[0]
    out["changes"] = glob.glob(os.path.join(top, "*.changes"))[0]
    out["top"] = top
    yield out
    shutil.rmtree(top, ignore_errors=True)


def deb_files(deb):
    """Paths in a .deb, without the leading '.'."""
    p = subprocess.run("dpkg-deb --fsys-tarfile '%s' | tar -t" % deb,
                       shell=True, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return {l[1:].rstrip("/") for l in p.stdout.splitlines() if l.startswith("./")}


def conffiles(deb):
    d = tempfile.mkdtemp(prefix="lw-ctrl-")
    try:
        run(["dpkg-deb", "-e", deb, d])
        path = os.path.join(d, "conffiles")
        if not os.path.exists(path):
            return set()
        with open(path) as f:
            return {l.strip() for l in f if l.strip()}
    finally:
        shutil.rmtree(d)


def test_lintian_clean(debs):
    """No lintian error nor warning on what dpkg-buildpackage made. A
    warning that must stay is overridden in debian/PACKAGE.lintian-overrides
    with the reason (and shows here as overridden)."""
    p = run(["lintian", "--show-overrides", "--tag-display-limit", "0",
             debs["changes"]], check=False)
    print(p.stdout)
    tags = [l for l in p.stdout.splitlines() if re.match(r"^[EW]: ", l)]
    assert not tags, "lintian:\n" + "\n".join(tags)
    assert p.returncode == 0, p.stdout + p.stderr


def test_package_contents(debs):
    """What each package must hold: the module, its a2enmod files and
    every shipped signature and word file as conffiles in /etc/apache2/
    logwatch/; the tools with a man page each, the daily job's systemd
    units and its logrotate configuration."""
    mod = deb_files(debs[MODULE_PKG])
    sigs = sorted(os.path.basename(f) for f in
                  glob.glob(os.path.join(SRCDIR, "conf/signatures/*.rules")) +
                  glob.glob(os.path.join(SRCDIR, "conf/signatures/*.words")))
    assert sigs
    want_conf = {"%s/%s" % (SIGDIR, s) for s in sigs} | \
        {MODS + "/logwatch.load", MODS + "/logwatch.conf"}
    assert conffiles(debs[MODULE_PKG]) == want_conf
    assert "/usr/lib/apache2/modules/mod_logwatch.so" in mod
    assert not [f for f in mod if f.startswith(("/usr/bin", "/usr/sbin"))]

    tools = deb_files(debs[TOOLS_PKG])
    assert conffiles(debs[TOOLS_PKG]) == {"/etc/logrotate.d/logwatch-tools"}
    for unit in ("logwatch-daily.service", "logwatch-daily.timer"):
        assert "/lib/systemd/system/" + unit in tools
    progs = [f for f in tools if re.match(r"^/usr/s?bin/[^/]+$", f)]
    assert {"logwatch-daily", "logwatch-scan", "logwatch-summarize"} <= \
        {os.path.basename(f) for f in progs}, progs
    for prog in progs:
        sect = "8" if "/sbin/" in prog else "1"
        page = "/usr/share/man/man%s/%s.%s.gz" % (sect, os.path.basename(prog), sect)
        assert page in tools, "no man page for " + prog
    assert not [f for f in tools if f.startswith(("/etc/apache2", "/usr/lib/apache2"))]


# ---- the system apache2 ----

def apache_pid():
    try:
        with open(PIDFILE) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def service(action):
    """Debian's own service command (the init script without systemd)."""
    return run(["service", "apache2", action], check=False, timeout=120)


def restart():
    """`service apache2 restart`, or `start` when it is not running: the
    init script's restart refuses to stop anything when other apache2
    processes (the other tests' private servers) run and its own does not."""
    return service("restart" if apache_pid() else "start")


def wait_port(port, up=True, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            status, _ = lwhttpd.raw_request(port, "GET / HTTP/1.1",
                                            [("Host", "localhost")], timeout=2)
            if up and status is not None:
                return True
        except OSError:
            if not up:
                return True
        time.sleep(0.2)
    return False


def installed(pkg):
    p = run(["dpkg-query", "-W", "-f=${Status} ${Version}", pkg], check=False)
    return p.stdout if p.returncode == 0 and "ok installed" in p.stdout else ""


def modules_loaded():
    p = run(["apache2ctl", "-M"], check=False)
    return p.returncode, p.stdout + p.stderr


def repack(deb, version, outdir):
    """The same package under a later version: an upgrade over itself."""
    d = tempfile.mkdtemp(prefix="lw-repack-")
    try:
        run(["dpkg-deb", "-R", deb, d])
        ctl = os.path.join(d, "DEBIAN", "control")
        with open(ctl) as f:
            text = f.read()
        text = re.sub(r"(?m)^Version: .*$", "Version: " + version, text)
        with open(ctl, "w") as f:
            f.write(text)
        out = os.path.join(outdir, "%s_%s.deb" % (os.path.basename(deb).split("_")[0],
                                                   version))
        run(["dpkg-deb", "--root-owner-group", "-b", d, out])
        return out
    finally:
        shutil.rmtree(d)


@pytest.fixture
def system_apache():
    """The system apache2 on a free loopback port, with mod_remoteip
    trusting 127.0.0.1 for X-Forwarded-For (the seed's sources); all of it
    undone afterwards, the packages purged if a failure left them."""
    for pkg in (MODULE_PKG, TOOLS_PKG):
        assert not installed(pkg), \
            "%s is installed already: the test would remove it" % pkg
    assert not os.path.exists(SNIPPET)
    was_running = apache_pid() is not None
    with open(PORTS_CONF, "rb") as f:
        ports = f.read()
    had_log = os.path.exists(ATTACK_LOG)
    port = lwhttpd.free_port()
    with open(PORTS_CONF, "w") as f:
        f.write("# mod_logwatch package test (restored after it)\n"
                "Listen 127.0.0.1:%d\n" % port)
    with open(SNIPPET, "w") as f:
        f.write("<IfModule !remoteip_module>\n"
                "    LoadModule remoteip_module %s/mod_remoteip.so\n"
                "</IfModule>\n"
                "RemoteIPHeader X-Forwarded-For\n"
                "RemoteIPInternalProxy 127.0.0.1\n" % lwhttpd.MODDIR)
    try:
        yield port
    finally:
        for pkg in (MODULE_PKG, TOOLS_PKG):
            if installed(pkg) or run(["dpkg", "-s", pkg], check=False).returncode == 0:
                run(["apt-get", "purge", "-y"] + APT_CONF + [pkg], check=False)
        if apache_pid():
            service("stop")
        os.unlink(SNIPPET)
        with open(PORTS_CONF, "wb") as f:
            f.write(ports)
        if not had_log:
            for f in glob.glob(ATTACK_LOG + "*"):
                os.unlink(f)
        if was_running:
            service("start")


def test_install_enable_replay_upgrade_purge(debs, system_apache, seed):
    port = system_apache
    # -- install, as the README says
    p = run(["apt-get", "install", "-y"] + APT_CONF +
            [debs[MODULE_PKG], debs[TOOLS_PKG]])
    assert installed(MODULE_PKG) and installed(TOOLS_PKG), p.stdout
    # not enabled until the admin says so; the configuration is valid
    assert not os.path.lexists("/etc/apache2/mods-enabled/logwatch.load")
    run(["apache2ctl", "-t"])
    run(["a2enmod", "logwatch"])
    p = run(["apache2ctl", "-t"])
    out = p.stdout + p.stderr
    assert "Syntax OK" in out and "LW00023" in out and SIGDIR in out, out
    rc, mods = modules_loaded()
    assert rc == 0 and "logwatch_module" in mods, mods

    # -- the system apache2 through its own service command
    p = restart()
    assert p.returncode == 0, p.stdout + p.stderr
    assert wait_port(port), "apache2 does not answer on %d" % port
    start = os.path.getsize(ATTACK_LOG) if os.path.exists(ATTACK_LOG) else 0
    for s in seed:
        h = [("Host", s["vhost"]), ("X-Forwarded-For", s["client"])]
        if s["user_agent"] != "-":
            h.append(("User-Agent", s["user_agent"]))
        status, raw = lwhttpd.raw_request(port, s["request_line"], h)
        assert status is not None, raw[:200]

    def new_records():
        with open(ATTACK_LOG, "rb") as f:
            f.seek(start)
            return [json.loads(l.decode("ascii"))
                    for l in f.read().split(b"\n") if l]

    deadline = time.time() + 15
    recs = []
    while time.time() < deadline:
        if os.path.exists(ATTACK_LOG):
            recs = [r for r in new_records() if lwhttpd.is_attack(r)]
            if len(recs) >= len(seed):
                break
        time.sleep(0.2)
    by_uri = {}
    for r in recs:
        lwhttpd.check_record(r)
        by_uri[(r["client"], r["uri"])] = r
    for s in seed:
        target = s["request_line"].split(" ")[1]
        rec = by_uri.get((s["client"], target))
        assert rec is not None, "no record for %s %s in %s" % (
            s["client"], target, ATTACK_LOG)
        assert rec["port"] == port and rec["peer"] == "127.0.0.1", rec
        assert rec["user_agent"] == s["user_agent"], rec

    # -- the tools: logwatch-scan reads the module package's signatures
    # (no --default-signatures), the summarizer the live records, and
    # logrotate accepts the configuration
    p = run(["/usr/bin/logwatch-scan", "--format", SEED_FORMAT,
             lwhttpd.corpus("seed", "seed_requests.log")])
    scanned = [json.loads(l) for l in p.stdout.splitlines()]
    assert {(r["client"], r["uri"]) for r in scanned if lwhttpd.is_attack(r)} \
        == {(s["client"], s["request_line"].split(" ")[1]) for s in seed}, p.stderr
    p = run(["/usr/bin/logwatch-summarize", "--format", "json", ATTACK_LOG])
    assert json.loads(p.stdout)["attacks"] >= len(seed), p.stdout[:500]
    run(["logrotate", "-d", "/etc/logrotate.d/logwatch-tools"])
    units = ["/lib/systemd/system/logwatch-daily." + u for u in ("timer", "service")]
    if shutil.which("systemd-analyze"):
        p = run(["systemd-analyze", "verify", "--man=no"] + units, check=False)
        assert p.returncode == 0, p.stdout + p.stderr
    else:
        not_checked("the daily job's systemd units: no systemd-analyze here")

    # -- upgrade over itself: edited conffiles stay as the admin left them
    edits = {MODS + "/logwatch.conf": "\n# local edit: kept over upgrades\n",
             SIGDIR + "/10-sqli.rules": "\n# local note: kept over upgrades\n"}
    for path, text in edits.items():
        with open(path, "a") as f:
            f.write(text)
    newer = [repack(debs[pkg], "0.1.0+upgradetest1", debs["top"])
             for pkg in (MODULE_PKG, TOOLS_PKG)]
    # the same version again, then a later one
    for how, debfiles, version in (
            (["--reinstall"], [debs[MODULE_PKG], debs[TOOLS_PKG]], "0.1.0"),
            ([], newer, "0.1.0+upgradetest1")):
        run(["apt-get", "install", "-y"] + how + APT_CONF + debfiles)
        assert installed(MODULE_PKG).endswith(" " + version)
        assert installed(TOOLS_PKG).endswith(" " + version)
        for path, text in edits.items():
            with open(path) as f:
                assert f.read().endswith(text), "%s lost its edit (%s)" % (path, version)
            assert not os.path.exists(path + ".dpkg-dist")
            assert not os.path.exists(path + ".dpkg-new")
    assert os.path.islink("/etc/apache2/mods-enabled/logwatch.load"), \
        "the upgrade disabled the module"
    run(["apache2ctl", "-t"])

    # -- purge: no module left, apache2 still starts
    run(["apt-get", "purge", "-y"] + APT_CONF + [MODULE_PKG, TOOLS_PKG])
    assert not installed(MODULE_PKG) and not installed(TOOLS_PKG)
    left = [p for p in ("/etc/apache2/mods-enabled/logwatch.load",
                        "/etc/apache2/mods-enabled/logwatch.conf",
                        MODS + "/logwatch.load", MODS + "/logwatch.conf",
                        SIGDIR, "/usr/lib/apache2/modules/mod_logwatch.so",
                        "/etc/logrotate.d/logwatch-tools",
                        "/usr/bin/logwatch-scan", "/usr/sbin/logwatch-daily")
            if os.path.lexists(p)]
    assert not left, "left after purge: %s" % left
    rc, mods = modules_loaded()
    assert rc == 0 and "logwatch" not in mods, mods
    pid = apache_pid()
    p = restart()
    assert p.returncode == 0, p.stdout + p.stderr
    assert pid and apache_pid() != pid, "apache2 was not restarted"
    assert wait_port(port), "apache2 does not start after the purge"
    assert "logwatch" not in open("/proc/%d/maps" % apache_pid()).read()
