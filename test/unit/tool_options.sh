#!/bin/sh
# The command lines of logwatch-scan and logwatch-summarize: every option
# spelling of their --help and man pages (--opt VALUE, --opt=VALUE, -j N,
# -jN), '-' for stdin, options after file arguments, '--', and the messages
# and exit codes of unknown options and missing values.
# Run by `make check` from the build directory (LW_SRCDIR: the source tree).
set -u
SRC=$(cd "${LW_SRCDIR:-.}" && pwd)
SCAN=$(pwd)/${LW_SCAN:-logwatch-scan}
SUM=$(pwd)/${LW_SUMMARIZE:-logwatch-summarize}
RULES=$SRC/test/unit/data/scan_test.rules
CORPUS=${LW_CORPUS:-$SRC/../shared/corpus}
SEED=$CORPUS/seed/seed_requests.log
FMT='%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %{UNIQUE_ID}e "%{X-Other}i"'
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if "$@"; then ok; else bad "$*"; fi; }
# run EXPECTED_RC OUTFILE CMD...: stdout to OUTFILE, stderr to OUTFILE.err
run() {
    want=$1 out=$2
    shift 2
    "$@" >"$out" 2>"$out.err" </dev/null
    rc=$?
    if [ $rc -eq "$want" ]; then ok; else bad "rc $rc (want $want): $*"; fi
}

if [ ! -f "$SEED" ]; then
    echo "tool_options.sh: no seed corpus at $SEED" >&2
    exit 1
fi
SEEDCOPY=$T/seed.log
cp "$SEED" "$SEEDCOPY"

# ------------------------------------------------------------ logwatch-scan
run 0 "$T/base" "$SCAN" --format "$FMT" --default-signatures "$RULES" \
    --host hx "$SEEDCOPY"
check grep -qx 'logwatch-scan: 9 lines, 9 flagged, 0 malformed' "$T/base.err"
check [ "$(grep -c '"host":"hx"' "$T/base")" -eq 9 ]

# the same records whatever the spelling or the place of the options
same_scan() {
    name=$1
    shift
    run 0 "$T/$name" "$@"
    if cmp -s "$T/base" "$T/$name"; then ok; else bad "scan output differs: $*"; fi
}
same_scan eq "$SCAN" --format="$FMT" --default-signatures="$RULES" \
    --host=hx "$SEEDCOPY"
same_scan after "$SCAN" "$SEEDCOPY" --format "$FMT" \
    --default-signatures "$RULES" --host hx
same_scan between "$SCAN" --format "$FMT" "$SEEDCOPY" \
    --default-signatures="$RULES" --host hx
same_scan sigs "$SCAN" --format "$FMT" --default-signatures none \
    --signatures "$RULES" --host hx "$SEEDCOPY"
same_scan sigseq "$SCAN" --format "$FMT" --default-signatures=none \
    --signatures="$RULES" --host hx "$SEEDCOPY"
for j in -j2 '-j 2' -j=2 '--jobs 2' --jobs=2; do
    # shellcheck disable=SC2086
    same_scan "j$pass" "$SCAN" --format "$FMT" --default-signatures "$RULES" \
        --host hx $j "$SEEDCOPY"
    # shellcheck disable=SC2086
    same_scan "ja$pass" "$SCAN" --format "$FMT" --default-signatures "$RULES" \
        --host hx "$SEEDCOPY" $j
done
same_scan limits "$SCAN" --format "$FMT" --default-signatures "$RULES" \
    --host hx --max-inspect 8192 --max-record 65536 --memo 0 "$SEEDCOPY"
same_scan limitseq "$SCAN" --format "$FMT" --default-signatures "$RULES" \
    --host hx --max-inspect=8192 --max-record=65536 --memo=1048576 "$SEEDCOPY"
# '-' is stdin, alone, between files, and as no file at all
"$SCAN" --format "$FMT" --default-signatures "$RULES" --host hx - \
    <"$SEEDCOPY" >"$T/stdin" 2>/dev/null
