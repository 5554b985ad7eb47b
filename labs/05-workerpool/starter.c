/*
 * Lab 5: fan-out, fan-in with a bounded worker pool.  Twenty jobs, at most
 * three processed at once; main prints every result.  See README.md.
 */
#include <stdio.h>

#include "lab.h"

enum { JOBS = 20, WORKERS = 3 };

struct result {
	int job, value;
};

struct job {
	int job;
	chan *results;
};

static void process(void *arg)   /* one goroutine per job */
{
	struct job *j = arg;
	struct result r = { j->job, lab_process(j->job) };   /* 20 ms of work */
	chan_send(j->results, &r);
}

int main(void)
{
	chan *results = make_chan(struct result, 0);
	for (int j = 1; j <= JOBS; j++)    /* fan-out */
		go_copy(process, &(struct job){ j, results }, sizeof(struct job));
	for (int i = 0; i < JOBS; i++) {   /* fan-in: every result, in any order */
		struct result r;
		chan_recv(results, &r);
		printf("job %d: %d\n", r.job, r.value);
	}
	chan_free(results);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
