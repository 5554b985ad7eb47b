/*
 * sync: WaitGroup, Mutex and Once (Go's sync package), and the typed
 * atomics of sync/atomic (at the end).
 *
 * WaitGroup.  Add and Done touch only an atomic counter while it stays
 * positive, as Go's do; the mutex and condvar come in when the counter
 * reaches or leaves zero, and in Wait.  Wait waits for a round to end: `gen` counts the
 * times the counter reached zero, so a WaitGroup reused for a new round
 * cannot strand a waiter of the old one.
 *
 * helgrind and DRD do not see the ordering an atomic counter gives
 * ("a call to Done synchronizes before the return of any Wait call that
 * it unblocks"), so each decrement is marked HAPPENS_BEFORE and each
 * return from Wait HAPPENS_AFTER; see annotate.h.
 *
 * waitgroup_go (wg.Go) is Add(1), then go() of a wrapper that calls f and
 * then Done; g.wggo lets go_exit() call Done too, as Go's defer would.
 *
 * Mutex is a pthread mutex, so the tools check every lock and unlock; we
 * add an owner field to give Go's message for unlocking an unlocked
 * mutex, which pthreads leaves undefined, and to let the deadlock
 * detector see mutex deadlocks: a goroutine waiting in mutex_lock is not
 * live, and checkdead() asks whether its mutex has an owner.
 */
#include "runtime.h"
#include "trace.h"

#include <errno.h>

/*
 * The counter holds what Go's holds, an int32: a result outside 0 ..
 * 2^31-1 panics.  Go 1.19 keeps it in the top half of a uint64, so an
 * Add past 2^31-1 wraps it negative and panics with this same message;
 * we give it for every result out of range (Go would drop a delta's
 * bits above 32 silently: Add(1 << 32) adds nothing there).
 */
#define WGMAX INT32_MAX

static void wgoverflow(void) __attribute__((noreturn, cold));
static void wgoverflow(void)
{
	go_panic("sync: negative WaitGroup counter");
}

void waitgroup_add(waitgroup *wg, long delta)
{
	if (delta > WGMAX)
		wgoverflow();
	if (delta < -WGMAX - 1)   /* the counter is at most WGMAX: below zero */
		go_panic("sync: negative WaitGroup counter");
	if (delta < 0)
		HAPPENS_BEFORE(&wg->count);
	/*
	 * The common case, a counter that stays positive, is one atomic
	 * compare-and-swap and no lock.  A change that reaches zero (or
	 * leaves it) is made under wg->lock, so that a Wait that sees zero
	 * and then takes the lock knows that this Add has let go of wg, which
	 * may then be freed or reused at once.
	 */
	long v = atomic_load(&wg->count);
	while (v != 0 && v + delta > 0 && v + delta <= WGMAX)
		if (atomic_compare_exchange_weak(&wg->count, &v, v + delta))
			return;
	LOCK(&wg->lock);
	v = atomic_fetch_add(&wg->count, delta) + delta;
	if (v < 0 || v > WGMAX) {
		UNLOCK(&wg->lock);
		if (v > WGMAX)
			wgoverflow();
		go_panic("sync: negative WaitGroup counter");
	}
	if (v > 0) {
		/* 0 -> delta: nobody may still be waiting on the previous round. */
		bool misuse = v == delta && wg->waiters != 0;
		UNLOCK(&wg->lock);
		if (misuse)
			go_panic("sync: WaitGroup misuse: Add called concurrently with Wait");
		return;
	}
	/* The counter reached zero: end the round, release every waiter. */
	long woken = wg->waiters;
	wg->waiters = 0;
	wg->gen++;
	live_add(woken);   /* they are live again before they run */
	pthread_cond_broadcast(&wg->cond);
	UNLOCK(&wg->lock);
}

void waitgroup_done(waitgroup *wg)
{
	waitgroup_add(wg, -1);
}

