/*
 * gbe-worker-pools: three workers share five jobs from one channel.
 * The C twin of gbe-worker-pools.go.  After "Worker Pools" in Go by Example
 * (https://gobyexample.com/worker-pools), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;

// doc:begin worker-pools
struct worker {
	int id;
	recvchan jobs;      /* jobs <-chan int */
	sendchan results;   /* results chan<- int */
};

/* worker takes jobs until jobs is closed, sending each result on results. */
static void worker(void *arg)
{
	struct worker *w = arg;
	int j;
	chan_range(w->jobs, j) {
		printf("worker %d started  job %d\n", w->id, j);
		time_sleep(second);   /* an expensive job */
		printf("worker %d finished job %d\n", w->id, j);
		chan_send(w->results, &(int){ j * 2 });
	}
	chan_free(w->jobs);      /* this worker's own references: done with them */
	chan_free(w->results);
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	enum { numJobs = 5 };
	chan *jobs = make_chan(int, numJobs);
	chan *results = make_chan(int, numJobs);

	for (int w = 1; w <= 3; w++)   /* three workers, waiting for jobs */
		go_copy(worker, &(struct worker){ w, chan_recvonly(chan_dup(jobs)),
		                                  chan_sendonly(chan_dup(results)) }, sizeof(struct worker));

	for (int j = 1; j <= numJobs; j++)
		chan_send(jobs, &j);
	chan_close(jobs);   /* that is all: each worker's range ends once jobs is empty */

	for (int a = 1; a <= numJobs; a++)
		chan_recv(results, NULL);   /* five results: every job is done (two seconds, not five) */
	chan_free(jobs);      /* main is done with them; each worker frees its own */
	chan_free(results);
	return 0;
}
// doc:end worker-pools
/* SPDX-License-Identifier: BSD-3-Clause */
