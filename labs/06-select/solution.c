/*
 * Lab 6: select with timeouts and a quit channel.  main asks for four
 * results, giving each 100 ms, while three watchers tick; then it stops
 * the watchers.  See README.md.
 *
 * The reference solution: remove this file before handing the lab out.
 */
#include <stdio.h>

#include "lab.h"

enum { FETCHES = 4, WATCHERS = 3 };

struct watcher {
	int id;
	chan *quit;
	waitgroup *wg;
};

static void watch(void *arg)
{
	struct watcher *w = arg;
	chan *ticker = time_newticker(10 * Millisecond);
	for (;;) {
		switch (SELECT(NULL, recv_case(w->quit, NULL), recv_case(ticker, NULL))) {
		case 0:                     /* quit */
			chan_free(ticker);  /* stops it */
			lab_stopped(w->id);
			waitgroup_done(w->wg);
			return;
		case 1:                     /* a tick of work */
			lab_tick(w->id);
			break;
		}
	}
}

int main(void)
{
	static waitgroup wg = WAITGROUP_INIT;
	chan *quit = make_chan(char, 0);
	waitgroup_add(&wg, WATCHERS);
	for (int i = 1; i <= WATCHERS; i++)
		go_copy(watch, &(struct watcher){ i, quit, &wg }, sizeof(struct watcher));

	for (int id = 1; id <= FETCHES; id++) {
		chan *c = lab_fetch(id);   /* the lab frees it */
		chan *timeout = time_after(100 * Millisecond);   /* a new 100 ms for each fetch */
		int v;
		switch (SELECT(NULL, recv_case(c, &v), recv_case(timeout, NULL))) {
		case 0:
			printf("fetch %d: %d\n", id, v);
			break;
		case 1:
			printf("fetch %d: timeout\n", id);
			break;
		}
		chan_free(timeout);   /* stops the timer if it has not fired */
	}

	chan_close(quit);   /* one close reaches every watcher */
	waitgroup_wait(&wg);
	printf("watchers stopped\n");
	chan_free(quit);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
