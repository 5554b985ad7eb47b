#!/bin/bash
# Runs every test program in BUILD/tests and prints the totals.
#   scripts/run-tests.sh BUILD [extra arguments for each program]
set -u
b=$1; shift
passed=0 failed=0 bad=()
for t in "$b"/tests/test_*; do
	[ -x "$t" ] || continue
	log=$(mktemp)
	"$t" "$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	# CUnit's summary line: "tests  TOTAL  RAN  PASSED  FAILED  INACTIVE"
	read -r ran pass fail < <(awk '$1 == "tests" { print $3, $4, $5 }' "$log")
	passed=$((passed + ${pass:-0}))
	failed=$((failed + ${fail:-0}))
	if [ "$rc" -ne 0 ] || [ -z "${ran:-}" ]; then
		bad+=("$(basename "$t") (exit $rc)")
		[ -z "${ran:-}" ] && failed=$((failed + 1))
	fi
	rm -f "$log"
done
echo
[ ${#bad[@]} -gt 0 ] && echo "failing programs: ${bad[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#bad[@]} -eq 0 ]
# SPDX-License-Identifier: BSD-3-Clause
