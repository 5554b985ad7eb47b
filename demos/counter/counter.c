/*
 * counter: one counter, many goroutines, two ways: shared memory guarded
 * by a mutex, and memory owned by one goroutine that others talk to over
 * a channel ("share memory by communicating").
 * Usage: counter [goroutines [increments]] (default 100 1000).
 * The C twin of counter.go.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"

// doc:begin counter-mutex
struct mutexcounter {
	mutex mu;
	waitgroup wg;
	int count;        /* mu guards it */
	int increments;
};

static void mutex_adder(void *arg)
{
	struct mutexcounter *mc = arg;
	for (int i = 0; i < mc->increments; i++) {
		mutex_lock(&mc->mu);
		mc->count++;
		mutex_unlock(&mc->mu);
	}
	waitgroup_done(&mc->wg);
}

static int mutexCounter(int goroutines, int increments)
{
	/*
	 * static, not on the stack: the last waitgroup_done() may still be
	 * inside pthread_mutex_unlock() when Wait returns, and helgrind would
	 * call the stack's reuse by chanCounter a race.  Go's garbage
	 * collector makes that question moot.
	 */
	static struct mutexcounter mc = { MUTEX_INIT, WAITGROUP_INIT, 0, 0 };
	mc.increments = increments;
	waitgroup_add(&mc.wg, goroutines);
	for (int g = 0; g < goroutines; g++)
		go(mutex_adder, &mc);
	waitgroup_wait(&mc.wg);
	return mc.count;
}
// doc:end counter-mutex

// doc:begin counter-chan
struct chancounter {
	chan *incr, *result;
	waitgroup wg;
	int increments;
};

static void owner(void *arg)   /* the only goroutine that touches count */
{
	struct chancounter *cc = arg;
	int count = 0, d;
	chan_range(cc->incr, d)
		count += d;
	chan_send(cc->result, &count);
}

static void chan_adder(void *arg)
{
	struct chancounter *cc = arg;
	for (int i = 0; i < cc->increments; i++)
		chan_send(cc->incr, &(int){ 1 });
	waitgroup_done(&cc->wg);
}

static int chanCounter(int goroutines, int increments)
{
	static struct chancounter cc = { NULL, NULL, WAITGROUP_INIT, 0 };   /* static: as mc */
	cc.incr = make_chan(int, 0);
	cc.result = make_chan(int, 0);
	cc.increments = increments;
	go(owner, &cc);
	waitgroup_add(&cc.wg, goroutines);
	for (int g = 0; g < goroutines; g++)
		go(chan_adder, &cc);
	waitgroup_wait(&cc.wg);
	chan_close(cc.incr);
	int count;
	chan_recv(cc.result, &count);
	chan_free(cc.incr);
	chan_free(cc.result);
	return count;
}
// doc:end counter-chan

int main(int argc, char **argv)
{
	int goroutines = 100, increments = 1000;
	if (argc > 2) {
		goroutines = atoi(argv[1]);
		increments = atoi(argv[2]);
	}
	printf("mutex counter: %d\n", mutexCounter(goroutines, increments));
	printf("channel counter: %d\n", chanCounter(goroutines, increments));
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
