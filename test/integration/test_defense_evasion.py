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


def test_zoned_forwarded_address_is_counted(httpd_factory):
    """mod_remoteip accepts an IPv6 address with a zone from an internal
    proxy (fe80::1%lo): the module counts and blocks it like any other."""
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchThreshold 3 3600\nLogWatchBlock On 60\n")
    src = "fe80::1%lo"
    for i in range(3):
        attack(h, src, i)
    recs = wait_count(h, lambda r: not is_threshold(r), 3)
    assert recs and all(r["client"].startswith("fe80::1") for r in recs), recs
    assert wait_count(h, is_threshold, 1)
    assert h.get("/index.html", xff=src) == 403
    assert h.get("/index.html", xff="fe80::2%lo") == 403     # same /64
    assert source(status_json(h), "fe80::/64")["attacks"] == 3


def test_unusable_forwarded_for_never_blocks_the_proxy(httpd_factory):
    """X-Forwarded-For: 1.2.3.4:80 is refused by mod_remoteip, so the
    request's address stays the proxy's: the attack is recorded, with the
    raw header, but the proxy is never counted nor blocked."""
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchThreshold 2 3600\nLogWatchBlock On 60\n")
    for i in range(3):
        attack(h, "1.2.3.4:80", i)
    attack(h, None, 0)                 # the proxy's own request
    recs = wait_count(h, lambda r: True, 4)
    assert len(recs) == 4 and not any(is_threshold(r) for r in recs), recs
    assert all(r["client"] == "127.0.0.1" for r in recs)
    assert sum(r.get("forwarded") == "1.2.3.4:80" for r in recs) == 3, recs
    assert h.get("/index.html") == 200
    js = status_json(h)
    assert js["sources"]["used"] == 0 and js["totals"]["thresholds"] == 0


def test_listed_proxies_are_never_counted(httpd_factory):
    """Every address named by RemoteIPTrustedProxy or RemoteIPInternalProxy
    (here, inside a virtual host and in a list file) is never counted,
    whichever virtual host it talks to."""
    lst = "/tmp/lw-harden-proxies.txt"
    with open(lst, "w") as f:
        f.write("# proxies\n192.0.2.0/24 127.0.0.2\n")
    h = httpd_factory(extra=STATUS_LOCATION
                      + "LogWatchThreshold 1 3600\nLogWatchBlock On 60\n"
                      "RemoteIPInternalProxyList %s\n" % lst,
                      vhost_extra={"domain1.com":
                                   "    RemoteIPTrustedProxy 198.51.100.0/24\n"})
    for i, xff in enumerate(("192.0.2.9", "198.51.100.7", "127.0.0.2")):
        attack(h, xff, i)
    wait_count(h, lambda r: True, 3)
    js = status_json(h)
    assert js["sources"]["used"] == 0, js["sources"]
    # an address listed nowhere is counted as usual
    attack(h, "203.0.113.8", 0)
    assert wait_count(h, is_threshold, 1)
    assert h.get("/index.html", xff="203.0.113.8") == 403
