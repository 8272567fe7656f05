#!/bin/sh
# The default signatures load: every rule's match and nomatch examples are
# checked by the engine at load time (a failing example is a load error).
# Then the seed's nine attack requests must all be flagged.
# For `make check` (TESTS) or by hand: test/eval/check_signatures.sh [BUILDDIR]
set -u
src=${LW_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bdir=${1:-.}
scan=$bdir/logwatch-scan
corpus=${LW_CORPUS:-$src/../shared/corpus}
[ -x "$scan" ] || { echo "check_signatures: no $scan" >&2; exit 99; }
pass=0; fail=0
if "$scan" --default-signatures "$src/conf/signatures" </dev/null >/dev/null; then
    pass=$((pass + 1))
else
    echo "check_signatures: the default signatures do not load" >&2
    fail=$((fail + 1))
fi
seed=$corpus/seed/seed_requests.log
if [ -f "$seed" ]; then
    n=$("$scan" --default-signatures "$src/conf/signatures" \
        --format '%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %{UNIQUE_ID}e "%{X-Other}i"' \
        "$seed" 2>/dev/null | wc -l)
    if [ "$n" -eq 9 ]; then
        pass=$((pass + 1))
    else
        echo "check_signatures: $n of 9 seed requests flagged" >&2
        fail=$((fail + 1))
    fi
else
    # the corpus is part of the test set-up (../shared): without it this
    # check cannot run, which is a failure, not a pass
    echo "check_signatures: no seed at $seed (set LW_CORPUS)" >&2
    fail=$((fail + 1))
fi
echo "check_signatures: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
