# chart.awk: an SVG bar chart from bench's -o output (make bench-chart).
#
#   awk -f bench/chart.awk pinned.tsv unpinned.tsv > docs/bench.svg
#
# Each input line: name, gothreads ns, baseline ns, ratio, Go ns ("-" if
# none).  For the round trip and the buffered rows, the chart draws each
# time divided by the bare-pthread baseline of the same run, on a log
# scale: 1 is the baseline, left of it is faster.  Plain awk, no packages.

BEGIN {
	FS = "\t"
	nrows = split("pingpong buf1 buf10 buf100 buf1000 buf10_4p select_ready spawn", rows, " ")
	label["pingpong"] = "unbuffered round trip"
	label["buf1"] = "buffered, cap 1"
	label["buf10"] = "buffered, cap 10"
	label["buf100"] = "buffered, cap 100"
	label["buf1000"] = "buffered, cap 1000"
	label["buf10_4p"] = "cap 10, 4 producers"
	label["select_ready"] = "select, 2 ready (vs recv)"
	label["spawn"] = "go+Wait (vs create+join)"
	lo = -3; hi = 1          # log10 of the axis ends: 0.001 .. 10
	x0 = 210; w = 560        # plot area
	bar = 9; gap = 16
}

FNR == 1 { mode = ++file == 1 ? "pinned" : "unpinned" }   # pinned first

$3 != "" && $3 > 0 {
	ours[$1, mode] = $2 / $3
	abs[$1, mode] = $2
	if ($5 != "-" && $5 > 0)
		go[$1, mode] = $5 / $3
}

function x(r) {
	if (r < 10 ^ lo) r = 10 ^ lo
	if (r > 10 ^ hi) r = 10 ^ hi
	return x0 + (log(r) / log(10) - lo) / (hi - lo) * w
}

function drawbar(y, r, color, text) {
	if (r == "") return
	printf "<rect x='%d' y='%d' width='%.1f' height='%d' fill='%s'/>\n", x0, y, x(r) - x0, bar, color
	printf "<text x='%.1f' y='%d' font-size='9'>%s</text>\n", x(r) + 3, y + bar - 1, text
}

END {
	h = 60 + nrows * (4 * bar + gap) + 40
	printf "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'>\n", x0 + w + 90, h
	printf "<rect width='100%%' height='100%%' fill='white'/>\n"
	printf "<text x='10' y='18' font-size='13'>Time per operation relative to bare pthreads in the same run (log scale; 1 = baseline, lower is better)</text>\n"
	y = 40
	for (p = lo; p <= hi; p++) {
		printf "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='%s'/>\n", x(10 ^ p), y - 6, x(10 ^ p), h - 40, p == 0 ? "black" : "#ddd"
		printf "<text x='%.1f' y='%d' font-size='9' text-anchor='middle'>%g</text>\n", x(10 ^ p), y - 8, 10 ^ p
	}
	y += 4
	for (i = 1; i <= nrows; i++) {
		n = rows[i]
		printf "<text x='%d' y='%d' font-size='11' text-anchor='end'>%s</text>\n", x0 - 6, y + 2 * bar + 2, label[n]
		drawbar(y, ours[n, "pinned"], "#1f77b4", sprintf("%.2fx (%.0f ns)", ours[n, "pinned"], abs[n, "pinned"]))
		drawbar(y + bar, go[n, "pinned"], "#ff7f0e", go[n, "pinned"] == "" ? "" : sprintf("Go %.3fx", go[n, "pinned"]))
		drawbar(y + 2 * bar, ours[n, "unpinned"], "#aec7e8", sprintf("%.2fx (%.0f ns)", ours[n, "unpinned"], abs[n, "unpinned"]))
		drawbar(y + 3 * bar, go[n, "unpinned"], "#ffbb78", go[n, "unpinned"] == "" ? "" : sprintf("Go %.3fx", go[n, "unpinned"]))
		y += 4 * bar + gap
	}
	ly = h - 22
	split("#1f77b4 #ff7f0e #aec7e8 #ffbb78", col, " ")
	split("gothreads, pinned|Go, pinned|gothreads, unpinned|Go, unpinned", nm, "|")
	for (k = 1; k <= 4; k++) {
		printf "<rect x='%d' y='%d' width='10' height='10' fill='%s'/>\n", 10 + (k - 1) * 170, ly, col[k]
		printf "<text x='%d' y='%d' font-size='11'>%s</text>\n", 24 + (k - 1) * 170, ly + 9, nm[k]
	}
	print "</svg>"
}
# SPDX-License-Identifier: BSD-3-Clause
