#!/bin/sh
# The default signatures load: every rule's match and nomatch examples are
# checked by the engine at load time (a failing example is a load error).
# Then the seed's nine attack requests must all be flagged.
# For `make check` (TESTS) or by hand: test/eval/check_signatures.sh [BUILDDIR]
set -eu
src=${LW_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bdir=${1:-.}
scan=$bdir/logwatch-scan
[ -x "$scan" ] || { echo "check_signatures: no $scan" >&2; exit 99; }
"$scan" --signatures "$src/conf/signatures" </dev/null >/dev/null
seed=$src/../shared/corpus/seed/seed_requests.log
if [ -f "$seed" ]; then
    n=$("$scan" --signatures "$src/conf/signatures" \
        --format '%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %{UNIQUE_ID}e "%{X-Other}i"' \
        "$seed" 2>/dev/null | wc -l)
    [ "$n" -eq 9 ] || { echo "check_signatures: $n of 9 seed requests flagged" >&2; exit 1; }
fi
echo "check_signatures: ok"
