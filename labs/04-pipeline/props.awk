# Lab 4's property, from the trace: each of the three channels (ch1 made
# by gen, ch2 and ch3 by the sq stages) closed exactly once, in pipeline
# order.  A close is logged just before it happens, so a stage that closes
# after seeing its input closed is always logged after it.
$2 == "make" { made++ }
$2 == "close" { closed[$3]++; order = order (order == "" ? "" : " ") $3 }
END {
	if (unbuilt) { print "fail closes -"; exit }
	if (made != 3) {
		printf "fail closes the pipeline should make 3 channels (gen's and one per sq), it made %d.\n", made
		exit
	}
	for (i = 1; i <= 3; i++)
		if (closed["ch" i] != 1) {
			printf "fail closes ch%d (%s) was closed %d times, not once: %s\n", i, i == 1 ? "gen's output" : "sq stage " i - 1 "'s output", closed["ch" i] + 0,
			       closed["ch" i] + 0 == 0 ? "the stage that sends on it must close it when its own input is done, or the next range never ends." : "only its one sender closes it."
			exit
		}
	if (order != "ch1 ch2 ch3")
		printf "fail closes the channels were closed in the order %s; each stage should close its output after its input was closed (ch1 ch2 ch3).\n", order
	else
		print "ok closes ch1, ch2 and ch3 were each closed once, in pipeline order."
}
# SPDX-License-Identifier: BSD-3-Clause
