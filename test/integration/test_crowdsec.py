"""conf/crowdsec with the real CrowdSec (Debian's crowdsec): a private
configuration (its own directory, database, and Local API on a free
loopback port, no Central API), the shipped parser and scenarios beside
the stock parsers Debian's package enables, an attack log written by the
module replayed with `crowdsec -dsn file://... -type logwatch`; the Local
API then holds ban decisions for exactly the sources over the threshold
(LogWatchThreshold's count of attacks, or two critical ones), IPv4 and
IPv6, and none for the rest: sources under it, benign ones, and the
addresses attackers wrote into their requests.

Run:  bash scripts/test-ban.sh crowdsec
"""
import collections
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

import banlog
import lwhttpd

CONF = os.path.join(lwhttpd.srcdir(), "conf", "crowdsec")
CROWDSEC = shutil.which("crowdsec") or "/usr/bin/crowdsec"
CSCLI = shutil.which("cscli") or "/usr/bin/cscli"
# Debian's package ships the hub's items offline and enables these two
# (every file acquisition goes through them).
HUB = "/usr/share/crowdsec/hub"
STOCK = ["parsers/s00-raw/crowdsecurity/syslog-logs.yaml",
         "parsers/s02-enrich/crowdsecurity/dateparse-enrich.yaml"]

# Test only: one alert per attack event, so that the Local API shows what
# the parser made of every line (source, log_type).
EVERY = """type: trigger
name: lwtest/every-attack
description: "test: each parsed attack"
filter: "evt.Meta.log_type == 'logwatch_attack'"
groupby: evt.Meta.source_ip
labels:
  remediation: false
"""

CONFIG = """common:
  daemonize: false
  log_media: file
  log_level: info
  log_dir: {d}/log/
  working_dir: .
config_paths:
  config_dir: {d}/
  data_dir: {d}/data/
  simulation_path: {d}/simulation.yaml
  hub_dir: {hub}/
  index_path: {hub}/.index.json
  notification_dir: {d}/notifications/
  plugin_dir: /usr/lib/crowdsec/plugins/
crowdsec_service:
  acquisition_path: {d}/acquis.yaml
  parser_routines: 1
cscli:
  output: json
db_config:
  type: sqlite
  db_path: {d}/data/crowdsec.db
  use_wal: false
  log_level: info
api:
  client:
    credentials_path: {d}/local_api_credentials.yaml
  server:
    log_level: info
    listen_uri: 127.0.0.1:{port}
    profiles_path: {d}/profiles.yaml
    trusted_ips:
      - 127.0.0.1
prometheus:
  enabled: false
"""

# The Local API keeps an alert only when a profile gives it decisions: the
# test scenario's get a decision type of their own, never a ban.
PROFILES = """name: lwtest_every
filters:
 - Alert.GetScenario() == "lwtest/every-attack"
decisions:
 - type: lwtest
   duration: 1h
on_success: break
---
name: default_ip_remediation
filters:
 - Alert.Remediation == true && Alert.GetScope() == "Ip"
decisions:
 - type: ban
   duration: 4h
on_success: break
"""


