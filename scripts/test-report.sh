#!/bin/bash
# The report's tests, on their own: the unit tests of the report
# (test/unit/test_report) and its integration tests, chromium rendering
# the HTML report headless among them (test_report_browser.py; the
# screenshot is left in build/test-artifacts/report.png).
#   bash scripts/test-report.sh
# Installs what they need (scripts/deps.sh: chromium too) and builds in
# build/. scripts/test-all.sh runs them too, with everything else.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash scripts/deps.sh
sh scripts/build.sh "$top/build"
(cd build && make -s test/unit/test_report test/unit/test_sum_agg >/dev/null \
    && ./test/unit/test_report && ./test/unit/test_sum_agg)
LW_BUILDDIR="$top/build" LW_SRCDIR="$top" \
    exec /usr/bin/python3 -m pytest -q -p no:cacheprovider \
    test/integration/test_report_browser.py \
    test/integration/test_summarize_report.py
