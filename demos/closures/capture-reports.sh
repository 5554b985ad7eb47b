#!/bin/bash
# Captures the tool reports that demos/closures/README.md shows, and
# demos/loopvar/tools-fixed.txt (the fixed program under the same tools).
#   demos/closures/capture-reports.sh [BUILD] [TSAN_BUILD]
# BUILD holds the ordinary build (default build), TSAN_BUILD one made with
# -fsanitize=thread (default BUILD/tsan, as `make tsan` makes it).
# Run it from the top of the checkout, then scripts/docs.sh.
set -u
b=${1:-build} t=${2:-${1:-build}/tsan}
out=demos/closures
{
	echo "\$ valgrind --tool=helgrind $b/demos/closures/closures_broken"
	valgrind --tool=helgrind "$b/demos/closures/closures_broken" 2>&1
	echo "(exit status $?)"
} > $out/helgrind-broken.txt
{
	echo "\$ $t/demos/closures/closures_broken"
	"$t/demos/closures/closures_broken" 2>&1
	echo "(exit status $?)"
} > $out/tsan-broken.txt
{
	echo "\$ valgrind -q --tool=helgrind $b/demos/loopvar/loopvar"
	valgrind -q --tool=helgrind "$b/demos/loopvar/loopvar" 2>&1
	echo "(exit status $?)"
	echo "\$ $t/demos/loopvar/loopvar"
	"$t/demos/loopvar/loopvar" 2>&1
	echo "(exit status $?)"
} > demos/loopvar/tools-fixed.txt
if command -v go >/dev/null; then
	{
		echo "\$ go vet demos/closures/closures_broken.go"
		go vet $out/closures_broken.go 2>&1
		echo "(exit status $?)"
		echo "\$ go run -race demos/closures/closures_broken.go"
		go run -race $out/closures_broken.go 2>&1
		echo "(exit status $?)"
	} > $out/go-race-broken.txt
fi
# SPDX-License-Identifier: BSD-3-Clause
