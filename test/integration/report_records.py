"""A fixed day of attack records for the report tests and the report
screenshot in doc/: a scanner crawling a DVWA site (static files and pages
with only its User-Agent, and a few payloads that were served), sqlmap on a
shop's product pages, XSS probes on a blog, LFI and shellshock from an IPv6
source. Deterministic: the same lines every run.

    python3 test/integration/report_records.py > day.jsonl
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sumutil import record  # noqa: E402

DAY = "2024-03-01"
NIKTO = "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)"
SQLMAP = "sqlmap/1.7.2#stable (https://sqlmap.org)"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0"

# The DVWA crawl: what the scanner fetched along with the pages.
STATIC = ["/DVWA/dvwa/css/login.css", "/DVWA/dvwa/css/main.css",
          "/DVWA/dvwa/css/help.css", "/DVWA/dvwa/js/dvwaPage.js",
          "/DVWA/dvwa/js/add_event_listeners.js", "/DVWA/favicon.ico",
          "/DVWA/dvwa/images/logo.png", "/DVWA/dvwa/images/login_logo.png",
          "/DVWA/dvwa/images/lock.png", "/DVWA/dvwa/images/warning.png",
          "/DVWA/dvwa/images/spanner.png", "/DVWA/dvwa/images/dollar.png"]


def _t(hour, minute, second=0):
    return "%sT%02d:%02d:%02d.000000+00:00" % (DAY, hour, minute, second)


def day_records():
    n = [0]

    def rec(*a, **kw):
        n[0] += 1
        kw.setdefault("rid", "fixture%05d" % n[0])
        return record(*a, **kw)

    out = []
    # 02:00-02:59 Nikto on dvwa.example: static files (only its User-Agent
    # flagged them), pages with nothing but the User-Agent, then payloads.
    scan = "45.155.205.233"
    for i in range(41):
        out.append(rec(_t(2, i % 60, i % 60), scan, "dvwa.example",
                       STATIC[i % len(STATIC)] + ("?v=%d" % i if i >= 12 else ""),
                       200, ["scanner"], NIKTO, field="user_agent",
                       excerpt="Nikto", severity="medium"))
    for i, page in enumerate(["/DVWA/login.php", "/DVWA/index.php",
                              "/DVWA/setup.php", "/DVWA/about.php"] * 3):
        out.append(rec(_t(2, 41 + i), scan, "dvwa.example", page, 200,
                       ["scanner"], NIKTO, field="user_agent",
                       excerpt="Nikto", severity="medium"))
    payloads = [
        ("/DVWA/vulnerabilities/sqli/?id=1%27+UNION+SELECT+user,password+"
         "FROM+users--+&Submit=Submit", 200, ["sqli", "scanner"], "critical"),
        ("/DVWA/vulnerabilities/sqli/?id=1%27+OR+%271%27=%271&Submit=Submit",
         200, ["sqli", "scanner"], "high"),
        ("/DVWA/vulnerabilities/xss_r/?name=%3Cscript%3Ealert(document."
         "cookie)%3C/script%3E", 200, ["xss", "scanner"], "high"),
        ("/DVWA/vulnerabilities/fi/?page=../../../../../../etc/passwd", 200,
         ["lfi", "scanner"], "high"),
        ("/DVWA/vulnerabilities/exec/?ip=127.0.0.1%3Bcat+/etc/passwd", 200,
         ["rce", "scanner"], "critical"),
        ("/.env", 404, ["probe", "scanner"], "medium"),
        ("/wp-login.php", 404, ["probe", "scanner"], "medium"),
        ("/phpmyadmin/index.php", 403, ["probe", "scanner"], "medium"),
    ]
    for i, (uri, status, cats, sev) in enumerate(payloads * 3):
        out.append(rec(_t(3, i), scan, "dvwa.example", uri, status, cats,
                       NIKTO, severity=sev))
    # 09:00-11:59 sqlmap on the shop's product pages (one route, many ids)
    sq = "185.220.101.4"
    for i in range(90):
        status = 200 if i % 3 else 403
        out.append(rec(_t(9 + i // 30, (i * 2) % 60), sq, "shop.example",
                       "/product/%d?id=%d+AND+SLEEP(5)" % (1000 + i % 17, i),
                       status, ["sqli"], SQLMAP, tool_name="sqlmap",
                       field="args:id", excerpt="SLEEP(", severity="critical"
                       if i % 5 == 0 else "high"))
    # 14:00-16:59 XSS probes on the blog (and the shop's search)
    xs = "193.32.162.71"
    for i in range(45):
        vhost = "blog.example" if i % 3 else "shop.example"
        path = "/search" if vhost == "shop.example" else "/wp-comments-post.php"
        out.append(rec(_t(14 + i // 15, (i * 4) % 60), xs, vhost,
                       path + "?q=%%3Csvg/onload=alert(%d)%%3E" % i,
                       200 if i % 4 == 0 else 404, ["xss"], FIREFOX,
                       field="args:q", excerpt="<svg/onload=",
                       severity="high"))
    # 20:00-21:59 LFI and shellshock from an IPv6 network
    v6 = "2a03:b0c0:3:d0::1a2b"
    for i in range(24):
        if i % 2:
            out.append(rec(_t(20 + i // 12, i * 5 % 60), v6, "blog.example",
                           "/index.php?page=../../../../etc/passwd%00", 500,
                           ["lfi", "protocol"], "curl/8.4.0", tool_name="curl",
                           severity="high"))
        else:
            out.append(rec(_t(20 + i // 12, i * 5 % 60), v6, "blog.example",
                           "/cgi-bin/status.cgi", 200, ["rce"],
                           "() { :; }; /bin/bash -c 'id'", field="user_agent",
                           excerpt="() {", severity="critical"))
    # a second scanner source on the shop, blocked
    for i in range(6):
        out.append(rec(_t(23, i * 7), "91.240.118.172", "shop.example",
                       "/admin/config.php.bak", 403, ["probe"], "Go-http-client/1.1",
                       severity="medium"))
    return out


if __name__ == "__main__":
    sys.stdout.write("\n".join(day_records()) + "\n")
