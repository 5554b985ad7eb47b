/*
 * The deadlock count (Go's runtime.checkdead).
 *
 * DESIGN
 * Deadlock detection counts `live`: goroutines that are not parked in
 * gothreads, plus pending timers.  Only something live can wake a parked
 * goroutine, so when live reaches zero nothing ever will: that is Go's
 * "all goroutines are asleep - deadlock!" (runtime.checkdead).
 *
 * Who moves the count: go() adds the new goroutine before it is queued
 * (proc.c) and its pool thread takes it away when it has ended; gopark()
 * takes the parking goroutine away and sudog_ready() adds it back before
 * it can run (park.c); a pending timer counts as live (time.c);
 * WaitGroup and Mutex waiters leave and rejoin the count the same way
 * (sync.c), and a mutex waiter whose mutex has no owner is not stuck
 * (mutexwaiters_stuck below).  Whatever leaves the count where nothing
 * may move calls checkdead(), which looks once more under sched.lock
 * and stops the program with Go's message if nothing can.
 */
#include "runtime.h"

static atomic_llong live;      /* see DESIGN and LIVE() */
static atomic_int ntimers;     /* the pending timers among live */

/*
 * live's low 32 bits are the count; every increment also adds one to the
 * high 32 bits, so checkdead() can tell that something became live and
 * parked again while it looked (a mutex waiter taking a free mutex).
 */
#define LIVE(v)      ((long)(int32_t)(uint32_t)(v))
#define LIVEINC(d)   ((long long)(d) + ((long long)1 << 32))

/*
 * Adds delta to live.  When a decrement leaves nothing live, or leaves
 * only goroutines queued for a thread with no thread on its way to them,
 * checkdead() decides whether the program is stuck.  (A spinning thread
 * will run one of them, so the program is not stuck; checking anyway
 * would take sched.lock, an ordering that helgrind would then see between
 * this goroutine and the ones the thread starts, hiding real races from
 * it, as in demos/closures/closures_broken.c.)  Call with no lock held
 * except, at most, one that checkdead's sched.lock may nest inside.
 */
void live_add(long delta)
{
	if (delta > 0) {
		atomic_fetch_add(&live, LIVEINC(delta));
		return;
	}
	HAPPENS_BEFORE(&live);
	long n = LIVE(atomic_fetch_add(&live, delta) + delta);
	if (n == 0 || (n - atomic_load(&ntimers) == atomic_load(&sched.nrunq) &&
	               atomic_load(&sched.nspinning) == 0))
		checkdead();
}

/*
 * A pending timer is live: it will send on its channel, so a program
 * waiting for it is not stuck (Go: a pending timer suppresses the
 * report).  But it wakes only a goroutine waiting on that channel, so the
 * pool-bound check counts timers apart (see checkdead).
 */
void live_timer(long delta)
{
	/* Never let live - ntimers look smaller than it is, even for a moment. */
	if (delta < 0)
		atomic_fetch_add(&ntimers, (int)delta);
	live_add(delta);
	if (delta > 0)
		atomic_fetch_add(&ntimers, (int)delta);
}

/*
 * Whether a goroutine holding a thread waits on a channel that a pending
 * timer will send on: then the timer can free that thread.  sched.lock
 * held and every goroutine but the queued ones parked, so their wait
 * fields and select cases hold still.
 */
static bool timerwaiters(void)
{
	for (struct g *gp = allgs; gp; gp = gp->allnext) {
		struct hchan *c = atomic_load_explicit(&gp->waitchan, memory_order_acquire);
		if (c && timer_armed(c))
			return true;
		select_case *cs = atomic_load_explicit(&gp->waitcases, memory_order_acquire);
		int n = cs ? atomic_load_explicit(&gp->nwaitcases, memory_order_relaxed) : 0;
		for (int i = 0; i < n; i++)
			if (cs[i].c && timer_armed(cs[i].c))
				return true;
	}
	return false;
}

/*
 * A goroutine blocked in mutex_lock() is not live (sync.c), but it is not
 * stuck either if its mutex is free: the unlock that freed it set the
 * owner to NULL first, and the waiter becomes live before it sets itself
 * as owner.  So the program is stuck only if every mutex waiter's mutex
 * has an owner.  sched.lock held; nothing live.
 */
static bool mutexwaiters_stuck(void)
{
	assert(lock_held(&sched.lock));
	for (struct g *gp = allgs; gp; gp = gp->allnext) {
		mutex *mu = atomic_load_explicit(&gp->waitmutex, memory_order_acquire);
		if (mu && atomic_load_explicit(&mu->owner, memory_order_acquire) == NULL)
			return false;
	}
	return true;
}

/*
 * Called when live may have reached a state from which nothing can move.
 * Stops the program with Go's message if so; returns if not.
 */
void checkdead(void)
{
	LOCK(&sched.lock);
	HAPPENS_AFTER(&live);
	long long v = atomic_load(&live);
	long n = LIVE(v), nt = atomic_load(&ntimers);
	if (n != 0 && n - nt != sched.nrunq) {
		UNLOCK(&sched.lock);
		return;
	}
	/*
	 * Unchanged live (count and increments) across the scan: nothing
	 * moved.  If something did, whatever parks last calls us again.
	 */
	if (!mutexwaiters_stuck() || atomic_load(&live) != v) {
		UNLOCK(&sched.lock);
		return;
	}
	if (n == 0) {
		if (allgs == NULL)
			go_fatal_locked("no goroutines (main called runtime.Goexit) - deadlock!");
		go_fatal_locked("all goroutines are asleep - deadlock!");
	}
	/*
	 * Every goroutine not queued is parked, and no thread is idle or on
	 * its way: the queued ones wait for a thread to finish, which none
	 * will unless a pending timer wakes one.  At the bound that is a
	 * deadlock; below it the kernel refused a thread, so try once more.
	 */
	if (n - nt == sched.nrunq && sched.idle == NULL && sched.nspinning == 0 && !timerwaiters()) {
		if (sched.nthreads >= sched.maxthreads)
			go_poolbound_locked(sched.nrunq, 0);
		if (sched.refused && sched_retrythread() != 0)
			go_poolbound_locked(sched.nrunq, sched.refused);
	}
	UNLOCK(&sched.lock);
}
/* SPDX-License-Identifier: BSD-3-Clause */