void waitgroup_wait_at(waitgroup *wg, const char *file, int line)
{
	/* Always through the lock: see waitgroup_add. */
	struct g *gp = getg();
	LOCK(&wg->lock);
	if (atomic_load(&wg->count) != 0) {
		unsigned long gen = wg->gen;
		wg->waiters++;
		gblocking(gp);
		setcall(gp, file, line, CALLERPC());
		atomic_store_explicit(&gp->waitreason, WAIT_WAITGROUP, memory_order_relaxed);
		TRACE(trace_block(gp, WAIT_WAITGROUP, wg, 0));
		live_add(-1);
		while (wg->gen == gen)
			pthread_cond_wait(&wg->cond, &wg->lock);
		TRACE(trace_unblock(gp, 0, NULL));
		atomic_store_explicit(&gp->waitreason, NULL, memory_order_relaxed);
		if (atomic_load(&wg->count) != 0) {
			UNLOCK(&wg->lock);
			go_panic_at("sync: WaitGroup is reused before previous Wait has returned",
			            file, line, CALLERPC());
		}
	}
	UNLOCK(&wg->lock);
	HAPPENS_AFTER(&wg->count);
}

void waitgroup_wait(waitgroup *wg) { waitgroup_wait_at(wg, NULL, 0); }

/*
 * ThreadSanitizer learns lock order only from blocking locks, never from
 * a trylock that succeeds, so under it we skip the trylock fast path:
 * otherwise two mutexes taken in opposite orders, uncontended in the run
 * at hand, would go unreported (demos/broken/lockorder_broken.c).
 */
#if defined(__SANITIZE_THREAD__)
#define TSAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TSAN_BUILD 1
#endif
#endif
#ifdef TSAN_BUILD
#define mutex_trylock_fast(m) EBUSY
#else
#define mutex_trylock_fast(m) pthread_mutex_trylock(m)
#endif

/*
 * A contended lock first spins a moment, as Go's sync.Mutex does
 * (sync_runtime_canSpin: 4 times, 30 PAUSEs each) when another CPU may
 * run the holder: a counter's critical section lasts nanoseconds, and the
 * slow path (the deadlock bookkeeping: two atomics on the global live
 * count, then a futex sleep) costs a microsecond.  Not on one CPU, not
 * under valgrind (sched_spins), nor ThreadSanitizer (no trylock there).
 */
static bool mutex_spin(mutex *mu)
{
	(void)mu;   /* unused where mutex_trylock_fast is a constant (TSan) */
	if (!sched_spins())
		return false;
	for (int i = 0; i < 4; i++) {
		for (int j = 0; j < 30; j++)
			cpu_relax();
		if (mutex_trylock_fast(&mu->m) == 0)
			return true;
	}
	return false;
}

void mutex_lock_at(mutex *mu, const char *file, int line)
{
	struct g *gp = getg();
	if (mutex_trylock_fast(&mu->m) != 0 && !mutex_spin(mu)) {
		setcall(gp, file, line, CALLERPC());
		/*
		 * Not live while we wait, so that a mutex deadlock is reported.
		 * checkdead() still treats us as able to move while mu has no
		 * owner, because we become live before we set ourselves owner.
		 */
		/*
		 * checkdead() reads both fields while we may write them, as
		 * atomics, which helgrind and DRD cannot see: not theirs to check.
		 */
		UNCHECKED(&gp->waitmutex);
		UNCHECKED(&mu->owner);
		gblocking(gp);
		atomic_store_explicit(&gp->waitreason, WAIT_MUTEX, memory_order_relaxed);
		atomic_store_explicit(&gp->waitmutex, mu, memory_order_release);
		TRACE(trace_block(gp, WAIT_MUTEX, mu, 0));
		live_add(-1);
		LOCK(&mu->m);
		TRACE(trace_unblock(gp, 0, NULL));
		live_add(1);
		/*
		 * Under sched.lock: a checkdead() scanning meanwhile may hold
		 * mu, read from our waitmutex, and reads mu->owner under that
		 * lock, so it is done with mu before we go on (and, say, our
		 * caller frees it; ThreadSanitizer saw that free race the read).
		 * Only after a sleep, so the lock costs nothing that counts.
		 */
		sched_lock();
		atomic_store_explicit(&gp->waitmutex, NULL, memory_order_relaxed);
		sched_unlock();
		atomic_store_explicit(&gp->waitreason, NULL, memory_order_relaxed);
	}
	atomic_store_explicit(&mu->owner, gp, memory_order_release);
}

