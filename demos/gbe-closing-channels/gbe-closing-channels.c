/*
 * gbe-closing-channels: closing a channel tells its receiver that no more jobs will come.
 * The C twin of gbe-closing-channels.go.  After "Closing Channels" in Go by Example
 * (https://gobyexample.com/closing-channels), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin closing-channels
struct chans {
	chan *jobs, *done;
};

static void func1(void *arg)
{
	struct chans *c = arg;
	for (;;) {
		int j;
		bool more = chan_recv(c->jobs, &j);   /* false once jobs is closed and empty */
		if (!more) {
			printf("received all jobs\n");
			chan_send(c->done, &(bool){ true });
			return;
		}
		printf("received job %d\n", j);
	}
}

int main(void)
{
	chan *jobs = make_chan(int, 5);
	chan *done = make_chan(bool, 0);

	go_copy(func1, &(struct chans){ jobs, done }, sizeof(struct chans));

	for (int j = 1; j <= 3; j++) {
		chan_send(jobs, &j);
		printf("sent job %d\n", j);
	}
	chan_close(jobs);
	printf("sent all jobs\n");

	chan_recv(done, NULL);   /* the worker has seen the close */

	bool ok = chan_recv(jobs, NULL);   /* and so does every receive from now on */
	printf("received more jobs: %s\n", ok ? "true" : "false");
	chan_free(jobs);   /* main is done with both; so is the worker */
	chan_free(done);
	return 0;
}
// doc:end closing-channels
/* SPDX-License-Identifier: BSD-3-Clause */
