/*
 * gbe-timeouts: select on a result and on time.After: whichever comes first wins.
 * The C twin of gbe-timeouts.go.  After "Timeouts" in Go by Example
 * (https://gobyexample.com/timeouts), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;

// doc:begin timeouts
struct slow {
	chan *c;
	const char *msg;
};

/*
 * slow sends msg on c after two seconds.  c has room for one value, so
 * the send never waits, even when nobody is listening any more.
 */
static void slow(void *arg)
{
	struct slow *s = arg;
	time_sleep(2 * second);
	chan_send(s->c, &s->msg);
	chan_free(s->c);   /* this goroutine's reference, from chan_dup */
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	const char *res;
	chan *c1 = make_chan(const char *, 1);
	go_copy(slow, &(struct slow){ chan_dup(c1), "result 1" }, sizeof(struct slow));
	switch (SELECT(NULL, recv_case(c1, &res), after_case(second, NULL))) {   /* one second is not enough */
	case 0:
		printf("%s\n", res);
		break;
	case 1:
		printf("timeout 1\n");
		break;
	}
	chan_free(c1);   /* main is done with c1; slow still sends on it, with its own reference */

	chan *c2 = make_chan(const char *, 1);
	go_copy(slow, &(struct slow){ chan_dup(c2), "result 2" }, sizeof(struct slow));
	switch (SELECT(NULL, recv_case(c2, &res), after_case(3 * second, NULL))) {   /* three seconds are */
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