void mutex_lock(mutex *mu) { mutex_lock_at(mu, NULL, 0); }

bool mutex_trylock(mutex *mu)
{
	if (pthread_mutex_trylock(&mu->m) != 0)
		return false;
	atomic_store_explicit(&mu->owner, getg(), memory_order_relaxed);
	return true;
}

void mutex_unlock(mutex *mu)
{
	struct g *gp = getg();
	void *owner = atomic_load_explicit(&mu->owner, memory_order_relaxed);
	if (owner == NULL)
		go_fatal("sync: unlock of unlocked mutex");
	if (owner != gp)
		go_fatal("sync: unlock of a mutex locked by another goroutine "
		         "(Go allows it; pthread mutexes, which gothreads uses so the tools can check them, do not)");
	atomic_store_explicit(&mu->owner, NULL, memory_order_relaxed);
	UNLOCK(&mu->m);
}

/* A once_do() whose f is running, on its goroutine's list g.oncing. */
struct oncecall {
	once *o;
	struct oncecall *next;
};

void once_do(once *o, void (*fn)(void *), void *arg)
{
	/*
	 * Always through the mutex: simpler than Go's atomic fast path, and
	 * the tools see that f's effects happen before every return.  The
	 * mutex is a gothreads mutex, as Go's Once holds a sync.Mutex, so a
	 * goroutine waiting for it is seen by the deadlock detector: once_do
	 * on the same Once from inside f, or a second once_do while f blocks
	 * for ever, is reported as a deadlock, as in Go.
	 */
	mutex_lock(&o->m);
	if (!o->done) {
		struct g *gp = getg();
		struct oncecall call = { o, gp->oncing };
		gp->oncing = &call;
		fn(arg);
		gp->oncing = call.next;
		o->done = true;
	}
	mutex_unlock(&o->m);
}

/*
 * go_exit() ends the goroutine without returning to once_do() or to
 * waitgroup_go()'s wrapper.  Go's Once.Do defers both the unlock and the
 * setting of done, and wg.Go defers Done, so they still happen: the Once
 * counts as done and later calls return at once, and the WaitGroup hears
 * of the goroutine's end.  C has no defer, so go_exit() calls this first.
 */
void sync_exiting(struct g *gp)
{
	for (struct oncecall *c = gp->oncing; c; c = c->next) {
		c->o->done = true;
		mutex_unlock(&c->o->m);
	}
	gp->oncing = NULL;
	waitgroup *wg = gp->wggo;
	gp->wggo = NULL;
	if (wg)
		waitgroup_done(wg);
}

/* ---- wg.Go and the heap initialisers ---- */

struct wggo {
	waitgroup *wg;
	void (*fn)(void *);
	void *arg;
};

static void wggo_run(void *arg)
{
	struct wggo *w = arg;   /* go_copy's copy: ours until we return */
	struct g *gp = getg();
	gp->wggo = w->wg;
	w->fn(w->arg);
	gp->wggo = NULL;
	waitgroup_done(w->wg);
}

int waitgroup_go(waitgroup *wg, void (*fn)(void *), void *arg)
{
	if (fn == NULL)
		go_fatal("go of nil func value");
	waitgroup_add(wg, 1);
	struct wggo w = { wg, fn, arg };
	int err = go_copy(wggo_run, &w, sizeof w);
	if (err)
		waitgroup_add(wg, -1);   /* nothing started: take the Add back */
	return err;
}

void waitgroup_init(waitgroup *wg)
{
	*wg = (waitgroup)WAITGROUP_INIT;
	pthread_mutex_init(&wg->lock, NULL);
	pthread_cond_init(&wg->cond, NULL);
}

void mutex_init(mutex *mu)
{
	*mu = (mutex)MUTEX_INIT;
	pthread_mutex_init(&mu->m, NULL);
}

