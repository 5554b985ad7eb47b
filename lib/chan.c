/*
 * Channels (Go's runtime/chan.go).
 *
 * DESIGN
 * A channel is Go's hchan: one mutex, a ring buffer of dataqsiz slots,
 * and two wait queues of sudogs, recvq and sendq.  Every operation locks
 * the channel, and then one of three things happens:
 *
 *   1. a partner is already waiting on the other queue: we hand the value
 *      straight to it (or take it straight from it), wake it, and return.
 *      Neither side touches the buffer, and exactly one goroutine gets
 *      each value, because the partner is dequeued under the lock;
 *   2. the buffer has room (send) or values (receive): use it;
 *   3. otherwise we queue a sudog of our own, release the lock and park
 *      until a partner does step 1 for us.
 *
 * So an unbuffered send returns only after a receiver holds the value,
 * and nobody ever waits for a condition that is already true: the partner
 * is chosen and its value passed under the channel lock, and the wake-up
 * is aimed at that one goroutine's own semaphore (g.parksem).  That rules
 * out the lost and misdirected wake-ups of channels built on one shared
 * condvar per channel.
 *
 * Wake after unlock, as Go does.  The locked halves below (shared with
 * select and the timer thread) never post a semaphore: they put the
 * partner they readied on the caller's struct glist `ready`, and the
 * caller posts it with goready() once it has released the channel lock,
 * so the partner never wakes into a lock its waker still holds.  Close
 * collects every waiter that way first and wakes them all after its
 * unlock (Go's closechan).  See park.c for the three steps.
 *
 * A waiter's sudog may belong to a select that has already been woken
 * through another channel; sudog_claim() says so, and such a sudog is
 * dropped (Go's selectDone).
 *
 * Closing wakes every waiter: receivers get the zero value and false,
 * senders wake to find success == false and panic.
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <string.h>
#include <unistd.h>

/*
 * True if the calling thread holds m: glibc records the owner's thread id
 * in every mutex it locks.  For assertions only (make DEBUG=1), as
 * SQLite's sqlite3_mutex_held: the read races with other lockers.
 */
bool lock_held(pthread_mutex_t *m)
{
	return m->__data.__owner == gettid();
}

bool chan_held(struct hchan *c) { return lock_held(&c->lock); }

#ifdef DEBUG
/* The goroutine of every sudog in q is g, or q is empty. */
static bool waitq_onlyg(struct waitq *q, struct g *g)
{
	for (struct sudog *sg = q->first; sg; sg = sg->next)
		if (sg->g != g)
			return false;
	return true;
}

/* runtime.h's invariants of c, xv6/SQLite style.  c->lock held. */
void chan_check(struct hchan *c)
{
	assert(chan_held(c));
	if (c->sendq.first && c->recvq.first) {
		/* Only a select on both ends of an unbuffered channel. */
		assert(c->dataqsiz == 0);
		struct g *g = c->sendq.first->g;
		assert(waitq_onlyg(&c->sendq, g) && waitq_onlyg(&c->recvq, g));
	}
	assert(c->qcount <= c->dataqsiz);
	if (c->dataqsiz > 0) {
		assert(c->sendx < c->dataqsiz && c->recvx < c->dataqsiz);
		assert((c->recvx + c->qcount) % c->dataqsiz == c->sendx);
		if (c->qcount > 0)
			assert(c->recvq.first == NULL);
		if (c->qcount < c->dataqsiz)
			assert(c->sendq.first == NULL);
	}
	if (c->closed)
		assert(c->recvq.first == NULL && c->sendq.first == NULL);
}
#endif

void waitq_enqueue(struct waitq *q, struct sudog *sg)
{
	sg->next = NULL;
	sg->prev = q->last;
	if (q->last)
		q->last->next = sg;
	else
		q->first = sg;
	q->last = sg;
	sg->queued = true;
}

void waitq_remove(struct waitq *q, struct sudog *sg)
{
	if (!sg->queued)
		return;
	if (sg->prev)
		sg->prev->next = sg->next;
	else
		q->first = sg->next;
	if (sg->next)
		sg->next->prev = sg->prev;
	else
		q->last = sg->prev;
	sg->queued = false;
}

/*
 * Takes the first sudog off q whose goroutine is still waiting, and
 * returns it claimed: it returns holding that goroutine's parklock, which
 * the caller releases with sudog_ready().  Stale sudogs of selects
 * already woken are dropped on the way.  c->lock held.
 */
static struct sudog *dequeue(struct waitq *q)
{
	struct sudog *sg;
	while ((sg = q->first) != NULL) {
		waitq_remove(q, sg);
		if (sudog_claim(sg))
			return sg;
	}
	return NULL;
}

static void *slot(struct hchan *c, size_t i)
{
	return c->buf + i * c->elemsize;
}

static void copyout(struct hchan *c, void *dst, const void *src)
{
	if (dst && c->elemsize)
		memcpy(dst, src, c->elemsize);
}

