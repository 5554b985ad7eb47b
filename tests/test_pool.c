/*
 * The pool of threads that runs goroutines: reuse, the bound, the run
 * queue, its settings, thread-creation failures.  Goroutines themselves
 * are tested in test_go.c.
 * Each test is named after the Go behaviour it checks.
 *
 * Tests that need to know exactly how many pool threads exist (the bound,
 * FIFO order of queued goroutines, a thread reused after go_exit) run in a
 * CHILD: a fresh process has no pool threads yet, while this one keeps
 * the idle threads of every earlier test.
 *
 * WaitGroups and mutexes in tests are static, one per test: they have no
 * destroy call (Go's have none), and DRD remembers a condvar or mutex at
 * an address until it is destroyed, so a later test's sync object on the
 * same stack address draws "wrong type of synchronization object".
 */
#define _GNU_SOURCE
#include "harness.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

/* Waits (yielding) until only the calling goroutine is left: goroutines
 * of earlier tests may still be between their last action and their end. */
static void wait_alone(void)
{
	while (go_numgoroutine() != 1)
		go_yield();
}

static void block_forever(void *arg)
{
	(void)arg;
	chan_recv(NULL, NULL);
}

static void recv_one(void *arg)
{
	int v;
	chan_recv(arg, &v);
}

/* ---- suite "pool" --------------------------------------------------------- */

static void send_tid(void *arg)
{
	int tid = gettid();
	chan_send(arg, &tid);
}

static int count_distinct(const int *v, int n)
{
	int d = 0;
	for (int i = 0; i < n; i++) {
		int j = 0;
		while (j < i && v[j] != v[i])
			j++;
		d += j == i;
	}
	return d;
}

static void test_pool_threads_are_reused(void)
{
	enum { N = 200 };
	int tids[N];
	chan *c = make_chan(int, 0);
	for (int i = 0; i < N; i++) {
		go(send_tid, c);   /* one at a time: each ends before the next starts */
		chan_recv(c, &tids[i]);
	}
	int d = count_distinct(tids, N);
	CU_ASSERT_TRUE(d >= 1 && d <= N / 20);
	if (d > N / 20)
		fprintf(stderr, "\n%d goroutines ran on %d distinct threads\n", N, d);
	chan_free(c);
}

/*
 * go() wakes a pool thread only when none is already on its way to the
 * run queue, and that thread wakes the next before it runs what it took
 * (lib/proc.c, mstart): so in a burst of go statements every goroutine
 * soon has a thread of its own, even when each one blocks.  If one waited
 * behind a blocked one, `started` would never reach zero and the
 * watchdog would end the test.
 */
static struct {
	waitgroup started, done;
	chan *gate;
} burst = { WAITGROUP_INIT, WAITGROUP_INIT, NULL };

static void burst_worker(void *arg)
{
	(void)arg;
	waitgroup_done(&burst.started);
	chan_recv(burst.gate, NULL);   /* blocks, holding its thread, until the gate closes */
	waitgroup_done(&burst.done);
}

static void test_every_goroutine_of_a_burst_gets_a_thread_though_all_block(void)
{
	enum { N = 300 };   /* below the 400 threads the valgrind runs allow */
	burst.gate = chan_make(0, 0);
	waitgroup_add(&burst.started, N);
	waitgroup_add(&burst.done, N);
	for (int i = 0; i < N; i++)
		CU_ASSERT_EQUAL_FATAL(go(burst_worker, NULL), 0);
	waitgroup_wait(&burst.started);   /* all N blocked at once */
	CU_ASSERT(go_numgoroutine() >= N + 1);
	chan_close(burst.gate);
	waitgroup_wait(&burst.done);
	chan_free(burst.gate);
}

/* The state a bounded pool's goroutines share. */
static struct {
	mutex mu;
	int running, maxrunning;   /* mu guards these */
	int order[64], norder;     /* start order; mu */
	chan *gate, *started;
} pool = { .mu = MUTEX_INIT };

static void pool_worker(void *arg)
{
	int i = *(int *)arg;
	mutex_lock(&pool.mu);
	pool.order[pool.norder++] = i;
	if (++pool.running > pool.maxrunning)
		pool.maxrunning = pool.running;
	mutex_unlock(&pool.mu);
	chan_send(pool.started, &i);
	chan_recv(pool.gate, NULL);   /* blocks until the gate closes */
	mutex_lock(&pool.mu);
	pool.running--;
	mutex_unlock(&pool.mu);
}

