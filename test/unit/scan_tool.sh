#!/bin/sh
# logwatch-scan end to end: the seed's nine requests, gzip and stdin input,
# malformed and overlong lines, the record size cap, -j, and the exit codes.
# Run by `make check` from the build directory (LW_SRCDIR: the source tree).
set -u
SRC=${LW_SRCDIR:-.}
SCAN=${LW_SCAN:-./logwatch-scan}
RULES=$SRC/test/unit/data/scan_test.rules
CORPUS=${LW_CORPUS:-$SRC/../shared/corpus}
SEED=$CORPUS/seed/seed_requests.log
FMT='%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %{UNIQUE_ID}e "%{X-Other}i"'
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if "$@"; then ok; else bad "$*"; fi; }

if [ ! -f "$SEED" ]; then
    echo "scan_tool.sh: no seed corpus at $SEED" >&2
    exit 1
fi

# 1. the seed: nine records, valid JSON, the expected categories in order
"$SCAN" --format "$FMT" --default-signatures "$RULES" --host testhost "$SEED" \
    >"$T/out" 2>"$T/err"
check [ $? -eq 0 ]
check grep -qx 'logwatch-scan: 9 lines, 9 flagged, 0 malformed' "$T/err"
check "$PY" - "$T/out" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
want = [["sqli"]] + [["lfi"]] * 5 + [["rfi"]] * 3
assert [r["categories"] for r in recs] == want, [r["categories"] for r in recs]
assert recs[0]["client"] == "91.224.160.60" and recs[0]["vhost"] == "domain1.com"
assert recs[0]["time"] == "2011-06-21T11:56:40.000000-04:00"
assert recs[0]["request_id"] == "TgC-OK3By8sACPOAAFA" and "request_id" not in recs[2]
assert all(r["host"] == "testhost" and r["verdict"] == "error" and
           r["status"] == 500 and r["bytes"] == 3506 for r in recs)
assert recs[0]["user_agent"] == "Python-urllib/2.7"
assert [r.get("tool") for r in recs].count("libwww-perl") == 6
PY

# 2. gzip and standard input give the same records
gzip -c "$SEED" >"$T/seed.gz"
"$SCAN" --format "$FMT" --default-signatures "$RULES" --host testhost "$T/seed.gz" \
    >"$T/out.gz" 2>/dev/null
check cmp -s "$T/out" "$T/out.gz"
"$SCAN" --format "$FMT" --default-signatures "$RULES" --host testhost - \
    <"$T/seed.gz" >"$T/out.stdin" 2>/dev/null
check cmp -s "$T/out" "$T/out.stdin"

# 3. malformed, empty, overlong (100 KB) and CRLF lines; a last line with no
#    newline
{
    echo "garbage"
    echo
    head -c 100000 /dev/zero | tr '\0' 'x'; echo
    head -1 "$SEED" | sed 's/$/\r/'
    head -1 "$SEED" | tr -d '\n'
} >"$T/mixed"
"$SCAN" --format "$FMT" --default-signatures "$RULES" "$T/mixed" >"$T/out" 2>"$T/err"
check [ $? -eq 0 ]
check grep -qx 'logwatch-scan: 5 lines, 2 flagged, 3 malformed' "$T/err"

# 4. the record cap: a 20 KB URI and user agent stay within --max-record
"$PY" - "$SEED" "$T/long" <<'PY'
import sys
line = open(sys.argv[1]).readline()
line = line.replace("limit+0,1--", "limit+0,1--" + "A" * 20000)
line = line.replace("Python-urllib/2.7", "Python-urllib/2.7" + "\\x1b" * 5000)
open(sys.argv[2], "w").write(line)
PY
for max in 512 4096; do
    "$SCAN" --format "$FMT" --default-signatures "$RULES" --max-record $max "$T/long" \
        >"$T/out" 2>/dev/null
    check "$PY" - "$T/out" $max <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
assert data.count(b"\n") == 1 and len(data) <= int(sys.argv[2]), len(data)
r = json.loads(data)
# fields longer than the inspection length: their tails unread, the
# evasion signal (800000, category protocol) besides the attack
assert r["categories"] == ["sqli", "protocol"] and r["status"] == 500, r
assert 800000 in [h["id"] for h in r["rules"]], r
assert r.get("uri", "...[cut]").endswith("...[cut]")
PY
done

