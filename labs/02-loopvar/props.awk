# Lab 2's property, from the trace: was each of 0..4 given to exactly one
# goroutine?  Prints "ok|fail ID sentence".
$2 == "got" { got[$3]++ }
END {
	if (unbuilt) { print "fail values -"; exit }
	bad = ""; missing = ""
	for (v in got)
		if (got[v] > 1 || v !~ /^[0-4]$/)
			bad = bad sprintf("%s%d goroutines got %s", bad == "" ? "" : ", ", got[v], v)
	for (v = 0; v < 5; v++)
		if (!(v in got))
			missing = missing (missing == "" ? "" : ", ") v
	if (missing != "")
		bad = bad (bad == "" ? "" : "; ") "none got " missing
	if (bad != "")
		printf "fail values each of 0..4 must reach exactly one goroutine, but %s: the goroutines read i after main had changed it; give each goroutine its own copy.\n", bad
	else
		print "ok values each of 0..4 reached exactly one goroutine."
}
# SPDX-License-Identifier: BSD-3-Clause