/* GOTHREADS_MAXTHREADS=4: 50 goroutines, at most 4 at once, all finish. */
CHILD(pool_bound_4)
{
	enum { N = 50 };
	pool.gate = chan_make(0, 0);
	pool.started = make_chan(int, N);
	for (int i = 0; i < N; i++)
		if (go_copy(pool_worker, &i, sizeof i) != 0)
			printf("go failed\n");
	/* Every go() returned although only 4 threads may exist. */
	for (int i = 0; i < 4; i++)
		chan_recv(pool.started, NULL);
	mutex_lock(&pool.mu);
	printf("before gate: running=%d goroutines=%d first4=", pool.running, go_numgoroutine());
	int first[4];
	memcpy(first, pool.order, sizeof first);
	mutex_unlock(&pool.mu);
	int mask = 0;
	for (int i = 0; i < 4; i++)
		mask |= first[i] < 4 ? 1 << first[i] : 0x100;
	printf("%s\n", mask == 0xf ? "0123" : "other");
	chan_close(pool.gate);
	for (int i = 4; i < N; i++)
		chan_recv(pool.started, NULL);
	while (go_numgoroutine() != 1)
		go_yield();
	printf("after gate: started=%d running=%d maxrunning=%d\n",
	       pool.norder, pool.running, pool.maxrunning);
	printf("old bound %d\n", go_setmaxthreads(10));
}

