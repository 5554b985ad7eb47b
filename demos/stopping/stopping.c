/*
 * stopping: the primer's "Stopping goroutines"; the C twin of
 * stopping.go, line for line, with the primer's comments.  The
 * goroutine's function literal becomes func1, the name Go's tracebacks
 * give it (main.func1); what it captures (wg) and its two arguments
 * travel in a struct that go_copy copies.
 *
 * Ours, not the primer's: the knob at the bottom, as in stopping.go.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"
#include "../log.h"

static duration second;
static void init(int argc, char **argv);

// doc:begin stopping
struct func1_args {
	waitgroup *wg;
	int i;
	recvchan stopCh;
};

static void func1(void *arg)
{
	struct func1_args *a = arg;
	waitgroup *wg = a->wg;
	int i = a->i;
	recvchan stopCh = a->stopCh;

	log_printf("started goroutine %d", i);

	switch (SELECT(NULL, recv_case(stopCh, NULL))) {
	// Since we never send empty structs on this channel we can
	// take the return of a receive on the channel to mean that the
	// channel has been closed (recall that receive never blocks on
	// closed channels).
	case 0:
		log_printf("stopped goroutine %d", i);
	}
	// The defer keyword guarantees that the WaitGroup count is
	// decremented when the goroutine exits.
	waitgroup_done(wg);
}

int main(int argc, char **argv)
{
	init(argc, argv);
	// The WaitGroup lets the main goroutine wait for all other goroutines
	// to terminate. However, this is no implicit in Go. The WaitGroup must
	// be explicitely incremented prior to the execution of any goroutine
	// (i.e. before the `go` keyword) and it must be decremented by calling
	// wg.Done() at the end of every goroutine (typically via the `defer` keyword).
	static waitgroup wg = WAITGROUP_INIT;

	// The stop channel is an unbuffered channel that is closed when the main
	// thread wants all other goroutines to terminate (there is no way to
	// interrupt another goroutine in Go). Each goroutine must multiplex its
	// work with the stop channel to guarantee liveness.
	chan *stopCh = make_chan(struct {}, 0);

	for (int i = 0; i < 5; i++) {
		// It is important that the WaitGroup is incremented before we start
		// the goroutine (and not within the goroutine) because the scheduler
		// makes no guarantee that the goroutine starts execution prior to
		// the main goroutine calling wg.Wait().
		waitgroup_add(&wg, 1);
		go_copy(func1, &(struct func1_args){ &wg, i, chan_recvonly(stopCh) }, sizeof(struct func1_args));
	}

	time_sleep(second * 5);
	chan_close(stopCh);
	log_printf("stopping goroutines");
	waitgroup_wait(&wg);
	log_printf("all goroutines stopped");
	chan_free(stopCh);
	return 0;
}
// doc:end stopping

// doc:begin knob
/*
 * The knob (ours): the primer's time.Second, or the duration given as
 * the first argument.  Go runs init() before main by itself; C's main
 * calls it first.
 */
static duration second = Second;

static void init(int argc, char **argv)
{
	char err[128];
	if (argc > 1 && !duration_parse(argv[1], &second, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
}
// doc:end knob
/* SPDX-License-Identifier: CC-BY-SA-3.0 */
