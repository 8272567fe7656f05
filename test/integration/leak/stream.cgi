#!/usr/bin/python3
# A page that answers in two parts: the first at once, the second (the
# file its "file" parameter names, traversal and all) only once the file
# "gate" appears next to it. A filter that waited for the whole answer
# would hold the first part back.
import os
import sys
import time
import urllib.parse

here = os.path.dirname(os.path.abspath(__file__))
q = urllib.parse.parse_qs(os.environ.get("QUERY_STRING", ""))
name = q.get("file", ["pages/welcome.txt"])[0]
sys.stdout.write("Content-Type: text/plain\r\n\r\nfirst part\n")
sys.stdout.flush()
deadline = time.time() + 30
while not os.path.exists(os.path.join(here, "gate")) and time.time() < deadline:
    time.sleep(0.05)
try:
    with open(os.path.join(here, name), encoding="latin-1") as f:
        sys.stdout.write(f.read())
except OSError:
    sys.stdout.write("no such page\n")
