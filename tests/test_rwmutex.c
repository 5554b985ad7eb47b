/*
 * sync.RWMutex and sync.Cond.  Tests named after the Go behaviour they
 * check; those ported from Go's sync/rwmutex_test.go, cond_test.go and
 * mutex_test.go (TestMutexMisuse) name their origin.  Data the locks
 * guard is plain, so helgrind, DRD and ThreadSanitizer report a race if
 * a lock fails to order it.
 */
#include "harness.h"
#include "runtime.h"   /* white box: rwmutex's counters, to know who waits */

#include <stdio.h>
#include <stdlib.h>

#define DEADLOCK "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 ["

/* Yields until *n (read under rw->m) reaches want. */
static void await_count(rwmutex *rw, long *n, long want)
{
	for (;;) {
		pthread_mutex_lock(&rw->m);
		long v = *n;
		pthread_mutex_unlock(&rw->m);
		if (v >= want)
			return;
		go_yield();
	}
}

/* ---- suite "rwmutex" ----------------------------------------------------- */

/*
 * rwmutex_test.go TestParallelReaders: readers hold the lock at once.
 * Each takes RLock and reports in; only when all have (which needs them
 * all inside together) does main let them RUnlock.
 */
struct readers {
	rwmutex rw;
	chan *clocked, *cunlock, *cdone;
};

static void parallel_reader(void *arg)
{
	struct readers *p = arg;
	rwmutex_rlock(&p->rw);
	chan_send(p->clocked, &(char){ 1 });
	chan_recv(p->cunlock, NULL);
	rwmutex_runlock(&p->rw);
	chan_send(p->cdone, &(char){ 1 });
}

static void test_readers_hold_the_lock_together(void)
{
	static struct readers p = { .rw = RWMUTEX_INIT };
	for (int n = 1; n <= 4; n *= 2) {
		p.clocked = make_chan(char, 0);
		p.cunlock = make_chan(char, 0);
		p.cdone = make_chan(char, 0);
		for (int i = 0; i < n; i++)
			go(parallel_reader, &p);
		for (int i = 0; i < n; i++)   /* all n inside at once */
			chan_recv(p.clocked, NULL);
		for (int i = 0; i < n; i++)
			chan_send(p.cunlock, &(char){ 1 });
		for (int i = 0; i < n; i++)
			chan_recv(p.cdone, NULL);
		chan_free(p.clocked);
		chan_free(p.cunlock);
		chan_free(p.cdone);
	}
}

/*
 * rwmutex_test.go HammerRWMutex: readers add 1 to activity, writers
 * 10000; a reader must never see a writer inside, nor a writer anyone.
 */
struct hammer {
	rwmutex rw;
	atomic_int32 activity;
	atomic_int32 bad;
	long shared;   /* plain: written by writers, read by readers */
	long iters;
	waitgroup wg;
};

static void hammer_reader(void *arg)
{
	struct hammer *h = arg;
	for (long i = 0; i < h->iters; i++) {
		rwmutex_rlock(&h->rw);
		int32_t n = atomic_int32_add(&h->activity, 1);
		if (n < 1 || n >= 10000)
			atomic_int32_add(&h->bad, 1);
		volatile long seen = h->shared;
		(void)seen;
		atomic_int32_add(&h->activity, -1);
		rwmutex_runlock(&h->rw);
	}
	waitgroup_done(&h->wg);
}

static void hammer_writer(void *arg)
{
	struct hammer *h = arg;
	for (long i = 0; i < h->iters; i++) {
		rwmutex_lock(&h->rw);
		int32_t n = atomic_int32_add(&h->activity, 10000);
		if (n != 10000)
			atomic_int32_add(&h->bad, 1);
		h->shared++;
		atomic_int32_add(&h->activity, -10000);
		rwmutex_unlock(&h->rw);
	}
	waitgroup_done(&h->wg);
}

static void test_writer_excludes_readers_and_writers(void)
{
	enum { W = 2, R = 6 };
	static struct hammer h = { .rw = RWMUTEX_INIT, .wg = WAITGROUP_INIT };
	h.iters = scaled(5000);
	h.shared = 0;
	waitgroup_add(&h.wg, W + R);
	for (int i = 0; i < R; i++) {
		go(hammer_reader, &h);
		if (i < W)
			go(hammer_writer, &h);
	}
	waitgroup_wait(&h.wg);
	CU_ASSERT_EQUAL(atomic_int32_load(&h.bad), 0);
	rwmutex_lock(&h.rw);
	CU_ASSERT_EQUAL(h.shared, W * h.iters);
	rwmutex_unlock(&h.rw);
}

