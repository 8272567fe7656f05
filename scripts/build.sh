#!/bin/sh
# Configure and build out of tree: scripts/build.sh [BUILDDIR [configure args]]
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
bdir=${1:-$top/build}
[ $# -gt 0 ] && shift
cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
    autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "$bdir"
cd "$bdir"
if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
    "$top/configure" --with-apxs="$(command -v apxs || command -v apxs2)" "$@" >configure.out 2>&1 \
        || { tail -30 configure.out; exit 1; }
fi
make -j"$(nproc)" >make.out 2>&1 || { grep -E 'error|Error' make.out | head -40; exit 1; }
if grep -q 'warning:' make.out; then
    grep 'warning:' make.out | sort -u
    echo "build: compiler warnings (see $bdir/make.out)" >&2
    exit 1
fi
echo "build: ok in $bdir"
