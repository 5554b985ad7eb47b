/*
 * workerpool: three workers take jobs from one channel and send results
 * on another; when every worker is done, the results channel is closed.
 * Five jobs of 100ms each take about 200ms, not 500ms.
 * The C twin of workerpool.go.
 */
#include <stdio.h>

#include "gothreads.h"

struct result {
	int job, value;
};

// doc:begin workerpool
struct pool {
	chan *jobs, *results;
	waitgroup *wg;
};

static void worker(void *arg)
{
	struct pool *p = arg;   /* this worker's own copy */
	int j;
	chan_range(p->jobs, j) {
		time_sleep(100 * Millisecond);   /* an expensive job */
		chan_send(p->results, &(struct result){ j, j * 2 });
	}
	waitgroup_done(p->wg);
}

static void closer(void *arg)   /* once every worker is done, no more results can come */
{
	struct pool *p = arg;
	waitgroup_wait(p->wg);
	chan_close(p->results);
}

int main(void)
{
	enum { numJobs = 5 };
	static waitgroup wg = WAITGROUP_INIT;   /* static: see ../stopping */
	struct pool p = { make_chan(int, numJobs), make_chan(struct result, numJobs), &wg };
	waitgroup_add(&wg, 3);
	for (int w = 1; w <= 3; w++)
		go_copy(worker, &p, sizeof p);
	go_copy(closer, &p, sizeof p);
	int64_t start = time_now();
	for (int j = 1; j <= numJobs; j++)
		chan_send(p.jobs, &j);
	chan_close(p.jobs);   /* no more jobs: each worker's range ends */
	struct result r;
	chan_range(p.results, r)
		printf("job %d: %d\n", r.job, r.value);
	duration elapsed = time_now() - start;
	elapsed = (elapsed + 50 * Millisecond) / (100 * Millisecond) * (100 * Millisecond);
	char buf[64];
	printf("elapsed: %s\n", duration_string(buf, sizeof buf, elapsed));
	chan_free(p.jobs);      /* every goroutine that used them has finished */
	chan_free(p.results);
	return 0;
}
// doc:end workerpool
/* SPDX-License-Identifier: BSD-3-Clause */
