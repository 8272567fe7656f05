#!/usr/bin/python3
"""Detection on the traffic of real attack tools written by others.

  tools.py --build BUILDDIR [-o OUTDIR] [--signatures DIR]
           [--tools sqlmap,wapiti] [--sqlmap-level N] [--sqlmap-risk N]
           [--sqlmap-techniques BEUSTQ] [--wapiti-modules m1,m2,...]
           [--misses TOOL,...] [--keep] [--recount]

Starts a private httpd with mod_logwatch (test/integration/lwhttpd.py,
prefork MPM, Debian's mod_php) serving the deliberately vulnerable pages
of test/eval/tools/app and test/integration/php under /tools/ (a number
concatenated into SQLite SQL, form fields quoted into SQL, a number
bound as a parameter (not injectable: sqlmap finds no DBMS there and
sends every DBMS's payloads), a page
included, a host passed to system(), a reflected and a stored
parameter), runs each tool against it non-interactively, one phase per
sqlmap technique and per wapiti module, and joins the access log
(mod_unique_id's id) and the bodies the pages log (prepend.php) to the
module's records.

A request CARRIES A PAYLOAD when any of these differs from what the app
itself offers (the links and form defaults of app/index.html):
  - a query or form-body parameter of a page whose value is not the
    value the app offers for that name on that page and holds a byte
    other than letters, digits and "._-" (a random number in place of
    the offered one carries nothing), or a name the app never offers
    there;
  - a body that is neither empty nor a form (XML, JSON);
  - a User-Agent other than the one the tool was told to send;
  - a Referer that is not a URL of the app with offered parameters only;
  - any Cookie (the app sets none);
  - a Host other than the address the tool was pointed at;
    a header value of letters, digits and "._-" alone carries nothing.
Other requests (the crawl, the tool's checks of the page as offered) carry
none. The tools send a browser's User-Agent, so their own name never
flags them: the figures measure the payloads, not the tool's name.

Prints per tool and phase: requests, those with a payload, how many of
those the module flags (any record; and by a rule on the request, a
response leak alone left out), their categories, and flagged requests
without a payload. Writes OUTDIR/tools.summary.json and, for the tools
named by --misses only (development data; never a held-out tool), the
missed payload requests to OUTDIR/tools.misses.TOOL.tsv. What a run
records is kept in OUTDIR (tools.phases.json, tools-access.log,
tools-attack.jsonl, tools-bodies.jsonl): --recount counts it again.
"""
import argparse
import base64
import collections
import html.parser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
APP = os.path.join(SRC, "test", "eval", "tools", "app")
PHP_PAGES = os.path.join(SRC, "test", "integration", "php")
UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
      "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")
PREFIX = "/tools/"
# A value of letters, digits and "._-" alone replaces the offered one
# without carrying anything (sqlmap's random numbers, a tool's filler).
BARE = re.compile(r"^[A-Za-z0-9._-]*$")
WAPITI_MODULES = ("sql,blindsql,xss,permanentxss,exec,file,crlf,xxe,ssrf,"
                  "redirect,shellshock")
# The access log this script reads: tab-separated, mod_log_config escapes
# every tab, quote, backslash and control byte inside a field.
TOOLS_FORMAT = ('%{UNIQUE_ID}e\\t%r\\t%>s\\t%{User-Agent}i\\t%{Referer}i'
                '\\t%{Cookie}i\\t%{Host}i')


class Offered(html.parser.HTMLParser):
    """page -> {parameter name: value} from the app's links and forms."""

    def __init__(self):
        super().__init__()
        self.pages = collections.defaultdict(dict)
        self.form = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            u = urllib.parse.urlsplit(a["href"])
            page = os.path.basename(u.path)
            for k, v in urllib.parse.parse_qsl(u.query, keep_blank_values=True):
                self.pages[page][k] = v
            self.pages.setdefault(page, {})
        elif tag == "form":
            self.form = os.path.basename(a.get("action", ""))
            self.pages.setdefault(self.form, {})
        elif tag in ("input", "textarea") and self.form and a.get("name"):
            self.pages[self.form][a["name"]] = a.get("value", "")
            self._text = a["name"] if tag == "textarea" else None

    def handle_data(self, data):
        if getattr(self, "_text", None):
            self.pages[self.form][self._text] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._text = None
        elif tag == "form":
            self.form = None


