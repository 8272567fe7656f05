#!/bin/bash
# Set up and run every test: C unit tests (make check) and the integration
# tests against a real httpd, first in a normal build, then in a build with
# AddressSanitizer and UBSan (httpd loading the sanitized module).
#   scripts/test-all.sh            everything
#   LW_SKIP_ASAN=1 scripts/test-all.sh   skip the sanitizer pass
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/deps.sh || exit 1

pass=0; fail=0
count_line() {   # add up "N passed", "N failed" and "N error(s)" in a line
    local p=0 f=0 n w
    for w in $(grep -oE '[0-9]+ (passed|failed|errors?)' <<<"$1" | tr ' ' ':'); do
        n=${w%%:*}
        case ${w#*:} in
            passed) p=$((p + n)) ;;
            *) f=$((f + n)) ;;
        esac
    done
    pass=$((pass + p)); fail=$((fail + f))
}

run_suite() {    # run_suite NAME BUILDDIR [configure args]
    local name=$1 bdir=$2; shift 2
    echo "== $name: build"
    if ! sh scripts/build.sh "$bdir" "$@"; then
        echo "$name: build failed"; fail=$((fail + 1)); return
    fi
    echo "== $name: unit tests"
    (cd "$bdir" && make check -j"$(nproc)" >check.out 2>&1)
    for log in "$bdir"/test/unit/*.log; do
        [ -f "$log" ] || continue
        line=$(grep -aE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
        if [ -z "$line" ]; then
            echo "  $(basename "$log" .log): no result line"; fail=$((fail + 1))
        else
            echo "  $(basename "$log" .log): $line"; count_line "$line"
        fi
    done
    grep -E '^(FAIL|ERROR):' "$bdir/check.out" && true
    echo "== $name: integration tests"
    local out
    out=$(LW_BUILDDIR="$bdir" LW_SRCDIR="$top" /usr/bin/python3 -m pytest -q -p no:cacheprovider \
          test/integration 2>&1 | tee "$bdir/pytest.out" | tail -40)
    echo "$out" | tail -25
    line=$(grep -aE '[0-9]+ (passed|failed|errors?)' "$bdir/pytest.out" | tail -1)
    if [ -z "$line" ]; then
        echo "$name: pytest gave no result line"; fail=$((fail + 1))
    else
        count_line "$line"
    fi
}

run_suite "normal build" "$top/build"
if [ -z "${LW_SKIP_ASAN:-}" ]; then
    # httpd itself is not instrumented: the ASan runtime must be preloaded
    # into it (the integration harness does so when LW_ASAN is set).
    export LW_ASAN=1
    export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    run_suite "ASan+UBSan build" "$top/build-asan" --enable-sanitizers
fi
# libFuzzer harnesses of the core (clang), a short run each; the full
# runs are scripts/reliability-full's.
echo "== fuzzing"
if bash scripts/fuzz-all "${LW_FUZZ_SECONDS:-10}"; then
    pass=$((pass + 1))
else
    echo "fuzzing: a harness failed"; fail=$((fail + 1))
fi
echo "total: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
