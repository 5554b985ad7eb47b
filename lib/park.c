/*
 * Parking and waking a goroutine (Go's gopark and goready, with the
 * sudog hand-off of runtime/chan.go).
 *
 * DESIGN
 * A goroutine that must wait for a channel parks on its own semaphore
 * (g.parksem) until the goroutine that completes its operation wakes it:
 * sudog_ready() and then goready(), which posts it once.  One semaphore
 * per goroutine means a wake-up always reaches the right goroutine.  Why a
 * semaphore and not a mutex and condvar: a condvar must be signalled with
 * its mutex held (or helgrind cries "dubious"), and the woken thread's
 * first act is to take that mutex, so it often ran, found the mutex still
 * held by its waker and slept again: two more context switches per
 * wake-up (docs/performance.md).  The semaphore is posted after every lock
 * of the wake-up is released (see sudog_claim below), and helgrind, DRD and ThreadSanitizer all
 * see sem_post -> sem_wait as an ordering.  g.parklock still decides who
 * may wake a goroutine (sudog_claim), which matters for select.  Before it
 * sleeps, a goroutine spins a moment in case its partner, running on
 * another CPU, posts first (semsleep).
 *
 * Each wake-up passes live (deadlock.c) from the waker to the woken:
 * gopark() counts the goroutine asleep before it sleeps, sudog_ready()
 * counts it live again before it posts.
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <errno.h>
#include <sched.h>
#include <string.h>

/* Whether waiters spin before they sleep (semsleep); chan_make() asks too. */
bool sched_spins(void) { return sched.spin > 0; }

/*
 * Waits for a post on s.  When another CPU could post it, it first spins
 * for up to sched.spin nanoseconds, as Go's runtime spins before it
 * sleeps (spinning Ms; lock_futex.go): a partner running on another CPU
 * often posts within a microsecond, and a post that finds nobody asleep
 * is one atomic add, where a sleep and its wake-up are two system calls
 * and a context switch on each side.  See schedinit (proc.c) for when it
 * spins.
 */
static atomic_int nspinners;   /* waiters spinning in semsleep, not yet posted */

/* s's waiter is no longer waiting: give its spinner's place back, once. */
static inline void unspin(struct spinsem *s)
{
	if (atomic_exchange(&s->spinning, false))
		atomic_fetch_sub(&nspinners, 1);
}

void semsleep(struct spinsem *s)
{
	/*
	 * At most one spinner per CPU but one (sched.maxspinners), as Go
	 * bounds its spinning Ms: a spinner beyond that only keeps from the
	 * CPU the thread it waits for (which, SCHED_BATCH, does not preempt
	 * it).  A burst of 10,000 goroutines that block spent two thirds of
	 * its CPU time spinning here before the bound.
	 *
	 * A spinner that has been posted is not waiting any more, so its
	 * poster gives its place back (sempost), not the spinner when it
	 * notices: in a ping-pong on two CPUs the poster parks a moment
	 * later, before its partner has seen the post, and it found the one
	 * place taken and slept in the kernel nearly every time: 30 us a
	 * round trip, where a bare spinning ping-pong takes 0.4.
	 */
	if (sched.spin > 0 && atomic_fetch_add(&nspinners, 1) < sched.maxspinners) {
		atomic_store(&s->spinning, true);
		int64_t deadline = time_now() + sched.spin;
		do {
			if (sem_trywait(&s->sem) == 0) {
				unspin(s);
				return;
			}
			for (int i = 0; i < 20; i++)
				cpu_relax();
		} while (time_now() < deadline);
		unspin(s);
	} else if (sched.spin > 0) {
		atomic_fetch_sub(&nspinners, 1);
	}
	while (sem_wait(&s->sem) != 0)
		if (errno != EINTR)
			go_throw("sem_wait: %s", strerror(errno));
}

/* Wakes s's waiter, or lets its next semsleep return at once. */
void sempost(struct spinsem *s)
{
	if (sched.spin > 0)
		unspin(s);
	if (sem_post(&s->sem) != 0)
		go_throw("sem_post: %s", strerror(errno));
}

/*
 * Parks the calling goroutine until sudog_ready() and goready() wake it,
 * and returns the sudog that did.  The caller has queued its sudogs (or none, to park for
 * ever) and released every channel lock; gp->fired was cleared before the
 * sudogs became visible.
 */
