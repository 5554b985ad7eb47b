#!/bin/sh
# The man pages: man/NAME.SECTION.scd -> BUILD/man/manSECTION/NAME.SECTION
# with scdoc, plus an alias page (".so") for every other name in each page's
# NAME line, so `man chan_trysend` finds chan_send(3).
#   scripts/man.sh BUILD          build them
#   scripts/man.sh BUILD --check  also render each with man -l, warnings
#                                 fatal, and check every public name of
#                                 lib/gothreads.h has a page
# SPDX-License-Identifier: BSD-3-Clause
set -eu
b=$1 out=$1/man
cd "$(dirname "$0")/.."
mkdir -p "$out/man1" "$out/man3" "$out/man7"
for src in man/*.scd; do
	page=$(basename "$src" .scd)          # chan_send.3
	sec=${page##*.} name=${page%.*}
	scdoc < "$src" > "$out/man$sec/$page"
	# The line after "# NAME": "chan_send, chan_trysend - send a value ..."
	names=$(awk '/^# NAME/ { getline; getline; print; exit }' "$src" | sed 's/ - .*//; s/,/ /g')
	for alias in $names; do
		[ "$alias" = "$name" ] && continue
		echo ".so man$sec/$page" > "$out/man$sec/$alias.$sec"
	done
done
[ "${2:-}" = --check ] || exit 0

fail=0
for f in "$out"/man*/*; do
	if head -1 "$f" | grep -q '^\.so '; then
		target=$out/$(sed 's/^\.so //' "$f")
		[ -f "$target" ] || { echo "man: FAIL: $f points to missing $target"; fail=1; }
		continue
	fi
	warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$f" 2>&1 >/dev/null) || true
	if [ -n "$warn" ]; then echo "man: FAIL: $f renders with warnings:"; echo "$warn"; fail=1; fi
done

# Every public name: the functions the header declares (as the compiler
# sees them), its static inline functions, and its function-like macros
# (internal ones, functions or macros, end in _; macros may also start
# with GOTHREADS_).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo '#include "gothreads.h"' > "$tmp/h.c"
gcc -std=gnu11 -Ilib -aux-info "$tmp/aux" -c "$tmp/h.c" -o "$tmp/h.o"
{
	grep '^/\* lib/gothreads.h:' "$tmp/aux" | sed 's/ *(.*//; s/.* \**//'
	sed -n 's/^#define \([A-Za-z][A-Za-z0-9_]*\)(.*/\1/p' lib/gothreads.h | grep -v '^GOTHREADS_'
} | grep -v '_$' | sort -u > "$tmp/public"
n=0
while read -r sym; do
	n=$((n + 1))
	[ -f "$out/man3/$sym.3" ] || { echo "man: FAIL: no page for $sym (add it to a man/*.3.scd NAME line)"; fail=1; }
done < "$tmp/public"
[ $fail -eq 0 ] && echo "man: $(ls "$out"/man*/* | wc -l) pages render without warnings; all $n public names have one"
exit $fail
