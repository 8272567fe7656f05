#!/usr/bin/python3
# The same page, fixed: only a file name inside pages/ is shown.
import os
import sys
import urllib.parse

q = urllib.parse.parse_qs(os.environ.get("QUERY_STRING", ""))
name = os.path.basename(q.get("file", ["welcome.txt"])[0])
base = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pages")
try:
    with open(os.path.join(base, name), encoding="latin-1") as f:
        text = f.read()
except OSError:
    text = "no such page"
sys.stdout.write("Content-Type: text/html\r\n\r\n<html><body><pre>%s</pre>"
                 "</body></html>\n" % text.replace("&", "&amp;"))
