/*
 * waitgroup: the primer's "Waiting for goroutines"; the C twin of
 * waitgroup.go, line for line, with the primer's numbered comments.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin waitgroup
static waitgroup wg = WAITGROUP_INIT; // 1

static void routine(void *arg)
{
	int i = *(int *)arg;
	printf("routine %d finished\n", i);
	waitgroup_done(&wg); // 3
}

int main(void)
{
	waitgroup_add(&wg, 10); // 2
	for (int i = 0; i < 10; i++) {
		go_copy(routine, &i, sizeof i); // *
	}
	waitgroup_wait(&wg); // 4
	printf("main finished\n");
	return 0;
}
// doc:end waitgroup
/* SPDX-License-Identifier: CC-BY-SA-3.0 */