def offered_values():
    p = Offered()
    with open(os.path.join(APP, "index.html")) as f:
        p.feed(f.read())
    return dict(p.pages)


def unescape_log(s):
    """mod_log_config's escaping undone (\\xhh, \\", \\\\, \\t, \\n, \\r)."""
    out, i = bytearray(), 0
    b = s.encode("latin-1")
    simple = {ord('"'): b'"', ord("\\"): b"\\", ord("t"): b"\t",
              ord("n"): b"\n", ord("r"): b"\r"}
    while i < len(b):
        c = b[i]
        if c == 0x5C and i + 1 < len(b):
            n = b[i + 1]
            if n == ord("x") and i + 3 < len(b):
                try:
                    out.append(int(b[i + 2:i + 4], 16))
                    i += 4
                    continue
                except ValueError:
                    pass
            if n in simple:
                out += simple[n]
                i += 2
                continue
        out.append(c)
        i += 1
    return out.decode("latin-1")


def parse_pairs(s):
    return urllib.parse.parse_qsl(s, keep_blank_values=True, encoding="latin-1")


def payload_places(req, offered, host):
    """The places where req carries a payload (empty: none)."""
    places = []
    page = os.path.basename(req["path"])
    offer = offered.get(page, {})

    def params(pairs, where):
        for k, v in pairs:
            if k in offer and (v == offer[k] or BARE.match(v)):
                continue
            if k not in offer or offer[k] != v:
                places.append("%s:%s" % (where, k))

    if req["path"].startswith(PREFIX):
        params(parse_pairs(req["query"]), "query")
        if req["form"] is not None:
            params(parse_pairs(req["form"]), "body")
        elif req["body"]:
            places.append("body")
    elif req["query"]:
        places.append("query")
    if req["ua"] != UA and not BARE.match(req["ua"]):
        places.append("user-agent")
    if req["referer"] not in ("-", "") and not BARE.match(req["referer"]):
        u = urllib.parse.urlsplit(req["referer"])
        rp = os.path.basename(u.path)
        clean = (u.scheme == "http" and u.netloc == host and
                 (u.path == PREFIX or (u.path == PREFIX + rp and
                                       rp in offered)) and not u.fragment and
                 all(k in offered.get(rp, {}) and offered[rp][k] == v
                     for k, v in parse_pairs(u.query)))
        if not clean:
            places.append("referer")
    if req["cookie"] not in ("-", "") and not BARE.match(req["cookie"]):
        places.append("cookie")
    if req["host"] not in (host, "-") and not BARE.match(req["host"]):
        places.append("host")
    return places


def read_access(path, start, end):
    out = []
    with open(path, encoding="latin-1") as f:
        lines = f.read().split("\n")[start:end]
    for n, line in enumerate(lines, start or 0):
        if not line:
            continue
        f = line.split("\t")
        if len(f) != 7:
            sys.exit("tools: bad access log line %r" % line)
        rid, rl, st, ua, ref, cookie, hst = f
        if rid == "-":          # see idless_join()
            rid = "-%d" % n
        rl = unescape_log(rl)
        parts = rl.split(" ")
        method = parts[0] if parts else ""
        target = parts[1] if len(parts) > 1 else ""
        if len(parts) > 3:      # a space in the target (sent raw)
            target = " ".join(parts[1:-1])
        path, _, query = target.partition("?")
        out.append({"id": rid, "line": rl, "method": method,
                    "path": urllib.parse.unquote(path, encoding="latin-1"),
                    "query": query, "status": st, "ua": unescape_log(ua),
                    "referer": unescape_log(ref),
                    "cookie": unescape_log(cookie), "host": unescape_log(hst),
                    "form": None, "body": b""})
    return out


def count_lines(path):
    try:
        with open(path, "rb") as f:
            return f.read().count(b"\n")
    except OSError:
        return 0


