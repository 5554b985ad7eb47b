/*
 * deadlock_broken: two goroutines, each waiting for the other.  ping
 * waits to receive on pong's channel before it sends on its own, and
 * pong does the same the other way round: nobody sends first.  main waits
 * for both on a WaitGroup.  Every goroutine is asleep, so gothreads stops
 * the program as Go does: "fatal error: all goroutines are asleep -
 * deadlock!", every goroutine and what it waits on, exit status 2.
 * The fix: one of them must send first.  docs/debugging.md looks at this
 * program in gdb.
 *
 * expect-helgrind: fatal error: all goroutines are asleep - deadlock!
 * expect-tsan: fatal error: all goroutines are asleep - deadlock!
 */
#include <stdio.h>

#include "gothreads.h"

struct player {
	const char *name;
	chan *in, *out;   /* receive the ball on in, pass it on out */
	waitgroup *wg;
};

static void play(void *arg)
{
	struct player *p = arg;
	int ball;
	chan_recv(p->in, &ball);   /* BUG: both players wait here first */
	printf("%s got the ball\n", p->name);
	chan_send(p->out, &ball);
	waitgroup_done(p->wg);
}

int main(void)
{
	waitgroup wg = WAITGROUP_INIT;
	chan *toping = make_chan(int, 0), *topong = make_chan(int, 0);
	struct player ping = { "ping", toping, topong, &wg };
	struct player pong = { "pong", topong, toping, &wg };
	waitgroup_add(&wg, 2);
	go_named("ping", play, &ping, 0);
	go_named("pong", play, &pong, 0);
	waitgroup_wait(&wg);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
