/*
 * gbe-atomic-counters: fifty goroutines add to one atomic counter, a thousand times each.
 * The C twin of gbe-atomic-counters.go.  After "Atomic Counters" in Go by Example
 * (https://gobyexample.com/atomic-counters), CC BY 3.0.
 */
#include <inttypes.h>
#include <stdio.h>

#include "gothreads.h"

static waitgroup wg = WAITGROUP_INIT;   /* static: the last Done may still be unlocking it when main returns */

// doc:begin atomic-counters
static void func1(void *arg)
{
	atomic_uint64 *ops = arg;
	for (int c = 0; c < 1000; c++)
		atomic_uint64_add(ops, 1);
	waitgroup_done(&wg);
}

int main(void)
{
	static atomic_uint64 ops;   /* safe to add to from many goroutines at once */

	for (int i = 0; i < 50; i++) {
		waitgroup_add(&wg, 1);
		go(func1, &ops);
	}

	waitgroup_wait(&wg);
	printf("ops: %" PRIu64 "\n", atomic_uint64_load(&ops));   /* every one of the 50,000 adds counted */
	return 0;
}
// doc:end atomic-counters
/* SPDX-License-Identifier: BSD-3-Clause */
