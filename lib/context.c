/*
 * context: cancellation that reaches a whole tree of goroutines (Go's
 * context package: Background, WithCancel, WithDeadline, WithTimeout).
 *
 * DESIGN
 * A context is a node in a tree.  Cancelling one closes its done channel
 * (every goroutine selecting on it wakes, as a close wakes every waiter)
 * and cancels every descendant, with the same error; a child's own
 * cancellation never reaches its parent.  A deadline is a time_afterfunc
 * timer whose goroutine cancels the context with "context deadline
 * exceeded".  That is Go's design (cancelCtx, timerCtx) without its
 * lock-free fast paths: one lock, tree.lock, guards every context's
 * fields and links.  Contexts are made and cancelled rarely next to the
 * channel operations that wait on them, and one lock cannot be taken in
 * two orders.
 *
 * Lock order: tree.lock > hchan.lock (closing done) and timers.lock
 * (stopping the deadline's timer).
 *
 * Memory: Go's garbage collector frees a context nobody refers to.  Here
 * whoever made it frees it with context_free() once the goroutines that
 * use it are done; context_free cancels it first (as Go's `defer cancel()`
 * does), and a deadline goroutine still on its way frees it when it is.
 *
 * Invariants (tree.lock held):
 *   err != NULL  iff  done is closed.
 *   A cancelled context has no children (they were cancelled and unlinked).
 */
#include "runtime.h"

#include <string.h>

struct context {
	/* tree.lock guards all of these: */
	context *parent;          /* NULL for Background and once cancelled */
	context *children;        /* not yet cancelled, linked by next/prev */
	context *next, *prev;
	chan *done;               /* closed when cancelled; NULL for Background */
	const char *err;          /* NULL, "context canceled" or "context deadline exceeded" */
	int64_t deadline;         /* time_now() reading; INT64_MAX for none */
	chan *timer;              /* time_afterfunc for the deadline, or NULL */
	bool firing;              /* the deadline's goroutine is on its way */
	bool freed;               /* context_free came first: firing frees it */
};

static struct {
	pthread_mutex_t lock;
} tree = { PTHREAD_MUTEX_INITIALIZER };

static context background = { .deadline = INT64_MAX };

static const char errcanceled[] = "context canceled";
static const char errdeadline[] = "context deadline exceeded";

context *context_background(void) { return &background; }
context *context_todo(void) { return &background; }

static void unlink_child(context *c)
{
	context *p = c->parent;
	if (p == NULL)
		return;
	if (c->prev)
		c->prev->next = c->next;
	else
		p->children = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->parent = c->next = c->prev = NULL;
}

/*
 * Cancels c and its descendants with err, unlinks c from its parent.
 * tree.lock held.  Stopping a timer that has already fired is harmless:
 * its goroutine finds c cancelled.
 */
static void cancel_locked(context *c, const char *err)
{
	if (c->err != NULL)
		return;
	c->err = err;
	chan_close(c->done);
	while (c->children)
		cancel_locked(c->children, err);   /* unlinks it */
	unlink_child(c);
	if (c->timer && time_stop(c->timer))
		c->firing = false;   /* stopped before it fired: no goroutine comes */
}

static context *newctx(context *parent, int64_t deadline)
{
	if (parent == NULL)
		go_panic("cannot create context from nil parent");
	context *c = calloc(1, sizeof *c);
	chan *done = make_chan(char, 0);
	if (c == NULL || done == NULL) {
		free(c);
		chan_free(done);
		go_throw("out of memory for a context");
	}
	c->done = done;
	c->deadline = deadline;
	LOCK(&tree.lock);
	if (parent->err) {
		cancel_locked(c, parent->err);   /* a cancelled parent: born cancelled */
	} else if (parent != &background) {
		c->parent = parent;
		c->next = parent->children;
		if (c->next)
			c->next->prev = c;
		parent->children = c;
	}
	UNLOCK(&tree.lock);
	return c;
}

context *context_withcancel(context *parent)
{
	return newctx(parent, parent ? parent->deadline : INT64_MAX);
}

/* The deadline's goroutine. */
static void expire(void *arg)
{
	context *c = arg;
	LOCK(&tree.lock);
	cancel_locked(c, errdeadline);
	c->firing = false;
	bool freeit = c->freed;
	UNLOCK(&tree.lock);
	if (freeit) {
		chan_free(c->timer);
		chan_free(c->done);
		free(c);
	}
}

context *context_withdeadline(context *parent, int64_t d)
{
	if (parent && parent->deadline <= d)
		return context_withcancel(parent);   /* the parent's comes first, as in Go */
	context *c = newctx(parent, d);
	LOCK(&tree.lock);
	if (c->err == NULL) {
		if (d <= time_now()) {
			cancel_locked(c, errdeadline);   /* already passed */
		} else {
			c->firing = true;
			c->timer = time_afterfunc(d - time_now(), expire, c);
		}
	}
	UNLOCK(&tree.lock);
	return c;
}

context *context_withtimeout(context *parent, duration timeout)
{
	int64_t now = time_now();
	return context_withdeadline(parent, timeout > INT64_MAX - now ? INT64_MAX : now + timeout);
}

void context_cancel(context *c)
{
	if (c == &background)
		return;
	LOCK(&tree.lock);
	cancel_locked(c, errcanceled);
	UNLOCK(&tree.lock);
}

chan *context_done(context *c)
{
	return c->done;   /* read-only once made */
}

const char *context_err(context *c)
{
	LOCK(&tree.lock);
	const char *err = c->err;
	UNLOCK(&tree.lock);
	return err;
}

bool context_deadline(context *c, int64_t *deadline)
{
	if (deadline)
		*deadline = c->deadline;   /* read-only once made */
	return c->deadline != INT64_MAX;
}

void context_free(context *c)
{
	if (c == NULL || c == &background)
		return;
	LOCK(&tree.lock);
	cancel_locked(c, errcanceled);
	bool later = c->firing;   /* its deadline goroutine still holds c */
	c->freed = true;
	UNLOCK(&tree.lock);
	if (later)
		return;
	chan_free(c->timer);
	chan_free(c->done);
	free(c);
}
/* SPDX-License-Identifier: BSD-3-Clause */