struct sudog *gopark(struct g *gp, const char *reason, struct hchan *c)
{
	gblocking(gp);
	/* release: a dump that sees c may read its read-only fields */
	atomic_store_explicit(&gp->waitchan, c, memory_order_release);
	atomic_store_explicit(&gp->waitreason, reason, memory_order_relaxed);
	TRACE(trace_block(gp, reason, c, c ? c->elemsize : 0));   /* before a deadlock can flush */
	live_add(-1);
	semsleep(&gp->parksem);
	LOCK(&gp->parklock);
	struct sudog *sg = gp->fired;   /* set before the post */
	UNLOCK(&gp->parklock);
	assert(sg != NULL);
	TRACE(trace_unblock(gp, sg->flow, sg->c));
	atomic_store_explicit(&gp->waitreason, NULL, memory_order_relaxed);
	atomic_store_explicit(&gp->waitchan, NULL, memory_order_relaxed);
	return sg;
}

/*
 * Parks for ever: a nil channel, `select {}`.  No sudog of gp is queued,
 * so nothing can wake it; it must be counted asleep once, so gp->fired,
 * which may still point at the sudog of its last wake-up, is cleared
 * first: gopark must not take it for a new one.
 */
void gopark_forever(struct g *gp, const char *reason)
{
	LOCK(&gp->parklock);
	gp->fired = NULL;
	UNLOCK(&gp->parklock);
	gopark(gp, reason, NULL);
	go_throw("woken from a park for ever (%s)", reason);
}

/*
 * The waker's half of a hand-off, in three steps, as Go's send() and
 * goready() do it:
 *
 *   1. with sg's channel locked, sudog_claim() returns true, holding
 *      sg->g->parklock, if sg's goroutine has not been woken yet by another
 *      of its sudogs (a select waits on several).  A claim that fails means
 *      that sudog is stale: drop it;
 *   2. the caller fills in sg (the value, success) and calls sudog_ready(),
 *      which records sg as the one that fired, releases the parklock and
 *      puts the goroutine on the caller's list `ready`;
 *   3. the caller releases the channel lock (every channel lock, in a
 *      select), and only then calls goready(), which posts each goroutine
 *      on the list.
 *
 * Go's hchan says: do not ready a goroutine while holding the channel
 * lock.  A goroutine posted earlier would run, on another CPU, into the
 * lock its waker still holds (a woken select relocks all its channels at
 * once) and sleep again on it.  Between steps 2 and 3 the readied
 * goroutine cannot run, let alone end: it waits for the post.  So its g
 * and its sudog (on its stack) are still there for goready(), and the
 * channel is not needed any more.
 */
bool sudog_claim(struct sudog *sg)
{
	struct g *gp = sg->g;
	LOCK(&gp->parklock);
	if (gp->fired == NULL)
		return true;
	UNLOCK(&gp->parklock);
	return false;
}

/* Step 2.  sg's channel locked and sg claimed (its g's parklock held). */
void sudog_ready(struct sudog *sg, struct glist *ready)
{
	assert(lock_held(&sg->g->parklock) && chan_held(sg->c));
	struct g *gp = sg->g;
	live_add(1);   /* before it can run: see deadlock.c */
	gp->fired = sg;
	UNLOCK(&gp->parklock);
	gp->schedlink = ready->head;
	ready->head = gp;
}

/*
 * Step 3.  No lock held: posts every goroutine on ready, emptying it.
 * Called by goready() (runtime.h) when the list is not empty.
 */
void goready_list(struct glist *ready)
{
	struct g *gp;
	while ((gp = ready->head) != NULL) {
		ready->head = gp->schedlink;   /* read before the post lets gp run */
		gp->schedlink = NULL;
		sempost(&gp->parksem);
	}
}

/*
 * The wake-up rule: a woken goroutine waits for a CPU, it does not take
 * its waker's.
 *
 * Linux lets a thread that wakes up preempt the thread that woke it, if
 * they share a CPU.  A channel hand-off is nearly always followed by the
 * waker blocking in its turn (a ping-pong's sender goes on to receive the
 * reply), so preempting it only to run the partner, which soon blocks
 * waiting for the waker, and then the waker, which soon blocks, costs two
 * context switches more per round trip: 3.5 instead of 2.0 pinned, as
 * bench's cs columns show.  Go never has this problem: goready puts the
 * woken goroutine in runnext, and it runs when the waker blocks.  We ask
 * the kernel for the same: every thread that runs goroutines (pool
 * threads as they start, main and adopted threads as they get their g)
 * runs SCHED_BATCH, the policy under which a woken thread does not
 * preempt (it still runs at once on an idle CPU, and at the next tick at
 * the latest; the same nice value and time share).  SCHED_RESET_ON_FORK:
 * a child process gets the normal policy back.  GOTHREADS_BATCH=0 keeps
 * the normal policy, to compare.  If the kernel refuses, nothing changes.
 */
void mnopreempt(void)
{
	if (!sched.batch)
		return;
	struct sched_param param = { 0 };
	(void)sched_setscheduler(0, SCHED_BATCH | SCHED_RESET_ON_FORK, &param);
}
/* SPDX-License-Identifier: BSD-3-Clause */
