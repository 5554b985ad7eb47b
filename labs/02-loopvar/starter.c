/*
 * Lab 2: the loop-variable trap.  main starts five goroutines and means to
 * give goroutine k the number k.  See README.md.
 */
#include <stdio.h>

#include "lab.h"

enum { N = 5 };

static waitgroup wg = WAITGROUP_INIT;

static void worker(void *arg)
{
	int i = *(int *)arg;
	lab_got(i);
	printf("goroutine %d\n", i);
	waitgroup_done(&wg);
}

int main(void)
{
	int i;   /* one variable for the whole loop */
	waitgroup_add(&wg, N);
	for (i = 0; i < N; i++)
		go(worker, &i);
	waitgroup_wait(&wg);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
