/*
 * wgadd_broken: WaitGroup.Add inside the goroutine.  main starts the
 * workers and calls Wait at once; the workers have usually not run their
 * Add yet, so the counter is 0 and Wait returns before any work is done.
 * main then reads results[] while the workers write it: a data race, and
 * a wrong sum.  helgrind ("Possible data race") and ThreadSanitizer
 * ("data race") report it.  The fix, as in Go: wg.Add before `go`
 * (demos/waitgroup/waitgroup.c).
 *
 * expect-helgrind: Possible data race
 * expect-tsan: WARNING: ThreadSanitizer: data race
 */
#include <stdio.h>

#include "gothreads.h"

#define N 4
static waitgroup wg = WAITGROUP_INIT;
static int results[N];

static void worker(void *arg)
{
	int i = *(int *)arg;
	/*
	 * Stands in for the goroutine being scheduled late, which is when the
	 * bug bites; here it bites in every run.
	 */
	time_sleep(20 * Millisecond);
	waitgroup_add(&wg, 1);   /* BUG: too late; main may already be past Wait */
	results[i] = i * i;
	waitgroup_done(&wg);
}

int main(void)
{
	for (int i = 0; i < N; i++)
		go_copy(worker, &i, sizeof i);
	waitgroup_wait(&wg);   /* usually returns at once: the count is still 0 */
	int sum = 0;
	for (int i = 0; i < N; i++)
		sum += results[i];   /* races with the workers' writes */
	printf("sum = %d (want 14)\n", sum);
	/*
	 * Let the late workers finish before main returns, so that their
	 * writes happen (and the tools see them).  A sleep is no fix: it only
	 * hides the bug in most runs.
	 */
	time_sleep(200 * Millisecond);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
