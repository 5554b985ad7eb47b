/*
 * Lab 3: ping-pong.  Two players hit one ball back and forth, ten hits in
 * all, ping first.  See README.md.
 *
 * The reference solution: remove this file before handing the lab out.
 */
#include <stdio.h>

#include "lab.h"

enum { TURNS = 10 };

struct player {
	const char *name;
	chan *in, *out;   /* the ball comes in on in and goes back on out */
	chan *done;       /* the player who finds TURNS hits made says so here */
	waitgroup *wg;
};

static void player(void *arg)
{
	struct player *p = arg;
	int ball;
	chan_range(p->in, ball) {         /* wait for the ball */
		if (ball == TURNS) {
			chan_send(p->done, &ball);
			break;
		}
		lab_hit(p->name, ball);
		printf("%s %d\n", p->name, ball);
		ball++;
		chan_send(p->out, &ball);   /* unbuffered: waits until the other player has it */
	}
	waitgroup_done(p->wg);
}

int main(void)
{
	static waitgroup wg = WAITGROUP_INIT;
	chan *toping = make_chan(int, 0);
	chan *topong = make_chan(int, 0);
	chan *done = make_chan(int, 0);
	waitgroup_add(&wg, 2);
	go_copy(player, &(struct player){ "ping", toping, topong, done, &wg }, sizeof(struct player));
	go_copy(player, &(struct player){ "pong", topong, toping, done, &wg }, sizeof(struct player));
	int ball = 0;
	chan_send(toping, &ball);   /* serve: ping first */
	chan_recv(done, &ball);
	chan_close(toping);         /* game over: both ranges end */
	chan_close(topong);
	waitgroup_wait(&wg);
	chan_free(toping);
	chan_free(topong);
	chan_free(done);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
