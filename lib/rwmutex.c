/*
 * sync.RWMutex: a reader/writer mutual exclusion lock (Go's sync/rwmutex.go).
 *
 * DESIGN
 * Go's RWMutex is lock-free on its fast path, built from atomics and
 * runtime semaphores.  We take the simple path: one pthread mutex `m`
 * guards a few counters, and readers and writers wait on two condvars.
 * Every RLock, RUnlock, Lock and Unlock goes through m, so helgrind, DRD
 * and ThreadSanitizer see each ordering the lock gives: a writer's Unlock
 * happens before the next RLock or Lock that gets in, and every reader's
 * RUnlock before the next writer's Lock returns.
 *
 * The policy is Go's: readers share, a writer excludes, and
 *
 *   - a writer waiting in Lock blocks new readers ("If any goroutine calls
 *     Lock while the lock is already held by one or more readers,
 *     concurrent calls to RLock will block until the writer has acquired
 *     (and released) the lock"), so readers cannot starve a writer;
 *   - a writer's Unlock lets in every reader that waited for it before the
 *     next writer, so writers cannot starve readers;
 *   - writers get in first come, first served (tickets).
 *
 * Hand-off: whoever unlocks chooses who gets in next and makes them
 * owners at once (readers counted in `readers`, a writer in `writer`):
 * a woken waiter never has to compete again.  It is the waker, too, who
 * counts the woken back into `live` (live_add) before they can run, as
 * sudog_ready() does for channels, so the deadlock detector sees a
 * goroutine blocked in RLock or Lock as asleep, and never a woken one.
 *
 * Invariants (m held):
 *   writer implies readers == 0.
 *   waitreaders > 0 implies writer or wnext != wserved (a writer holds
 *   or waits for the lock).
 *   wnext - wserved is the number of writers waiting.
 */
#include "runtime.h"

void rwmutex_init(rwmutex *rw)
{
	*rw = (rwmutex)RWMUTEX_INIT;
	pthread_mutex_init(&rw->m, NULL);
	pthread_cond_init(&rw->readcv, NULL);
	pthread_cond_init(&rw->writecv, NULL);
}

/* Parks the caller on cv until *gen moves.  m held; not live meanwhile. */
static void rwpark(rwmutex *rw, pthread_cond_t *cv, const char *reason, unsigned long *gen,
                   unsigned long until, const char *file, int line, void *pc)
{
	struct g *gp = getg();
	gblocking(gp);
	setcall(gp, file, line, pc);
	atomic_store_explicit(&gp->waitreason, reason, memory_order_relaxed);
	live_add(-1);   /* the waker adds us back (see DESIGN) */
	while ((long)(*gen - until) < 0)
		pthread_cond_wait(cv, &rw->m);
	atomic_store_explicit(&gp->waitreason, NULL, memory_order_relaxed);
}

/* Gives the lock to the next waiting writer, if any.  m held, lock free. */
static bool grantwriter(rwmutex *rw)
{
	if (rw->wnext == rw->wserved)
		return false;
	rw->writer = true;
	rw->wserved++;
	live_add(1);
	pthread_cond_broadcast(&rw->writecv);   /* the one whose ticket came up goes */
	return true;
}

void rwmutex_rlock_at(rwmutex *rw, const char *file, int line)
{
	LOCK(&rw->m);
	if (rw->writer || rw->wnext != rw->wserved) {
		/* A writer holds it or waits for it: wait for its Unlock. */
		rw->waitreaders++;
		rwpark(rw, &rw->readcv, WAIT_RWMUTEX_RLOCK, &rw->rgen, rw->rgen + 1,
		       file, line, CALLERPC());
		/* The writer's Unlock counted us in rw->readers. */
	} else {
		rw->readers++;
	}
	UNLOCK(&rw->m);
}

void rwmutex_rlock(rwmutex *rw) { rwmutex_rlock_at(rw, NULL, 0); }

bool rwmutex_tryrlock(rwmutex *rw)
{
	LOCK(&rw->m);
	bool ok = !rw->writer && rw->wnext == rw->wserved;
	if (ok)
		rw->readers++;
	UNLOCK(&rw->m);
	return ok;
}

void rwmutex_runlock(rwmutex *rw)
{
	LOCK(&rw->m);
	if (rw->readers == 0) {
		UNLOCK(&rw->m);
		go_fatal("sync: RUnlock of unlocked RWMutex");
	}
	if (--rw->readers == 0)
		grantwriter(rw);   /* the last reader out lets a waiting writer in */
	UNLOCK(&rw->m);
}

void rwmutex_lock_at(rwmutex *rw, const char *file, int line)
{
	LOCK(&rw->m);
	if (rw->writer || rw->readers > 0 || rw->wnext != rw->wserved) {
		unsigned long ticket = rw->wnext++;
		rwpark(rw, &rw->writecv, WAIT_RWMUTEX_LOCK, &rw->wserved, ticket + 1,
		       file, line, CALLERPC());
		/* grantwriter() set rw->writer for us. */
	} else {
		rw->writer = true;
	}
	UNLOCK(&rw->m);
}

void rwmutex_lock(rwmutex *rw) { rwmutex_lock_at(rw, NULL, 0); }

bool rwmutex_trylock(rwmutex *rw)
{
	LOCK(&rw->m);
	bool ok = !rw->writer && rw->readers == 0 && rw->wnext == rw->wserved;
	if (ok)
		rw->writer = true;
	UNLOCK(&rw->m);
	return ok;
}

void rwmutex_unlock(rwmutex *rw)
{
	LOCK(&rw->m);
	if (!rw->writer) {
		UNLOCK(&rw->m);
		go_fatal("sync: Unlock of unlocked RWMutex");
	}
	rw->writer = false;
	if (rw->waitreaders > 0) {
		/* Every reader that waited gets in, before the next writer. */
		rw->readers = rw->waitreaders;
		live_add(rw->waitreaders);
		rw->waitreaders = 0;
		rw->rgen++;
		pthread_cond_broadcast(&rw->readcv);
	} else {
		grantwriter(rw);
	}
	UNLOCK(&rw->m);
}

/* ---- Lockers: what sync.Cond waits with ---- */

static void lock_mutex(void *l) { mutex_lock(l); }
static void unlock_mutex(void *l) { mutex_unlock(l); }
static void lock_rw(void *l) { rwmutex_lock(l); }
static void unlock_rw(void *l) { rwmutex_unlock(l); }
static void rlock_rw(void *l) { rwmutex_rlock(l); }
static void runlock_rw(void *l) { rwmutex_runlock(l); }

locker mutex_locker(mutex *mu) { return (locker){ lock_mutex, unlock_mutex, mu }; }
locker rwmutex_locker(rwmutex *rw) { return (locker){ lock_rw, unlock_rw, rw }; }
locker rwmutex_rlocker(rwmutex *rw) { return (locker){ rlock_rw, runlock_rw, rw }; }
/* SPDX-License-Identifier: BSD-3-Clause */
