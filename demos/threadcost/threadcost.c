/*
 * threadcost: what a goroutine costs.  Starts n goroutines that all block
 * on one channel, times that, then closes the channel and times their end.
 * Usage: threadcost [n [mem]] (default 1000); with "mem" it also prints
 * the threads and resident memory the process has while all n are blocked
 * (read from /proc/self/status).  The C twin of threadcost.go.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gothreads.h"

/* A field of /proc/self/status, such as "Threads" or "VmRSS"; -1 if none. */
static long status(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (f == NULL)
		return -1;
	char line[256];
	long v = -1;
	size_t k = strlen(field);
	while (fgets(line, sizeof line, f))
		if (strncmp(line, field, k) == 0 && line[k] == ':') {
			v = atol(line + k + 1);
			break;
		}
	fclose(f);
	return v;
}

// doc:begin threadcost
struct gate {
	chan *gate;
	waitgroup started, finished;
};

static void blocker(void *arg)
{
	struct gate *g = arg;
	waitgroup_done(&g->started);
	chan_recv(g->gate, NULL);   /* blocked until main closes gate */
	waitgroup_done(&g->finished);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	bool mem = argc > 2 && strcmp(argv[2], "mem") == 0;
	long rss0 = status("VmRSS");

	static struct gate g = { NULL, WAITGROUP_INIT, WAITGROUP_INIT };   /* static: see ../stopping */
	g.gate = make_chan(char, 0);
	waitgroup_add(&g.started, n);
	waitgroup_add(&g.finished, n);
	int64_t t0 = time_now();
	for (int i = 0; i < n; i++)
		go(blocker, &g);
	waitgroup_wait(&g.started);
	duration d = time_now() - t0;
	char b1[64], b2[64];
	printf("%d goroutines started and blocked in %s (%s each)\n", n,
	       duration_string(b1, sizeof b1, d), duration_string(b2, sizeof b2, d / n));
	if (mem)
		printf("threads: %ld, resident memory: +%ld KiB (%ld bytes per goroutine)\n",
		       status("Threads"), status("VmRSS") - rss0, (status("VmRSS") - rss0) * 1024 / n);
	int64_t t1 = time_now();
	chan_close(g.gate);
	waitgroup_wait(&g.finished);
	printf("all %d woken and finished in %s\n", n, duration_string(b1, sizeof b1, time_now() - t1));
	chan_free(g.gate);
	return 0;
}
// doc:end threadcost
/* SPDX-License-Identifier: BSD-3-Clause */
