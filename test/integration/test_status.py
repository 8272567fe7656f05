"""The logwatch-status page in a real httpd, under the event and
prefork MPMs: HTML, ?json, ?metrics (Prometheus text), escaping, and the
section on mod_status's page.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_status.py
"""
import json
import os
import re
import time

import lwhttpd

STATUS = lwhttpd.STATUS_CONF

MOD_STATUS = """LoadModule status_module %s/mod_status.so
<Location /server-status>
    SetHandler server-status
    Require all granted
    LogWatch Off
</Location>
""" % lwhttpd.MODDIR

# An xss attack whose rules have messages with quotes and angle brackets,
# an lfi attack, from two sources (one IPv6).
XSS = '/search.php?q="><script>alert(document.cookie)</script>'
LFI = "/home.php?pgi=../../../../../../etc/passwd"


def fetch(h, target, method="GET"):
    st, raw = h.request("%s %s HTTP/1.1" % (method, target),
                        [("Host", "localhost")])
    head, _, body = raw.partition(b"\r\n\r\n")
    return st, head.decode("latin-1"), body


def load(h):
    h.get(XSS.replace(" ", "%20"), xff="198.51.100.20")
    h.get(LFI, xff="198.51.100.20")
    h.get(LFI, xff="2001:db8::20")
    h.get("/index.html", xff="198.51.100.20")       # refused: 429
    assert h.wait_records(4)                         # 3 + the threshold
    time.sleep(0.2)


def test_json(httpd_factory):
    h = httpd_factory(extra=STATUS)
    load(h)
    st, head, body = fetch(h, "/logwatch-status?json")
    assert st == 200 and "application/json" in head
    assert "Cache-Control: no-store" in head
    js = json.loads(body.decode("ascii"))
    t = js["totals"]
    assert t["flagged"] == 3 and t["written"] == 4 and t["thresholds"] == 1
    assert t["refused"] == 1 and t["dropped"] == 0
    assert js["by_category"]["xss"] == 1 and js["by_category"]["lfi"] == 2
    assert js["by_verdict"]["error"] == 3
    assert js["signatures"]["generation"] >= 1
    assert js["signatures"]["rules"] > 0
    assert abs(js["signatures"]["loaded_at"] - time.time()) < 600
    msgs = [r["msg"] for r in js["rules"]]
    assert any('"' in m or "<" in m for m in msgs), msgs   # escaped, parsed
    assert all(r["hits"] >= 1 and r["category"] for r in js["rules"])
    src = {s["source"]: s for s in js["sources"]["top"]}
    # an IPv6 source counts as its /64 (LogWatchIPv6Prefix)
    assert set(src) == {"198.51.100.20", "2001:db8::/64"}
    a = src["198.51.100.20"]
    assert a["attacks"] == 2 and a["blocked"] and a["refused"] == 1
    assert a["by_category"] == {"xss": 1, "lfi": 1}
    assert src["2001:db8::/64"]["blocked"] is False
    s = js["sources"]
    assert s["present"] and s["used"] == 2 and s["blocked"] == 1
    assert s["threshold"] == 2 and s["window_s"] == 3600
    assert s["block"] is True and s["block_s"] == 60
    assert s["block_status"] == 429 and s["ignore_nets"] == 2
    # sorted by attacks in the window, most first
    att = [x["attacks"] for x in s["top"]]
    assert att == sorted(att, reverse=True)


def js_version(h):
    st, _, body = fetch(h, "/logwatch-status?json")
    assert st == 200
    return json.loads(body.decode("ascii"))["version"]


METRIC_LINE = re.compile(r'^(logwatch_[a-z_]+)(\{[a-z_]+="[^"\\\n]*"'
                         r'(?:,[a-z_]+="[^"\\\n]*")*\})? (\d+)$')