/*
 * Go's documentation: "If any goroutine calls Lock while the lock is
 * already held by one or more readers, concurrent calls to RLock will
 * block until the writer has acquired (and released) the lock."
 */
static rwmutex pref = RWMUTEX_INIT;
static char order[4];     /* plain; pref orders the writes */
static int norder;
static chan *prefdone;

static void pref_writer(void *arg)
{
	(void)arg;
	rwmutex_lock(&pref);
	order[norder++] = 'W';
	rwmutex_unlock(&pref);
	chan_send(prefdone, &(char){ 1 });
}

static void pref_reader(void *arg)
{
	(void)arg;
	rwmutex_rlock(&pref);
	order[norder++] = 'R';   /* the only reader inside: no race */
	rwmutex_runlock(&pref);
	chan_send(prefdone, &(char){ 1 });
}

static void test_waiting_writer_blocks_new_readers(void)
{
	prefdone = make_chan(char, 2);
	norder = 0;
	rwmutex_rlock(&pref);
	go(pref_writer, NULL);
	await_count(&pref, (long *)&pref.wnext, 1);     /* the writer waits */
	CU_ASSERT_FALSE(rwmutex_tryrlock(&pref));        /* a new reader may not enter */
	go(pref_reader, NULL);
	await_count(&pref, &pref.waitreaders, 1);        /* the new reader waits */
	rwmutex_runlock(&pref);                          /* the writer goes first */
	chan_recv(prefdone, NULL);
	chan_recv(prefdone, NULL);
	rwmutex_lock(&pref);
	CU_ASSERT_EQUAL(norder, 2);
	CU_ASSERT_EQUAL(order[0], 'W');
	CU_ASSERT_EQUAL(order[1], 'R');
	rwmutex_unlock(&pref);
	chan_free(prefdone);
}

static void test_trylock_fails_while_readers_hold_it(void)
{
	static rwmutex rw = RWMUTEX_INIT;
	CU_ASSERT_TRUE(rwmutex_tryrlock(&rw));
	CU_ASSERT_TRUE(rwmutex_tryrlock(&rw));
	CU_ASSERT_FALSE(rwmutex_trylock(&rw));
	rwmutex_runlock(&rw);
	rwmutex_runlock(&rw);
	CU_ASSERT_TRUE(rwmutex_trylock(&rw));
	CU_ASSERT_FALSE(rwmutex_tryrlock(&rw));
	rwmutex_unlock(&rw);
}

/* rwmutex_test.go TestRLocker: the Locker's Lock is RLock. */
static void test_rlocker_locks_for_reading(void)
{
	static rwmutex rw = RWMUTEX_INIT;
	locker rl = rwmutex_rlocker(&rw);
	rl.lock(rl.l);
	rl.lock(rl.l);                      /* two readers at once */
	CU_ASSERT_FALSE(rwmutex_trylock(&rw));
	rl.unlock(rl.l);
	rl.unlock(rl.l);
	CU_ASSERT_TRUE(rwmutex_trylock(&rw));
	rwmutex_unlock(&rw);
}

static void test_rwmutex_init_makes_a_ready_lock_in_heap_memory(void)
{
	rwmutex *rw = malloc(sizeof *rw);
	CU_ASSERT_FATAL(rw != NULL);
	memset(rw, 0xa5, sizeof *rw);   /* garbage, as malloc may give */
	rwmutex_init(rw);
	rwmutex_rlock(rw);
	rwmutex_runlock(rw);
	rwmutex_lock(rw);
	rwmutex_unlock(rw);
	free(rw);
}

/* mutex_test.go TestMutexMisuse, the RWMutex cases: each is fatal. */
CHILD(rw_unlock) { static rwmutex mu = RWMUTEX_INIT; rwmutex_unlock(&mu); }
CHILD(rw_unlock2) { static rwmutex mu = RWMUTEX_INIT; rwmutex_rlock(&mu); rwmutex_unlock(&mu); }
CHILD(rw_unlock3) { static rwmutex mu = RWMUTEX_INIT; rwmutex_lock(&mu); rwmutex_unlock(&mu); rwmutex_unlock(&mu); }
CHILD(rw_runlock) { static rwmutex mu = RWMUTEX_INIT; rwmutex_runlock(&mu); }
CHILD(rw_runlock2) { static rwmutex mu = RWMUTEX_INIT; rwmutex_lock(&mu); rwmutex_runlock(&mu); }
CHILD(rw_runlock3) { static rwmutex mu = RWMUTEX_INIT; rwmutex_rlock(&mu); rwmutex_runlock(&mu); rwmutex_runlock(&mu); }

