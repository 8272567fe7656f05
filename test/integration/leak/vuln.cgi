#!/usr/bin/python3
# A deliberately vulnerable page of the test suite: it shows the file its
# "file" parameter names (in the query, or in a form body), relative to
# pages/, without checking for "..".
import os
import sys
import urllib.parse

q = urllib.parse.parse_qs(os.environ.get("QUERY_STRING", ""))
if os.environ.get("REQUEST_METHOD") == "POST":
    # a form body, with Content-Length or chunked (then read to its end)
    q.update(urllib.parse.parse_qs(sys.stdin.buffer.read().decode("latin-1")))
name = q.get("file", ["welcome.txt"])[0]
base = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pages")
try:
    with open(os.path.join(base, name), encoding="latin-1") as f:
        text = f.read()
except OSError:
    text = "no such page"
sys.stdout.write("Content-Type: text/html\r\n\r\n<html><body><pre>%s</pre>"
                 "</body></html>\n" % text.replace("&", "&amp;"))
