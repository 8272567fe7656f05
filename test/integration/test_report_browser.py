"""The report as a reader gets it: a fixed day of records (report_records.py:
a scanner crawling DVWA, sqlmap, XSS probes, LFI and shellshock) through
logwatch-summarize in its three formats. What needs action comes first, in
one order in every format; the applications to review leave static files
and tool-only hits out; the charts are inline SVG, no script; the text fits
80 columns; the JSON holds the same data. Then Debian's chromium, headless,
renders the page: its DOM has the sections and charts, and its screenshot
is kept as a test artifact (BUILDDIR/test-artifacts/report.png).

The chromium test runs in the normal pass only (see test/skips.allowed).
doc/report.png is made by scripts/report-screenshot, not by this test.
"""
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
import sumutil  # noqa: E402
from report_records import day_records  # noqa: E402
from sumutil import record, summarize, write_lines  # noqa: E402

pytestmark = pytest.mark.skipif(
    not os.access(sumutil.tool("logwatch-summarize"), os.X_OK),
    reason="logwatch-summarize not built (set LW_BUILDDIR)")

WINDOW = ["--since", "2024-03-01T00:00Z", "--until", "2024-03-02T00:00Z"]
NEEDS_ACTION = ["breaches", "apps", "report-sources", "alert-sites"]
CHARTS = ["timeline", "categories", "verdicts", "top-sources", "top-targets"]
STATIC = re.compile(r"\.(css|js|png|ico|gif|jpe?g|svg|woff2?)$", re.I)


def report(tmp_path, fmt, records=None, extra=()):
    f = write_lines(tmp_path / "day.jsonl", records or day_records())
    res = summarize(["--format", fmt] + WINDOW + list(extra) + [str(f)])
    assert res.returncode == 0, res.stderr.decode(errors="replace")
    return res.stdout.decode("ascii")


class Dom(html.parser.HTMLParser):
    """What the tests look at in a page: sections in order, the charts and
    their bars, table rows by section, every element and attribute."""

    def __init__(self, text):
        super().__init__()
        self.sections, self.tags, self.attrs = [], [], []
        self.svgs = []              # [class, [rect classes], has legend]
        self.rows = {}              # section id -> [[cell text]]
        self.paras = {}             # section id -> [p text]
        self._sec = self._cell = self._p = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.attrs += [k for k, _ in attrs]
        if tag == "section":
            self._sec = a.get("id")
            self.sections.append((a.get("id"), a.get("class")))
        elif tag == "svg":
            self.svgs.append([a.get("class", ""), [], False])
        elif tag == "rect" and self.svgs:
            self.svgs[-1][1].append((a.get("class"), a.get("fill")))
        elif tag == "g" and a.get("class") == "legend" and self.svgs:
            self.svgs[-1][2] = True
        elif tag == "tr":
            self.rows.setdefault(self._sec, []).append([])
        elif tag == "td":
            self._cell = ""
        elif tag == "p":
            self._p = ""

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows[self._sec][-1].append(self._cell)
            self._cell = None
        elif tag == "p" and self._p is not None:
            self.paras.setdefault(self._sec, []).append(self._p)
            self._p = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._p is not None:
            self._p += data

    def svg(self, cls):
        return [s for s in self.svgs if cls in s[0].split()]


def check_page(dom, doc):
    """The checks of a page, the report's own HTML or the browser's DOM."""
    ids = [i for i, _ in dom.sections]
    # the order every format shares, what needs action first
    assert ids == [i for i in doc["sections"] if i in ids]
    assert ids[:4] == NEEDS_ACTION
    assert ids[4:9] == CHARTS
    assert all(c == "action" for i, c in dom.sections if i in NEEDS_ACTION)
    # nothing runs, nothing is loaded
    assert "script" not in dom.tags and "iframe" not in dom.tags
    assert not {"src", "href", "onload", "onerror"} & set(dom.attrs)
    # the time chart: 24 hours, a bar per category in the day's colours,
    # and a legend naming them
    (tl,) = dom.svg("timeline")
    cats = {c for c in doc["by_category"]}
    assert {c for c, _ in tl[1] if c} == cats
    assert tl[2]
    fills = {c: f for c, f in tl[1] if c}
    assert len(set(fills.values())) == len(cats)
    for cls in CHARTS[1:]:
        (chart,) = dom.svg(cls)
        assert len([r for r in chart[1]]) >= 2, cls
    assert dom.svg("top-sources")[0][2]


# ------------------------------------------------------------ no browser

def test_sections_charts_and_applications(tmp_path):
    page = report(tmp_path, "html")
    doc = json.loads(report(tmp_path, "json"))
    dom = Dom(page)
    check_page(dom, doc)
    assert 'content="default-src \'none\'; style-src \'unsafe-inline\'"' in page
    # the applications: routes, never a static file, the payloads first
    apps = dom.rows["apps"][1:]
    assert apps[0][:3] == ["shop.example", "/product/{id}", "60"]
    assert apps[0][4].startswith("critical /product/")
    assert [a[1] for a in apps if a[0] == "dvwa.example"] == [
        "/DVWA/vulnerabilities/sqli/", "/DVWA/vulnerabilities/exec/",
        "/DVWA/vulnerabilities/fi/", "/DVWA/vulnerabilities/xss_r/"]
    assert not [a for a in apps if STATIC.search(a[1])]
    assert "login.css" not in "".join(map(str, apps))
    assert "/DVWA/login.php" not in [a[1] for a in apps]
    # the time chart's busy hours as text too, for mail readers
    assert ("Per hour (UTC): 2024-03-01 02:00 53, 2024-03-01 03:00 24, "
            "2024-03-01 09:00 30,") in dom.paras["timeline"][0]
    # the crawl is one line
    (line,) = [p for p in dom.paras["apps"] if p.startswith("Scanner")]
    assert ("41 served requests for static files (.css, .js, images ...) and "
            "12 whose only sign was an attack tool; sites: dvwa.example 53"
            ) in line


