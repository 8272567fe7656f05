#!/bin/sh
# The core must stay free of httpd headers: the tools link it without httpd.
dir="${LW_SRCDIR:-.}/mod_logwatch/core"
bad=$(grep -lE '#[[:space:]]*include[[:space:]]*[<"](httpd|http_[a-z_]+|ap_[a-z_]+|util_[a-z_]+|mod_[a-z_]+)\.h' "$dir"/*.[ch] 2>/dev/null)
if [ -n "$bad" ]; then
    echo "httpd headers included in the core: $bad"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "1 passed, 0 failed"
