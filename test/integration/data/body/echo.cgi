#!/usr/bin/python3
# A CGI application that reads its whole request body, as mod_cgi hands
# it over, and answers its length and SHA-256: "LEN HEX". ?out=N then
# writes N more bytes (a large response for a client that stops reading).
import hashlib
import os
import sys

h = hashlib.sha256()
n = 0
inp = sys.stdin.buffer
while True:
    b = inp.read(1 << 20)
    if not b:
        break
    h.update(b)
    n += len(b)
extra = 0
q = os.environ.get("QUERY_STRING", "")
if q.startswith("out="):
    extra = int(q[4:])
head = ("%d %s\n" % (n, h.hexdigest())).encode()
out = sys.stdout.buffer
out.write(b"Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n"
          % (len(head) + extra))
out.write(head)
block = b"x" * 65536
while extra > 0:
    k = min(extra, len(block))
    out.write(block[:k])
    extra -= k
out.flush()
