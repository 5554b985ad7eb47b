/*
 * gbe-timers: a timer fires once; one that is stopped in time never fires.
 * The C twin of gbe-timers.go.  After "Timers" in Go by Example
 * (https://gobyexample.com/timers), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;

// doc:begin timers
static void func1(void *arg)
{
	chan *timer2 = arg;
	chan_recv(timer2, NULL);   /* never happens: the timer is stopped first */
	printf("Timer 2 fired\n");
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	chan *timer1 = time_newtimer(2 * second);
	chan_recv(timer1, NULL);   /* waits the two seconds */
	printf("Timer 1 fired\n");
	chan_free(timer1);   /* fired once and received: a timer sends no more, so nobody uses it */

	chan *timer2 = time_newtimer(second);
	go(func1, timer2);
	if (time_stop(timer2))   /* true: it had not fired yet */
		printf("Timer 2 stopped\n");

	time_sleep(2 * second);   /* time enough for timer2 to have fired, had it not been stopped */
	/* not freed: a goroutine still waits on timer2, as in Go, until the program ends */
	return 0;
}
// doc:end timers
/* SPDX-License-Identifier: BSD-3-Clause */
