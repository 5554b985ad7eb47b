#!/bin/bash
# What tracing costs (make trace-bench; docs/tracing.md): each row of
# build/bench/bench that does channel operations, run untraced and traced
# (GOTHREADS_TRACE) alternately, ROUNDS times each, pinned to one CPU and
# unpinned; prints the medians and the difference per item.  A traced run
# writes its trace at exit (not timed), so each does one run of the row
# (-r 1) with room for all its events.
#   scripts/trace-bench.sh BUILD [ROUNDS] [ROW...]
set -euo pipefail
b=$1; shift
rounds=${1:-5}; [ $# -gt 0 ] && shift
rows=("$@")
[ ${#rows[@]} -eq 0 ] && rows=(pingpong buf100 select_ready spawn mutex)
bench=$b/bench/bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
one() {  # pin row traced -> ns per item, ours
	local pin=$1 row=$2 traced=$3
	local cmd=("$bench" -r 1 -t "$row")
	[ "$pin" = pinned ] && cmd=(taskset -c 0 "${cmd[@]}")
	if [ "$traced" = yes ]; then
		GOTHREADS_TRACE=$tmp/t.json GOTHREADS_TRACE_EVENTS=4000000 "${cmd[@]}" 2>/dev/null
	else
		"${cmd[@]}" 2>/dev/null
	fi | awk -v r="$row" '$1 == r { print substr($0, 55, 9) + 0 }'   # the gothreads column
	rm -f "$tmp/t.json"
}

printf '%-9s %-14s %10s %10s %10s   (ns per item, medians of %d)\n' "" row untraced traced difference "$rounds"
for pin in pinned unpinned; do
	for row in "${rows[@]}"; do
		: >"$tmp/off"; : >"$tmp/on"
		for ((i = 0; i < rounds; i++)); do
			one $pin "$row" no >>"$tmp/off"
			one $pin "$row" yes >>"$tmp/on"
		done
		off=$(median <"$tmp/off") on=$(median <"$tmp/on")
		printf '%-9s %-14s %10s %10s %+10s\n' $pin "$row" "$off" "$on" "$((on - off))"
	done
done
# SPDX-License-Identifier: BSD-3-Clause
