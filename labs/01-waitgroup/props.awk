# Lab 1's properties, from the trace: did Wait wait for every worker, and
# did each worker run once?  Prints "ok|fail ID sentence" per property.
$2 == "work-start" { started[$3]++ }
$2 == "work-end"   { ended++ }
$2 == "joined" && !joined { joined = 1; atjoin = ended }
END {
	if (unbuilt) { print "fail wait -"; print "fail once -"; exit }
	if (!joined)
		print "fail wait main never got to lab_joined(), the line after waitgroup_wait()."
	else if (atjoin < 8)
		printf "fail wait waitgroup_wait() returned when %d of the 8 workers had finished: each worker must be counted in (waitgroup_add) before it starts, so that Wait cannot run first.\n", atjoin
	else
		print "ok wait waitgroup_wait() returned only after all 8 workers had finished."
	bad = ""
	for (id = 0; id < 8; id++)
		if (started[id] != 1)
			bad = bad sprintf(" worker %d ran %d times;", id, started[id] + 0)
	if (bad != "")
		print "fail once each worker id 0..7 must run lab_work once:" bad
	else
		print "ok once each of the workers 0..7 ran lab_work exactly once."
}
# SPDX-License-Identifier: BSD-3-Clause
