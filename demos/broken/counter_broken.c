/*
 * counter_broken: a counter without its mutex.  Four goroutines each add
 * 100000 to one int with count++, which is a load, an add and a store: two
 * goroutines load the same value and one increment is lost.  The total is
 * often less than 400000, and helgrind ("Possible data race") and
 * ThreadSanitizer ("data race") name the line.  demos/counter/counter.c
 * is the fix: mutex_lock around count++, or one goroutine owning count.
 *
 * expect-helgrind: Possible data race
 * expect-tsan: WARNING: ThreadSanitizer: data race
 */
#include <stdio.h>

#include "gothreads.h"

static waitgroup wg = WAITGROUP_INIT;
/*
 * BUG: shared by every adder, guarded by nothing.  volatile only stops the
 * compiler from folding the loop into one addition, which would hide the
 * lost updates; it does not make count++ atomic.
 */
static volatile int count;

static chan *ready, *start;

static void adder(void *arg)
{
	(void)arg;
	/*
	 * All four check in, then start together: every adder is running
	 * before any adds, so no adder's thread starts only after another has
	 * finished (which would order them, and hide the race from helgrind).
	 */
	chan_send(ready, NULL);
	chan_recv(start, NULL);
	for (int i = 0; i < 100000; i++)
		count++;   /* races with the other adders */
	waitgroup_done(&wg);
}

int main(void)
{
	ready = chan_make(0, 0);
	start = chan_make(0, 0);
	waitgroup_add(&wg, 4);
	for (int g = 0; g < 4; g++)
		go(adder, NULL);
	for (int g = 0; g < 4; g++)
		chan_recv(ready, NULL);
	chan_close(start);
	waitgroup_wait(&wg);
	chan_free(ready);
	chan_free(start);
	printf("count = %d (want 400000)\n", count);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