check cmp -s "$T/base" "$T/stdin"
"$SCAN" --format "$FMT" --default-signatures "$RULES" --host hx \
    <"$SEEDCOPY" >"$T/nofile" 2>/dev/null
check cmp -s "$T/base" "$T/nofile"
"$SCAN" - --format "$FMT" --default-signatures "$RULES" --host hx -j2 \
    <"$SEEDCOPY" >"$T/stdinj" 2>/dev/null
check cmp -s "$T/base" "$T/stdinj"
"$SCAN" "$SEEDCOPY" - "$SEEDCOPY" --format "$FMT" --default-signatures "$RULES" \
    --host hx <"$SEEDCOPY" >"$T/three" 2>"$T/three.err"
check grep -qx 'logwatch-scan: 27 lines, 27 flagged, 0 malformed' "$T/three.err"
cat "$T/base" "$T/base" "$T/base" >"$T/base3"
check cmp -s "$T/base3" "$T/three"
# '--' ends the options: a file named like an option
cp "$SEEDCOPY" "$T/-j2"
(cd "$T" && "$SCAN" --format "$FMT" --default-signatures "$RULES" --host hx \
    -- -j2 >"$T/dd" 2>/dev/null)
check cmp -s "$T/base" "$T/dd"
# values that look like options or like '-'
run 0 "$T/hostdash" "$SCAN" --format "$FMT" --default-signatures "$RULES" \
    --host - "$SEEDCOPY"
check [ "$(grep -c '"host":"-"' "$T/hostdash")" -eq 9 ]
run 0 "$T/hostopt" "$SCAN" --format "$FMT" --default-signatures "$RULES" \
    --host --memo "$SEEDCOPY"
check [ "$(grep -c '"host":"--memo"' "$T/hostopt")" -eq 9 ]
# --min-score takes effect in both spellings
for m in '--min-score 1000000' --min-score=1000000; do
    # shellcheck disable=SC2086
    run 0 "$T/min" "$SCAN" --format "$FMT" --default-signatures "$RULES" \
        $m "$SEEDCOPY"
    check grep -qx 'logwatch-scan: 9 lines, 0 flagged, 0 malformed' "$T/min.err"
done
# help
for h in --help -h; do
    run 0 "$T/help" "$SCAN" $h
    check grep -q '^usage: logwatch-scan' "$T/help.err"
    check grep -q -- '--max-record' "$T/help.err"
done
# unknown options: exit 2, the message and the usage, never opened as a file
for u in --no-such -x --formatx --jobsx "$SEEDCOPY --bogus" --help=1; do
    # shellcheck disable=SC2086
    run 2 "$T/unk" "$SCAN" --default-signatures "$RULES" $u
    check [ ! -s "$T/unk" ]
    check grep -q '^usage: logwatch-scan' "$T/unk.err"
    check grep -q '^logwatch-scan: unknown option -' "$T/unk.err"
done
run 2 "$T/unk" "$SCAN" --default-signatures "$RULES" "$SEEDCOPY" --bogus
check grep -qx 'logwatch-scan: unknown option --bogus' "$T/unk.err"
run 2 "$T/unk" "$SCAN" --default-signatures "$RULES" -jx "$SEEDCOPY"
check [ ! -s "$T/unk" ]
# missing values: exit 2 and which option
for o in --format --signatures --default-signatures --host --min-score \
         --max-inspect --max-record --memo -j --jobs; do
    run 2 "$T/miss" "$SCAN" --default-signatures "$RULES" "$SEEDCOPY" "$o"
    check [ ! -s "$T/miss" ]
    check grep -qx -- "logwatch-scan: $o needs a value" "$T/miss.err"
done
# bad numbers: exit 2, the option and the value
for o in '-j 0' -j0 -j=x '--jobs 99999' '--min-score zero' \
         '--max-record 10' '--memo -1'; do
    # shellcheck disable=SC2086
    run 2 "$T/num" "$SCAN" --default-signatures "$RULES" $o "$SEEDCOPY"
    check [ ! -s "$T/num" ]
    check grep -q 'not a number from' "$T/num.err"
