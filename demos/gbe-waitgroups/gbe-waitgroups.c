/*
 * gbe-waitgroups: main waits for five workers with a sync.WaitGroup.
 * The C twin of gbe-waitgroups.go.  After "WaitGroups" in Go by Example
 * (https://gobyexample.com/waitgroups), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;
static waitgroup wg = WAITGROUP_INIT;   /* static: the last Done may still be unlocking it when main returns */

// doc:begin waitgroups
static void worker(int id)
{
	printf("Worker %d starting\n", id);
	time_sleep(second);   /* something that takes a while */
	printf("Worker %d done\n", id);
}

static void func1(void *arg)   /* go func(id int) { defer wg.Done(); worker(id) }(i) */
{
	worker(*(int *)arg);
	waitgroup_done(&wg);   /* no defer in C: Done comes last */
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	for (int i = 1; i <= 5; i++) {
		waitgroup_add(&wg, 1);   /* before the goroutine starts, so Wait cannot miss it */
		go_copy(func1, &i, sizeof i);
	}

	waitgroup_wait(&wg);   /* until all five have called Done */
	return 0;
}
// doc:end waitgroups
/* SPDX-License-Identifier: BSD-3-Clause */
