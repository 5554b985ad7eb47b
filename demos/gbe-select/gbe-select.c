/*
 * gbe-select: select takes whichever of two channels is ready first.
 * The C twin of gbe-select.go.  After "Select" in Go by Example
 * (https://gobyexample.com/select), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;

// doc:begin select
static void func1(void *arg)
{
	chan *c1 = arg;
	time_sleep(second);   /* ready after one second */
	chan_send(c1, &(const char *){ "one" });
}

static void func2(void *arg)
{
	chan *c2 = arg;
	time_sleep(2 * second);   /* ready after two */
	chan_send(c2, &(const char *){ "two" });
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	chan *c1 = make_chan(const char *, 0);
	chan *c2 = make_chan(const char *, 0);

	go(func1, c1);
	go(func2, c2);

	for (int n = 0; n < 2; n++) {
		const char *msg;
		/* both goroutines wait together: two seconds in all, not three */
		switch (SELECT(NULL, recv_case(c1, &msg), recv_case(c2, &msg))) {
		case 0:
			printf("received %s\n", msg);
			break;
		case 1:
			printf("received %s\n", msg);
			break;
		}
	}
	chan_free(c1);   /* main is done with both */
	chan_free(c2);
	return 0;
}
// doc:end select
/* SPDX-License-Identifier: BSD-3-Clause */
