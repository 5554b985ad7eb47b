/*
 * Deadlock detection (Go's runtime.checkdead); the dumps on demand are in
 * test_dumps.c.  Every scenario runs in a child process: a deadlock ends the
 * program with status 2, and a program that must not be reported either
 * ends normally or is still running when its time limit kills it.
 *
 * The Go programs these mirror, and the output Go 1.19 gives, are quoted
 * in ../shared/go-semantics.md ("Deadlock detection").
 */
#define _GNU_SOURCE
#include "harness.h"
#include "runtime.h"   /* to wait until a goroutine is parked */

#include <signal.h>
#include <unistd.h>

#define DEADLOCK "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 ["

static void refute_deadlock(const struct child_result *r)
{
	CU_ASSERT_PTR_NULL(strstr(r->err, "deadlock!"));
	if (strstr(r->err, "deadlock!"))
		fprintf(stderr, "\nunexpected report:\n%s\n", r->err);
}

/*
 * Spins until some goroutine is parked on c's send (or receive) queue:
 * waiting for a state, not for time.
 */
static void wait_parked(chan *c, bool send)
{
	for (;;) {
		LOCK(&c->lock);
		struct sudog *sg = send ? c->sendq.first : c->recvq.first;
		struct g *gp = sg ? sg->g : NULL;
		UNLOCK(&c->lock);
		if (gp && atomic_load(&gp->waitreason) != NULL)
			return;
		go_yield();
	}
}

/* ---- reported ---- */

/* Go: func main() { c := make(chan int); <-c } */
CHILD(recv_nobody_sends)
{
	chan *c = make_chan(int, 0);
	int v;
	chan_recv(c, &v);
}

static void test_main_receiving_from_channel_nobody_sends_on_is_reported(void)
{
	struct child_result r;
	run_child(&r, "recv_nobody_sends", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "chan receive]:\n");
	ASSERT_CONTAINS(r.err, "\twaiting on: chan 0x");
	ASSERT_CONTAINS(r.err, "(elem 4 bytes, cap 0)\n");
	ASSERT_CONTAINS(r.err, "\tthread: LWP ");
}

/* wg.Add(1); wg.Wait() with no Done. */
CHILD(waitgroup_never_done)
{
	static waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, 1);
	waitgroup_wait(&wg);
}

static void test_waitgroup_never_done_is_reported(void)
{
	struct child_result r;
	run_child(&r, "waitgroup_never_done", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "sync.WaitGroup.Wait]:\n");
}

/* Two goroutines, each receiving from the channel the other would send on. */
static chan *ab, *ba;
static waitgroup pairwg = WAITGROUP_INIT;

static void first(void *arg)
{
	(void)arg;
	int v = 1;
	chan_recv(ba, &v);
	chan_send(ab, &v);
	waitgroup_done(&pairwg);
}

static void second(void *arg)
{
	(void)arg;
	int v = 2;
	chan_recv(ab, &v);
	chan_send(ba, &v);
	waitgroup_done(&pairwg);
}

CHILD(each_waits_for_the_other)
{
	ab = make_chan(int, 0);
	ba = make_chan(int, 0);
	waitgroup_add(&pairwg, 2);
	go_named("first", first, NULL, 0);
	go_named("second", second, NULL, 0);
	waitgroup_wait(&pairwg);
}

static void test_two_goroutines_waiting_for_each_other_are_reported(void)
{
	struct child_result r;
	run_child(&r, "each_waits_for_the_other", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "sync.WaitGroup.Wait]:\n");
	ASSERT_CONTAINS(r.err, "goroutine 2 [chan receive]:\nfirst(");
	ASSERT_CONTAINS(r.err, "\tname: first\n");
	ASSERT_CONTAINS(r.err, "goroutine 3 [chan receive]:\nsecond(");
	ASSERT_CONTAINS(r.err, "created by ");
	ASSERT_CONTAINS(r.err, " in goroutine 1\n");
}

/* The same cycle through two mutexes taken in opposite orders. */
static mutex mu1 = MUTEX_INIT, mu2 = MUTEX_INIT;
static chan *locked, *proceed;

static void lock_then(void *arg)
{
	mutex **pair = arg;
	mutex_lock(pair[0]);
	int v = 0;
	chan_send(locked, &v);    /* both hold their first mutex ... */
	chan_recv(proceed, &v);   /* ... before either tries its second */
	mutex_lock(pair[1]);
	mutex_unlock(pair[1]);
	mutex_unlock(pair[0]);
}

