/*
 * Lab 3: ping-pong.  Two players hit one ball back and forth, ten hits in
 * all, ping first.  See README.md.
 */
#include <stdio.h>

#include "lab.h"

enum { TURNS = 10 };

struct player {
	const char *name;
	chan *table;   /* the ball (a count of hits) travels on it */
	chan *done;    /* the player who finds TURNS hits made says so here */
	waitgroup *wg;
};

static void player(void *arg)
{
	struct player *p = arg;
	int ball;
	chan_range(p->table, ball) {       /* wait for the ball */
		if (ball == TURNS) {
			chan_send(p->done, &ball);
			break;
		}
		lab_hit(p->name, ball);
		printf("%s %d\n", p->name, ball);
		ball++;
		chan_send(p->table, &ball);   /* back over the net */
	}
	waitgroup_done(p->wg);
}

int main(void)
{
	static waitgroup wg = WAITGROUP_INIT;
	chan *table = make_chan(int, 1);   /* room for the ball: a hit never waits */
	chan *done = make_chan(int, 0);
	waitgroup_add(&wg, 2);
	go_copy(player, &(struct player){ "ping", table, done, &wg }, sizeof(struct player));
	go_copy(player, &(struct player){ "pong", table, done, &wg }, sizeof(struct player));
	int ball = 0;
	chan_send(table, &ball);   /* serve */
	chan_recv(done, &ball);
	chan_close(table);         /* game over: the other player's range ends */
	waitgroup_wait(&wg);
	chan_free(table);
	chan_free(done);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
