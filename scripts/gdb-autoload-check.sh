#!/bin/bash
# gdb with no setup (docs/debugging.md): `make install`, then gdb as a new
# user starts it, with an empty HOME so that only the system's own init
# files are read, must know `info goroutines` for a program linked with
# the installed static library, one linked with the installed shared
# library, and one built in the tree.
#   scripts/gdb-autoload-check.sh BUILD
# The install goes to scratch directories mounted over /usr/local,
# /etc/gdb/gdbinit.d and gdb's auto-load directory in a mount namespace of
# our own (unshare), so the machine itself is left as it was.
# SPDX-License-Identifier: BSD-3-Clause
set -eu
b=$1
cd "$(dirname "$0")/.."
if [ -z "${GDBCHECK_INNER:-}" ]; then
	command -v gdb >/dev/null || { echo "gdb-autoload-check: no gdb: skipped"; exit 0; }
	flags=-m
	[ "$(id -u)" = 0 ] || flags=-rm
	exec unshare $flags env GDBCHECK_INNER=1 bash "$0" "$@"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
datadir=$(gdb -nx -batch -ex 'show data-directory' | sed -n 's/.*"\(.*\)"\./\1/p')
for d in /usr/local "$datadir/auto-load" /etc/gdb/gdbinit.d; do
	mkdir -p "$tmp/root$d" "$d"
	mount --bind "$tmp/root$d" "$d"
done
make -s install PREFIX=/usr/local GDB_DATADIR="$datadir" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; exit 1; }
export PKG_CONFIG_PATH=/usr/local/lib/pkgconfig
src=demos/broken/deadlock_broken.c
cc -g "$src" -o "$tmp/shared" $(pkg-config --cflags --libs gothreads)
cc -g "$src" -o "$tmp/static" $(pkg-config --cflags gothreads) /usr/local/lib/libgothreads.a \
	$(pkg-config --static --libs-only-l gothreads | sed 's/-lgothreads//')
mkdir "$tmp/home"
fail=0
for prog in "$tmp/static" "$tmp/shared" "$b/demos/broken/deadlock_broken"; do
	HOME=$tmp/home DEBUGINFOD_URLS= LD_LIBRARY_PATH=/usr/local/lib \
		gdb -batch -ex start -ex 'break go_fatal_locked' -ex continue -ex 'info goroutines' \
		"$prog" >"$tmp/gdb.log" 2>&1 || true
	if grep -q '^  Id   Name           State' "$tmp/gdb.log" && grep -q ' ping  *chan receive' "$tmp/gdb.log" &&
	   ! grep -q 'auto-loading has been declined' "$tmp/gdb.log"; then
		echo "ok   gdb, empty HOME: info goroutines for ${prog#$tmp/}"
	else
		echo "FAIL gdb, empty HOME: no info goroutines for $prog:"; sed 's/^/     /' "$tmp/gdb.log"; fail=1
	fi
done
[ $fail -eq 0 ] && echo "gdb-autoload-check: gdb needs no setup after make install"
exit $fail