done

# ------------------------------------------------------ logwatch-summarize
RECS=$T/records.json
cp "$T/base" "$RECS"
# the report without its generation time, which moves with the clock
sum_json() { sed 's/"generated":"[^"]*"//' "$1"; }
run 0 "$T/sbase" "$SUM" --format json "$RECS"
sum_json "$T/sbase" >"$T/sbase.n"
check grep -q '"attacks":9,' "$T/sbase.n"
same_sum() {
    name=$1
    shift
    run 0 "$T/$name" "$@"
    sum_json "$T/$name" >"$T/$name.n"
    if cmp -s "$T/sbase.n" "$T/$name.n"; then ok
    else bad "summarize output differs: $*"; fi
}
same_sum eq "$SUM" --format=json "$RECS"
same_sum after "$SUM" "$RECS" --format json
same_sum aftereq "$SUM" "$RECS" --format=json
same_sum dd "$SUM" --format json -- "$RECS"
same_sum opts "$SUM" --format json --threads 1 --top 5 --threshold 3 \
    --disk-threshold 90 --secrule-id-base 99000 --whois-timeout 5 \
    --whois-budget 60 --alert-sources 2 --from a@example.org \
    --report-to b@example.org --sendmail /bin/false "$RECS"
same_sum optseq "$SUM" "$RECS" --format=json --threads=1 --top=5 --threshold=3 \
    --disk-threshold=90 --secrule-id-base=99000 --whois-timeout=5 \
    --whois-budget=60 --alert-sources=2 --from=a@example.org \
    --report-to=b@example.org --sendmail=/bin/false
"$SUM" --format json - <"$RECS" >"$T/sstdin" 2>/dev/null
sum_json "$T/sstdin" >"$T/sstdin.n"
check cmp -s "$T/sbase.n" "$T/sstdin.n"
"$SUM" - --format json <"$RECS" >"$T/sstdin2" 2>/dev/null
sum_json "$T/sstdin2" >"$T/sstdin2.n"
check cmp -s "$T/sbase.n" "$T/sstdin2.n"
"$SUM" --format json <"$RECS" >"$T/snofile" 2>/dev/null
sum_json "$T/snofile" >"$T/snofile.n"
check cmp -s "$T/sbase.n" "$T/snofile.n"
# '-' between files: every input read
"$SUM" --format json "$RECS" - "$RECS" <"$RECS" >"$T/s3" 2>/dev/null
check grep -q '"input":{"lines":27,' "$T/s3"
# options that change the report, in both spellings and after the file
for o in '--since 2011-06-22' --since=2011-06-22; do
    # shellcheck disable=SC2086
    run 0 "$T/win" "$SUM" --format json "$RECS" $o
    check grep -q '"out_of_window":1,' "$T/win"
done
for o in '--until 2011-06-22' --until=2011-06-22; do
    # shellcheck disable=SC2086
    run 0 "$T/win" "$SUM" "$RECS" --format json $o
    check grep -q '"out_of_window":8,' "$T/win"
done
for o in '--ignore-net 174.121.218.0/24' --ignore-net=174.121.218.0/24; do
    # shellcheck disable=SC2086
    run 0 "$T/ign" "$SUM" "$RECS" --format json $o
    check grep -q '"ignored":6}' "$T/ign"
done
echo 'LogWatchIgnoreNet 174.121.218.0/24' >"$T/nets.conf"
for o in "--ignore-net-from $T/nets.conf" "--ignore-net-from=$T/nets.conf"; do
    # shellcheck disable=SC2086
    run 0 "$T/ign" "$SUM" "$RECS" --format json $o
    check grep -q '"ignored":6}' "$T/ign"
done
for o in "--output $T/rep.txt" "--output=$T/rep.txt"; do
    rm -f "$T/rep.txt"
    # shellcheck disable=SC2086
    run 0 "$T/outp" "$SUM" "$RECS" $o
    check [ ! -s "$T/outp" ]
    check grep -q '^Attacks: 9 from 3 sources' "$T/rep.txt"