static void test_unlock_of_unlocked_rwmutex_is_fatal(void)
{
	const char *names[] = { "rw_unlock", "rw_unlock2", "rw_unlock3" };
	for (int i = 0; i < 3; i++) {
		struct child_result r;
		run_child(&r, names[i], 10, NULL);
		CU_ASSERT_EQUAL(r.status, 2);
		ASSERT_PREFIX(r.err, "fatal error: sync: Unlock of unlocked RWMutex\n\ngoroutine 1 [running]:\n");
	}
}

static void test_runlock_of_unlocked_rwmutex_is_fatal(void)
{
	const char *names[] = { "rw_runlock", "rw_runlock2", "rw_runlock3" };
	for (int i = 0; i < 3; i++) {
		struct child_result r;
		run_child(&r, names[i], 10, NULL);
		CU_ASSERT_EQUAL(r.status, 2);
		ASSERT_PREFIX(r.err, "fatal error: sync: RUnlock of unlocked RWMutex\n\ngoroutine 1 [running]:\n");
	}
}

CHILD(rw_lock_while_reading)
{
	static rwmutex mu = RWMUTEX_INIT;
	rwmutex_rlock(&mu);
	rwmutex_lock(&mu);
}

CHILD(rw_rlock_while_writing)
{
	static rwmutex mu = RWMUTEX_INIT;
	rwmutex_lock(&mu);
	rwmutex_rlock(&mu);
}

static void test_lock_while_holding_rlock_is_reported_as_deadlock(void)
{
	struct child_result r;
	run_child(&r, "rw_lock_while_reading", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "sync.RWMutex.Lock]:\n");
	run_child(&r, "rw_rlock_while_writing", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "sync.RWMutex.RLock]:\n");
}

/* ---- suite "cond" -------------------------------------------------------- */

/*
 * cond_test.go TestCondSignal: each Signal wakes exactly one waiter.
 * n goroutines wait; each woken one reports in; a Signal with nobody
 * waiting is lost (and harmless).
 */
static mutex cmu = MUTEX_INIT;
static cond cc = COND_INIT(&cmu);
static int nwaiting;    /* plain; cmu guards it */
static chan *running, *awake;

static void cond_waiter(void *arg)
{
	(void)arg;
	mutex_lock(&cmu);
	nwaiting++;
	chan_send(running, &(char){ 1 });   /* cmu held: main cannot signal yet */
	cond_wait(&cc);
	nwaiting--;
	mutex_unlock(&cmu);
	chan_send(awake, &(char){ 1 });
}

static void test_signal_wakes_exactly_one_waiter(void)
{
	enum { N = 3 };
	running = make_chan(char, N);
	awake = make_chan(char, N);
	for (int i = 0; i < N; i++)
		go(cond_waiter, NULL);
	for (int i = 0; i < N; i++)
		chan_recv(running, NULL);
	for (int i = N; i > 0; i--) {
		mutex_lock(&cmu);   /* every waiter is inside Wait now */
		CU_ASSERT_EQUAL(nwaiting, i);
		cond_signal(&cc);
		mutex_unlock(&cmu);
		chan_recv(awake, NULL);
		CU_ASSERT_EQUAL(chan_len(awake), 0);   /* exactly one woke */
		mutex_lock(&cmu);
		CU_ASSERT_EQUAL(nwaiting, i - 1);
		mutex_unlock(&cmu);
	}
	cond_signal(&cc);   /* nobody waits: a no-op */
	chan_free(running);
	chan_free(awake);
}

/* cond_test.go TestCondBroadcast: Broadcast wakes every waiter. */
static void test_broadcast_wakes_every_waiter(void)
{
	enum { N = 8 };
	running = make_chan(char, N);
	awake = make_chan(char, N);
	for (int i = 0; i < N; i++)
		go(cond_waiter, NULL);
	for (int i = 0; i < N; i++)
		chan_recv(running, NULL);
	mutex_lock(&cmu);
	CU_ASSERT_EQUAL(nwaiting, N);
	cond_broadcast(&cc);
	mutex_unlock(&cmu);
	for (int i = 0; i < N; i++)
		chan_recv(awake, NULL);
	CU_ASSERT_EQUAL(nwaiting, 0);
	chan_free(running);
	chan_free(awake);
}