static void test_pool_bound_runs_at_most_maxthreads_goroutines_at_once(void)
{
	struct child_result r;
	run_child(&r, "pool_bound_4", 30, "GOTHREADS_MAXTHREADS=4", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out,
	                       "before gate: running=4 goroutines=51 first4=0123\n"
	                       "after gate: started=50 running=0 maxrunning=4\n"
	                       "old bound 4\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

/* With one thread, goroutines start exactly in the order of their go(). */
CHILD(pool_queue_is_fifo)
{
	enum { N = 40 };
	pool.gate = chan_make(0, 0);
	pool.started = make_chan(int, N);
	for (int i = 0; i < N; i++)
		go_copy(pool_worker, &i, sizeof i);
	chan_recv(pool.started, NULL);
	printf("goroutines=%d running=%d\n", go_numgoroutine(), pool.running);
	chan_close(pool.gate);
	for (int i = 1; i < N; i++)
		chan_recv(pool.started, NULL);
	int inorder = 1;
	for (int i = 0; i < N; i++)
		inorder &= pool.order[i] == i;
	printf("in order %d, max running %d\n", inorder, pool.maxrunning);
}

static void test_goroutines_queued_for_a_thread_start_in_fifo_order(void)
{
	struct child_result r;
	run_child(&r, "pool_queue_is_fifo", 30, "GOTHREADS_MAXTHREADS=1", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "goroutines=41 running=1\nin order 1, max running 1\n");
}

static void say_started(void *arg)
{
	chan_send(pool.started, arg);
}

/* Bound 2, both threads blocked: go() still returns, the goroutine waits
 * for a thread, and raising the bound starts it without freeing any. */
CHILD(pool_raise_bound)
{
	pool.gate = chan_make(0, 0);
	pool.started = make_chan(int, 10);
	for (int i = 0; i < 2; i++)
		go_copy(pool_worker, &i, sizeof i);
	for (int i = 0; i < 2; i++)
		chan_recv(pool.started, NULL);
	for (int i = 2; i < 5; i++)
		printf("go -> %d\n", go_copy(say_started, &i, sizeof i));
	printf("queued: goroutines=%d len(started)=%ld\n", go_numgoroutine(), chan_len(pool.started));
	printf("old bound %d\n", go_setmaxthreads(5));
	int sum = 0;
	for (int i = 2; i < 5; i++) {
		int v;
		chan_recv(pool.started, &v);
		sum += v;
	}
	printf("queued ones ran: sum %d\n", sum);
	chan_close(pool.gate);
}

static void test_raising_the_bound_starts_queued_goroutines(void)
{
	struct child_result r;
	run_child(&r, "pool_raise_bound", 30, "GOTHREADS_MAXTHREADS=2", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out,
	                       "go -> 0\ngo -> 0\ngo -> 0\n"
	                       "queued: goroutines=6 len(started)=0\n"
	                       "old bound 2\n"
	                       "queued ones ran: sum 9\n");
}

/* Prints the configured stack size and whether the thread really got it:
 * glibc may add room for static TLS (ThreadSanitizer's is ~650 KiB) when
 * the size asked for cannot hold it, so "got" allows up to 1 MiB more. */
static void print_stacksize(void *arg)
{
	pthread_attr_t attr;
	size_t size = 0;
	if (pthread_getattr_np(pthread_self(), &attr) == 0) {
		pthread_attr_getstacksize(&attr, &size);
		pthread_attr_destroy(&attr);
	}
	size_t want = go_setstacksize(1 << 20);
	go_setstacksize(want);
	printf("stack %zu, got it %d\n", want, size >= want && size < want + (1 << 20));
	chan_send(arg, NULL);
}

CHILD(print_pool_settings)
{
	chan *done = chan_make(0, 0);
	go(print_stacksize, done);
	chan_recv(done, NULL);
	printf("bound %d\n", go_setmaxthreads(100));
	chan_free(done);
}

static void test_environment_sets_pool_bound_and_stack_size(void)
{
	struct child_result r;
	run_child(&r, "print_pool_settings", 10,
	          "GOTHREADS_MAXTHREADS=77", "GOTHREADS_STACKSIZE=1M", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "stack 1048576, got it 1\nbound 77\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

/*
 * The default bound comes from the machine's limits, at most 16384
 * (test_limits.c checks the formula); stacks are far below 8 MiB.
 */
static void test_default_pool_bound_and_stack_size(void)
{
	struct child_result r;
	run_child(&r, "print_pool_settings", 10,
	          "GOTHREADS_MAXTHREADS=", "GOTHREADS_STACKSIZE=", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	int bound = -1;
	CU_ASSERT_EQUAL(sscanf(r.out, "stack 262144, got it 1\nbound %d\n", &bound), 1);
	CU_ASSERT_TRUE(bound >= 1 && bound <= 16384);
}

/*
 * Go's test/chan/goroutines.go: n = 10000 goroutines, each running
 * `left <- <-right`, then one more that sends into the rightmost channel;
 * main receives from the leftmost.  10,001 goroutines are blocked at once,
 * which the default pool bound allows where the machine has 20,004 thread
 * ids free (lib/limits.c); a lower bound runs a shorter chain.  Each link adds one to the
 * value (Go's passes it unchanged) so that the test sees every link ran.
 * Under valgrind the bound is 400 and the chain shorter.
 */
struct link {
	chan *left, *right;
};

static void chain_link(void *arg)
{
	struct link *l = arg;
	int v;
	chan_recv(l->right, &v);
	v++;
	chan_send(l->left, &v);
}

static void chain_start(void *arg)
{
	int v = 0;
	chan_send(arg, &v);
}

static void test_chain_of_10000_goroutines_passes_a_value(void)
{
	int bound = go_setmaxthreads(1);
	go_setmaxthreads(bound);
	int n = (int)scaled(10000);
	if (n + 1 > bound)
		n = bound - 1;
	chan **cs = calloc((size_t)n + 2, sizeof *cs);
	CU_ASSERT_FATAL(cs != NULL);
	cs[0] = make_chan(int, 0);
	int made = 0;   /* links started; if go() fails, run the shorter chain */
	while (made < n) {
		cs[made + 1] = make_chan(int, 0);
		if (go_copy(chain_link, &(struct link){ cs[made], cs[made + 1] }, sizeof(struct link)) != 0)
			break;
		made++;
	}
	CU_ASSERT_EQUAL(made, n);
	CU_ASSERT_EQUAL_FATAL(go(chain_start, cs[made]), 0);
	int v = -1;
	chan_recv(cs[0], &v);
	CU_ASSERT_EQUAL(v, made);
	wait_alone();
	for (int i = 0; i <= made + (made < n); i++)
		chan_free(cs[i]);
	free(cs);
}

CHILD(pool_bound_deadlock)
{
	go(block_forever, NULL);
	go(block_forever, NULL);
	chan *c = make_chan(int, 0);
	go(recv_one, c);   /* queued: both threads are blocked for ever */
	int v;
	chan_recv(c, &v);
}

static void test_pool_bound_deadlock_is_reported(void)
{
	struct child_result r;
	run_child(&r, "pool_bound_deadlock", 10, "GOTHREADS_MAXTHREADS=2", NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err,
	              "fatal error: all 2 pool threads are blocked and 1 goroutine waits for a thread - deadlock!\n"
	              "(raise the bound: GOTHREADS_MAXTHREADS=N or go_setmaxthreads(N))\n\n");
}

/* ---- resource failures (suite "pool") --------------------------------- */

static void noop(void *arg)
{
	chan_send(arg, NULL);
}

CHILD(thread_creation_fails)
{
	int n0 = go_numgoroutine();
	int err = go(noop, NULL);
	printf("go -> %s, goroutines %d -> %d\n", err == EAGAIN ? "EAGAIN" : err == ENOMEM ? "ENOMEM" : "?",
	       n0, go_numgoroutine());
	fflush(stdout);
	/* Nothing half made: with a sane stack size the next go() works. */
	go_setstacksize(256 * 1024);
	chan *c = chan_make(0, 0);
	printf("retry -> %d\n", go(noop, c));
	chan_recv(c, NULL);
	printf("ran\n");
	chan_free(c);
}

static void test_failed_thread_creation_returns_errno_and_leaves_nothing(void)
{
	struct child_result r;
	run_child(&r, "thread_creation_fails", 10, "GOTHREADS_STACKSIZE=1024G", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "go -> EAGAIN, goroutines 1 -> 1\nretry -> 0\nran\n");
	ASSERT_PREFIX(r.err, "gothreads: go: cannot make a thread for goroutine 2: "
	                     "Resource temporarily unavailable (0 threads running)\n");
}

CHILD(chan_make_out_of_memory)
{
	/* Room for 512 MiB more than is mapped now (ThreadSanitizer maps a lot). */
	long pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f == NULL || fscanf(f, "%ld", &pages) != 1)
		printf("cannot read /proc/self/statm\n");
	if (f)
		fclose(f);
	rlim_t lim = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (512L << 20);
	struct rlimit rl = { lim, lim };
	if (setrlimit(RLIMIT_AS, &rl) != 0)
		printf("setrlimit failed\n");
	chan *c = chan_make(1, 1L << 30);   /* 1 GiB of buffer */
	printf("%s\n", c == NULL ? "NULL" : "made");
	c = chan_make(sizeof(int), 10);      /* small ones still work */
	printf("%s\n", c == NULL ? "NULL" : "made");
	chan_free(c);
}

static void test_chan_make_returns_null_when_memory_runs_out(void)
{
	/* ThreadSanitizer's malloc dies when memory runs out unless told not to. */
	static char tsan[512];
	const char *opts = getenv("TSAN_OPTIONS");
	snprintf(tsan, sizeof tsan, "TSAN_OPTIONS=%s%sallocator_may_return_null=1",
	         opts ? opts : "", opts ? ":" : "");
	struct child_result r;
	run_child(&r, "chan_make_out_of_memory", 10, tsan, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "NULL\nmade\n");
	CU_ASSERT_STRING_EQUAL(r.err, "gothreads: chan_make: out of memory for a channel of "
	                              "1073741824 elements of 1 bytes\n");
}

void register_suites(void)
{
	ADD_SUITE("pool",
	          TEST(test_pool_threads_are_reused),
	          TEST(test_every_goroutine_of_a_burst_gets_a_thread_though_all_block),
	          TEST(test_pool_bound_runs_at_most_maxthreads_goroutines_at_once),
	          TEST(test_goroutines_queued_for_a_thread_start_in_fifo_order),
	          TEST(test_raising_the_bound_starts_queued_goroutines),
	          TEST(test_environment_sets_pool_bound_and_stack_size),
	          TEST(test_default_pool_bound_and_stack_size),
	          TEST(test_chain_of_10000_goroutines_passes_a_value),
	          TEST(test_pool_bound_deadlock_is_reported),
	          TEST(test_failed_thread_creation_returns_errno_and_leaves_nothing),
	          TEST(test_chan_make_returns_null_when_memory_runs_out));
}
/* SPDX-License-Identifier: BSD-3-Clause */
