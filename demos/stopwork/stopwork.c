/*
 * stopwork: stop a group of goroutines by closing one channel, then wait
 * for them all with a WaitGroup.  Usage: stopwork [wait], e.g. 100ms
 * (default 5s): how long the goroutines run before main stops them.
 * The C twin of stopwork.go.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../log.h"

// doc:begin stopwork
struct worker {
	int i;
	chan *stop;
	waitgroup *wg;
};

static void worker(void *arg)
{
	struct worker *w = arg;
	log_printf("started goroutine %d", w->i);
	chan *ticker = time_newticker(10 * Millisecond);
	for (;;) {
		int64_t tick;
		switch (SELECT(NULL, recv_case(w->stop, NULL), recv_case(ticker, &tick))) {
		case 0:   /* closed: every receive succeeds at once */
			chan_free(ticker);   /* stops it, like defer ticker.Stop() */
			waitgroup_done(w->wg);
			return;
		case 1:
			/* a tick of work would go here */
			break;
		}
	}
}

int main(int argc, char **argv)
{
	duration wait = 5 * Second;
	char err[128];
	if (argc > 1 && !duration_parse(argv[1], &wait, err, sizeof err)) {
		log_printf("%s", err);
		return 1;
	}
	chan *stop = make_chan(char, 0);   /* chan struct{}: only closed, never sent on */
	/*
	 * static, not on main's stack: the last waitgroup_done() may still be
	 * inside pthread_mutex_unlock() on it when main returns, and exit()
	 * reuses main's stack; helgrind would call that a race.
	 */
	static waitgroup wg = WAITGROUP_INIT;
	for (int i = 1; i <= 5; i++) {
		waitgroup_add(&wg, 1);
		go_copy(worker, &(struct worker){ i, stop, &wg }, sizeof(struct worker));
	}
	time_sleep(wait);
	log_printf("stopping goroutines");
	chan_close(stop);   /* one close reaches every goroutine */
	waitgroup_wait(&wg);
	log_printf("all goroutines stopped");
	chan_free(stop);
	return 0;
}
// doc:end stopwork
/* SPDX-License-Identifier: BSD-3-Clause */
