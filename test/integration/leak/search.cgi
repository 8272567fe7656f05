#!/usr/bin/python3
# A search page that shows its query back, HTML-escaped: it leaks nothing,
# whatever the query holds.
import html
import os
import sys
import urllib.parse

q = urllib.parse.parse_qs(os.environ.get("QUERY_STRING", "")).get("q", [""])[0]
sys.stdout.write("Content-Type: text/html\r\n\r\n<html><body><p>No results "
                 "for</p><pre>%s</pre></body></html>\n" % html.escape(q))
