#!/bin/bash
# The pictures in docs/tracing.md and docs/README.md (make trace-pictures):
# each program below is run with GOTHREADS_TRACE=NAME.html, and headless
# Chromium takes a screenshot of the page, sized to its rows, into
# docs/trace-NAME.png.  Nothing is drawn by hand.
#   scripts/trace-pictures.sh BUILD
set -euo pipefail
b=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$b/trace
mkdir -p "$out"
# NAME  PROGRAM (below BUILD/demos)  ARGUMENTS
pictures=(
	"hello          hello/hello"
	"pingpong       pingpong/pingpong        6 10ms"
	"stopping       stopping/stopping        35ms"
	"deadlock       broken/deadlock_broken"
	"multiply       multiply/multiply"
	"prodcons       prodcons/prodcons"
	"pipeline       pipeline/pipeline"
	"timeouts       timeouts/timeouts"
	"waitgroup      waitgroup/waitgroup"
	"counter        counter/counter          4 100"
	"workerpool     workerpool/workerpool"
)
for p in "${pictures[@]}"; do
	read -r name prog args <<<"$p"
	if [ ! -x "$b/demos/$prog" ]; then
		echo "trace-pictures: no $b/demos/$prog: skipping $name" >&2
		continue
	fi
	page=$out/$name.html
	# shellcheck disable=SC2086  # args are words
	GOTHREADS_TRACE=$page "$b/demos/$prog" $args >/dev/null 2>&1 || true   # deadlock exits 2
	rows=$(grep -o '"name":"thread_name"' "$page" | wc -l)
	height=$((190 + 26 * rows))
	"$here/chromium.sh" --window-size=1100,$height --screenshot="$(realpath "$out")/$name.png" \
		"file://$(realpath "$page")" >/dev/null
	cp "$out/$name.png" "docs/trace-$name.png"
	echo "docs/trace-$name.png: $prog $args ($rows rows)"
done
