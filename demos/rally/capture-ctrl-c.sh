#!/bin/bash
# Captures demos/rally/ctrl-c.txt: each program (the Go one built by
# go build -o rally-go) played with no turn
# limit, then sent SIGINT (what Ctrl-C sends) after its fourth line.
#   demos/rally/capture-ctrl-c.sh [BUILD]     (from the top of the checkout)
set -u
b=${1:-build}
gobin=${TMPDIR:-/tmp}/rally-go.$$
go build -o "$gobin" demos/rally/rally.go || exit 1
play() {  # label, program
	local log; log=$(mktemp)
	"$2" 0 100ms > "$log" 2>&1 &
	local pid=$!
	until [ "$(wc -l < "$log")" -ge 4 ]; do sleep 0.05; done   # a script, not a test: polling is fine
	kill -INT $pid
	wait $pid
	local rc=$?
	echo "\$ $1 0 100ms      # then Ctrl-C (SIGINT) after the fourth line"
	cat "$log"
	echo "(exit status $rc)"
	rm -f "$log"
}
{
	play "./rally-go" "$gobin"
	play "build/demos/rally/rally" "$b/demos/rally/rally"
} > demos/rally/ctrl-c.txt
rm -f "$gobin"
cat demos/rally/ctrl-c.txt
# SPDX-License-Identifier: BSD-3-Clause
