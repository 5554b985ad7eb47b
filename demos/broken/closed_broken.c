/*
 * closed_broken: a send on a closed channel.  main closes the results
 * channel as soon as it has started the helper, thinking the helper is
 * done with it; but the helper still has a value to send.  The send
 * panics "send on closed channel", as in Go (a sender already waiting
 * when the close comes panics too), and the program stops with exit
 * status 2.  The rule, Go's too: only the sender closes, and with several
 * senders you close after all of them are done (a WaitGroup).
 * docs/debugging.md catches this panic in gdb (break go_panic) and as a
 * core file (GOTRACEBACK=crash).
 *
 * expect-helgrind: panic: send on closed channel
 * expect-tsan: panic: send on closed channel
 */
#include <stdio.h>

#include "gothreads.h"

static void helper(void *arg)
{
	chan *results = arg;
	int v = 42;
	chan_send(results, &v);   /* BUG: the channel is closed, or soon will be */
}

int main(void)
{
	chan *results = make_chan(int, 0);
	chan *done = make_chan(int, 0);
	go_named("helper", helper, results, 0);
	chan_close(results);      /* BUG: the helper has not sent yet */
	chan_recv(done, NULL);    /* waits for the helper, which never says it is done */
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
