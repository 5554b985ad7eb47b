#!/bin/sh
# The shared library's ABI: its SONAME, and that it exports exactly the
# functions lib/gothreads.h declares, no internal name (a student's own
# live_add() must not be able to replace ours), and no declared function
# missing.  Then a C++ program uses the header.
#   scripts/abi-check.sh BUILD
# SPDX-License-Identifier: BSD-3-Clause
set -eu
b=$1
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

soname=$(readelf -d "$b/libgothreads.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
case $soname in
libgothreads.so.[0-9]*) echo "abi: SONAME $soname" ;;
*) echo "abi: FAIL: libgothreads.so has SONAME '$soname'"; fail=1 ;;
esac

# What the header declares, as the compiler sees it (gcc -aux-info lists
# every prototype with the file it came from; static inline ones are not
# exported and not listed as extern).
echo '#include "gothreads.h"' > "$tmp/h.c"
gcc -std=gnu11 -Ilib -aux-info "$tmp/aux" -c "$tmp/h.c" -o "$tmp/h.o"
grep '^/\* lib/gothreads.h:' "$tmp/aux" | grep ' extern ' |
	sed 's/ *(.*//; s/.* \**//' | sort -u > "$tmp/declared"
nm -D --defined-only "$b/libgothreads.so" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' |
	sort -u > "$tmp/exported"
if ! cmp -s "$tmp/declared" "$tmp/exported"; then
	echo "abi: FAIL: exported symbols differ from lib/gothreads.h's declarations"
	echo "  (< declared, not exported; > exported, not declared)"
	diff "$tmp/declared" "$tmp/exported" | grep '^[<>]' | sed 's/^/  /'
	fail=1
else
	echo "abi: libgothreads.so exports exactly the $(wc -l < "$tmp/declared") functions gothreads.h declares"
fi

# C++: the header compiles as C++ and links (extern "C"), SELECT included.
if command -v "${CXX:-c++}" >/dev/null; then
	if "${CXX:-c++}" -std=c++11 -Wall -Wextra -Werror -Ilib tests/cxx/hello.cc -o "$tmp/cxx" \
	       "$b/libgothreads.a" ${LIBDW:-} -pthread && "$tmp/cxx" | grep -q '^ping pong 3$'; then
		echo "abi: a C++ program compiles against gothreads.h, links and runs"
	else
		echo "abi: FAIL: tests/cxx/hello.cc"; fail=1
	fi
else
	echo "abi: FAIL: no C++ compiler (${CXX:-c++}); make deps installs g++"; fail=1
fi
exit $fail
