/*
 * sync: WaitGroup, Mutex and Once.
 * Each test is named after the Go behaviour it checks.  The data the
 * goroutines share is plain (not atomic) wherever the guarantee under
 * test is what orders it: helgrind, DRD and ThreadSanitizer report a race
 * if the guarantee is broken.
 *
 * WaitGroups and mutexes in tests are static, one per test: they have no
 * destroy call (Go's have none), and DRD remembers a condvar or mutex at
 * an address until it is destroyed, so a later test's sync object on the
 * same stack address draws "wrong type of synchronization object".
 */
#include "harness.h"

#include <stdlib.h>

/* ---- suite "waitgroup" --------------------------------------------------- */

struct job {
	long i;
	long *out;      /* plain; each goroutine writes its own slot */
	waitgroup *wg;
};

static void square_only(void *arg)
{
	struct job *j = arg;
	j->out[j->i] += j->i * j->i;
}

static void square_then_done(void *arg)
{
	struct job *j = arg;
	j->out[j->i] += j->i * j->i;   /* += so that a second run shows */
	waitgroup_done(j->wg);
}

/* Starts n goroutines computing out[i] = i*i, Add'ing one at a time. */
static void start_squares(waitgroup *wg, long *out, long n)
{
	for (long i = 0; i < n; i++) {
		waitgroup_add(wg, 1);
		CU_ASSERT_EQUAL(go_copy(square_then_done, &(struct job){ i, out, wg }, sizeof(struct job)), 0);
	}
}

static long count_wrong_squares(const long *out, long n)
{
	long bad = 0;
	for (long i = 0; i < n; i++)
		bad += out[i] != i * i;
	return bad;
}

/* sync/waitgroup.go: "a call to Done synchronizes before the return of
 * any Wait call that it unblocks."  The workers' plain writes are read
 * after Wait with no other synchronisation. */
static void test_wait_returns_after_every_done_and_sees_their_writes(void)
{
	enum { N = 64 };
	long out[N] = { 0 };
	static waitgroup wg = WAITGROUP_INIT;
	start_squares(&wg, out, N);
	waitgroup_wait(&wg);
	CU_ASSERT_EQUAL(count_wrong_squares(out, N), 0);
}

static void test_thousands_of_goroutines_each_done_exactly_once(void)
{
	long n = scaled(5000);
	long *out = calloc((size_t)n, sizeof *out);
	CU_ASSERT_FATAL(out != NULL);
	static waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, n);   /* one Add for all, as Go programs often do */
	for (long i = 0; i < n; i++)
		go_copy(square_then_done, &(struct job){ i, out, &wg }, sizeof(struct job));
	waitgroup_wait(&wg);
	CU_ASSERT_EQUAL(count_wrong_squares(out, n), 0);
	CU_ASSERT_EQUAL(atomic_load(&wg.count), 0);
	free(out);
}

static void test_wait_on_zero_counter_returns_at_once(void)
{
	static waitgroup wg = WAITGROUP_INIT;
	waitgroup_wait(&wg);
	waitgroup_add(&wg, 3);
	waitgroup_add(&wg, -3);
	waitgroup_wait(&wg);
	CU_PASS("Wait on a zero counter returned");
}

static void test_waitgroup_is_reusable_for_several_rounds(void)
{
	enum { N = 32, ROUNDS = 5 };
	static waitgroup wg = WAITGROUP_INIT;
	for (int r = 0; r < ROUNDS; r++) {
		long out[N] = { 0 };
		start_squares(&wg, out, N);
		waitgroup_wait(&wg);
		CU_ASSERT_EQUAL(count_wrong_squares(out, N), 0);
	}
}

static void done_once(void *arg)
{
	waitgroup_done(arg);
}

/* One round with a WaitGroup that lives in this frame only. */
static void stack_waitgroup_round(void)
{
	waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, 1);
	go(done_once, &wg);
	waitgroup_wait(&wg);
	/*
	 * The frame ends here: the Done that released us must be finished
	 * with wg.  Scribbling over it makes a Done that still held wg->lock
	 * fail natively; under ThreadSanitizer the reuse of the frame is
	 * enough (it reported the old WaitGroup 4 times here).
	 */
	memset(&wg, 0xa5, sizeof wg);
}

