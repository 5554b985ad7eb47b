#!/bin/bash
# The test of the trace viewer in a real browser (make trace-check):
# traces `pingpong 6 10ms` into a page, has headless Chromium load it, and
# checks what the page itself counted and drew (the data-* attributes it
# sets on <body> once drawn; --dump-dom prints the page after its scripts
# ran).  Then does the same for the converter's page of the same run's
# JSON.  pingpong (the primer's) has three goroutines (main, pinger and
# ponger), two go statements, and seven hand-offs: the serve, five hits
# and the report of the sixth turn on done.
#   scripts/trace-browser.sh BUILD
set -euo pipefail
b=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$b/trace
mkdir -p "$out"
start=$(date +%s%N)

GOTHREADS_TRACE=$out/pingpong.html "$b/demos/pingpong/pingpong" 6 10ms >/dev/null 2>"$out/pingpong.summary"
GOTHREADS_TRACE=$out/pingpong.json "$b/demos/pingpong/pingpong" 6 10ms >/dev/null 2>/dev/null
"$b/tools/gothreads-trace" "$out/pingpong.json" "$out/pingpong-converted.html"

fail=0
for page in pingpong.html pingpong-converted.html; do
	body=$("$here/chromium.sh" --dump-dom "file://$(realpath "$out/$page")" | grep -o '<body[^>]*>' || true)
	echo "$page: $body"
	for want in 'data-ready="yes"' 'data-goroutines="3"' 'data-rows="3"' 'data-arrows-go="2"' \
	            'data-arrows-send="7"' 'data-arrows-close="0"' 'data-arrows-timer="0"' 'data-arrows="9"'; do
		if [[ $body != *"$want"* ]]; then
			echo "FAIL: $page: the browser did not draw $want"
			fail=1
		fi
	done
done
"$here/chromium.sh" --window-size=1100,330 --screenshot="$(realpath "$out")/pingpong.png" \
	"file://$(realpath "$out/pingpong.html")" >/dev/null
if [ ! -s "$out/pingpong.png" ]; then
	echo "FAIL: no screenshot"
	fail=1
fi
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "trace-check: $((ms / 1000)).$((ms % 1000 / 100))s for the runs and the browser"
[ $fail -eq 0 ] && echo "trace-check: headless Chromium drew 3 goroutines, 2 go and 7 send arrows"
exit $fail
# SPDX-License-Identifier: BSD-3-Clause