/*
 * The locked half of c <- *v, shared with select.  c->lock held.
 * Returns CHAN_DONE if the value went to a waiting receiver or into the
 * buffer, CHAN_BLOCK if the sender must wait, CHAN_CLOSED if c is closed:
 * the caller releases its locks and panics with its call's file:line.
 * A receiver it handed the value to is on `ready`: the caller wakes it
 * with goready() after releasing c->lock.  The caller has checked that v
 * is not NULL (unless elements are empty).
 */
int chansend_locked(struct hchan *c, const void *v, struct glist *ready)
{
	assert(chan_held(c));
	CHAN_LIVE(c);
	if (c->closed)
		return CHAN_CLOSED;
	struct sudog *sg = dequeue(&c->recvq);   /* holding sg->g's parklock */
	if (sg) {
		/* A receiver waits, so the buffer is empty: hand over directly. */
		copyout(c, sg->elem, v);
		sg->success = true;
		TRACE(sg->flow = trace_flow(FLOW_SEND, c));
		sudog_ready(sg, ready);
		chan_check(c);
		return CHAN_DONE;
	}
	if (c->qcount < c->dataqsiz) {
		copyout(c, slot(c, c->sendx), v);
		TRACE(if (c->tflow) c->tflow[c->sendx] = trace_flow(FLOW_SEND, c));
		c->sendx = (c->sendx + 1) % c->dataqsiz;
		c->qcount++;
		chan_check(c);
		return CHAN_DONE;
	}
	chan_check(c);
	return CHAN_BLOCK;
}

/*
 * The locked half of *v, *ok = <-c, shared with select.  c->lock held.
 * Returns CHAN_DONE with *ok set, or CHAN_BLOCK if the receiver must wait.
 * A sender it took the value from is on `ready`, for goready() after
 * c->lock is released.
 */
int chanrecv_locked(struct hchan *c, void *v, bool *ok, struct glist *ready)
{
	assert(chan_held(c));
	CHAN_LIVE(c);
	struct sudog *sg = dequeue(&c->sendq);   /* holding sg->g's parklock */
	if (sg) {
		if (c->dataqsiz == 0) {
			/* Unbuffered: take the value straight from the sender. */
			copyout(c, v, sg->elem);
			TRACE(trace_take(sg->flow));
		} else {
			/*
			 * The buffer is full.  Take its head, and put the sender's
			 * value in the slot that frees, at the tail: FIFO order holds.
			 */
			copyout(c, v, slot(c, c->recvx));
			copyout(c, slot(c, c->recvx), sg->elem);
			TRACE(if (c->tflow) { trace_take(c->tflow[c->recvx]); c->tflow[c->recvx] = sg->flow; });
			c->recvx = (c->recvx + 1) % c->dataqsiz;
			c->sendx = c->recvx;
		}
		sg->success = true;
		TRACE(sg->flow = 0);   /* its value's arrow is drawn; the wake-up gets none */
		sudog_ready(sg, ready);
		*ok = true;
		chan_check(c);
		return CHAN_DONE;
	}
	if (c->qcount > 0) {
		copyout(c, v, slot(c, c->recvx));
		TRACE(if (c->tflow) trace_take(c->tflow[c->recvx]));
		c->recvx = (c->recvx + 1) % c->dataqsiz;
		c->qcount--;
		*ok = true;
		chan_check(c);
		return CHAN_DONE;
	}
	if (c->closed) {
		if (v)
			memset(v, 0, c->elemsize);
		*ok = false;
		chan_check(c);
		return CHAN_DONE;
	}
	chan_check(c);
	return CHAN_BLOCK;
}

/*
 * Blocks the calling goroutine on c until a partner completes its
 * operation.  c->lock held on entry, released on return.  Returns the
 * sudog's success: a value passed (true) or close woke it (false).
 */
static bool block(struct hchan *c, struct waitq *q, void *elem, const char *reason)
{
	struct g *gp = getg();
	struct sudog sg = { .g = gp, .c = c, .elem = elem };
	if (q == &c->sendq)
		TRACE(sg.flow = trace_flow(FLOW_SEND, c));   /* the receiver that takes it ends it */
	gp->fired = NULL;
	waitq_enqueue(q, &sg);
	chan_check(c);
	UNLOCK(&c->lock);
	gopark(gp, reason, c);
	/* Whoever woke us took sg off the queue. */
	return sg.success;
}

/*
 * The checks every send makes before it locks: a value of the channel's
 * size, and a value at all.  pc is the return address into the caller.
 */
static inline void checksend(const char *op, struct hchan *c, const void *v, size_t size,
                             const char *file, int line, void *pc)
{
	if (__builtin_expect(!SIZE_OK(c, v, size), 0))
		go_badsize(op, size, c->elemsize, file, line, pc);
	if (__builtin_expect(v == NULL && c->elemsize > 0, 0))
		go_panic_at("gothreads: send of a NULL value pointer on a channel of non-empty elements",
		            file, line, pc);
}

