# Lab 5's properties, from the trace: at most 3 jobs in lab_process at once
# (lab.c counts them as they enter), more than one at once (a pool, not a
# loop), and each job 1..20 processed exactly once.
$2 == "process-start" {
	done[$3]++
	split($4, kv, "="); if (kv[2] + 0 > max) max = kv[2] + 0
}
END {
	if (unbuilt) { print "fail bound -"; print "fail parallel -"; print "fail once -"; exit }
	if (max > 3)
		printf "fail bound %d jobs were in lab_process at once; the pool allows 3: start 3 workers that take jobs from a channel, not a goroutine per job.\n", max
	else
		printf "ok bound at most %d jobs were in lab_process at once (the bound is 3).\n", max
	if (max < 2)
		print "fail parallel the jobs ran one at a time: the workers must run at the same time."
	else
		printf "ok parallel up to %d jobs ran at the same time.\n", max
	bad = ""
	for (j = 1; j <= 20; j++)
		if (done[j] != 1)
			bad = bad sprintf(" job %d %d times;", j, done[j] + 0)
	for (j in done)
		if (j !~ /^([1-9]|1[0-9]|20)$/)
			bad = bad sprintf(" a job %s that does not exist;", j)
	if (bad != "")
		print "fail once each job 1..20 must be processed exactly once, but:" bad
	else
		print "ok once each job 1..20 was processed exactly once."
}
# SPDX-License-Identifier: BSD-3-Clause
