/*
 * Lab 9: rate limiting with a ticker.  Ten requests wait in a channel;
 * handle them in order, at most one every 20 ms.  See README.md.
 *
 * The reference solution: remove this file before handing the lab out.
 */
#include <stdio.h>

#include "lab.h"

enum { REQUESTS = 10 };

int main(void)
{
	chan *requests = make_chan(int, REQUESTS);
	for (int i = 1; i <= REQUESTS; i++)
		chan_send(requests, &i);
	chan_close(requests);

	chan *limiter = time_newticker(20 * Millisecond);   /* a tick every 20 ms */
	int req;
	chan_range(requests, req) {
		chan_recv(limiter, NULL);   /* wait for the next tick */
		lab_request(req);
		printf("request %d\n", req);
	}
	chan_free(limiter);   /* stops the ticker */
	chan_free(requests);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
