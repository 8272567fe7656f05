#!/bin/bash
# The ban tools' and the metrics' tests, one part at a time, with the real
# programs (Fail2Ban, CrowdSec, Prometheus):
#   bash scripts/test-ban.sh fail2ban     fail2ban-regex and fail2ban-server
#   bash scripts/test-ban.sh crowdsec     crowdsec replay, cscli, Local API
#   bash scripts/test-ban.sh prometheus   promtool, a Prometheus scrape
# Installs what they need (scripts/deps.sh), builds in build/ and runs the
# part's integration tests against a private httpd with the module.
# scripts/test-all.sh runs them too, with everything else.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
case "${1:-}" in
    fail2ban|crowdsec|prometheus) ;;
    *) echo "usage: $0 fail2ban|crowdsec|prometheus" >&2; exit 2 ;;
esac
bash scripts/deps.sh
sh scripts/build.sh "$top/build"
LW_BUILDDIR="$top/build" LW_SRCDIR="$top" \
    exec /usr/bin/python3 -m pytest -q -p no:cacheprovider \
    "test/integration/test_$1.py"
