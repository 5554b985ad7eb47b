#!/bin/bash
# Captures each demo's real outputs: demos/NAME/expected-output from the
# C twin, demos/NAME/go-output from the Go program (go build, then run),
# both with the arguments in demos/NAME/test-args, stdout and stderr
# together, as tests/test_demos.c runs them.  Then run scripts/docs.sh to
# put them in the pages.
#   scripts/demo-outputs.sh [BUILD] NAME...      (from anywhere; BUILD defaults to build)
# Build first (make demos).  A demo whose program fails is reported and
# its files are left alone.
set -u
cd "$(dirname "$0")/.."
b=build
if [ $# -gt 0 ] && [ -d "$1/demos" ]; then b=$1; shift; fi
[ $# -gt 0 ] || { echo "usage: scripts/demo-outputs.sh [BUILD] NAME..." >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for name in "$@"; do
	dir=demos/$name
	args=()
	[ -f "$dir/test-args" ] && read -r -a args < "$dir/test-args"
	if "$b/demos/$name/$name" "${args[@]}" > "$tmp/c" 2>&1; then
		cp "$tmp/c" "$dir/expected-output"
	else
		echo "demo-outputs: $b/demos/$name/$name ${args[*]:-} failed (exit $?):"; cat "$tmp/c"; fail=1
	fi
	if command -v go > /dev/null; then
		if GO111MODULE=off go build -o "$tmp/$name" "$dir/$name.go" && "$tmp/$name" "${args[@]}" > "$tmp/go" 2>&1; then
			cp "$tmp/go" "$dir/go-output"
		else
			echo "demo-outputs: the Go program of $name failed:"; cat "$tmp/go" 2>/dev/null; fail=1
		fi
	else
		echo "demo-outputs: go is not on the PATH: $dir/go-output not captured"; fail=1
	fi
	echo "demo-outputs: $name captured"
done
exit $fail
# SPDX-License-Identifier: BSD-3-Clause
