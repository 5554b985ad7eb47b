/*
 * gbe-rate-limiting: requests served at most one per tick, then with a
 * burst of three allowed.
 * The C twin of gbe-rate-limiting.go.  After "Rate Limiting" in Go by
 * Example (https://gobyexample.com/rate-limiting), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;

// doc:begin rate-limiting
static void func1(void *arg)
{
	chan *burstyLimiter = arg;
	int64_t t;
	chan_range(time_tick(second / 5), t)
		chan_send(burstyLimiter, &t);   /* then one more every 200 milliseconds */
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	char buf[64];
	chan *requests = make_chan(int, 5);
	for (int i = 1; i <= 5; i++)
		chan_send(requests, &i);
	chan_close(requests);

	chan *limiter = time_tick(second / 5);   /* a tick every 200 milliseconds */
	int req;
	chan_range(requests, req) {
		chan_recv(limiter, NULL);   /* one request per tick */
		printf("request %d %s\n", req, time_string(buf, sizeof buf, time_now()));
	}

	chan *burstyLimiter = make_chan(int64_t, 3);   /* up to three requests at once */
	for (int i = 0; i < 3; i++)
		chan_send(burstyLimiter, &(int64_t){ time_now() });   /* the burst is available at the start */
	go(func1, burstyLimiter);

	chan *burstyRequests = make_chan(int, 5);
	for (int i = 1; i <= 5; i++)
		chan_send(burstyRequests, &i);
	chan_close(burstyRequests);
	chan_range(burstyRequests, req) {
		chan_recv(burstyLimiter, NULL);   /* the first three at once, then one per tick */
		printf("request %d %s\n", req, time_string(buf, sizeof buf, time_now()));
	}
	chan_free(requests);
	chan_free(burstyRequests);
	/* limiter, burstyLimiter and the goroutine's ticker live until the end, as in Go */
	return 0;
}
// doc:end rate-limiting
/* SPDX-License-Identifier: BSD-3-Clause */
