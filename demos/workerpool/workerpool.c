/*
 * workerpool: three workers take jobs from one channel and send results
 * on another.  Five jobs of 100ms each take about 200ms, not 500ms.
 * The C twin of workerpool.go.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

struct result {
	int job, value;
};

// doc:begin workerpool
struct pool {
	chan *jobs, *results;
};

static void worker(void *arg)
{
	struct pool *p = arg;
	int j;
	chan_range(p->jobs, j) {
		time_sleep(100 * Millisecond);   /* an expensive job */
		chan_send(p->results, &(struct result){ j, j * 2 });
	}
}

int main(void)
{
	enum { numJobs = 5 };
	struct pool p = { make_chan(int, numJobs), make_chan(struct result, numJobs) };
	for (int w = 1; w <= 3; w++)
		go(worker, &p);   /* p outlives the workers: main waits for every result */
	int64_t start = time_now();
	for (int j = 1; j <= numJobs; j++)
		chan_send(p.jobs, &j);
	chan_close(p.jobs);   /* no more jobs: each worker's range ends */
	for (int a = 1; a <= numJobs; a++) {
		struct result r;
		chan_recv(p.results, &r);
		printf("job %d: %d\n", r.job, r.value);
	}
	duration elapsed = time_now() - start;
	elapsed = (elapsed + 50 * Millisecond) / (100 * Millisecond) * (100 * Millisecond);
	char buf[64];
	printf("elapsed: %s\n", duration_string(buf, sizeof buf, elapsed));
	return 0;
}
// doc:end workerpool
