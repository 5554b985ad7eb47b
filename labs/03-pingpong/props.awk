# Lab 3's properties, from the trace: strict alternation, ping first, and
# exactly TURNS (10) hits counted 0..9.  Prints "ok|fail ID sentence".
$2 == "hit" {
	n++
	if (n == 1 && $3 != "ping" && !first) first = sprintf("the first hit was %s's; ping serves.", $3)
	if (n > 1 && $3 == last && !twice) twice = sprintf("%s hit twice in a row (hits %d and %d)", $3, n - 1, n)
	if ($4 != n - 1 && !count) count = sprintf("hit %d carried the count %s", n, $4)
	last = $3
}
END {
	if (unbuilt) { print "fail alternate -"; print "fail turns -"; exit }
	if (twice)
		printf "fail alternate %s: a player must not get the ball back before the other has hit it; with room in the channel, a player can take back its own ball.\n", twice
	else if (first)
		print "fail alternate " first
	else if (n == 0)
		print "fail alternate nobody hit the ball (lab_hit was never called)."
	else
		print "ok alternate ping and pong took strict turns, ping first."
	if (n != 10)
		printf "fail turns there were %d hits; the game is exactly 10.\n", n
	else if (count)
		printf "fail turns %s: each hit adds one to the ball's count, from 0.\n", count
	else
		print "ok turns exactly 10 hits, counted 0 to 9."
}
# SPDX-License-Identifier: BSD-3-Clause