/*
 * Not under valgrind: helgrind 3.19 records a mutex's release before
 * glibc's pthread_mutex_unlock has finished reading the mutex, so memory
 * reused right after another thread's last unlock is always reported,
 * correct or not (the demos keep such objects static for that reason).
 */
static void test_waitgroup_on_the_stack_may_end_as_soon_as_wait_returns(void)
{
	long rounds = under_valgrind() ? 0 : scaled(20000);
	for (long i = 0; i < rounds; i++)
		stack_waitgroup_round();
	CU_PASS("every round's Done let go of its WaitGroup before Wait returned");
}

struct waiter {
	waitgroup *wg;
	chan *released;
	const long *data;   /* written by main before Done */
};

static void wait_then_report(void *arg)
{
	struct waiter *w = arg;
	waitgroup_wait(w->wg);
	long v = *w->data;   /* plain read: ordered by Done -> Wait */
	chan_send(w->released, &v);
}

/* Reads wg->waiters under its lock: how many goroutines sit in Wait. */
static long waiters(waitgroup *wg)
{
	pthread_mutex_lock(&wg->lock);
	long n = wg->waiters;
	pthread_mutex_unlock(&wg->lock);
	return n;
}

static void test_done_releases_every_waiting_goroutine(void)
{
	enum { W = 8 };
	static long data;
	static waitgroup wg = WAITGROUP_INIT;
	chan *released = make_chan(long, W);
	waitgroup_add(&wg, 1);
	for (int i = 0; i < W; i++)
		go_copy(wait_then_report, &(struct waiter){ &wg, released, &data }, sizeof(struct waiter));
	while (waiters(&wg) != W)   /* all of them inside Wait, not merely started */
		go_yield();
	CU_ASSERT_EQUAL(chan_len(released), 0);
	data = 99;
	waitgroup_done(&wg);
	long sum = 0;
	for (int i = 0; i < W; i++) {
		long v;
		chan_recv(released, &v);
		sum += v;
	}
	CU_ASSERT_EQUAL(sum, 99 * W);
	chan_free(released);
}

CHILD(waitgroup_negative)
{
	waitgroup wg = WAITGROUP_INIT;
	waitgroup_done(&wg);
}