void once_init(once *o)
{
	*o = (once)ONCE_INIT;
	mutex_init(&o->m);
}

/* ---- sync/atomic ---- */

/*
 * Go's typed atomics (atomic.Int32, Int64, Uint64, Bool, Pointer), on
 * C11 atomics.
 *
 * Go's memory model gives its atomics one order: "If the effect of an
 * atomic operation A is observed by atomic operation B, then A is
 * synchronized before B.  All the atomic operations executed in a program
 * behave as though executed in some sequentially consistent order."
 * That is C11's memory_order_seq_cst, the default of every atomic_*
 * function, so each operation here is one seq_cst C11 operation.
 *
 * ThreadSanitizer understands C11 atomics by itself.  helgrind and DRD do
 * not (shared/STYLE.md), so every operation also tells them what it
 * orders: a write (Store, Add, Swap, a CompareAndSwap) is a release,
 * HAPPENS_BEFORE(x) just before it, and every read (Load, Add, Swap,
 * CompareAndSwap) an acquire, HAPPENS_AFTER(x) just after it.  That is
 * slightly stronger than the truth for valgrind (a Load is ordered after
 * every earlier Store, not only the one it read), which can hide a race
 * but never reports one that is not there.  The atomic word itself is
 * read and written by several threads at once by design: valgrind is told
 * not to check it (UNCHECKED).  The functions are out of line so that the
 * public header needs no valgrind headers; a call costs a nanosecond.
 *
 * The zero value is ready to use, as Go's is: static or calloc'd atomics
 * need no initialiser, others take ATOMIC_INT64_INIT(v) & co or a Store.
 */
/* One function body per type: T is the C type, N the name part. */
#define ATOMIC_FUNCS(N, T)                                                     \
	T atomic_##N##_load(atomic_##N *x)                                     \
	{                                                                      \
		UNCHECKED(&x->v);                                              \
		T v = atomic_load(&x->v);                                      \
		HAPPENS_AFTER(x);                                              \
		return v;                                                      \
	}                                                                      \
	void atomic_##N##_store(atomic_##N *x, T v)                            \
	{                                                                      \
		UNCHECKED(&x->v);                                              \
		HAPPENS_BEFORE(x);                                             \
		atomic_store(&x->v, v);                                        \
	}                                                                      \
	T atomic_##N##_swap(atomic_##N *x, T v)                                \
	{                                                                      \
		UNCHECKED(&x->v);                                              \
		HAPPENS_BEFORE(x);                                             \
		T old = atomic_exchange(&x->v, v);                             \
		HAPPENS_AFTER(x);                                              \
		return old;                                                    \
	}                                                                      \
	bool atomic_##N##_cas(atomic_##N *x, T old, T new)                     \
	{                                                                      \
		UNCHECKED(&x->v);                                              \
		HAPPENS_BEFORE(x);                                             \
		bool swapped = atomic_compare_exchange_strong(&x->v, &old, new); \
		HAPPENS_AFTER(x);                                              \
		return swapped;                                                \
	}

/* Add, for the integer types: returns the new value, as Go's Add does. */
#define ATOMIC_ADD(N, T)                                                       \
	T atomic_##N##_add(atomic_##N *x, T delta)                             \
	{                                                                      \
		UNCHECKED(&x->v);                                              \
		HAPPENS_BEFORE(x);                                             \
		T v = atomic_fetch_add(&x->v, delta) + delta;                  \
		HAPPENS_AFTER(x);                                              \
		return v;                                                      \
	}

ATOMIC_FUNCS(int32, int32_t)
ATOMIC_ADD(int32, int32_t)
ATOMIC_FUNCS(int64, int64_t)
ATOMIC_ADD(int64, int64_t)
ATOMIC_FUNCS(uint64, uint64_t)
ATOMIC_ADD(uint64, uint64_t)
ATOMIC_FUNCS(boolean, bool)
ATOMIC_FUNCS(pointer, void *)
/* SPDX-License-Identifier: BSD-3-Clause */
