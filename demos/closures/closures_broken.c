/*
 * closures_broken: the loop-variable trap, deliberately.  Every goroutine
 * gets a pointer to the one loop variable i, which main keeps changing:
 * a data race.  Goroutines print whatever i holds when they read it
 * (often 5, the value after the loop), and helgrind and ThreadSanitizer
 * report the race.  closures.c is the fix.  scripts/tool.sh skips this
 * program (its name ends in _broken): the report is the point.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin closures_broken
static waitgroup wg = WAITGROUP_INIT;

static void worker(void *arg)
{
	int i = *(int *)arg;   /* reads main's i, racing with i++ */
	printf("goroutine %d\n", i);
	waitgroup_done(&wg);
}

int main(void)
{
	int i;   /* one variable for the whole loop, as in Go before 1.22 */
	for (i = 0; i < 5; i++) {
		waitgroup_add(&wg, 1);
		go(worker, &i);   /* BUG: every goroutine shares main's i */
	}
	waitgroup_wait(&wg);
	return 0;
}
// doc:end closures_broken
/* SPDX-License-Identifier: CC-BY-SA-3.0 */
