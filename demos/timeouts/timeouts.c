/*
 * timeouts: select on a result and a timer; whichever is ready first wins.
 * The C twin of timeouts.go.
 *
 * Where C differs: `case <-time.After(d):` is after_case(d, NULL), a
 * timer the select makes and frees itself.  Each channel is freed by each
 * goroutine that is done with it: main after its select, and slowCall,
 * which may send long after main has given up, after its send, with the
 * reference chan_dup gave it.  Go's garbage collector does that job.
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
	chan_free(call->c);               /* this goroutine's reference, from chan_dup */
}

int main(void)
{
	const char *res;
	chan *c1 = make_chan(const char *, 1);
	go_copy(slowCall, &(struct call){ chan_dup(c1), "result 1" }, sizeof(struct call));
	switch (SELECT(NULL, recv_case(c1, &res), after_case(100 * Millisecond, NULL))) {
	case 0:
		printf("%s\n", res);
		break;
	case 1:
		printf("timeout 1\n");
		break;
	}
	chan_free(c1);   /* main is done with c1; slowCall frees its own reference */

	chan *c2 = make_chan(const char *, 1);
	go_copy(slowCall, &(struct call){ chan_dup(c2), "result 2" }, sizeof(struct call));
	switch (SELECT(NULL, recv_case(c2, &res), after_case(Second, NULL))) {
	case 0:
		printf("%s\n", res);
		break;
	case 1:
		printf("timeout 2\n");
		break;
	}
	chan_free(c2);
	return 0;
}
// doc:end timeouts
/* SPDX-License-Identifier: BSD-3-Clause */