def test_metrics(httpd_factory):
    h = httpd_factory(extra=STATUS)
    load(h)
    st, head, body = fetch(h, "/logwatch-status?metrics")
    assert st == 200
    assert re.search(r"Content-Type: text/plain; version=0\.0\.4", head)
    # the same page for the key=value form (Prometheus' params)
    st2, head2, _ = fetch(h, "/logwatch-status?metrics=")
    assert st2 == 200 and "version=0.0.4" in head2
    st3, head3, _ = fetch(h, "/logwatch-status?metricsx")
    assert st3 == 200 and "text/html" in head3
    text = body.decode("ascii")
    typed, samples = {}, {}
    for line in text.splitlines():
        if line.startswith("# HELP "):
            continue
        m = re.match(r"^# TYPE (logwatch_[a-z_]+) (counter|gauge)$", line)
        if m:
            assert m.group(1) not in typed, "TYPE twice: " + line
            typed[m.group(1)] = m.group(2)
            continue
        m = METRIC_LINE.match(line)
        assert m, "not a metric line: %r" % line
        assert m.group(1) in typed, "sample before its TYPE: " + line
        samples[m.group(1) + (m.group(2) or "")] = int(m.group(3))
    assert samples["logwatch_requests_flagged_total"] == 3
    assert samples["logwatch_records_written_total"] == 4
    assert samples["logwatch_threshold_crossings_total"] == 1
    assert samples["logwatch_requests_refused_total"] == 1
    assert samples['logwatch_attacks_total{category="lfi"}'] == 2
    assert samples['logwatch_attacks_total{category="xss"}'] == 1
    assert samples['logwatch_attacks_by_verdict_total{verdict="error"}'] == 3
    assert samples["logwatch_sources_tracked"] == 2
    assert samples["logwatch_sources_blocked"] == 1
    assert samples["logwatch_signature_generation"] >= 1
    # LogWatchThreshold 2 3600, LogWatchBlock On 60
    assert samples["logwatch_threshold_attacks"] == 2
    assert samples["logwatch_threshold_window_seconds"] == 3600
    assert samples["logwatch_block_duration_seconds"] == 60
    assert samples['logwatch_build_info{version="%s"}' % js_version(h)] == 1
    rule_hits = {k: v for k, v in samples.items()
                 if k.startswith("logwatch_rule_hits_total{")}
    assert rule_hits and all(v > 0 for v in rule_hits.values())
    for k, t in typed.items():
        assert (t == "counter") == k.endswith("_total"), k


def test_html_escapes_hostile_path(httpd_factory):
    h = httpd_factory(extra=STATUS)
    load(h)
    st, head, body = fetch(h, "/logwatch-status")
    assert st == 200 and "text/html" in head
    page = body.decode("utf-8")
    assert "198.51.100.20" in page and "2001:db8::/64" in page
    assert "429 for 60 s" in page
    # rule messages with quotes and brackets arrive escaped
    assert "&quot;&gt;&lt;" in page or "&lt;" in page
    assert "<script" not in page
    # the sources (what may need action) first, then the charts: inline
    # SVG bars by category and verdict, the sources stacked by category
    assert page.index("<h2>Sources</h2>") < page.index("<h2>By category</h2>")
    assert ('<svg xmlns="http://www.w3.org/2000/svg" class="chart categories"'
            in page)
    assert 'class="chart verdicts"' in page
    assert 'class="chart top-sources"' in page
    top = page.split('class="chart top-sources"', 1)[1].split("</svg>", 1)[0]
    assert '<rect class="lfi"' in top and '<g class="legend">' in top
    assert "<title>198.51.100.20: " in top
    # the page's own path is shown in its links: a hostile one is escaped
    for target in ("/logwatch-status/%3Cscript%3Ealert(1)%3C/script%3E%22",
                   "/logwatch-status/<img%20src=x%20onerror=alert(1)>"):
        st, head, body = fetch(h, target)
        assert st == 200, (target, st)
        page = body.decode("utf-8")
        assert "<script" not in page and "<img" not in page, page
        assert "&lt;" in page
    # only GET (and HEAD)
    st, head, _ = fetch(h, "/logwatch-status", method="POST")
    assert st == 405 and "Allow:" in head and "GET" in head
    st, head, body = fetch(h, "/logwatch-status", method="HEAD")
    assert st == 200 and body == b""


def test_mod_status_section(httpd_factory):
    h = httpd_factory(extra=STATUS + MOD_STATUS)
    load(h)
    st, head, body = fetch(h, "/server-status")
    assert st == 200
    page = body.decode("latin-1")
    m = re.search(r"<h2>mod_logwatch</h2>(.*?)</dl>", page, re.S)
    assert m, page[-2000:]
    assert re.search(r"\b3 flagged, 4 records written", m.group(1))
    st, head, body = fetch(h, "/server-status?auto")
    auto = dict(l.split(": ", 1) for l in body.decode("latin-1").splitlines()
                if ": " in l)
    assert auto["LogWatchFlagged"] == "3"
    assert auto["LogWatchWritten"] == "4"
    assert auto["LogWatchBlocked"] == "1"
    assert auto["LogWatchThresholds"] == "1"


def test_shipped_example_require_local(httpd_factory):
    """The commented example in conf/logwatch.conf, uncommented, serves
    the page to 127.0.0.1 and nobody else (mod_remoteip makes a request
    with X-Forwarded-For come from elsewhere)."""
    with open(os.path.join(lwhttpd.srcdir(), "conf", "logwatch.conf")) as f:
        conf = f.read()
    m = re.search(r"^\s*#\s*(<Location /logwatch-status>.*?</Location>)",
                  conf, re.S | re.M)
    assert m, "no logwatch-status example in conf/logwatch.conf"
    block = re.sub(r"(?m)^\s*#\s?", "", m.group(1))
    assert "Require local" in block
    h = httpd_factory(extra="LoadModule authz_host_module %s/mod_authz_host.so\n"
                      % lwhttpd.MODDIR + block + "\n")
    st, _, body = fetch(h, "/logwatch-status?json")
    assert st == 200 and json.loads(body)["totals"]
    assert h.get("/logwatch-status?json", xff="198.51.100.30") == 403