def settle(path, quiet=1.0):
    """Wait until the file stops growing (httpd writes after responding)."""
    last, t = -1, time.time()
    while True:
        n = count_lines(path)
        if n != last:
            last, t = n, time.time()
        elif time.time() - t >= quiet:
            return n
        time.sleep(0.2)


def sqlmap_phases(a, base):
    targets = [
        ("item", ["-u", base + "item.php?id=1"]),
        # not injectable: sqlmap sends every DBMS's payloads there
        ("product", ["-u", base + "product.php?id=1"]),
        ("login", ["-u", base + "login.php", "--data", "user=alice&pass=secret"]),
    ]
    for tech in a.sqlmap_techniques:
        for name, t in targets:
            yield ("sqlmap", tech, name,
                   ["sqlmap", "--batch", "--flush-session", "--disable-coloring",
                    "--level", str(a.sqlmap_level), "--risk", str(a.sqlmap_risk),
                    "--technique", tech, "--user-agent", UA, "--time-sec", "1",
                    "--output-dir", os.path.join(a.out, "sqlmap-out")] + t)


def wapiti_phases(a, base):
    for m in a.wapiti_modules.split(","):
        yield ("wapiti", m, "site",
               ["wapiti", "-u", base, "--scope", "folder", "-m", m,
                "--flush-session", "-A", UA, "-v", "0", "-f", "json",
                "-o", os.path.join(a.out, "wapiti-%s.json" % m),
                "--store-session", os.path.join(a.out, "wapiti-session"),
                "--max-scan-time", str(a.max_time)])


def start_httpd(a):
    import lwhttpd
    h = lwhttpd.Httpd(mpm="prefork", signatures=[os.path.abspath(a.signatures)],
                      loglevel="warn")
    mod_php = sorted(f for f in os.listdir(lwhttpd.MODDIR)
                     if f.startswith("libphp") and f.endswith(".so"))
    if not mod_php:
        sys.exit("tools: libapache2-mod-php is not installed")
    docs = h.path("htdocs", "tools")
    data = h.path("htdocs", "data")
    shutil.copytree(PHP_PAGES, docs)
    for f in os.listdir(APP):
        shutil.copy(os.path.join(APP, f), docs)
    os.makedirs(data)
    for d, _, _ in os.walk(docs):
        os.chmod(d, 0o755)
    os.chmod(data, 0o777)       # the children (nobody) write here
    h.extra = ("AddType text/html .html\n"
               "LoadModule php_module %s/%s\n"
               "<FilesMatch \"\\.php$\">\n    SetHandler application/x-httpd-php\n"
               "</FilesMatch>\n"
               "php_admin_flag display_errors on\n"
               "php_admin_flag log_errors off\n"
               "php_admin_value auto_prepend_file \"%s/prepend.php\"\n"
               "LogFormat \"%s\" lwtools\n"
               "CustomLog \"%s\" lwtools\n"
               % (lwhttpd.MODDIR, mod_php[-1], docs, TOOLS_FORMAT,
                  h.path("logs", "tools.log")))
        # ahead of the main server's .php alias
    h.vhost_extra = {"localhost": '    AliasMatch "^/tools/(.*\\.php)$" '
                                  '"%s/$1"\n    Alias "/tools/" "%s/"\n'
                                  % (docs, docs)}
    h.write_conf()
    h.start()
    return h


