#!/bin/bash
# Runs every deliberately broken program (BUILD/demos/*/*_broken) under
# helgrind and ThreadSanitizer and checks that each tool reports what the
# program's source says it must:
#     expect-helgrind: <text helgrind's report contains>
#     expect-tsan: <text ThreadSanitizer's report contains>
# A program without these lines is expected to show a data race.  The
# text is looked for in everything the run prints, the program's own
# output included (deadlock_broken's "fatal error: ..." for instance).
#   scripts/broken-reports.sh BUILD TSAN_BUILD
# BUILD holds the ordinary build, TSAN_BUILD the -fsanitize=thread one.
# Fails if a report is missing: a broken demo that no tool catches is a
# broken lesson.
set -u
b=$1 tb=$2
here=$(cd "$(dirname "$0")" && pwd)
supp=$here/valgrind.supp
export GOTHREADS_MAXTHREADS=${GOTHREADS_MAXTHREADS:-400}
fail=0 n=0

expect() {  # source file, tool, default
	local line
	line=$(sed -n "s/^.*expect-$2: *//p" "$1" | head -n 1)
	echo "${line:-$3}"
}

for prog in "$b"/demos/*/*_broken; do
	[ -x "$prog" ] || continue
	name=$(basename "$prog")
	dir=$(basename "$(dirname "$prog")")
	src=demos/$dir/$name.c
	n=$((n + 1))
	log=$(mktemp)

	want=$(expect "$src" helgrind "Possible data race")
	valgrind --tool=helgrind --suppressions="$supp" "$prog" >"$log" 2>&1
	if grep -qF -- "$want" "$log"; then
		echo "ok   helgrind $dir/$name: \"$want\""
	else
		echo "FAIL helgrind $dir/$name: no \"$want\" in:"; sed 's/^/     /' "$log"; fail=1
	fi

	want=$(expect "$src" tsan "WARNING: ThreadSanitizer: data race")
	if [ -x "$tb/demos/$dir/$name" ]; then
		TSAN_OPTIONS="halt_on_error=0 exitcode=0 second_deadlock_stack=1" \
			"$tb/demos/$dir/$name" >"$log" 2>&1
		if grep -qF -- "$want" "$log"; then
			echo "ok   tsan     $dir/$name: \"$want\""
		else
			echo "FAIL tsan     $dir/$name: no \"$want\" in:"; sed 's/^/     /' "$log"; fail=1
		fi
	else
		echo "FAIL tsan     $dir/$name: $tb/demos/$dir/$name not built"; fail=1
	fi
	rm -f "$log"
done

if [ $n -eq 0 ]; then echo "broken-reports: no *_broken programs in $b/demos"; exit 1; fi
if [ $fail -ne 0 ]; then echo "broken-reports: FAILED"; exit 1; fi
echo "broken-reports: every broken program reported by helgrind and ThreadSanitizer ($n programs)"
# SPDX-License-Identifier: BSD-3-Clause
