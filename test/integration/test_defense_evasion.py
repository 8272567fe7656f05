"""Live defense against an attacker who floods the source table or sends
addresses the engine might not read: a blocked source stays blocked while
the table fills, IPv6 sources count per network (LogWatchIPv6Prefix),
addresses mod_remoteip accepts are counted, and a trusted proxy or a
LogWatchIgnoreNet address is never counted nor blocked.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_defense_evasion.py
"""
import re

from test_defense import (ATTACKS, STATUS_LOCATION, attack, is_threshold,
                          source, status_json, wait_count)


def test_full_table_keeps_blocked_source(httpd_factory):
    """Filling the table with one attack from each of many other addresses
    does not evict a blocked source: it stays refused."""
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchSharedMemory 4k\nLogWatchThreshold 3 3600\n"
                      "LogWatchBlock On 60\n")
    slots = status_json(h)["sources"]["slots"]
    assert 2 <= slots <= 64
    bad = "203.0.113.77"
    for i in range(3):
        attack(h, bad, i)
    assert wait_count(h, is_threshold, 1)
    assert h.get("/index.html", xff=bad) == 403
    others = ["198.51.100.%d" % i for i in range(1, slots + 8)]
    for s in others:
        attack(h, s)
    assert len(wait_count(h, lambda r: not is_threshold(r),
                          3 + len(others))) == 3 + len(others)
    assert h.get("/index.html", xff=bad) == 403
    js = status_json(h)
    st = js["sources"]
    assert st["used"] == slots and st["blocked"] == 1
    assert source(js, bad)["blocked"]
    # the others took turns in the remaining slots
    assert st["evictions"] == len(others) - (slots - 1)


def test_table_of_blocked_sources_counts_no_more(httpd_factory):
    """When every slot holds a blocked source, a new source is not
    counted (and nobody is unblocked); once the blocks end, it is."""
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchSharedMemory 1k\nLogWatchThreshold 1 3600\n"
                      "LogWatchBlock On 2\n")
    slots = status_json(h)["sources"]["slots"]
    assert 1 <= slots <= 8
    blocked = ["203.0.113.%d" % i for i in range(1, slots + 1)]
    for s in blocked:
        attack(h, s)
    assert len(wait_count(h, is_threshold, slots)) == slots
    attack(h, "198.51.100.1")
    wait_count(h, lambda r: r["client"] == "198.51.100.1", 1)
    for s in blocked:
        assert h.get("/index.html", xff=s) == 403
    js = status_json(h)
    assert js["sources"]["blocked"] == slots
    assert js["sources"]["full"] == 1
    assert source(js, "198.51.100.1") is None
    import time
    time.sleep(2.2)
    attack(h, "198.51.100.2")
    assert wait_count(h, lambda r: is_threshold(r)
                      and r["client"] == "198.51.100.2", 1)
    assert h.get("/index.html", xff="198.51.100.2") == 403


def test_ipv6_counts_per_64_by_default(httpd_factory):
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchThreshold 3 3600\nLogWatchBlock On 60\n")
    for i in range(3):
        attack(h, "2001:db8:1:2::%x" % (i + 1), i)
    t = wait_count(h, is_threshold, 1)
    assert t and t[0]["client"] == "2001:db8:1:2::3"
    # the record says what was counted
    assert all("2001:db8:1:2::/64" in r["msg"] for r in t[0]["rules"]), t
    assert re.search(r"LW00100: source 2001:db8:1:2::/64 \(2001:db8:1:2::3\)"
                     r" crossed", h.error_text())
    assert h.get("/index.html", xff="2001:db8:1:2:ffff::9") == 403
    assert h.get("/index.html", xff="2001:db8:1:3::1") == 200
    js = status_json(h)
    s = source(js, "2001:db8:1:2::/64")
    assert s and s["attacks"] == 3 and s["blocked"]
    # IPv4 stays per address
    for i in range(2):
        attack(h, "198.51.100.%d" % (i + 1), i)
    assert h.get("/index.html", xff="198.51.100.3") == 200


def test_ipv6_prefix_directive(httpd_factory):
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchThreshold 2 3600\nLogWatchBlock On 60\n"
                      "LogWatchIPv6Prefix 128\n")
    attack(h, "2001:db8:1:2::1", 0)
    attack(h, "2001:db8:1:2::2", 1)
    assert h.get("/index.html", xff="2001:db8:1:2::2") == 200
    js = status_json(h)
    assert source(js, "2001:db8:1:2::1")["attacks"] == 1
    for bad in ("LogWatchIPv6Prefix 0", "LogWatchIPv6Prefix 129",
                "LogWatchIPv6Prefix /64"):
        p = httpd_factory(start=False, extra=bad + "\n").configtest()
        assert p.returncode != 0 and "LogWatchIPv6Prefix" in p.stderr, bad
