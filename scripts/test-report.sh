#!/bin/bash
# The report's tests, on their own: its unit tests (test/unit/test_report,
# test_sum_agg) and test_report_browser.py (the three formats of a fixed
# day of records, and chromium rendering the HTML report headless; the
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
    test/integration/test_report_browser.py
