#!/bin/bash
# Runs every test program and every correct demo under one checking tool
# and fails on any report.
#   scripts/tool.sh helgrind|drd|memcheck|tsan BUILD
#
# Demos: build/demos/NAME/PROG.  A demo directory may hold `test-args`,
# the arguments for a short run.  Programs named *_broken are the
# deliberately racy ones: their reports are the point, so they are left out
# here (tests/tool_reports.sh checks that each one is reported).
set -u
tool=$1 b=$2
here=$(cd "$(dirname "$0")" && pwd)
supp=$here/valgrind.supp
# valgrind runs at most 500 threads: keep the pool below that.
export GOTHREADS_MAXTHREADS=${GOTHREADS_MAXTHREADS:-400}

case $tool in
helgrind) run=(valgrind -q --tool=helgrind --error-exitcode=42 --suppressions="$supp") ;;
drd)      run=(valgrind -q --tool=drd --error-exitcode=42 --suppressions="$supp") ;;
memcheck) run=(valgrind -q --tool=memcheck --error-exitcode=42 --leak-check=full
               --show-leak-kinds=definite --errors-for-leak-kinds=definite --suppressions="$supp") ;;
tsan)     run=(env TSAN_OPTIONS="exitcode=66 halt_on_error=0 second_deadlock_stack=1 ${TSAN_OPTIONS:-}")
          unset GOTHREADS_MAXTHREADS ;;
*) echo "tool.sh: unknown tool $tool" >&2; exit 2 ;;
esac

fail=0
check() {  # name, command...
	local name=$1; shift
	local log; log=$(mktemp)
	echo "== $tool: $name"
	"${run[@]}" "$@" >"$log" 2>&1
	local rc=$?
	if [ $rc -eq 42 ] || [ $rc -eq 66 ] || grep -qE '^==[0-9]+== .*(Possible data race|Conflicting|lock order|Lock at|Invalid|uninitialised|definitely lost)|WARNING: ThreadSanitizer' "$log"; then
		echo "FAIL: $tool reported errors in $name (exit $rc):"
		cat "$log"; fail=1
	elif [ $rc -ne 0 ]; then
		echo "FAIL: $name exited $rc under $tool:"
		tail -n 40 "$log"; fail=1
	else
		grep -E 'Run Summary|tests +[0-9]' "$log" | sed 's/^/   /'
	fi
	rm -f "$log"
}

for t in "$b"/tests/test_*; do
	[ -x "$t" ] && check "$(basename "$t")" "$t"
done
for prog in "$b"/demos/*/*; do
	[ -x "$prog" ] || continue
	case $prog in *_broken) continue ;; esac
	dir=demos/$(basename "$(dirname "$prog")")
	args=()
	[ -f "$dir/test-args" ] && read -r -a args < "$dir/test-args"
	check "demo $(basename "$prog") ${args[*]:-}" "$prog" "${args[@]}"
done
# Tracing on (GOTHREADS_TRACE, docs/tracing.md): demos that block on
# channels, select, close, timers, a mutex and a WaitGroup, and the writer.
trace=$(mktemp -d)
for d in pingpong stopwork stopping; do
	prog=$b/demos/$d/$d
	[ -x "$prog" ] || continue
	args=()
	[ -f "demos/$d/test-args" ] && read -r -a args < "demos/$d/test-args"
	GOTHREADS_TRACE="$trace/$d.html" check "demo $d ${args[*]:-}, traced" "$prog" "${args[@]}"
done
rm -rf "$trace"

if [ $fail -ne 0 ]; then echo "$tool: FAILED"; exit 1; fi
echo "$tool: zero reports"
# SPDX-License-Identifier: BSD-3-Clause
