/*
 * Helpers shared by the channel tests (test_chan*.c), each a program of
 * its own.
 *
 * Some tests must know that a goroutine is already blocked on a channel
 * (to close it under a waiter, say).  Sleeping and hoping is not allowed,
 * so they look, as gdb would, at the channel's wait queues: waiting()
 * counts the sudogs queued on a channel, under the channel's own lock.
 * A queued sudog means its goroutine has committed to wait and released
 * the lock; only a partner or a close can now let it go.
 */
#ifndef TESTS_CHAN_HELPERS_H
#define TESTS_CHAN_HELPERS_H

#include "harness.h"
#include "runtime.h"   /* white box: struct hchan's wait queues, for waiting() */

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------ */

enum { RECVQ, SENDQ };

/* How many goroutines wait in c's receive (RECVQ) or send (SENDQ) queue. */
static inline int waiting(chan *c, int q)
{
	int n = 0;
	pthread_mutex_lock(&c->lock);
	for (struct sudog *sg = q == SENDQ ? c->sendq.first : c->recvq.first; sg; sg = sg->next)
		n++;
	pthread_mutex_unlock(&c->lock);
	return n;
}

/* Yields (never sleeps) until at least n goroutines wait in that queue. */
static inline void await_waiting(chan *c, int q, int n)
{
	while (waiting(c, q) < n)
		go_yield();
}

struct pair {
	chan *c;
	int value;
};

static inline void send_value(void *arg)
{
	struct pair *p = arg;
	chan_send(p->c, &p->value);
}

/* Sends value on c, then (only once that send has returned) 1 on after. */
struct sendspec {
	chan *c, *after;
	int value;
};

/* Not static, here and below, so that goroutine dumps can name it. */
void send_then_report(void *arg);

void send_then_report(void *arg)
{
	struct sendspec *s = arg;
	chan_send(s->c, &s->value);
	int one = 1;
	chan_send(s->after, &one);
}

/* Receives one int from c and reports {value, ok} on result. */
struct recvspec {
	chan *c, *result;
};
struct recvres {
	int value;
	bool ok;
};

static inline void recv_then_report(void *arg)
{
	struct recvspec *s = arg;
	struct recvres r;
	r.value = 12345;   /* must be overwritten: by a value, or by zero on close */
	r.ok = chan_recv(s->c, &r.value);
	chan_send(s->result, &r);
}


#endif
/* SPDX-License-Identifier: BSD-3-Clause */
