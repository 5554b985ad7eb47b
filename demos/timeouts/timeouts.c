/*
 * timeouts: select on a result and a timer; whichever is ready first wins.
 * The C twin of timeouts.go.
 *
 * Where C differs: `case <-time.After(d):` is after_case(d, NULL), a
 * timer the select makes and frees itself.  c1 must be freed, but only
 * once its slow goroutine has sent on it: main waits for that late result
 * at the end.  Go's garbage collector does that job.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin timeouts
struct call {
	chan *c;
	const char *msg;
};

static void slowCall(void *arg)
{
	struct call *call = arg;
	time_sleep(200 * Millisecond);
	chan_send(call->c, &call->msg);   /* c has room for one: this never blocks */
}

int main(void)
{
	const char *res;
	chan *c1 = make_chan(const char *, 1);
	go_copy(slowCall, &(struct call){ c1, "result 1" }, sizeof(struct call));
	switch (SELECT(NULL, recv_case(c1, &res), after_case(100 * Millisecond, NULL))) {
	case 0:
		printf("%s\n", res);
		break;
	case 1:
		printf("timeout 1\n");
		break;
	}

	chan *c2 = make_chan(const char *, 1);
	go_copy(slowCall, &(struct call){ c2, "result 2" }, sizeof(struct call));
	switch (SELECT(NULL, recv_case(c2, &res), after_case(Second, NULL))) {
	case 0:
		printf("%s\n", res);
		break;
	case 1:
		printf("timeout 2\n");
		break;
	}
	chan_free(c2);        /* its sender has sent: nobody uses it now */
	chan_recv(c1, NULL);  /* the late result 1: then c1 is unused too */
	chan_free(c1);
	return 0;
}
// doc:end timeouts
/* SPDX-License-Identifier: BSD-3-Clause */