def _port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Crowdsec:
    def __init__(self, d, log):
        self.d = d
        self.port = lwhttpd.free_port()
        self.cfg = os.path.join(d, "config.yaml")
        for sub in ("parsers/s00-raw", "parsers/s01-parse",
                    "parsers/s02-enrich", "scenarios", "data", "log",
                    "acquis.d"):
            os.makedirs(os.path.join(d, sub))
        for item in STOCK:
            src = os.path.join(HUB, item)
            if not os.path.exists(src):
                pytest.fail("%s not found: Debian's crowdsec package ships "
                            "it (scripts/deps.sh)" % src)
            shutil.copy(src, os.path.join(d, os.path.dirname(
                os.path.dirname(item))))
        for f in glob.glob(os.path.join(CONF, "parsers", "*", "*.yaml")):
            shutil.copy(f, os.path.join(d, "parsers",
                                        os.path.basename(os.path.dirname(f))))
        for f in glob.glob(os.path.join(CONF, "scenarios", "*.yaml")):
            shutil.copy(f, os.path.join(d, "scenarios"))
        with open(os.path.join(d, "scenarios", "lwtest-every.yaml"),
                  "w") as f:
            f.write(EVERY)
        shutil.copytree("/etc/crowdsec/patterns",
                        os.path.join(d, "patterns"))
        # the shipped acquisition, pointed at this log
        with open(os.path.join(CONF, "acquis.d", "logwatch.yaml")) as f:
            acq = f.read()
        assert "/var/log/apache2/attack.log" in acq
        with open(os.path.join(d, "acquis.yaml"), "w") as f:
            f.write(acq.replace("/var/log/apache2/attack.log",
                                log.attack_log))
        with open(os.path.join(d, "simulation.yaml"), "w") as f:
            f.write("simulation: off\n")
        with open(os.path.join(d, "profiles.yaml"), "w") as f:
            f.write(PROFILES)
        with open(self.cfg, "w") as f:
            f.write(CONFIG.format(d=d, hub=HUB, port=self.port))
        self.lapi = None

    def run(self, prog, *args, timeout=120):
        p = subprocess.run([prog, "-c", self.cfg] + list(args),
                           capture_output=True, text=True, timeout=timeout,
                           cwd=self.d)
        assert p.returncode == 0, (prog, args, p.stdout, p.stderr,
                                   self.logs())
        return p.stdout

    def logs(self):
        out = ""
        for f in glob.glob(os.path.join(self.d, "log", "*.log")):
            with open(f, errors="replace") as fh:
                out += "== %s\n%s" % (f, fh.read()[-4000:])
        return out

    def start_lapi(self):
        self.run(CSCLI, "machines", "add", "lwtest", "--auto", "--force",
                 "-f", os.path.join(self.d, "local_api_credentials.yaml"))
        self.run(CROWDSEC, "-t")                 # the configuration loads
        self.lapi = subprocess.Popen(
            [CROWDSEC, "-c", self.cfg, "-no-cs", "-no-capi"], cwd=self.d,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while not _port_open(self.port):
            assert self.lapi.poll() is None, self.logs()
            assert time.time() < deadline, self.logs()
            time.sleep(0.2)

    def stop(self):
        if self.lapi is not None:
            self.lapi.terminate()
            try:
                self.lapi.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.lapi.kill()
                self.lapi.wait()


@pytest.fixture(scope="module")
def replayed():
    for p in (CROWDSEC, CSCLI):
        if not os.access(p, os.X_OK):
            pytest.fail("%s not found: install crowdsec (scripts/deps.sh)"
                        % p)
    with banlog.made() as log:
        d = tempfile.mkdtemp(prefix="lw-crowdsec-")
        cs = Crowdsec(d, log)
        try:
            cs.start_lapi()
            # the agent alone, in time-machine mode: reads the file, pours
            # the events at their own times, pushes the alerts, exits
            cs.run(CROWDSEC, "-dsn", "file://" + log.attack_log,
                   "-type", "logwatch", "-no-api", timeout=300)
            alerts = json.loads(cs.run(CSCLI, "alerts", "list", "--limit",
                                       "0") or "[]")
            decisions = json.loads(cs.run(CSCLI, "decisions", "list")
                                   or "[]")
            yield log, alerts or [], decisions or []
        finally:
            cs.stop()
            shutil.rmtree(d, ignore_errors=True)


def test_every_attack_parsed_with_its_source(replayed):
    log, alerts, _ = replayed
    every = collections.Counter(a["source"]["value"] for a in alerts
                                if a["scenario"] == "lwtest/every-attack")
    # one per attack record: threshold and server_error records are not
    # attacks, injected addresses are nobody's source
    assert every == collections.Counter(r["client"] for r in log.attacks)
    assert banlog.VICTIM4 not in every and banlog.VICTIM6 not in every
    assert banlog.BENIGN not in every


def test_decisions_for_sources_over_threshold_only(replayed):
    log, alerts, decisions = replayed
    banned = collections.defaultdict(set)
    for a in decisions:
        for d in a["decisions"] or []:
            if a["scenario"] == "lwtest/every-attack":
                assert d["type"] == "lwtest", d
                continue
            assert d["type"] == "ban" and d["scope"] == "Ip", d
            banned[d["value"]].add(a["scenario"])
    over = log.clients_over(banlog.COUNT)
    critical = log.clients_over(2, lambda r: r["severity"] == "critical")
    assert over == {"198.51.100.10", "2001:db8:1::10"}
    assert critical == {"198.51.100.12"}
    assert dict(banned) == dict(
        [(a, {"logwatch/attacks"}) for a in over]
        + [(a, {"logwatch/critical-attacks"}) for a in critical])
    # each overflow on the attack that reached the threshold
    by = {(a["scenario"], a["source"]["value"]): a for a in alerts}
    for a in over:
        assert by[("logwatch/attacks", a)]["events_count"] == banlog.COUNT
    for a in critical:
        assert by[("logwatch/critical-attacks", a)]["events_count"] == 2
    # the shipped leak rate: COUNT attacks in WINDOW / COUNT
    for f in ("logwatch-attacks.yaml", "logwatch-critical-attacks.yaml"):
        with open(os.path.join(CONF, "scenarios", f)) as fh:
            text = fh.read()
        assert re.search(r"^leakspeed: %dh$" % (
            banlog.WINDOW // banlog.COUNT // 3600), text, re.M), f
    # and no alert at all for the rest
    assert {a["source"]["value"] for a in alerts
            if a["scenario"].startswith("logwatch/")} == over | critical