static void test_negative_waitgroup_counter_panics(void)
{
	struct child_result r;
	run_child(&r, "waitgroup_negative", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: sync: negative WaitGroup counter\n\ngoroutine 1 [running]:\n");
}

/* ---- suite "mutex" ------------------------------------------------------- */

struct counter {
	mutex mu;
	long n;   /* plain; mu guards it */
	long iters;
	waitgroup wg;
};

static void increment_many(void *arg)
{
	struct counter *c = arg;
	for (long i = 0; i < c->iters; i++) {
		mutex_lock(&c->mu);
		c->n++;
		mutex_unlock(&c->mu);
	}
	waitgroup_done(&c->wg);
}

static void test_mutex_gives_mutual_exclusion_on_a_plain_counter(void)
{
	enum { G = 8 };
	static struct counter c = { .mu = MUTEX_INIT, .wg = WAITGROUP_INIT };
	c.n = 0;
	c.iters = scaled(20000);
	waitgroup_add(&c.wg, G);
	for (int i = 0; i < G; i++)
		go(increment_many, &c);
	waitgroup_wait(&c.wg);
	mutex_lock(&c.mu);
	CU_ASSERT_EQUAL(c.n, G * c.iters);
	mutex_unlock(&c.mu);
}

static void test_trylock_takes_an_unlocked_mutex(void)
{
	static mutex mu = MUTEX_INIT;
	CU_ASSERT_TRUE(mutex_trylock(&mu));
	mutex_unlock(&mu);
	mutex_lock(&mu);   /* it was really released */
	mutex_unlock(&mu);
}

struct trylock_arg {
	mutex *mu;
	chan *result;
};

static void try_from_another_goroutine(void *arg)
{
	struct trylock_arg *t = arg;
	bool got = mutex_trylock(t->mu);
	if (got)
		mutex_unlock(t->mu);
	chan_send(t->result, &got);
}

static void test_trylock_fails_on_a_locked_mutex(void)
{
	static mutex mu = MUTEX_INIT;
	chan *result = make_chan(bool, 0);
	mutex_lock(&mu);
	go_copy(try_from_another_goroutine, &(struct trylock_arg){ &mu, result }, sizeof(struct trylock_arg));
	bool got = true;
	chan_recv(result, &got);
	CU_ASSERT_FALSE(got);
	mutex_unlock(&mu);
	/* Unlocked now: the other goroutine's trylock succeeds. */
	go_copy(try_from_another_goroutine, &(struct trylock_arg){ &mu, result }, sizeof(struct trylock_arg));
	chan_recv(result, &got);
	CU_ASSERT_TRUE(got);
	chan_free(result);
}

CHILD(unlock_unlocked_mutex)
{
	mutex mu = MUTEX_INIT;
	mutex_unlock(&mu);
}

static void test_unlock_of_unlocked_mutex_is_fatal(void)
{
	struct child_result r;
	run_child(&r, "unlock_unlocked_mutex", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: sync: unlock of unlocked mutex\n\ngoroutine 1 [running]:\n");
}

static void unlock_foreign(void *arg)
{
	mutex_unlock(arg);
}

CHILD(unlock_mutex_of_another_goroutine)
{
	static mutex mu = MUTEX_INIT;
	mutex_lock(&mu);
	go(unlock_foreign, &mu);
	chan_recv(NULL, NULL);
}

/* Go allows this; gothreads' pthread mutexes do not, and say so. */
static void test_unlock_by_another_goroutine_is_reported(void)
{
	struct child_result r;
	run_child(&r, "unlock_mutex_of_another_goroutine", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: sync: unlock of a mutex locked by another goroutine");
}

/* ---- suite "once" -------------------------------------------------------- */

static struct {
	once o;
	long calls;   /* plain: written by f, read by every caller after once_do */
	long value;   /* plain */
	chan *gate;
	waitgroup wg;
} one = { .o = ONCE_INIT, .wg = WAITGROUP_INIT };

static void init_value(void *arg)
{
	one.calls++;
	one.value = *(long *)arg;
}

struct once_caller {
	long id;
	long *seen;   /* each caller's own slot */
};

static void call_once(void *arg)
{
	struct once_caller *c = arg;
	chan_recv(one.gate, NULL);   /* all start together when the gate closes */
	once_do(&one.o, init_value, &c->id);
	c->seen[c->id] = one.value;   /* f's effects are visible to every caller */
	waitgroup_done(&one.wg);
}

static void test_once_runs_f_exactly_once_for_many_concurrent_callers(void)
{
	enum { G = 32 };
	long seen[G];
	one.gate = chan_make(0, 0);
	waitgroup_add(&one.wg, G);
	for (long i = 0; i < G; i++)
		go_copy(call_once, &(struct once_caller){ i, seen }, sizeof(struct once_caller));
	chan_close(one.gate);
	waitgroup_wait(&one.wg);
	CU_ASSERT_EQUAL(one.calls, 1);
	CU_ASSERT_TRUE(one.value >= 0 && one.value < G);
	long bad = 0;
	for (long i = 0; i < G; i++)
		bad += seen[i] != one.value;
	CU_ASSERT_EQUAL(bad, 0);
	/* Later calls do nothing either. */
	long other = 1000;
	once_do(&one.o, init_value, &other);
	CU_ASSERT_EQUAL(one.calls, 1);
	chan_free(one.gate);
}

/*
 * Go's Once.Do defers its unlock and the setting of done, so when f ends
 * its goroutine with runtime.Goexit the Once still counts as done: later
 * calls return at once, without running their f, and do not block.
 */
static once exiting = ONCE_INIT;
static bool ran_second;   /* plain: once_do orders it */

static void exit_in_f(void *arg)
{
	chan_send(arg, NULL);   /* f has started: main's once_do must wait for it */
	go_exit();
}

static void second_f(void *arg)
{
	(void)arg;
	ran_second = true;
}

static void call_exiting_once(void *arg)
{
	chan **cs = arg;
	once_do(&exiting, exit_in_f, cs[0]);
	chan_send(cs[1], NULL);   /* never reached: go_exit ended the goroutine */
}

static void test_once_counts_as_done_when_f_calls_goexit(void)
{
	chan *cs[2] = { chan_make(0, 1), chan_make(0, 1) };   /* entered, after */
	go(call_exiting_once, cs);
	chan_recv(cs[0], NULL);
	once_do(&exiting, second_f, NULL);   /* waits until f has exited, then returns */
	CU_ASSERT_FALSE(ran_second);
	once_do(&exiting, second_f, NULL);
	CU_ASSERT_FALSE(ran_second);
	CU_ASSERT_EQUAL(chan_len(cs[1]), 0);
	chan_free(cs[0]);
	chan_free(cs[1]);
}

/* ---- suite "heap" (the _init functions and wg.Go) ------------------------ */

struct shared {
	waitgroup wg;
	mutex mu;
	once o;
	long n;      /* plain; mu guards it */
	int ran;     /* plain; o orders it */
};

static void add_under_mutex(void *arg)
{
	struct shared *s = arg;
	mutex_lock(&s->mu);
	s->n++;
	mutex_unlock(&s->mu);
}

static void count_run(void *arg)
{
	((struct shared *)arg)->ran++;
}

static void once_then_add(void *arg)
{
	struct shared *s = arg;
	once_do(&s->o, count_run, s);
	add_under_mutex(s);
}

/* Heap memory holds garbage: the _init functions make a zero value. */
static void test_init_functions_make_ready_sync_values_in_heap_memory(void)
{
	struct shared *s = malloc(sizeof *s);
	CU_ASSERT_FATAL(s != NULL);
	memset(s, 0xa5, sizeof *s);
	waitgroup_init(&s->wg);
	mutex_init(&s->mu);
	once_init(&s->o);
	s->n = 0;
	s->ran = 0;
	long n = scaled(200);
	for (long i = 0; i < n; i++)
		CU_ASSERT_EQUAL(waitgroup_go(&s->wg, once_then_add, s), 0);
	waitgroup_wait(&s->wg);
	CU_ASSERT_EQUAL(s->ran, 1);
	CU_ASSERT_EQUAL(s->n, n);
	free(s);
}

/* sync.WaitGroup.Go: Wait returns once every f has returned. */
static void test_waitgroup_go_waits_for_every_function_it_started(void)
{
	enum { N = 64 };
	long out[N] = { 0 };
	static waitgroup wg = WAITGROUP_INIT;
	static struct job jobs[N];
	for (long i = 0; i < N; i++) {
		jobs[i] = (struct job){ i, out, NULL };
		waitgroup_go(&wg, square_only, &jobs[i]);
	}
	waitgroup_wait(&wg);
	CU_ASSERT_EQUAL(count_wrong_squares(out, N), 0);
}

static void exit_early(void *arg)
{
	*(int *)arg = 1;
	go_exit();
}

/* As Go's wg.Go defers Done, a goroutine that calls Goexit is still Done. */
static void test_waitgroup_go_counts_a_goroutine_that_calls_goexit_as_done(void)
{
	static waitgroup wg = WAITGROUP_INIT;
	static int flag;
	waitgroup_go(&wg, exit_early, &flag);
	waitgroup_wait(&wg);
	CU_ASSERT_EQUAL(flag, 1);
}

void register_suites(void)
{
	ADD_SUITE("waitgroup",
	          TEST(test_wait_returns_after_every_done_and_sees_their_writes),
	          TEST(test_thousands_of_goroutines_each_done_exactly_once),
	          TEST(test_wait_on_zero_counter_returns_at_once),
	          TEST(test_waitgroup_is_reusable_for_several_rounds),
	          TEST(test_waitgroup_on_the_stack_may_end_as_soon_as_wait_returns),
	          TEST(test_done_releases_every_waiting_goroutine),
	          TEST(test_negative_waitgroup_counter_panics));
	ADD_SUITE("mutex",
	          TEST(test_mutex_gives_mutual_exclusion_on_a_plain_counter),
	          TEST(test_trylock_takes_an_unlocked_mutex),
	          TEST(test_trylock_fails_on_a_locked_mutex),
	          TEST(test_unlock_of_unlocked_mutex_is_fatal),
	          TEST(test_unlock_by_another_goroutine_is_reported));
	ADD_SUITE("heap",
	          TEST(test_init_functions_make_ready_sync_values_in_heap_memory),
	          TEST(test_waitgroup_go_waits_for_every_function_it_started),
	          TEST(test_waitgroup_go_counts_a_goroutine_that_calls_goexit_as_done));
	ADD_SUITE("once",
	          TEST(test_once_runs_f_exactly_once_for_many_concurrent_callers),
	          TEST(test_once_counts_as_done_when_f_calls_goexit));
}
/* SPDX-License-Identifier: BSD-3-Clause */
