#!/bin/bash
# The demo, for a fresh Debian 12 machine (as root, in the repository):
#   bash scripts/demo.sh
# installs what it needs, builds out of tree in build/, starts a private
# httpd with mod_logwatch on a free 127.0.0.1 port, replays the nine attack
# requests of the seed (../shared/corpus/seed/seed_requests.log) with their
# Host, User-Agent and source address (X-Forwarded-For, trusted through
# mod_remoteip), then one seed-style traversal against a deliberately
# vulnerable demo page (test/integration/leak/vuln.cgi) that really returns
# /etc/passwd, prints the attack log, summarises it with
# logwatch-summarize when that is built (the breach first, with its
# evidence), and stops httpd.
# Environment: LW_SHARED (corpus parent, default ../shared), LW_MPM (event).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bdir="$top/build"
py=/usr/bin/python3

say() { printf '\n== %s\n' "$*"; }

# 1. packages
sh scripts/deps.sh --build

# 2. build (out of tree)
say "building in $bdir"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
    autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "$bdir"
(
    cd "$bdir"
    if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
        "$top/configure" --with-apxs="$(command -v apxs || command -v apxs2)" \
            >configure.out 2>&1 || { tail -30 configure.out; exit 1; }
    fi
    # everything if it builds; the module alone is enough for the demo
    make -j"$(nproc)" >make.out 2>&1 || {
        echo "demo: full build failed (see $bdir/make.out); building the module only"
        make -j"$(nproc)" mod_logwatch.la >>make.out 2>&1 \
            || { grep -E 'error' make.out | head -20; exit 1; }
    }
)
ls -l "$bdir/.libs/mod_logwatch.so"

# 3. the seed
export LW_BUILDDIR="$bdir" LW_SRCDIR="$top"
export LW_SHARED="${LW_SHARED:-$(cd "$top/.." && pwd)/shared}"
seed="$LW_SHARED/corpus/seed/seed_requests.log"
[ -f "$seed" ] || { echo "demo: seed not found at $seed (set LW_SHARED)" >&2; exit 1; }

# 4. a private httpd (ServerRoot in /tmp so the unprivileged children can
# read it wherever the repository lives)
helper="$top/test/integration/lwhttpd.py"
say "starting a private httpd (${LW_MPM:-event} MPM) with mod_logwatch"
root=$("$py" "$helper" start --mpm "${LW_MPM:-event}")
trap '"$py" "$helper" stop --root "$root" || true; rm -rf "$root"' EXIT
echo "ServerRoot $root, listening on 127.0.0.1:$(cat "$root/run/port")"
grep -h "LW0000" "$root/logs/error.log" || true

# 5. replay
say "replaying the seed's nine requests ($seed)"
"$py" "$helper" replay-seed --root "$root"

say "a breach: a seed-style traversal against a vulnerable demo page"
"$py" "$helper" breach --root "$root" \
    || echo "demo: the breach was not recorded as leaked" >&2

say "attack log ($root/logs/attack.log): one JSON record per line"
cat "$root/logs/attack.log"
echo
total=$(wc -l <"$root/logs/attack.log")
events=$(grep -c '"categories":\["threshold"\]' "$root/logs/attack.log" || true)
leaked=$(grep -c '"verdict":"leaked"' "$root/logs/attack.log" || true)
echo "records: $((total - events - leaked)) attack records for the seed's" \
     "nine requests, $leaked for the breach (verdict leaked, with its" \
     "evidence), $events threshold event(s) (a source crossing" \
     "LogWatchThreshold)"
echo "access log lines marked by the LOGWATCH note (%{LOGWATCH}n):"
awk -F'"' '{ printf "  %-13s %s\n", $(NF-1), substr($2, 1, 90) }' \
    "$root/logs/flagged.log"
cp "$root/logs/attack.log" "$bdir/demo-attack.log"

# 6. summary
if [ -x "$bdir/logwatch-summarize" ]; then
    say "logwatch-summarize $bdir/demo-attack.log"
    "$bdir/logwatch-summarize" "$bdir/demo-attack.log" || true
else
    echo "(logwatch-summarize not built: no summary)"
fi

# 7. stop (the trap), keep a copy of the log
say "stopping httpd; the attack log is kept in $bdir/demo-attack.log"