done
for o in '--format html' --format=html; do
    # shellcheck disable=SC2086
    run 0 "$T/html" "$SUM" $o "$RECS"
    check grep -qi '<html' "$T/html"
done
for o in '--firewall iptables' --firewall=iptables; do
    # shellcheck disable=SC2086
    run 0 "$T/fw" "$SUM" "$RECS" $o
    check grep -q 'iptables' "$T/fw"
done
for o in "--disk $T" "--disk=$T"; do
    # shellcheck disable=SC2086
    run 0 "$T/disk" "$SUM" "$RECS" $o
    check grep -q "$T" "$T/disk"
done
run 0 "$T/ms" "$SUM" "$RECS" --modsecurity
check grep -q 'SecRule' "$T/ms"
echo '1.2.3.4 - - [22/Jun/2011:13:00:00 -0400] "GET / HTTP/1.1" 200 1' \
    >"$T/benign.log"
run 0 "$T/ben1" "$SUM" "$RECS" --modsecurity --benign "$T/benign.log"
run 0 "$T/ben2" "$SUM" --benign="$T/benign.log" "$RECS" --modsecurity
sed 1d "$T/ben1" >"$T/ben1.n"
sed 1d "$T/ben2" >"$T/ben2.n"
check cmp -s "$T/ben1.n" "$T/ben2.n"
check grep -q 'SecRule' "$T/ben1"
# --help and --version on stdout
run 0 "$T/shelp" "$SUM" --help
check grep -q '^usage: logwatch-summarize' "$T/shelp"
run 0 "$T/sver" "$SUM" "$RECS" --version
check grep -q '^logwatch-summarize [0-9]' "$T/sver"
# single-dash words other than '-' are unknown options, never files
for u in -h -x -j2; do
    run 2 "$T/sunk" "$SUM" "$RECS" "$u"
    check [ ! -s "$T/sunk" ]
    check grep -qx -- "logwatch-summarize: unknown option $u" "$T/sunk.err"
    check grep -q '^usage: logwatch-summarize' "$T/sunk.err"
done
# unknown long options and missing values: exit 2, the option, the usage
for o in --bogus --formatx --format --output --since --until --top \
         --threads --disk --disk-threshold --threshold --firewall --benign \
         --secrule-id-base --ignore-net --ignore-net-from --abuse-reports \
         --whois-server --abuse-map --whois-cache --state --sendmail --from \
         --client-alerts --alert-sources --contacts --report-to \
         --whois-timeout --whois-budget; do
    run 2 "$T/smiss" "$SUM" "$RECS" "$o"
    check [ ! -s "$T/smiss" ]
    check grep -qx -- "logwatch-summarize: unknown option or missing value: $o" \
        "$T/smiss.err"
    check grep -q '^usage: logwatch-summarize' "$T/smiss.err"
done
# a value given to a flag is refused, not ignored
for o in --modsecurity=1 --send=no --help=1; do
    run 2 "$T/sflag" "$SUM" "$RECS" "$o"
    check [ ! -s "$T/sflag" ]
    check grep -qx -- "logwatch-summarize: ${o%%=*} takes no value: $o" \
        "$T/sflag.err"
done
# bad values: exit 2 and what is wanted
for o in '--format xml' '--threads 3' '--top x' '--firewall pf' \
         '--ignore-net 1.2.3.4/99' '--since someday'; do
    # shellcheck disable=SC2086
    run 2 "$T/sbad" "$SUM" "$RECS" $o
    check [ ! -s "$T/sbad" ]
    check grep -q '^logwatch-summarize: --' "$T/sbad.err"
done
# '--' ends the options: a file named like an option
cp "$RECS" "$T/--top"
(cd "$T" && "$SUM" --format json -- --top >"$T/sdd" 2>/dev/null)
sum_json "$T/sdd" >"$T/sdd.n"
check cmp -s "$T/sbase.n" "$T/sdd.n"

echo "tool_options.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
