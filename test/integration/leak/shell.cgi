#!/usr/bin/python3
# A web shell's page as an upload form would have dropped it (it runs
# nothing: it only answers with the markers of one).
import sys

sys.stdout.write("Content-Type: text/html\r\n\r\n<html><head><title>WSO 2.5"
                 "</title></head><body><form>cmd: <input name=c></form>"
                 "</body></html>\n")
