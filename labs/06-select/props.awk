# Lab 6's properties, from the trace: every watcher ticked while main was
# fetching, and every watcher stopped (lab_stopped) once told to.
$2 == "tick" { ticks[$3]++ }
$2 == "stopped" { stopped[$3]++ }
END {
	if (unbuilt) { print "fail ticked -"; print "fail stopped -"; exit }
	bad = ""
	for (w = 1; w <= 3; w++)
		if (!ticks[w]) bad = bad " " w
	if (bad != "")
		print "fail ticked watcher(s)" bad " never ticked: each watcher selects on its ticker and on quit, from the start."
	else
		print "ok ticked all 3 watchers ticked while main was fetching."
	bad = ""; n = 0
	for (w = 1; w <= 3; w++)
		if (stopped[w] != 1) bad = bad " " w
		else n++
	if (bad != "")
		printf "fail stopped %d of the 3 watchers stopped (not:%s): one send on quit reaches one watcher; closing quit reaches them all.\n", n, bad
	else
		print "ok stopped all 3 watchers stopped when told to."
}
# SPDX-License-Identifier: BSD-3-Clause
