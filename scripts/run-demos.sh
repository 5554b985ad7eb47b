#!/bin/bash
# Runs the seed examples in course order with short settings, saying what
# each one shows.  `make demo` builds every demo and runs this.
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

echo "The seed examples: each is demos/NAME/NAME.go beside its C twin demos/NAME/NAME.c."
show multiply "go DoMultiply(1, 2) and go DoMultiply(3, 4) each sleep one second; both finish after about one second, not two"
show hello "a goroutine sends on an unbuffered channel; main's receive waits for it"
show waitgroup "ten goroutines, one WaitGroup: Add in main before they start, Done at the end of each"
show closures "the loop-variable trap avoided: go_copy copies i when the goroutine starts (closures_broken.c shows the trap)"
show stopping "closing one channel stops every goroutine selecting on it; a WaitGroup waits for them (wait shortened to 300ms; default 5s)" 300ms
show pingpong "two goroutines pass a ball over two unbuffered channels (6 turns here; with no count it plays until Ctrl-C)" 6 200ms

echo
echo "More, in the same form: pipeline, fanin, workerpool, timeouts, prodcons, counter, sieve, poolbound"
echo "(all built in $bin; see demos/NAME/README.md and docs/README.md)."
exit $fail
