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
# NAME[#VIEW]  PROGRAM (below BUILD/demos)  ARGUMENTS; VIEW is the page's
# #from=MS&to=MS (negative: before the end of the trace) or #arrows=KIND.
pictures=(
	"multiply       multiply/multiply        100ms"
	"hello          hello/hello              10ms"
	"pingpong       pingpong/pingpong        6 10ms"
	"prodcons       prodcons/prodcons"
	"pipeline       pipeline/pipeline"
	"stopwork       stopwork/stopwork        40ms"
	"timeouts       timeouts/timeouts"
	"stopping#arrows=close  stopping/stopping  20ms"
	"fanin          fanin/fanin"
	"waitgroup      waitgroup/waitgroup"
	"counter        counter/counter          4 100"
	"workerpool     workerpool/workerpool"
	"deadlock       broken/deadlock_broken"
)
for p in "${pictures[@]}"; do
	read -r name prog args <<<"$p"
	view=""
	if [[ $name == *"#"* ]]; then view="#${name#*#}"; name=${name%%#*}; fi
	if [ ! -x "$b/demos/$prog" ]; then
		echo "trace-pictures: no $b/demos/$prog: skipping $name" >&2
		continue
	fi
	page=$out/$name.html
	# shellcheck disable=SC2086  # args are words
	GOTHREADS_TRACE=$page "$b/demos/$prog" $args >/dev/null 2>"$out/$name.stderr" || true   # deadlock exits 2
	rows=$(grep -o '"name":"thread_name"' "$page" | wc -l)
	height=$((190 + 26 * rows))
	"$here/chromium.sh" --window-size=1100,$height --screenshot="$(realpath "$out")/$name.png" \
		"file://$(realpath "$page")$view" >/dev/null
	cp "$out/$name.png" "docs/trace-$name.png"
	echo "docs/trace-$name.png: $prog $args ($rows rows)"
done
# The summary at exit, as docs/tracing.md shows it: the command, then stderr
# from the blank line before the summary on (with the page's path as the docs name it).
{
	echo "\$ GOTHREADS_TRACE=pingpong.html build/demos/pingpong/pingpong 6 10ms"
	sed -n '/^gothreads: trace of/,$p' "$out/pingpong.stderr" | sed "s|$out/||"
} >docs/trace-pingpong-summary.txt

# The summary is quoted in docs/tracing.md: refresh the quotes.
"$here/docs.sh"
# SPDX-License-Identifier: BSD-3-Clause
