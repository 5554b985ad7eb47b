/*
 * Lab 5: fan-out, fan-in with a bounded worker pool.  Twenty jobs, at most
 * three processed at once; main prints every result.  See README.md.
 *
 * The reference solution: remove this file before handing the lab out.
 */
#include <stdio.h>

#include "lab.h"

enum { JOBS = 20, WORKERS = 3 };

struct result {
	int job, value;
};

struct pool {
	chan *jobs, *results;
	waitgroup *wg;
};

static void worker(void *arg)   /* WORKERS of these, each taking jobs until none are left */
{
	struct pool *p = arg;
	int job;
	chan_range(p->jobs, job) {
		struct result r = { job, lab_process(job) };   /* 20 ms of work */
		chan_send(p->results, &r);
	}
	waitgroup_done(p->wg);
}

static void closer(void *arg)   /* no more results once every worker is done */
{
	struct pool *p = arg;
	waitgroup_wait(p->wg);
	chan_close(p->results);
}

int main(void)
{
	static waitgroup wg = WAITGROUP_INIT;   /* static: its last Done may still be returning */
	struct pool p = { make_chan(int, JOBS), make_chan(struct result, 0), &wg };
	waitgroup_add(&wg, WORKERS);
	for (int w = 0; w < WORKERS; w++)
		go_copy(worker, &p, sizeof p);
	go_copy(closer, &p, sizeof p);
	for (int j = 1; j <= JOBS; j++)   /* fan-out: room for every job, so this never waits */
		chan_send(p.jobs, &j);
	chan_close(p.jobs);               /* no more jobs: each worker's range ends */
	struct result r;
	chan_range(p.results, r)   /* fan-in: every result, in any order */
		printf("job %d: %d\n", r.job, r.value);
	chan_free(p.jobs);
	chan_free(p.results);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
