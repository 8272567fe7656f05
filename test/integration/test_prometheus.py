"""The status page's metrics with the real Prometheus tools (Debian's
prometheus): `promtool check metrics` finds nothing to say about them,
and a private Prometheus (configuration and storage in a temporary
directory, listening on a free loopback port) scrapes the page as its
documented scrape job does and answers queries with the module's values.

Run:  bash scripts/test-ban.sh prometheus
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import pytest

import lwhttpd

PROMETHEUS = shutil.which("prometheus") or "/usr/bin/prometheus"
PROMTOOL = shutil.which("promtool") or "/usr/bin/promtool"

STATUS = lwhttpd.STATUS_CONF

# The scrape job of doc/live-defense.md: Prometheus writes every parameter
# as key=value, so the page answers ?metrics= as ?metrics.
SCRAPE = """global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: logwatch
    metrics_path: /logwatch-status
    params:
      metrics: [""]
    static_configs:
      - targets: ["127.0.0.1:%d"]
"""


@pytest.fixture(scope="module")
def server():
    for p in (PROMETHEUS, PROMTOOL):
        if not os.access(p, os.X_OK):
            pytest.fail("%s not found: install prometheus (scripts/deps.sh)"
                        % p)
    h = lwhttpd.Httpd(extra=STATUS)
    try:
        h.start()
        h.get("/home.php?pgi=../../../../../../etc/passwd",
              xff="198.51.100.30")
        h.get("/search.php?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
              xff="2001:db8::30")
        h.get("/home.php?pgi=../../../../../../etc/shadow",
              xff="198.51.100.30")
        h.get("/index.html", xff="198.51.100.30")          # refused
        assert len(h.wait_records(4)) == 4                # 3 + threshold
        yield h
    finally:
        h.finish()


def page(h):
    st, raw = h.request("GET /logwatch-status?metrics HTTP/1.1",
                        [("Host", "localhost")])
    assert st == 200
    return raw.partition(b"\r\n\r\n")[2]


def test_promtool_check_metrics(server):
    text = page(server)
    assert b"# TYPE logwatch_requests_flagged_total counter" in text
    p = subprocess.run([PROMTOOL, "check", "metrics"], input=text,
                       capture_output=True, timeout=60)
    assert p.returncode == 0 and p.stdout == b"" and p.stderr == b"", p


def _api(port, path, **q):
    url = "http://127.0.0.1:%d%s" % (port, path)
    if q:
        url += "?" + urllib.parse.urlencode(q)
    with urllib.request.urlopen(url, timeout=10) as r:
        js = json.load(r)
    assert js["status"] == "success", js
    return js["data"]


def _value(port, query):
    """The single sample of an instant query, or None before the first
    scrape."""
    res = _api(port, "/api/v1/query", query=query)["result"]
    assert len(res) <= 1, res
    return float(res[0]["value"][1]) if res else None


def test_prometheus_scrapes_status_page(server):
    d = tempfile.mkdtemp(prefix="lw-prom-")
    port = lwhttpd.free_port()
    with open(os.path.join(d, "prometheus.yml"), "w") as f:
        f.write(SCRAPE % server.port)
    chk = subprocess.run([PROMTOOL, "check", "config",
                          os.path.join(d, "prometheus.yml")],
                         capture_output=True, text=True, timeout=60)
    assert chk.returncode == 0, chk.stdout + chk.stderr
    out = open(os.path.join(d, "prometheus.log"), "w")
    prom = subprocess.Popen(
        [PROMETHEUS, "--config.file=" + os.path.join(d, "prometheus.yml"),
         "--storage.tsdb.path=" + os.path.join(d, "data"),
         "--web.listen-address=127.0.0.1:%d" % port],
        stdout=out, stderr=subprocess.STDOUT, cwd=d)
    try:
        deadline = time.time() + 90
        up = None
        while time.time() < deadline:
            assert prom.poll() is None, open(out.name).read()[-3000:]
            try:
                up = _value(port, 'up{job="logwatch"}')
            except OSError:
                up = None                       # not listening yet
            if up is not None:
                break
            time.sleep(0.3)
        assert up == 1, open(out.name).read()[-3000:]
        # the module's values, as Prometheus read them
        v = lambda q: _value(port, q)            # noqa: E731
        assert v("logwatch_requests_flagged_total") == 3
        assert v('logwatch_attacks_total{category="lfi"}') == 2
        assert v('logwatch_attacks_total{category="xss"}') == 1
        assert v("logwatch_threshold_crossings_total") == 1
        assert v("logwatch_requests_refused_total") == 1
        assert v("logwatch_sources_tracked") == 2
        assert v("logwatch_threshold_attacks") == 2
        assert v("logwatch_threshold_window_seconds") == 3600
        assert v("logwatch_block_duration_seconds") == 60
        assert v("logwatch_build_info") == 1
        assert v("scrape_samples_scraped") > 30
        # every family arrived with its TYPE and HELP
        meta = _api(port, "/api/v1/metadata")
        ours = {k: m[0] for k, m in meta.items() if k.startswith("logwatch_")}
        assert ours["logwatch_requests_flagged_total"]["type"] == "counter"
        assert ours["logwatch_sources_tracked"]["type"] == "gauge"
        names = set(ours)
        text = page(server).decode("ascii")
        typed = {line.split()[2] for line in text.splitlines()
                 if line.startswith("# TYPE ")}
        assert names == typed, names ^ typed
        assert all(m["help"] for m in ours.values()), ours
    finally:
        prom.terminate()
        try:
            prom.wait(timeout=30)
        except subprocess.TimeoutExpired:
            prom.kill()
            prom.wait()
        out.close()
        shutil.rmtree(d, ignore_errors=True)