def flagged_by_request(rec):
    return any(r.get("category") != "leak" and
               not str(r.get("field", "")).startswith("response")
               for r in rec.get("rules", []))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("-o", "--out")
    ap.add_argument("--signatures", default=os.path.join(SRC, "conf", "signatures"))
    ap.add_argument("--tools", default="sqlmap,wapiti")
    ap.add_argument("--sqlmap-level", type=int, default=5)
    ap.add_argument("--sqlmap-risk", type=int, default=3)
    ap.add_argument("--sqlmap-techniques", default="BEUSTQ")
    ap.add_argument("--wapiti-modules", default=WAPITI_MODULES)
    ap.add_argument("--max-time", type=int, default=600,
                    help="seconds a wapiti module may run")
    ap.add_argument("--misses", default="sqlmap",
                    help="tools whose missed requests are written (dev data)")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--recount", action="store_true",
                    help="count again what OUTDIR holds (no tool is run)")
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    a.out = os.path.abspath(a.out or os.path.join(a.build, "eval-tools"))
    os.makedirs(a.out, exist_ok=True)
    os.environ["LW_BUILDDIR"] = os.path.abspath(a.build)
    os.environ["LW_SRCDIR"] = SRC
    sys.path.insert(0, os.path.join(SRC, "test", "integration"))
    import lwhttpd

    if a.recount:
        count(a, a.out)
        return
    tools = a.tools.split(",")
    for t in tools:
        if not shutil.which(t):
            sys.exit("tools: %s is not installed (apt-get install %s)" % (t, t))
    h = start_httpd(a)
    host = "127.0.0.1:%d" % h.port
    base = "http://%s%s" % (host, PREFIX)
    tlog = h.path("logs", "tools.log")
    phases = []
    try:
        gens = {"sqlmap": sqlmap_phases, "wapiti": wapiti_phases}
        for t in tools:
            for tool, mod, target, argv in gens[t](a, base):
                start = settle(tlog, 0.5)
                t0 = time.time()
                with open(os.path.join(a.out, "%s-%s-%s.out" % (tool, mod, target)),
                          "w") as f:
                    p = subprocess.run(argv, stdout=f, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL)
                end = settle(tlog)
                print("# %s %s %s: exit %d, %d requests, %.0fs"
                      % (tool, mod, target, p.returncode, end - start,
                         time.time() - t0), flush=True)
                phases.append((tool, mod, target, start, end))
        time.sleep(1)
        crashed = h.crashes()
    finally:
        h.stop()
        with open(os.path.join(a.out, "tools.phases.json"), "w") as f:
            json.dump({"host": host, "phases": phases}, f)
        shutil.copyfile(tlog, os.path.join(a.out, "tools-access.log"))
        for src, dst in ((h.attack_log, "tools-attack.jsonl"),
                         (h.path("htdocs", "data", "bodies.jsonl"),
                          "tools-bodies.jsonl")):
            if os.path.exists(src):
                shutil.copyfile(src, os.path.join(a.out, dst))
        if a.keep:
            print("# kept", h.root)
        else:
            h.cleanup()
    if crashed:
        sys.exit("tools: httpd processes died:\n" + "\n".join(crashed))
    count(a, a.out)


def idless_join(out, records):
    """Requests httpd refuses while reading them (a Host with a quote:
    400) have no mod_unique_id id in the access log, and their records an
    id of the module's own. Such a record is joined to the next id-less
    line with its target whose headers hold every excerpt its rules took
    from a header (as far on as needed; without such an excerpt at most 3
    lines on); the line's id becomes "-N"."""
    lines, ids = [], set()
    with open(os.path.join(out, "tools-access.log"), encoding="latin-1") as f:
        for n, line in enumerate(f):
            rid = line.split("\t", 1)[0]
            ids.add(rid)
            if rid == "-":
                lines.append(n)
    rest = [r for k, r in records.items() if k not in ids]
    reqs = read_access(os.path.join(out, "tools-access.log"), 0, None)
    j = 0
    for r in rest:
        ex = [x.get("excerpt", "").lower() for x in r["rules"]
              if str(x.get("field", "")).startswith("header:")]
        # with an excerpt to compare, as far on as it takes (a record
        # that found no line does not stop the next); else 3 lines on
        for k in range(j, len(lines) if ex else min(j + 3, len(lines))):
            q = reqs[lines[k]]
            hdrs = (q["host"] + "\n" + q["ua"] + "\n" + q["referer"] + "\n"
                    + q["cookie"]).lower()
            if (q["line"].split(" ")[1:2] == [r.get("uri")]
                    and all(e in hdrs for e in ex)):
                records["-%d" % lines[k]] = r
                j = k + 1
                break


