/*
 * Lab 1: goroutines and WaitGroup.  Eight workers each compute one square;
 * main waits for all of them, then prints the sum.  See README.md.
 */
#include <stdio.h>

#include "lab.h"

enum { WORKERS = 8 };

static waitgroup wg = WAITGROUP_INIT;
static int results[WORKERS];   /* results[id] is written by worker id only */

static void worker(void *arg)
{
	int id = *(int *)arg;          /* our own copy: go_copy made it */
	waitgroup_add(&wg, 1);         /* count this worker in */
	results[id] = lab_work(id);    /* 10 ms of work */
	waitgroup_done(&wg);
}

int main(void)
{
	for (int id = 0; id < WORKERS; id++)
		go_copy(worker, &id, sizeof id);
	waitgroup_wait(&wg);           /* until every worker is done */
	lab_joined();

	int sum = 0;
	for (int id = 0; id < WORKERS; id++)
		sum += results[id];
	printf("sum of squares 0..%d: %d\n", WORKERS - 1, sum);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