CHILD(mutexes_in_opposite_orders)
{
	static mutex *order1[2] = { &mu1, &mu2 }, *order2[2] = { &mu2, &mu1 };
	locked = make_chan(int, 0);
	proceed = make_chan(int, 0);
	go(lock_then, order1);
	go(lock_then, order2);
	int v = 0;
	chan_recv(locked, &v);
	chan_recv(locked, &v);
	chan_send(proceed, &v);
	chan_send(proceed, &v);
	select_case none[1];
	chan_select(none, 0, NULL);   /* select {} */
}

static void test_mutexes_taken_in_opposite_orders_are_reported(void)
{
	struct child_result r;
	run_child(&r, "mutexes_in_opposite_orders", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "select (no cases)]:\n");
	ASSERT_CONTAINS(r.err, "goroutine 2 [sync.Mutex.Lock]:\nlock_then(");
	ASSERT_CONTAINS(r.err, "goroutine 3 [sync.Mutex.Lock]:\nlock_then(");
	ASSERT_CONTAINS(r.err, ", held by goroutine 3\n");
	ASSERT_CONTAINS(r.err, ", held by goroutine 2\n");
}

/* A goroutine that locks a mutex it already holds. */
CHILD(mutex_locked_twice)
{
	static mutex mu = MUTEX_INIT;
	mutex_lock(&mu);
	mutex_lock(&mu);
}

static void test_mutex_locked_twice_is_reported(void)
{
	struct child_result r;
	run_child(&r, "mutex_locked_twice", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "sync.Mutex.Lock]:\n");
	ASSERT_CONTAINS(r.err, ", held by goroutine 1\n");
}

/* A mutex handed back and forth many times is never a deadlock. */
static mutex busy = MUTEX_INIT;
static long counter;

static void increment(void *arg)
{
	waitgroup *wg = arg;
	for (int i = 0; i < 20000; i++) {
		mutex_lock(&busy);
		counter++;
		mutex_unlock(&busy);
	}
	waitgroup_done(wg);
}

CHILD(contended_mutex)
{
	waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, 4);
	for (int i = 0; i < 4; i++)
		go(increment, &wg);
	waitgroup_wait(&wg);
	printf("%ld\n", counter);
}

static void test_contended_mutex_is_not_reported(void)
{
	struct child_result r;
	run_child(&r, "contended_mutex", 60, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "80000\n");
	refute_deadlock(&r);
}

/* Go: c := make(chan int); <-time.After(100ms); <-c  reports after 100 ms. */
CHILD(deadlock_after_timer)
{
	int64_t start = time_now(), fired;
	chan *t = time_after(100 * Millisecond);
	chan_recv(t, &fired);
	printf("waited %s\n", time_now() - start >= 100 * Millisecond ? "enough" : "too little");
	fflush(stdout);
	chan *c = make_chan(int, 0);
	int v;
	chan_recv(c, &v);
}