void chan_send_at(chan *c, const void *v, size_t size, const char *file, int line)
{
	if (c == NULL) {
		setcall(getg(), file, line, CALLERPC());
		gopark_forever(getg(), WAIT_CHAN_SEND_NIL);
	}
	checksend("chan_send", c, v, size, file, line, CALLERPC());
	struct glist ready = GLIST_INIT;
	LOCK(&c->lock);
	int r = chansend_locked(c, v, &ready);
	if (r == CHAN_DONE) {
		UNLOCK(&c->lock);
		goready(&ready);   /* the receiver, if one took the value */
		return;
	}
	if (r == CHAN_CLOSED) {
		UNLOCK(&c->lock);
		go_panic_at("send on closed channel", file, line, CALLERPC());
	}
	setcall(getg(), file, line, CALLERPC());
	if (!block(c, &c->sendq, (void *)v, WAIT_CHAN_SEND))
		go_panic_at("send on closed channel", file, line, CALLERPC());   /* closed while we waited */
}

bool chan_recv_at(chan *c, void *v, size_t size, const char *file, int line)
{
	if (c == NULL) {
		setcall(getg(), file, line, CALLERPC());
		gopark_forever(getg(), WAIT_CHAN_RECV_NIL);
	}
	if (__builtin_expect(!SIZE_OK(c, v, size), 0))
		go_badsize("chan_recv", size, c->elemsize, file, line, CALLERPC());
	bool ok;
	struct glist ready = GLIST_INIT;
	LOCK(&c->lock);
	if (chanrecv_locked(c, v, &ok, &ready) == CHAN_DONE) {
		UNLOCK(&c->lock);
		goready(&ready);   /* the sender, if one gave the value */
		return ok;
	}
	setcall(getg(), file, line, CALLERPC());
	return block(c, &c->recvq, v, WAIT_CHAN_RECV);  /* false: close woke us, *v zeroed */
}

bool chan_trysend_at(chan *c, const void *v, size_t size, const char *file, int line)
{
	if (c == NULL)
		return false;
	checksend("chan_trysend", c, v, size, file, line, CALLERPC());
	struct glist ready = GLIST_INIT;
	LOCK(&c->lock);
	int r = chansend_locked(c, v, &ready);
	UNLOCK(&c->lock);
	goready(&ready);
	if (r == CHAN_CLOSED)
		go_panic_at("send on closed channel", file, line, CALLERPC());
	return r == CHAN_DONE;
}

bool chan_tryrecv_at(chan *c, void *v, bool *ok, size_t size, const char *file, int line)
{
	bool okv = false;
	int r = CHAN_BLOCK;
	if (c != NULL) {
		if (__builtin_expect(!SIZE_OK(c, v, size), 0))
			go_badsize("chan_tryrecv", size, c->elemsize, file, line, CALLERPC());
		struct glist ready = GLIST_INIT;
		LOCK(&c->lock);
		r = chanrecv_locked(c, v, &okv, &ready);
		UNLOCK(&c->lock);
		goready(&ready);
	}
	if (ok)
		*ok = okv;
	return r == CHAN_DONE;
}

void chan_close_at(chan *c, const char *file, int line)
{
	if (c == NULL)
		go_panic_at("close of nil channel", file, line, CALLERPC());
	LOCK(&c->lock);
	CHAN_LIVE(c);
	if (c->closed) {
		UNLOCK(&c->lock);
		go_panic_at("close of closed channel", file, line, CALLERPC());
	}
	c->closed = true;
	/* Collect every waiter first, as Go's closechan does ... */
	struct glist ready = GLIST_INIT;
	struct sudog *sg;
	/* Every receiver gets the zero value and false (chan_recv zeroes it). */
	while ((sg = dequeue(&c->recvq)) != NULL) {   /* holding sg->g's parklock */
		if (sg->elem)
			memset(sg->elem, 0, c->elemsize);
		sg->success = false;
		TRACE(sg->flow = trace_flow(FLOW_CLOSE, c));
		sudog_ready(sg, &ready);
	}
	/* Every sender wakes to panic. */
	while ((sg = dequeue(&c->sendq)) != NULL) {   /* holding sg->g's parklock */
		sg->success = false;
		TRACE(sg->flow = trace_flow(FLOW_CLOSE, c));
		sudog_ready(sg, &ready);
	}
	chan_check(c);
	UNLOCK(&c->lock);
	goready(&ready);   /* ... and wake them once c is unlocked. */
}

/* The plain functions: no call site, sizes unchecked (gdb, function pointers). */
void chan_send(chan *c, const void *v) { chan_send_at(c, v, GOTHREADS_ANYSIZE, NULL, 0); }
bool chan_recv(chan *c, void *v) { return chan_recv_at(c, v, GOTHREADS_ANYSIZE, NULL, 0); }
bool chan_trysend(chan *c, const void *v) { return chan_trysend_at(c, v, GOTHREADS_ANYSIZE, NULL, 0); }
bool chan_tryrecv(chan *c, void *v, bool *ok) { return chan_tryrecv_at(c, v, ok, GOTHREADS_ANYSIZE, NULL, 0); }
void chan_close(chan *c) { chan_close_at(c, NULL, 0); }

long (chan_len)(chan *c)
{
	if (c == NULL)
		return 0;
	LOCK(&c->lock);
	long n = (long)c->qcount;
	UNLOCK(&c->lock);
	return n;
}

long (chan_cap)(chan *c)
{
	return c ? (long)c->dataqsiz : 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
