#!/usr/bin/python3
# A script in an upload directory that answers "ok" to anything.
import sys

sys.stdout.write("Content-Type: text/plain\r\n\r\nok\n")
