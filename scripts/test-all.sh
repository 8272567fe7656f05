#!/bin/bash
# Set up and run every test: C unit tests (make check) and the integration
# tests against a real httpd, first in a normal build, then in a build with
# AddressSanitizer and UBSan (httpd loading the sanitized module), then a
# short run of each fuzz harness.
#   scripts/test-all.sh                  everything
#   LW_SKIP_ASAN=1 scripts/test-all.sh   skip the sanitizer pass
#   LW_FUZZ_SECONDS=N                    seconds per fuzz harness (10)
#   LW_PYTEST_ARGS="-k EXPR"             a part of the integration tests only
#   LW_PYTEST_JOBS=N                     integration test processes (3; 1: one)
# Every phase's exit status counts, every test's log is read wherever it
# lives, a missing log or result line is a failure, and so is any skip or
# xfail that test/skips.allowed does not list (the listed ones are printed
# with their reason). The last line is "total: N passed, N failed, N skipped";
# the exit status is non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
pass=0; fail=0; skip=0; xfail=0
failures=()
failed() {       # failed WHAT: one more failure, remembered for the end
    echo "FAIL: $*"; fail=$((fail + 1)); failures+=("$*")
}
add_counts() {   # add_counts PHASE-NAME < output of test-results.py
    local line p f s x
    line=$(grep -E '^counts: [0-9]+ [0-9]+ [0-9]+ [0-9]+$' | tail -1)
    if [ -z "$line" ]; then
        failed "$1: no counts from test-results.py"; return
    fi
    read -r _ p f s x <<<"$line"
    pass=$((pass + p)); skip=$((skip + s)); xfail=$((xfail + x))
    fail=$((fail + f))
    [ "$f" -eq 0 ] || failures+=("$1: $f failed")
}

if ! bash scripts/deps.sh; then
    failed "deps.sh: the test dependencies are not installed"
    echo "total: $pass passed, $fail failed"; exit 1
fi

echo "== commits"
if bash scripts/check-commits; then
    pass=$((pass + 1))
else
    failed "check-commits: a commit changes rules and the reviewed lists together"
fi

run_suite() {    # run_suite PHASE BUILDDIR [configure args]
    local name=$1 bdir=$2 tests st res before; shift 2
    echo "== $name: build"
    if ! sh scripts/build.sh "$bdir" "$@"; then
        failed "$name: build failed"; return
    fi
    echo "== $name: unit tests (make check)"
    # every test make check runs, wherever it lives in the tree
    tests=$(make -s -C "$bdir" -f Makefile -f - lw-print-tests <<'EOF'
lw-print-tests:
	@echo $(TESTS)
EOF
)
    # a log left by an earlier run must not stand for a test that did not
    # build this time
    for t in $tests; do rm -f "$bdir/$t.log" "$bdir/$t.trs"; done
    before=$fail
    (cd "$bdir" && make check -j"$(nproc)" >check.out 2>&1)
    st=$?
    res=$(/usr/bin/python3 scripts/test-results.py unit "$name" "$bdir" $tests)
    echo "$res" | grep -v '^counts: '
    add_counts "$name: make check" <<<"$res"
    if [ "$st" -ne 0 ]; then
        grep -aE '^(FAIL|ERROR|XPASS):|error:|Error [0-9]+' "$bdir/check.out" | head -20
        # a failure of its own unless the tests' failures already say it
        if [ "$fail" -eq "$before" ]; then
            failed "$name: make check exited $st (see $bdir/check.out)"
        else
            echo "$name: make check exited $st"
        fi
    fi
    # the tests are code too: -Wall -Wextra clean like the build
    if grep -aq 'warning:' "$bdir/check.out"; then
        grep -a 'warning:' "$bdir/check.out" | sort -u | head -20
        failed "$name: compiler warnings building the tests (see $bdir/check.out)"
    fi
    echo "== $name: integration tests"
    rm -f "$bdir/pytest.xml"
    before=$fail
    # Most of a test's time is spent waiting for httpd to start, restart
    # and stop, so three processes share two cores well; a test file stays
    # in one process (its module fixtures, and the package test's system
    # apache2, are set up once).
    jobs=${LW_PYTEST_JOBS:-3}
    if [ "$jobs" -gt 1 ]; then jobs="-n $jobs --dist loadfile"; else jobs=""; fi
    LW_BUILDDIR="$bdir" LW_SRCDIR="$top" /usr/bin/python3 -m pytest -q -p no:cacheprovider \
        $jobs -rsx --junitxml="$bdir/pytest.xml" ${LW_PYTEST_ARGS:-} test/integration >"$bdir/pytest.out" 2>&1
    st=$?
    grep -av "^NOT CHECKED: " "$bdir/pytest.out" | tail -25
    # checks a test could not make in this build (memory bounds under ASan)
    grep -a '^NOT CHECKED: ' "$bdir/pytest.out" | sort -u | sed 's/^/  /'
    res=$(/usr/bin/python3 scripts/test-results.py pytest "$name" "$bdir/pytest.xml")
    echo "$res" | grep -v '^counts: '
    add_counts "$name: pytest" <<<"$res"
    # 1 failures, 2 interrupted, 3 internal error, 4 usage, 5 no tests
    if [ "$st" -ne 0 ]; then
        if [ "$fail" -eq "$before" ]; then
            failed "$name: pytest exited $st (see $bdir/pytest.out)"
        else
            echo "$name: pytest exited $st"
        fi
    fi
}

run_suite "normal" "$top/build"
if [ -z "${LW_SKIP_ASAN:-}" ]; then
    # httpd itself is not instrumented: the ASan runtime must be preloaded
    # into it (the integration harness does so when LW_ASAN is set).
    export LW_ASAN=1
    export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    run_suite "asan" "$top/build-asan" --enable-sanitizers
    unset LW_ASAN
else
    echo "== asan: not run (LW_SKIP_ASAN is set)"
fi
# libFuzzer harnesses of the core (clang), a short run each; the full
# runs are scripts/reliability-full's.
echo "== fuzzing"
if bash scripts/fuzz-all "${LW_FUZZ_SECONDS:-10}"; then
    pass=$((pass + 1))
else
    failed "fuzzing: a harness failed or did not build"
fi
echo
[ "${#failures[@]}" -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
[ "$xfail" -eq 0 ] || echo "xfailed: $xfail (listed in test/skips.allowed)"
echo "total: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