# 5. -j: threads give the same records in the same order (3,000 lines cut
#    into parts of ~250 KB, so the threads really run)
i=0
while [ $i -lt 333 ]; do cat "$SEED"; i=$((i + 1)); done >"$T/many"
"$SCAN" --format "$FMT" --default-signatures "$RULES" "$T/many" >"$T/j1" 2>"$T/err1"
"$SCAN" --format "$FMT" --default-signatures "$RULES" -j 3 "$T/many" >"$T/j3" 2>"$T/err3"
check [ $? -eq 0 ]
check cmp -s "$T/j1" "$T/j3"
check cmp -s "$T/err1" "$T/err3"
check grep -qx 'logwatch-scan: 2997 lines, 2997 flagged, 0 malformed' "$T/err3"
# every flagged line has its record: none lost on the way out
check [ "$(wc -l <"$T/j1")" -eq 2997 ]
check [ "$(wc -l <"$T/j3")" -eq 2997 ]

# 5b. long lines: a request httpd served and the module flagged can log a
#     line of 70 KB and more (2,000 bytes logged as \xff, long User-Agent
#     and Referer). It is classified like any other (the engine inspects
#     each field up to the inspection length, as the module does, and a
#     field cut there gets the evasion signal) and counted as long, not
#     malformed; a line over the 1 MiB held is
#     classified on its first MiB.
"$PY" - "$SEED" "$T/longlines" <<'PY'
import sys
line = open(sys.argv[1]).readline().rstrip("\n")
q = "limit+0,1--"
a = line.replace(q, q + "\\xff" * 2000)
a = a.replace('"-" "Python-urllib/2.7"',
              '"http://ref.example/' + "r" * 30000 + '" "Mozilla/5.0 ' +
              "u" * 35000 + '"')
assert 73000 < len(a) < 74000, len(a)
b = line.replace('"Python-urllib/2.7"', '"' + "u" * (1200 * 1024) + '"')
open(sys.argv[2], "w").write(a + "\n" + b + "\n" + line + "\n")
PY
"$SCAN" --format "$FMT" --default-signatures "$RULES" "$T/longlines" >"$T/out" 2>"$T/err"
check [ $? -eq 0 ]
check grep -qx 'logwatch-scan: 3 lines, 3 flagged, 0 malformed, 2 long' "$T/err"
check "$PY" - "$T/out" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert [r["categories"] for r in recs] == [["sqli", "protocol"]] * 2 + [["sqli"]], recs
assert [800000 in [h["id"] for h in r["rules"]] for r in recs] == [True, True, False]
assert all("UNION+SELECT" in r["uri"] for r in recs)
assert recs[0]["client"] == "91.224.160.60" and recs[1]["status"] == 500
PY
# -j gives the same
"$SCAN" --format "$FMT" --default-signatures "$RULES" -j 2 "$T/longlines" >"$T/outj" 2>"$T/errj"
check cmp -s "$T/out" "$T/outj"
check cmp -s "$T/err" "$T/errj"

# 6. exit codes and messages
"$SCAN" --default-signatures "$RULES" "$T/does-not-exist" >/dev/null 2>"$T/err"
check [ $? -eq 1 ]
check grep -q 'does-not-exist' "$T/err"
head -c 300 "$T/seed.gz" >"$T/trunc.gz"
"$SCAN" --default-signatures "$RULES" "$T/trunc.gz" >/dev/null 2>/dev/null
check [ $? -eq 1 ]
printf 'rule 7\n  category sqli\n' >"$T/bad.rules"
"$SCAN" --default-signatures "$T/bad.rules" "$SEED" >/dev/null 2>"$T/err"
check [ $? -eq 2 ]
check grep -q 'bad.rules:[0-9]' "$T/err"
"$SCAN" --format '%h %Q' --default-signatures "$RULES" "$SEED" >/dev/null 2>"$T/err"
check [ $? -eq 2 ]
check grep -q '%Q' "$T/err"
"$SCAN" --no-such-option >/dev/null 2>&1
check [ $? -eq 2 ]
"$SCAN" --min-score zero >/dev/null 2>&1
check [ $? -eq 2 ]
"$SCAN" -j 0 >/dev/null 2>&1
check [ $? -eq 2 ]

echo "scan_tool.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