def test_json_has_the_same_data(tmp_path):
    doc = json.loads(report(tmp_path, "json"))
    dom = Dom(report(tmp_path, "html"))
    text = report(tmp_path, "text")
    apps = [(a["vhost"], a["route"], str(a["attacks"])) for a in
            doc["applications"]]
    assert apps == [tuple(r[:3]) for r in dom.rows["apps"][1:]]
    for a in doc["applications"]:
        assert "  %s %s: %d attack" % (a["vhost"], a["route"],
                                       a["attacks"]) in text
        assert "most severe (%s): %s" % (a["severity"], a["example"][:40]) in text
    assert doc["scanner_traffic"] == {"static_files": 41, "tool_only": 12,
                                      "sites": [["dvwa.example", 53]]}
    srcs = [r[0] for r in dom.rows["report-sources"][1:]]
    assert srcs == doc["sources_to_report"]
    assert srcs[0] == "185.220.101.4" and "2a03:b0c0:3:d0::1a2b" in srcs
    assert [r[0] for r in dom.rows["alert-sites"][1:]] == \
        doc["sites_to_alert"] == ["shop.example", "blog.example"]
    # the time chart's data: the window's 24 hours, every attack in one
    tl = doc["timeline"]
    assert tl["bin"] == "hour" and len(tl["bins"]) == 24
    assert tl["bins"][0]["start"] == "2024-03-01T00:00:00+00:00"
    assert sum(b["attacks"] for b in tl["bins"]) == doc["attacks"] == 242
    for cat, n in doc["by_category"].items():
        assert sum(b["categories"].get(cat, 0) for b in tl["bins"]) == n
    assert tl["bins"][9] == {"start": "2024-03-01T09:00:00+00:00",
                             "attacks": 30, "categories": {"sqli": 30}}
    # the text in the same order, hour by hour
    titles = ["Served attacks: review these applications first",
              "Sources to report", "Sites to alert", "Attacks over time",
              "By category", "By verdict", "Top sources", "Top targets",
              "By source", "By target"]
    at = [text.index("\n\n" + t) for t in titles]
    assert at == sorted(at)
    # bars scaled to the busiest hour (the crawl, 53), letters by category
    assert "\n  2024-03-01 02:00       53  " + "n" * 40 + "\n" in text
    assert "\n  2024-03-01 09:00       30  " + "s" * 23 + "\n" in text
    assert "\n  2024-03-01 04:00        0\n" in text


def test_text_fits_80_columns(tmp_path):
    text = report(tmp_path, "text")
    assert max(len(l) for l in text.splitlines()) <= 80
    # long requests, hosts and agents: cut or wrapped, never wider
    long_uri = "/search.php?q=" + "%27+OR+1%3D1--+" * 40
    recs = day_records() + [
        record("2024-03-01T12:00:0%d.000000+00:00" % i, "174.121.218.75",
               "a-very-long-virtual-host-name-for-the-customer-portal.example",
               long_uri, 200, ["sqli"], "Mozilla/5.0 " + "x" * 200,
               severity="critical") for i in range(3)]
    text = report(tmp_path, "text", recs, ["--firewall", "nftables"])
    lines = text.splitlines()
    assert max(len(l) for l in lines) <= 80, [l for l in lines if len(l) > 80]
    (ex,) = [l for l in lines if l.startswith("    most severe (critical): "
                                               "/search.php")]
    assert len(ex) == 80 and ex.endswith("...")
    assert ("  a-very-long-virtual-host-name-for-the-customer-portal.example "
            "/search.php: 3\n") in text


# ------------------------------------------------------------ chromium

CHROMIUM = shutil.which("chromium")


def chromium(tmp_path, *args):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
           "--user-data-dir=%s" % (tmp_path / "profile"),
           "--enable-logging=stderr", "--v=0"] + list(args)
    env = dict(os.environ, HOME=str(tmp_path))
    res = subprocess.run(cmd, capture_output=True, timeout=180, env=env)
    assert res.returncode == 0, res.stderr.decode(errors="replace")[-2000:]
    return res


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


@pytest.mark.skipif(bool(os.environ.get("LW_ASAN")),
                    reason="sanitizer pass: chromium renders the report in "
                    "the normal pass")
def test_report_in_chromium(tmp_path):
    assert CHROMIUM, "chromium is not installed (scripts/deps.sh installs it)"
    page = tmp_path / "report.html"
    page.write_text(report(tmp_path, "html"))
    doc = json.loads(report(tmp_path, "json"))
    url = "file://%s" % page
    res = chromium(tmp_path, "--dump-dom", url)
    dom = Dom(res.stdout.decode("utf-8"))
    check_page(dom, doc)
    # the browser parsed the charts as SVG and refused nothing
    assert len(dom.svgs) == 5
    log = res.stderr.decode(errors="replace")
    assert "Content Security Policy" not in log, log[-2000:]
    # the screenshot, kept for a reader of the test run
    art = os.path.join(sumutil.builddir(), "test-artifacts")
    os.makedirs(art, exist_ok=True)
    shot = os.path.join(art, "report.png")
    if os.path.exists(shot):
        os.unlink(shot)
    chromium(tmp_path, "--screenshot=%s" % shot, "--window-size=1200,2000",
             "--hide-scrollbars", url)
    assert png_size(shot) == (1200, 2000)
    assert os.path.getsize(shot) > 20000     # a page, not a blank image
