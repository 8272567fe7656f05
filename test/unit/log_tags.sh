#!/bin/sh
# The module's error-log tags: every message starts with one through
# LOGWATCH_LOGNO (no tag written out in a string), each number is used
# once, and the list in mod_logwatch.h names exactly the tags in use.
dir="${LW_SRCDIR:-.}/mod_logwatch/httpd"
pass=0 fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

used=$(grep -ohE 'LOGWATCH_LOGNO\([0-9]{5}\)' "$dir"/*.c | grep -oE '[0-9]{5}' | sort)
[ -n "$used" ] || bad "no LOGWATCH_LOGNO in $dir"
dups=$(printf '%s\n' "$used" | uniq -d)
if [ -n "$dups" ]; then bad "tags used more than once: $(echo $dups)"; else pass=$((pass + 1)); fi

literal=$(grep -nE '"LW[0-9]{5}' "$dir"/*.c)
if [ -n "$literal" ]; then bad "tags written out instead of LOGWATCH_LOGNO: $literal"; else pass=$((pass + 1)); fi

listed=$(sed -n '/Error-log tags/,/\*\//p' "$dir/mod_logwatch.h" \
         | grep -E '^ \*   LW[0-9]{5}  ' | grep -v '(unused' \
         | sed -E 's/^ \*   LW([0-9]{5}) .*/\1/' | sort)
if [ "$listed" = "$used" ]; then
    pass=$((pass + 1))
else
    bad "mod_logwatch.h lists other tags than the code uses:"
    printf '%s\n' "$listed" >"${TMPDIR:-/tmp}/lw_tags_listed.$$"
    printf '%s\n' "$used" | diff "${TMPDIR:-/tmp}/lw_tags_listed.$$" - | grep '^[<>]'
    rm -f "${TMPDIR:-/tmp}/lw_tags_listed.$$"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