def count(a, out):
    """The tables from what a run left in out: tools.phases.json, the
    access log, the module's records and the bodies the pages logged."""
    import lwhttpd
    offered = offered_values()
    with open(os.path.join(out, "tools.phases.json")) as f:
        ph = json.load(f)
    host, phases = ph["host"], ph["phases"]
    records = {}
    with open(os.path.join(out, "tools-attack.jsonl")) as f:
        for line in f:
            r = json.loads(line)
            if lwhttpd.is_attack(r):
                records[r.get("request_id")] = r
    idless_join(out, records)
    bodies = {}
    path = os.path.join(out, "tools-bodies.jsonl")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                b = json.loads(line)
                bodies[b["id"]] = b

    print("# a request carries a payload when a query or form parameter of a")
    print("# page differs from the value app/index.html offers for it (or is a")
    print("# name it never offers), its body is not a form, or its")
    print("# User-Agent, Referer, Cookie or Host is not the clean one; see")
    print("# scripts/eval/tools.py")
    hdr = ("tool", "phase", "target", "requests", "payload", "flagged",
           "by-request", "recall", "crawl-flagged")
    print("%-7s %-12s %-6s %8s %8s %8s %10s %7s %13s" % hdr)
    summary = []
    tot = collections.defaultdict(collections.Counter)
    misses = collections.defaultdict(list)
    for tool, mod, target, start, end in phases:
        c = collections.Counter()
        cats, places = collections.Counter(), collections.Counter()
        for req in read_access(os.path.join(out, "tools-access.log"),
                               start, end):
            b = bodies.get(req["id"])
            if b:
                raw = base64.b64decode(b["body"])
                if b["ctype"].startswith("application/x-www-form-urlencoded"):
                    req["form"] = raw.decode("latin-1")
                elif b["ctype"].startswith("multipart/"):
                    req["form"] = base64.b64decode(b["post"]).decode("latin-1")
                else:
                    req["body"] = raw
            pl = payload_places(req, offered, host)
            rec = records.get(req["id"])
            c["requests"] += 1
            if pl:
                c["payload"] += 1
                for p in pl:
                    places[p.split(":")[0]] += 1
                if rec:
                    c["flagged"] += 1
                    if flagged_by_request(rec):
                        c["by-request"] += 1
                    for cat in rec.get("categories", []):
                        cats[cat] += 1
                if not (rec and flagged_by_request(rec)) and tool in a.misses.split(","):
                    misses[tool].append((mod, target, ",".join(pl), req["line"],
                                         req["form"] or req["body"].decode("latin-1"),
                                         req["ua"], req["referer"], req["cookie"],
                                         req["host"]))
            elif rec:
                c["crawl-flagged"] += 1
                cats["(no payload) " + ",".join(rec.get("categories", []))] += 1
        for k in c:
            tot[tool][k] += c[k]
        rc = "%.1f%%" % (100.0 * c["by-request"] / c["payload"]) if c["payload"] else "-"
        print("%-7s %-12s %-6s %8d %8d %8d %10d %7s %13d"
              % (tool, mod, target, c["requests"], c["payload"], c["flagged"],
                 c["by-request"], rc, c["crawl-flagged"]))
        if cats:
            print("        categories: " + ", ".join(
                "%s %d" % kv for kv in sorted(cats.items(), key=lambda x: -x[1])))
        summary.append({"tool": tool, "phase": mod, "target": target,
                        "counts": dict(c), "categories": dict(cats),
                        "places": dict(places)})
    for tool, c in tot.items():
        rc = "%.1f%%" % (100.0 * c["by-request"] / c["payload"]) if c["payload"] else "-"
        print("%-7s %-12s %-6s %8d %8d %8d %10d %7s %13d"
              % (tool, "ALL", "", c["requests"], c["payload"], c["flagged"],
                 c["by-request"], rc, c["crawl-flagged"]))
    with open(os.path.join(out, "tools.summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    for tool, rows in misses.items():
        with open(os.path.join(out, "tools.misses.%s.tsv" % tool), "w") as f:
            f.write("phase\ttarget\tplaces\trequest\tbody\tua\treferer\tcookie\thost\n")
            for r in rows:
                f.write("\t".join(json.dumps(x)[1:-1] for x in r) + "\n")


if __name__ == "__main__":
    main()
