/*
 * The pool's bound and the kernel's limits on threads (lib/limits.c).
 *
 * Every limit is met in a child whose RLIMIT_NPROC is lowered, run as the
 * user nobody when the tests run as root (harness: run_child_nproc),
 * never by exhausting the machine: no child here makes more than a few
 * hundred threads.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

CHILD(print_bound)
{
	printf("bound %d\n", go_setmaxthreads(1));
}

static long long readnum(const char *path)
{
	FILE *f = fopen(path, "r");
	long long v = -1;
	if (f && fscanf(f, "%lld", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

static long long machinethreads(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	long long v = -1;
	if (f && fscanf(f, "%*s %*s %*s %*d/%lld", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

/*
 * With nothing set, the bound is at most 16384 and leaves the machine at
 * least half its free thread ids: at most (pid_max - threads)/2, counted
 * here just before the child starts (it can only have fewer free).
 */
static void test_default_bound_leaves_the_machine_half_its_free_thread_ids(void)
{
	long long pid = readnum("/proc/sys/kernel/pid_max"), thr = readnum("/proc/sys/kernel/threads-max");
	long long lim = pid > 0 && (thr < 0 || pid < thr) ? pid : thr;
	long long before = machinethreads();
	struct child_result r;
	run_child(&r, "print_bound", 10, "GOTHREADS_MAXTHREADS=", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	int bound = -1;
	CU_ASSERT_EQUAL_FATAL(sscanf(r.out, "bound %d", &bound), 1);
	CU_ASSERT_TRUE(bound >= 1 && bound <= 16384);
	if (lim > 0 && before > 0) {
		CU_ASSERT_TRUE(bound <= (lim - before) / 2 + 64);   /* 64: threads started meanwhile */
		printf("\n    default bound %d (kernel limit %lld, %lld threads on the machine) ",
		       bound, lim, before);
	}
}

/* With ulimit -u 400, the default bound is 200: the user keeps half. */
static void test_default_bound_is_half_of_rlimit_nproc(void)
{
	struct child_result r;
	if (!run_child_nproc(&r, "print_bound", 10, 400, "GOTHREADS_MAXTHREADS=", NULL))
		return;
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "bound 200\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

/*
 * The program: a barrier of 300 goroutines (each checks in, then
 * waits for all) under a 100-thread limit.  It cannot finish, and must
 * say so.
 */
enum { BARRIER = 300 };
static waitgroup arrived = WAITGROUP_INIT;
static chan *gate;

static void barrier_member(void *arg)
{
	(void)arg;
	waitgroup_done(&arrived);
	chan_recv(gate, NULL);   /* until all have arrived */
}

CHILD(barrier_of_300)
{
	gate = chan_make(0, 0);
	waitgroup_add(&arrived, BARRIER);
	for (int i = 0; i < BARRIER; i++)
		go(barrier_member, NULL);
	waitgroup_wait(&arrived);
	chan_close(gate);
	printf("all arrived\n");
}

/* At the default bound (half of 100): the report says where 50 came from. */
static void test_barrier_under_a_thread_limit_reports_the_default_bound(void)
{
	struct child_result r;
	if (!run_child_nproc(&r, "barrier_of_300", 20, 100, "GOTHREADS_MAXTHREADS=", NULL))
		return;
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all 50 pool threads are blocked and 250 goroutines "
	              "wait for a thread - deadlock!\n(raise the bound: GOTHREADS_MAXTHREADS=N or "
	              "go_setmaxthreads(N); the default here is half of RLIMIT_NPROC, 100 (ulimit -u))\n\n");
}

/*
 * With the bound set above the kernel's limit, the kernel refuses the
 * threads (EAGAIN): the program used to hang in silence with its
 * goroutines queued.  Now the report names the limit and what to set.
 */
static void test_kernel_refusing_threads_below_the_bound_is_reported_with_its_limit(void)
{
	struct child_result r;
	if (!run_child_nproc(&r, "barrier_of_300", 20, 100, "GOTHREADS_MAXTHREADS=1000", NULL))
		return;
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	ASSERT_CONTAINS(r.err, "gothreads: the kernel refused a new thread (Resource temporarily unavailable) with ");
	ASSERT_CONTAINS(r.err, " goroutines wait for a thread - deadlock!\n(the kernel refused thread ");
	ASSERT_CONTAINS(r.err, " (Resource temporarily unavailable): RLIMIT_NPROC is 100 threads for this "
	                "user: raise it (ulimit -u N), or block fewer goroutines at once)\n\n");
	ASSERT_CONTAINS(r.err, "\n\ngoroutine 2 [chan receive]:\n");
}

/*
 * A pending ticker used to hide the pool-bound deadlock: checkdead
 * wanted live == queued, and a pending ticker stays live.  Here both pool
 * threads block for ever, a third goroutine waits for a thread, and main
 * waits for it with a ticker running.
 */
static void block_forever(void *arg)
{
	(void)arg;
	chan_recv(chan_make(0, 0), NULL);
}

static void reply(void *arg)
{
	chan_send(arg, NULL);
}

CHILD(pool_bound_with_ticker)
{
	chan *tick = time_newticker(Millisecond);
	go(block_forever, NULL);
	go(block_forever, NULL);
	chan *c = chan_make(0, 0);
	go(reply, c);   /* queued: both threads are blocked for ever */
	chan_recv(c, NULL);
	chan_free(tick);
}

static void test_pool_bound_deadlock_is_reported_while_a_ticker_runs(void)
{
	struct child_result r;
	run_child(&r, "pool_bound_with_ticker", 10, "GOTHREADS_MAXTHREADS=2", NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all 2 pool threads are blocked and 1 goroutine waits for a "
	              "thread - deadlock!\n(raise the bound: GOTHREADS_MAXTHREADS=N or go_setmaxthreads(N))\n\n");
}

/*
 * But a pool thread waiting on a ticker is not stuck: the ticker frees
 * it.  One thread: a goroutine takes five ticks and ends, and the queued
 * one then runs.
 */
static void five_ticks(void *arg)
{
	chan *tick = arg;
	for (int i = 0; i < 5; i++)
		chan_recv(tick, NULL);
}

CHILD(ticker_frees_the_pool)
{
	chan *tick = time_newticker(Millisecond);
	go(five_ticks, tick);
	chan *c = chan_make(0, 0);
	go(reply, c);   /* queued behind five_ticks */
	chan_recv(c, NULL);
	chan_free(tick);
	chan_free(c);
	printf("ran\n");
}

static void test_pool_thread_waiting_on_a_ticker_is_not_a_deadlock(void)
{
	struct child_result r;
	run_child(&r, "ticker_frees_the_pool", 10, "GOTHREADS_MAXTHREADS=1", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "ran\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

void register_suites(void)
{
	ADD_SUITE("pool bound",
	          TEST(test_default_bound_leaves_the_machine_half_its_free_thread_ids),
	          TEST(test_default_bound_is_half_of_rlimit_nproc),
	          TEST(test_barrier_under_a_thread_limit_reports_the_default_bound),
	          TEST(test_kernel_refusing_threads_below_the_bound_is_reported_with_its_limit),
	          TEST(test_pool_bound_deadlock_is_reported_while_a_ticker_runs),
	          TEST(test_pool_thread_waiting_on_a_ticker_is_not_a_deadlock));
}
/* SPDX-License-Identifier: BSD-3-Clause */
