/*
 * Caller mistakes: each prints Go's own message, then the goroutine that
 * made it, and stops the program with status 2.  The expected text is
 * what Go 1.19 prints for the same mistake (checked with `go run` on the
 * Go program in each comment), up to and including the goroutine line;
 * after that Go prints its stack frames and gothreads its own summary.
 */
#include "harness.h"

#include <limits.h>
#include <signal.h>
#include <sys/resource.h>

/* Runs CHILD(name) and checks exit status 2 and the start of stderr. */
static void expect_stop(const char *name, const char *prefix)
{
	struct child_result r;
	run_child(&r, name, 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, prefix);
}

/* c := make(chan int, 1); close(c); c <- 1 */
CHILD(misuse_send_on_closed)
{
	chan *c = make_chan(int, 1);
	chan_close(c);
	int v = 1;
	chan_send(c, &v);
}

static void test_send_on_closed_channel_panics(void)
{
	expect_stop("misuse_send_on_closed", "panic: send on closed channel\n\ngoroutine 1 [running]:\n");
}

/* c := make(chan int); close(c); close(c) */
CHILD(misuse_close_closed)
{
	chan *c = make_chan(int, 0);
	chan_close(c);
	chan_close(c);
}

static void test_close_of_closed_channel_panics(void)
{
	expect_stop("misuse_close_closed", "panic: close of closed channel\n\ngoroutine 1 [running]:\n");
}

/* var c chan int; close(c) */
CHILD(misuse_close_nil)
{
	chan_close(NULL);
}

static void test_close_of_nil_channel_panics(void)
{
	expect_stop("misuse_close_nil", "panic: close of nil channel\n\ngoroutine 1 [running]:\n");
}

/* var n = -1; make(chan int, n) */
CHILD(misuse_makechan_negative)
{
	volatile long n = -1;
	chan_make(sizeof(int), n);
}

static void test_makechan_with_negative_size_panics(void)
{
	expect_stop("misuse_makechan_negative", "panic: makechan: size out of range\n\ngoroutine 1 [running]:\n");
}

/* var n = math.MaxInt64; make(chan [1024]byte, n) */
CHILD(misuse_makechan_huge)
{
	volatile long n = LONG_MAX;
	chan_make(1024, n);
}

static void test_makechan_with_absurd_size_panics(void)
{
	expect_stop("misuse_makechan_huge", "panic: makechan: size out of range\n\ngoroutine 1 [running]:\n");
}

/* Go's limit is the buffer's size in bytes, not the count: above maxAlloc,
 * 2^48 bytes on linux/amd64.  var n = 1 << 38; make(chan [1024]byte, n) */
CHILD(misuse_makechan_just_too_big)
{
	chan_make(1024, 1L << 38);
}

static void test_makechan_beyond_max_alloc_panics(void)
{
	expect_stop("misuse_makechan_just_too_big", "panic: makechan: size out of range\n\ngoroutine 1 [running]:\n");
}

/* var wg sync.WaitGroup; wg.Add(2); wg.Add(-3) */
CHILD(misuse_waitgroup_negative)
{
	waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, 2);
	waitgroup_add(&wg, -3);
}

static void test_negative_waitgroup_counter_panics(void)
{
	expect_stop("misuse_waitgroup_negative", "panic: sync: negative WaitGroup counter\n\ngoroutine 1 [running]:\n");
}

/* var mu sync.Mutex; mu.Unlock() -- a fatal error in Go, not a panic */
CHILD(misuse_unlock_unlocked)
{
	mutex mu = MUTEX_INIT;
	mutex_lock(&mu);
	mutex_unlock(&mu);
	mutex_unlock(&mu);
}

static void test_unlock_of_unlocked_mutex_is_a_fatal_error(void)
{
	expect_stop("misuse_unlock_unlocked", "fatal error: sync: unlock of unlocked mutex\n\ngoroutine 1 [running]:\n");
}

/* var f func(); go f() */
CHILD(misuse_go_nil)
{
	go(NULL, NULL);
}

static void test_go_of_nil_func_is_a_fatal_error(void)
{
	expect_stop("misuse_go_nil", "fatal error: go of nil func value\n\ngoroutine 1 [running]:\n");
}

static void close_nil_in_goroutine(void *arg)
{
	(void)arg;
	chan_close(NULL);
}

/* go func() { var c chan int; close(c) }(); <-done
 * Go 1.19 prints "goroutine 17 [running]:" (its own goroutines take
 * the ids in between); here the first goroutine after main is 2. */
CHILD(misuse_in_named_goroutine)
{
	go_named("closer", close_nil_in_goroutine, NULL, 0);
	chan_recv(NULL, NULL);
}

static void test_panic_in_named_goroutine_reports_its_id_and_name(void)
{
	struct child_result r;
	run_child(&r, "misuse_in_named_goroutine", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: close of nil channel\n\ngoroutine 2 [running]:\n");
	ASSERT_CONTAINS(r.err, "\tname: closer\n");
	/* "created by ... goroutine 1": whatever names the creator, its id ends the line. */
	const char *created = strstr(r.err, "created by ");
	CU_ASSERT_PTR_NOT_NULL(created);
	if (created) {
		const char *eol = strchr(created, '\n');
		const char *tail = "goroutine 1";
		size_t len = eol ? (size_t)(eol - created) : strlen(created);
		CU_ASSERT_TRUE(len >= strlen(tail) && memcmp(created + len - strlen(tail), tail, strlen(tail)) == 0);
	}
	/* A panic prints the panicking goroutine only, as Go does. */
	CU_ASSERT_PTR_NULL(strstr(r.err, "goroutine 1 ["));
}

CHILD(misuse_with_gotraceback_crash)
{
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);   /* no core file left in the test directory */
	chan *c = make_chan(int, 0);
	chan_close(c);
	chan_close(c);
}

static void test_gotraceback_crash_aborts_instead_of_exit_2(void)
{
	struct child_result r;
	run_child(&r, "misuse_with_gotraceback_crash", 10, "GOTRACEBACK=crash", NULL);
	CU_ASSERT_EQUAL(r.status, 128 + SIGABRT);
	ASSERT_PREFIX(r.err, "panic: close of closed channel\n\ngoroutine 1 [running]:\n");
}

void register_suites(void)
{
	ADD_SUITE("misuse",
	          TEST(test_send_on_closed_channel_panics),
	          TEST(test_close_of_closed_channel_panics),
	          TEST(test_close_of_nil_channel_panics),
	          TEST(test_makechan_with_negative_size_panics),
	          TEST(test_makechan_with_absurd_size_panics),
	          TEST(test_makechan_beyond_max_alloc_panics),
	          TEST(test_negative_waitgroup_counter_panics),
	          TEST(test_unlock_of_unlocked_mutex_is_a_fatal_error),
	          TEST(test_go_of_nil_func_is_a_fatal_error),
	          TEST(test_panic_in_named_goroutine_reports_its_id_and_name),
	          TEST(test_gotraceback_crash_aborts_instead_of_exit_2));
}
/* SPDX-License-Identifier: BSD-3-Clause */
