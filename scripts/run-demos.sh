#!/bin/bash
# Runs the primer's six programs (the seed demos) in the primer's order,
# with the primer's timings, saying what each one shows.  `make demo` builds every demo and runs this.
#   scripts/run-demos.sh BUILD/demos
# Each demos/NAME/README.md shows the Go original beside the C twin.
set -u
bin=${1:-build/demos}
cd "$(dirname "$0")/.."
fail=0

show() {  # name, what it shows, arguments...
	local name=$1 what=$2; shift 2
	echo
	echo "== $name: $what"
	echo "\$ $bin/$name/$name $*"
	if [ ! -x "$bin/$name/$name" ]; then
		echo "(not built: run make demos)"; fail=1; return
	fi
	"$bin/$name/$name" "$@" 2>&1 | sed 's/^/  /'
	local rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ]; then echo "FAILED: exit $rc"; fail=1; fi
}

echo "The primer's six programs, as the primer has them, with its own timings:"
echo "each is demos/NAME/NAME.go beside its C twin demos/NAME/NAME.c."
show multiply "Creating goroutines: go DoMultiply(1,2) and go DoMultiply(3,4) each sleep one second; both results come after one second, not two (main sleeps two)"
show hello "Hello World Goroutine: main's receive waits the second it takes the goroutine to send"
show waitgroup "Waiting for goroutines: ten goroutines, one WaitGroup; main finished comes last"
show closures "Using closures with goroutines in a loop: both ways of giving each goroutine its own val (closures_broken.c shows the trap)"
show stopping "Stopping goroutines: five seconds, then one close stops all five"
show pingpong "Ping pong with two goroutines: the primer's game plays until Ctrl-C; here 6 turns (the knob), a second each" 6

echo
echo "More, in the same form: onesecond, loopvar, stopwork, rally, pipeline, fanin, workerpool,"
echo "timeouts, prodcons, counter, sieve, poolbound, and Go by Example's chapters (gbe-*)"
echo "(all built in $bin; see demos/NAME/README.md and docs/README.md)."
exit $fail
# SPDX-License-Identifier: BSD-3-Clause