/*
 * cond_test.go TestCondSignalGenerations: Signal wakes the goroutine
 * that has waited longest.  Goroutine i waits only after i-1 has.
 */
static int generation_woken[8];   /* plain; cmu guards it */
static int nwoken;

static void generation_waiter(void *arg)
{
	int i = (int)(intptr_t)arg;
	mutex_lock(&cmu);
	chan_send(running, &(char){ 1 });
	cond_wait(&cc);
	generation_woken[nwoken++] = i;
	mutex_unlock(&cmu);
	chan_send(awake, &(char){ 1 });
}

static void test_signal_wakes_the_longest_waiting_goroutine(void)
{
	enum { N = 8 };
	running = make_chan(char, N);
	awake = make_chan(char, N);
	nwoken = 0;
	for (int i = 0; i < N; i++) {
		go(generation_waiter, (void *)(intptr_t)i);
		chan_recv(running, NULL);   /* i holds cmu until it waits */
	}
	for (int i = 0; i < N; i++) {
		mutex_lock(&cmu);
		cond_signal(&cc);
		mutex_unlock(&cmu);
		chan_recv(awake, NULL);
		mutex_lock(&cmu);
		CU_ASSERT_EQUAL(generation_woken[i], i);
		mutex_unlock(&cmu);
	}
	chan_free(running);
	chan_free(awake);
}

/*
 * cond_test.go TestRace: two goroutines take turns through a plain x,
 * handing over with Signal; x is guarded only by the Cond's mutex.
 */
static int racex;   /* plain; cmu guards it */

static void race_second(void *arg)
{
	chan *done = arg;
	mutex_lock(&cmu);
	while (racex != 1)
		cond_wait(&cc);
	racex = 2;
	cond_signal(&cc);
	mutex_unlock(&cmu);
	chan_send(done, &(char){ 1 });
}

static void test_wait_and_signal_order_plain_data_through_the_mutex(void)
{
	chan *done = make_chan(char, 1);
	racex = 0;
	go(race_second, done);
	mutex_lock(&cmu);
	racex = 1;
	cond_signal(&cc);
	while (racex != 2)
		cond_wait(&cc);
	mutex_unlock(&cmu);
	chan_recv(done, NULL);
	CU_ASSERT_EQUAL(racex, 2);
	chan_free(done);
}

/* A Cond on an RWMutex's read side (sync.NewCond(rw.RLocker())). */
static void test_cond_works_on_any_locker(void)
{
	static rwmutex rw = RWMUTEX_INIT;
	cond *c = malloc(sizeof *c);
	CU_ASSERT_FATAL(c != NULL);
	cond_init_locker(c, rwmutex_rlocker(&rw));
	rwmutex_rlock(&rw);
	cond_signal(c);                         /* nobody waits */
	CU_ASSERT_FALSE(rwmutex_trylock(&rw));  /* still read-locked by us */
	rwmutex_runlock(&rw);
	free(c);
}

CHILD(cond_wait_nobody_signals)
{
	static mutex mu = MUTEX_INIT;
	static cond c = COND_INIT(&mu);
	mutex_lock(&mu);
	cond_wait(&c);
}

static void test_wait_nobody_signals_is_reported_as_deadlock(void)
{
	struct child_result r;
	run_child(&r, "cond_wait_nobody_signals", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "sync.Cond.Wait]:\n");
}

void register_suites(void)
{
	ADD_SUITE("rwmutex",
	          TEST(test_readers_hold_the_lock_together),
	          TEST(test_writer_excludes_readers_and_writers),
	          TEST(test_waiting_writer_blocks_new_readers),
	          TEST(test_trylock_fails_while_readers_hold_it),
	          TEST(test_rlocker_locks_for_reading),
	          TEST(test_rwmutex_init_makes_a_ready_lock_in_heap_memory),
	          TEST(test_unlock_of_unlocked_rwmutex_is_fatal),
	          TEST(test_runlock_of_unlocked_rwmutex_is_fatal),
	          TEST(test_lock_while_holding_rlock_is_reported_as_deadlock));
	ADD_SUITE("cond",
	          TEST(test_signal_wakes_exactly_one_waiter),
	          TEST(test_broadcast_wakes_every_waiter),
	          TEST(test_signal_wakes_the_longest_waiting_goroutine),
	          TEST(test_wait_and_signal_order_plain_data_through_the_mutex),
	          TEST(test_cond_works_on_any_locker),
	          TEST(test_wait_nobody_signals_is_reported_as_deadlock));
}
/* SPDX-License-Identifier: BSD-3-Clause */
