/*
 * sync.Cond: a condition variable on a Locker (Go's sync/cond.go and the
 * runtime's notifyList, runtime/sema.go).
 *
 * DESIGN
 * Go's Wait is: take a ticket, unlock L, sleep until the ticket is
 * notified, lock L again.  Signal notifies the oldest ticket still
 * waiting, Broadcast every one.  Taking the ticket before unlocking L is
 * what makes Wait safe against lost wake-ups: a Signal that comes after
 * Wait has unlocked L, even before Wait sleeps, still finds the ticket.
 *
 * We do the same with a FIFO of waiter records, one per Wait, on the
 * waiting goroutine's stack (as a sudog is).  Our own mutex `m` guards
 * the queue and each record; waiters sleep on one condvar, and a waiter
 * is done when its record says `woken`.  Signal pops the oldest record,
 * Broadcast all of them.  A pthread condvar would not do on its own:
 * it needs the waiter's lock to be a pthread mutex held across the wait,
 * and a Locker can be anything (an RWMutex's read side, say).
 *
 * The deadlock detector: a waiter that sleeps first says so in its record
 * (`parked`) and leaves `live`; whoever wakes it adds it back before it
 * can run.  A waiter notified before it slept never left.
 */
#include "runtime.h"

/* One goroutine inside cond_wait().  c->m guards every field. */
struct condwaiter {
	bool woken;    /* notified: Wait may return (after locking L) */
	bool parked;   /* asleep on c->cv, not counted live */
	struct condwaiter *next;
};

void cond_init(cond *c, mutex *mu)
{
	cond_init_locker(c, mutex_locker(mu));
}

void cond_init_locker(cond *c, locker l)
{
	*c = (cond)COND_INIT(NULL);
	c->L = l;
	pthread_mutex_init(&c->m, NULL);
	pthread_cond_init(&c->cv, NULL);
}

static void lockL(cond *c)
{
	if (c->L.lock)
		c->L.lock(c->L.l);
	else if (c->mu)
		mutex_lock(c->mu);
	else
		go_panic("gothreads: sync.Cond without a Locker (COND_INIT(&mu) or cond_init)");
}

static void unlockL(cond *c)
{
	if (c->L.unlock)
		c->L.unlock(c->L.l);
	else if (c->mu)
		mutex_unlock(c->mu);
	else
		go_panic("gothreads: sync.Cond without a Locker (COND_INIT(&mu) or cond_init)");
}

void cond_wait_at(cond *c, const char *file, int line)
{
	struct condwaiter w = { false, false, NULL };
	LOCK(&c->m);
	if (c->last)
		c->last->next = &w;
	else
		c->first = &w;
	c->last = &w;
	UNLOCK(&c->m);

	unlockL(c);

	LOCK(&c->m);
	if (!w.woken) {
		struct g *gp = getg();
		gblocking(gp);
		setcall(gp, file, line, CALLERPC());
		atomic_store_explicit(&gp->waitreason, WAIT_COND, memory_order_relaxed);
		w.parked = true;
		live_add(-1);
		while (!w.woken)
			pthread_cond_wait(&c->cv, &c->m);
		atomic_store_explicit(&gp->waitreason, NULL, memory_order_relaxed);
	}
	UNLOCK(&c->m);

	lockL(c);
}

void cond_wait(cond *c) { cond_wait_at(c, NULL, 0); }

/* Notifies w, the queue's head, which the caller has just taken off.  c->m held. */
static bool notify(struct condwaiter *w)
{
	w->woken = true;
	if (w->parked)
		live_add(1);   /* before it can run */
	return w->parked;
}

void cond_signal(cond *c)
{
	LOCK(&c->m);
	struct condwaiter *w = c->first;
	if (w) {
		c->first = w->next;
		if (c->first == NULL)
			c->last = NULL;
		/* Every sleeper wakes and looks at its own record; only w's says go. */
		if (notify(w))
			pthread_cond_broadcast(&c->cv);
	}
	UNLOCK(&c->m);
}

void cond_broadcast(cond *c)
{
	LOCK(&c->m);
	bool sleepers = false;
	for (struct condwaiter *w = c->first; w; w = w->next)
		sleepers |= notify(w);
	c->first = c->last = NULL;
	if (sleepers)
		pthread_cond_broadcast(&c->cv);
	UNLOCK(&c->m);
}
/* SPDX-License-Identifier: BSD-3-Clause */
