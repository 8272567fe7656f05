"""The blind evaluation sets (test/eval/blind/ and test/eval/blind2/) stay
well-formed: every line becomes a request the replayer
(scripts/eval/blind.py) can send, each attack class and the benign file
keep their size, and every placement in use is one the set's README
documents. Nothing here looks at detection: the sets are held out (their
results are read only at the end of a wave)."""
import collections
import os
import re
import sys

import lwhttpd

sys.path.insert(0, os.path.join(lwhttpd.srcdir(), "scripts", "eval"))
import blind  # noqa: E402

SET = os.path.join(lwhttpd.srcdir(), "test", "eval", "blind")
SET2 = os.path.join(lwhttpd.srcdir(), "test", "eval", "blind2")


def well_formed(reqs):
    for q in reqs:
        head, _, body = q.data.partition(b"\r\n\r\n")
        line = head.split(b"\r\n", 1)[0]
        assert re.match(rb"^(GET|POST) /\S* HTTP/1\.1$", line), q.rid
        assert b"\n" not in head.replace(b"\r\n", b""), q.rid
        m = re.search(rb"\r\nContent-Length: (\d+)", head)
        assert (int(m.group(1)) if m else 0) == len(body), q.rid


def test_every_line_is_a_request():
    reqs = blind.load_set(SET)          # exits on a bad line
    n = collections.Counter(q.cls for q in reqs)
    for c in blind.CLASSES:
        assert n[c] >= 60, (c, n[c])
    assert n["benign"] >= 300, n["benign"]
    well_formed(reqs)


def test_second_set_every_line_is_a_request():
    reqs = blind.load_set(SET2)
    n = collections.Counter(q.cls for q in reqs)
    for c in blind.CLASSES + blind.OTHER:
        assert n[c] >= 40, (c, n[c])
    assert n["benign"] >= 300, n["benign"]
    # every placement is used by some attack
    used = {q.placement for q in reqs if q.cls != "benign"}
    assert used == set(blind.PLACEMENTS), set(blind.PLACEMENTS) - used
    well_formed(reqs)


def test_placements_are_documented():
    for d in (SET, SET2):
        with open(os.path.join(d, "README"), encoding="utf-8") as f:
            readme = f.read()
        for p in blind.PLACEMENTS:
            assert re.search(r"(?m)^  %s(:| )" % p, readme), (d, p)


def test_tokens_and_url_bytes():
    assert blind.unescape("a{{TAB}}b{{x00}}{{xc0}}{{xae}}") == \
        b"a\tb\x00\xc0\xae"
    assert blind.url_bytes(b"1' OR 1=1 #%27\x00\xe9") == \
        b"1'%20OR%201=1%20%23%27%00%E9"
    assert blind.url_bytes(b"a b", form=True) == b"a+b"
