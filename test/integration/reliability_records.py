"""Hostile attack-record corpora for the summarizer reliability tests:
mutations of the seed's records (cut at every length, bytes flipped,
fields swapped for hostile values, huge fields, bad types, deep nesting)
and checks that nothing from them reaches a sink unescaped."""
import ipaddress
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))

HOSTILE_STRINGS = [
    "\r\nBcc: victim@other.example\r\n\r\nbody",
    "\x1b[2J\x1b]0;owned\x07\x1b[31mred",
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "\"; DROP TABLE x; --", "'\\\"\\\\`$(id)`;|&>",
    "1.2.3.4; iptables -F", "1.2.3.4 -j ACCEPT", "::1\n-A INPUT -j ACCEPT",
    "\" \"id:1,phase:1,allow\"", "SecRuleEngine Off",
    "\u0000hidden", "\ud800", "\u00e9\u4e2d\U0001f600", "%0d%0aX: y",
    "x" * 70000,
]
HOSTILE_VALUES = HOSTILE_STRINGS + [
    None, True, -1, 2 ** 63, -2 ** 63 - 1, 1e308, 1.5, [], {}, ["a", 1],
    {"a": {"b": [1]}},
]
FIELDS = ["time", "host", "vhost", "port", "client", "peer", "method", "uri",
          "protocol", "status", "bytes", "duration_us", "referer",
          "user_agent", "request_id", "verdict", "severity", "score",
          "categories", "rules", "tool"]


def seed_records():
    with open(os.path.join(HERE, "data", "seed_records.jsonl")) as f:
        return [l.rstrip("\n") for l in f if l.strip()]


def corpus(n=3000, seed=6):
    """n hostile lines (str, some not JSON at all)."""
    rnd = random.Random(seed)
    base = seed_records()
    out = []
    # every record cut at many lengths
    for line in base:
        for cut in range(0, len(line), max(1, len(line) // 40)):
            out.append(line[:cut])
    while len(out) < n:
        rec = json.loads(rnd.choice(base))
        k = rnd.randrange(6)
        if k == 0:                  # a field gets a hostile value
            for _ in range(rnd.randint(1, 4)):
                rec[rnd.choice(FIELDS)] = rnd.choice(HOSTILE_VALUES)
            out.append(json.dumps(rec))
        elif k == 1:                # hostile strings in the rules
            for r in rec.get("rules", []):
                r[rnd.choice(["field", "excerpt", "msg", "category",
                              "severity"])] = rnd.choice(HOSTILE_STRINGS)
            out.append(json.dumps(rec))
        elif k == 2:                # bytes flipped in the text
            b = bytearray(json.dumps(rec).encode())
            for _ in range(rnd.randint(1, 8)):
                b[rnd.randrange(len(b))] = rnd.randrange(256)
            out.append(b.decode("latin-1"))
        elif k == 3:                # a hostile but valid source and target
            rec["client"] = rnd.choice(["203.0.113.%d" % rnd.randrange(256),
                                        "2001:db8::%x" % rnd.randrange(65536),
                                        "::ffff:198.51.100.7", "fe80::1%eth0",
                                        "203.0.113.5/0", "0.0.0.0",
                                        "255.255.255.255", "1.2.3.4 "])
            rec["vhost"] = rnd.choice(HOSTILE_STRINGS[:10] + ["ok.example"])
            rec["uri"] = "/" + rnd.choice(HOSTILE_STRINGS[:12])
            rec["user_agent"] = rnd.choice(HOSTILE_STRINGS)
            rec["status"] = rnd.choice([200, 403, 500])
            out.append(json.dumps(rec, ensure_ascii=rnd.random() < 0.5))
        elif k == 4:                # deep nesting, duplicates, odd JSON
            out.append(rnd.choice([
                "[" * 5000 + "]" * 5000, '{"a":' * 2000 + "1" + "}" * 2000,
                json.dumps(rec)[:-1] + ',"client":"9.9.9.9"}',
                json.dumps(rec).replace(":", ": \t\n", 3),
                json.dumps(rec) + " trailing", "\ufeff" + json.dumps(rec),
                json.dumps(rec).replace('"', "'"), "{}", "null", "\x00" * 10]))
        else:                       # an oversized record
            rec["uri"] = "/" + "A" * rnd.choice([5000, 70000, 1 << 20])
            out.append(json.dumps(rec))
    return out


CLEAN = re.compile(rb"^[\t\n\x20-\x7e]*$")


def check_firewall(text):
    """Every firewall line names one valid address, and nothing else."""
    bad = []
    pats = [r"^iptables -I INPUT -s (\S+) -j DROP$",
            r"^ip6tables -I INPUT -s (\S+) -j DROP$",
            r"^nft add rule inet filter input ip6? saddr (\S+) drop$",
            r"^ipset add logwatch[46] (\S+) -exist$"]
    for line in text.splitlines():
        if not re.match(r"^(iptables|ip6tables|nft|ipset) ", line):
            continue
        m = None
        for p in pats:
            m = re.match(p, line)
            if m:
                break
        if m is None:
            if not re.match(r"^(ipset create logwatch[46] hash:ip family "
                            r"inet6? -exist|ip6?tables -C INPUT -m set "
                            r"--match-set logwatch[46] src -j DROP 2>/dev/null"
                            r" \|\| ip6?tables -I INPUT -m set --match-set "
                            r"logwatch[46] src -j DROP|nft .*)$", line):
                bad.append(line)
            continue
        try:
            ipaddress.ip_address(m.group(1))
        except ValueError:
            bad.append(line)
    return bad


def check_secrules(text):
    """Every SecRule line has exactly its quoted arguments: the quotes
    inside them escaped, nothing after the action list."""
    bad = []
    arg = r'"(?:[^"\\]|\\.)*"'
    for line in text.splitlines():
        s = line.strip()
        if not s.startswith("SecRule "):
            continue
        if not re.match(r"^SecRule [A-Z_|]+ %s %s$" % (arg, arg), s):
            bad.append(line)
        # the action list (last argument) is ours alone
        args = re.findall(arg, s)
        if not args or re.search(r"allow|pass|ctl:|SecRuleEngine", args[-1]):
            bad.append(line)
    return bad