static void test_deadlock_reached_after_a_timer_fires_is_reported(void)
{
	struct child_result r;
	run_child(&r, "deadlock_after_timer", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_STRING_EQUAL(r.out, "waited enough\n");
	ASSERT_PREFIX(r.err, DEADLOCK "chan receive]:\n");
}

/* A select with no ready case: the dump names every channel. */
CHILD(select_deadlock)
{
	chan *a = make_chan(int, 0), *b = make_chan(long, 3);
	int x = 0;
	long y;
	SELECT(NULL, recv_case(b, &y), send_case(a, &x), recv_case(NULL, &y));
}

static void test_blocked_select_dump_names_its_channels(void)
{
	struct child_result r;
	run_child(&r, "select_deadlock", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "select]:\n");
	ASSERT_CONTAINS(r.err, "\tcase 0: receive from chan 0x");
	ASSERT_CONTAINS(r.err, " (elem 8 bytes, cap 3)\n");
	ASSERT_CONTAINS(r.err, "\tcase 1: send to chan 0x");
	ASSERT_CONTAINS(r.err, "\tcase 2: receive from nil chan\n");
}

/* Go: main calls runtime.Goexit and nothing else runs. */
CHILD(main_goexit_alone)
{
	go_exit();
}

static void test_main_goexit_with_no_goroutines_is_reported(void)
{
	struct child_result r;
	run_child(&r, "main_goexit_alone", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n");
}

static void recv_forever(void *arg)
{
	int v;
	chan_recv(arg, &v);
}

CHILD(main_goexit_others_blocked)
{
	go_named("stuck", recv_forever, make_chan(int, 0), 0);
	go_exit();
}

static void test_main_goexit_with_blocked_goroutines_is_reported(void)
{
	struct child_result r;
	run_child(&r, "main_goexit_others_blocked", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\n"
	              "goroutine 2 [chan receive]:\nrecv_forever(");
}

/*
 * The pool bound: with 2 threads, two goroutines block on c and the one
 * that would send to c waits for a thread that never comes free.
 */
static chan *poolc;

static void pool_recv(void *arg)
{
	(void)arg;
	int v;
	chan_recv(poolc, &v);
}

static void pool_send(void *arg)
{
	(void)arg;
	int v = 1;
	chan_send(poolc, &v);
	chan_send(poolc, &v);
}

CHILD(pool_bound)
{
	poolc = make_chan(int, 0);
	go(pool_recv, NULL);
	go(pool_recv, NULL);
	go(pool_send, NULL);
	select_case none[1];
	chan_select(none, 0, NULL);
}

static void test_pool_bound_deadlock_names_the_bound(void)
{
	struct child_result r;
	run_child(&r, "pool_bound", 10, "GOTHREADS_MAXTHREADS=2", NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all 2 pool threads are blocked and 1 goroutine "
	              "waits for a thread - deadlock!\n"
	              "(raise the bound: GOTHREADS_MAXTHREADS=N or go_setmaxthreads(N))\n\n");
	ASSERT_CONTAINS(r.err, "goroutine 4 [runnable, waiting for a pool thread]:\npool_send(");
}

static void test_same_program_with_a_higher_bound_runs(void)
{
	struct child_result r;
	run_child(&r, "pool_bound", 2, "GOTHREADS_MAXTHREADS=3", NULL);
	/* Everything completes, then main's select {} is the only goroutine left. */
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "select (no cases)]:\n");
	CU_ASSERT_PTR_NULL(strstr(r.err, "goroutine 2"));
}

/* A send on a nil channel, after an earlier wake-up: counted asleep once. */
static void send_later(void *arg)
{
	int v = 1;
	chan_send(arg, &v);
}

CHILD(nil_send_after_park)
{
	chan *c = make_chan(int, 0);
	go(send_later, c);
	int v;
	chan_recv(c, &v);
	chan_send(NULL, &v);
}

static void test_send_on_nil_channel_is_reported(void)
{
	struct child_result r;
	run_child(&r, "nil_send_after_park", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "chan send (nil chan)]:\n");
}

/* ---- not reported ---- */

/*
 * select {} after main has parked and been woken once, while another
 * goroutine still runs: it ends the program, no report.  (A park for ever
 * that returned at once on the stale wake-up once counted main asleep
 * twice here, and reported a deadlock while the worker ran.)
 */
static void exit_later(void *arg)
{
	chan *c = arg;
	wait_parked(c, false);
	int v = 1;
	chan_send(c, &v);
	time_sleep(100 * Millisecond);
	printf("worker done\n");
	exit(0);
}

CHILD(select_forever_after_wakeup)
{
	chan *c = make_chan(int, 0);
	go(exit_later, c);
	int v;
	chan_recv(c, &v);
	select_case none[1];
	chan_select(none, 0, NULL);
}

static void test_select_forever_while_a_goroutine_runs_is_not_reported(void)
{
	struct child_result r;
	run_child(&r, "select_forever_after_wakeup", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "worker done\n");
	refute_deadlock(&r);
}

/*
 * A goroutine in read() is running as far as gothreads knows.  The writer
 * is a plain pthread that gothreads never sees; its pause lets main park
 * first, which makes the interesting order likely (not required: the
 * result is the same in every order).
 */
static int pipefd[2];

static void *plain_writer(void *arg)
{
	(void)arg;
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	ssize_t n = write(pipefd[1], "x", 1);
	(void)n;
	return NULL;
}

static void reader(void *arg)
{
	char b = 0;
	ssize_t n = read(pipefd[0], &b, 1);
	int v = n == 1 && b == 'x';
	chan_send(arg, &v);
}

CHILD(read_from_plain_thread)
{
	if (pipe(pipefd) != 0)
		_exit(97);
	chan *c = make_chan(int, 0);
	go(reader, c);
	pthread_t th;
	pthread_create(&th, NULL, plain_writer, NULL);
	int v = 0;
	chan_recv(c, &v);
	printf("read %s\n", v ? "ok" : "failed");
	pthread_join(th, NULL);
}

static void test_goroutine_reading_pipe_written_by_plain_thread_is_not_reported(void)
{
	struct child_result r;
	run_child(&r, "read_from_plain_thread", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "read ok\n");
	refute_deadlock(&r);
}

/* Nobody ever writes: the reader waits for ever, and so does main. */
CHILD(read_forever)
{
	if (pipe(pipefd) != 0)
		_exit(97);
	chan *c = make_chan(int, 0);
	go(reader, c);
	int v;
	chan_recv(c, &v);
}

static void test_goroutine_blocked_in_read_keeps_program_waiting(void)
{
	struct child_result r;
	run_child(&r, "read_forever", 1, NULL);
	CU_ASSERT_EQUAL(r.status, -1);   /* still running at the limit */
	refute_deadlock(&r);
}

/* Go: a loop of time.Sleep(time.Hour) is never reported. */
static void sleeper(void *arg)
{
	(void)arg;
	time_sleep(Hour);
}

CHILD(long_sleep)
{
	go(sleeper, NULL);
	chan *c = make_chan(int, 0);
	int v;
	chan_recv(c, &v);
}

static void test_long_sleep_is_not_reported(void)
{
	struct child_result r;
	run_child(&r, "long_sleep", 1, NULL);
	CU_ASSERT_EQUAL(r.status, -1);
	refute_deadlock(&r);
}

/* A pending ticker keeps the program waiting, as Go's timers do. */
CHILD(pending_ticker)
{
	chan *t = time_newticker(Hour);
	(void)t;
	chan *c = make_chan(int, 0);
	int v;
	chan_recv(c, &v);
}

static void test_pending_ticker_is_not_reported(void)
{
	struct child_result r;
	run_child(&r, "pending_ticker", 1, NULL);
	CU_ASSERT_EQUAL(r.status, -1);
	refute_deadlock(&r);
}

/* A ticker read a few times, then stopped: the program ends normally. */
CHILD(ticker_then_done)
{
	chan *t = time_newticker(10 * Millisecond);
	int64_t at;
	for (int i = 0; i < 3; i++)
		chan_recv(t, &at);
	time_stop(t);
	chan_free(t);
	printf("3 ticks\n");
}

static void test_stopped_ticker_program_ends_normally(void)
{
	struct child_result r;
	run_child(&r, "ticker_then_done", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "3 ticks\n");
	refute_deadlock(&r);
}

void register_suites(void)
{
	ADD_SUITE("deadlock",
	          TEST(test_main_receiving_from_channel_nobody_sends_on_is_reported),
	          TEST(test_waitgroup_never_done_is_reported),
	          TEST(test_two_goroutines_waiting_for_each_other_are_reported),
	          TEST(test_mutexes_taken_in_opposite_orders_are_reported),
	          TEST(test_mutex_locked_twice_is_reported),
	          TEST(test_contended_mutex_is_not_reported),
	          TEST(test_deadlock_reached_after_a_timer_fires_is_reported),
	          TEST(test_blocked_select_dump_names_its_channels),
	          TEST(test_main_goexit_with_no_goroutines_is_reported),
	          TEST(test_main_goexit_with_blocked_goroutines_is_reported),
	          TEST(test_send_on_nil_channel_is_reported),
	          TEST(test_pool_bound_deadlock_names_the_bound),
	          TEST(test_same_program_with_a_higher_bound_runs),
	          TEST(test_select_forever_while_a_goroutine_runs_is_not_reported),
	          TEST(test_goroutine_reading_pipe_written_by_plain_thread_is_not_reported),
	          TEST(test_goroutine_blocked_in_read_keeps_program_waiting),
	          TEST(test_long_sleep_is_not_reported),
	          TEST(test_pending_ticker_is_not_reported),
	          TEST(test_stopped_ticker_program_ends_normally));
}
/* SPDX-License-Identifier: BSD-3-Clause */
