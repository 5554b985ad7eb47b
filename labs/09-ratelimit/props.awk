# Lab 9's properties, from the trace's times (ns since the program
# started): the requests were handled in order, each once, and no faster
# than the ticker allows.  A ticker's channel holds one tick and drops the
# ticks nobody takes, so after request 1 each request needs a tick of its
# own, fired after request 1 was handled: request k comes at least
# (k - 2) * 20 ms after request 1 (a 2 ms allowance for a late timer).
$2 == "request" { n++; t[n] = $1; id[n] = $3 }
END {
	if (unbuilt) { print "fail order -"; print "fail rate -"; exit }
	bad = ""
	for (k = 1; k <= n; k++)
		if (id[k] != k && bad == "") bad = sprintf("request %d was handled %s", id[k], k == 1 ? "first" : "after request " id[k - 1])
	if (n != 10)
		printf "fail order %d requests were handled; there are 10, each to be handled once.\n", n
	else if (bad != "")
		print "fail order " bad ": handle them in the order they came, 1 to 10."
	else
		print "ok order requests 1 to 10 were each handled once, in order."
	worst = ""
	for (k = 3; k <= n; k++) {
		need = (k - 2) * 20000000 - 2000000
		if (t[k] - t[1] < need && worst == "")
			worst = sprintf("request %d came %.1f ms after request 1; at one per 20 ms it cannot come before %.0f ms", k, (t[k] - t[1]) / 1e6, (k - 2) * 20)
	}
	if (n < 3)
		print "fail rate too few requests to measure the rate."
	else if (worst != "")
		print "fail rate " worst ": each request must wait for a tick (a receive that blocks), not take one only if it is there."
	else
		printf "ok rate the 10 requests took %.0f ms: no faster than one per 20 ms.\n", (t[n] - t[1]) / 1e6
}
# SPDX-License-Identifier: BSD-3-Clause
