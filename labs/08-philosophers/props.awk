# Lab 8's properties, from the trace: every philosopher ate 3 times, and
# no two neighbours ate at once (lab_eat looks at both neighbours).
$2 == "eat-start" { ate[$3]++ }
$2 == "overlap" { overlap[$3]++; anyoverlap = 1 }
$2 == "eat-bad" { bad = bad " " $3 }
END {
	if (unbuilt) { print "fail meals -"; print "fail forks -"; exit }
	msg = ""
	for (p = 0; p < 5; p++)
		if (ate[p] != 3) msg = msg sprintf(" philosopher %d ate %d time%s;", p, ate[p] + 0, ate[p] == 1 ? "" : "s")
	if (bad != "") msg = msg " lab_eat was called for philosophers that do not exist:" bad ";"
	if (msg != "")
		print "fail meals each of the 5 philosophers must eat 3 times, but:" msg
	else
		print "ok meals each of the 5 philosophers ate 3 times."
	if (anyoverlap) {
		msg = ""
		for (p in overlap) msg = msg " " p
		print "fail forks philosopher(s)" msg " ate while a neighbour was eating: both forks must be held (locked) while eating."
	} else
		print "ok forks no two neighbours ever ate at the same time."
}
# SPDX-License-Identifier: BSD-3-Clause
