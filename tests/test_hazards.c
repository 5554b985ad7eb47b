/*
 * Hazards: programs that hung in silence, crashed with a bare signal,
 * gave a wrong answer or drew a report from the tools before issue #12.
 * Each scenario that can hang or die runs in a child with a time limit;
 * the Go twin of each, where Go has one, is quoted beside it.  Those of
 * threads and the process (pthread_exit, stack overflow, fork, signal
 * handlers) are in test_hazards_process.c.
 */
#define _GNU_SOURCE
#include "harness.h"
#include "runtime.h"   /* go_copy's limit, a channel's fields */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEADLOCK "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 ["

/* ---- suite "once" ---------------------------------------------------------- */

/*
 * Go:  var o sync.Once
 *      o.Do(func() { o.Do(func() {}) })
 * fatal error: all goroutines are asleep - deadlock!  (goroutine 1 [semacquire])
 */
static once recursive = ONCE_INIT;
static void nothing(void *arg) { (void)arg; }
static void do_again(void *arg) { (void)arg; once_do(&recursive, nothing, NULL); }

CHILD(once_do_inside_f)
{
	once_do(&recursive, do_again, NULL);
}

static void test_once_do_inside_its_own_f_is_a_reported_deadlock(void)
{
	struct child_result r;
	run_child(&r, "once_do_inside_f", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "sync.Mutex.Lock]:\n");
}

/*
 * Go:  go o.Do(func() { started <- 1; <-never })
 *      <-started; o.Do(func() {})     // waits for the first f: for ever
 */
static once blocked_once = ONCE_INIT;
static chan *once_started;

static void block_in_f(void *arg)
{
	(void)arg;
	int one = 1;
	chan_send(once_started, &one);
	chan_recv(chan_make(0, 0), NULL);   /* nobody ever sends */
}

static void first_caller(void *arg)
{
	(void)arg;
	once_do(&blocked_once, block_in_f, NULL);
}

CHILD(once_do_while_f_blocks)
{
	once_started = make_chan(int, 1);
	go(first_caller, NULL);
	chan_recv(once_started, NULL);
	once_do(&blocked_once, nothing, NULL);
}

static void test_second_once_do_while_f_blocks_for_ever_is_a_reported_deadlock(void)
{
	struct child_result r;
	run_child(&r, "once_do_while_f_blocks", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "sync.Mutex.Lock]:\n");
	ASSERT_CONTAINS(r.err, "[chan receive]:\nblock_in_f(");
}

/* ---- suite "chan_free" ------------------------------------------------------ */

/*
 * A use after the last chan_free, and a second chan_free, printed
 * "fatal error: gothreads: lock &c->lock", a message about our internals.
 * Debug builds (make DEBUG=1) keep freed channels to name the mistake;
 * release builds free them, and a later lock names the likely cause.
 */
CHILD(send_after_free)
{
	chan *c = make_chan(int, 1);
	chan_free(c);
	int v = 1;
	chan_send(c, &v);
}

CHILD(double_free)
{
	chan *c = make_chan(int, 1);
	chan_free(c);
	chan_free(c);
}

static void test_use_after_chan_free_and_double_free_name_the_mistake(void)
{
	struct child_result r;
	run_child(&r, "send_after_free", 10, NULL);
#ifdef DEBUG
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: gothreads: use of a channel after chan_free\n");
#else
	CU_ASSERT_NOT_EQUAL(r.status, 0);
	ASSERT_CONTAINS(r.err, "a channel used after its last chan_free");
#endif
	run_child(&r, "double_free", 10, NULL);
#ifdef DEBUG
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: gothreads: chan_free of a channel already freed (a double free)\n");
#else
	CU_ASSERT_NOT_EQUAL(r.status, 0);
	ASSERT_CONTAINS(r.err, "a channel used after its last chan_free");
#endif
}

/* ---- suite "sizes" --------------------------------------------------------- */

/* Go: cap(make(chan struct{}, 1<<40)) == 1099511627776 */
static void test_chan_cap_of_a_huge_channel_of_empty_elements_is_exact(void)
{
	chan *c = chan_make(0, 1L << 40);
	CU_ASSERT_EQUAL(chan_cap(c), 1099511627776L);
	CU_ASSERT_EQUAL(chan_len(c), 0);
	chan_free(c);
	c = chan_make(0, 3000000000L);
	CU_ASSERT_EQUAL(chan_cap(c), 3000000000L);
	chan_free(c);
}

/*
 * Go 1.19:  wg.Add(1<<31 - 1); wg.Add(1)
 * panic: sync: negative WaitGroup counter   (its int32 counter wraps)
 */
CHILD(waitgroup_past_int32)
{
	waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, 2147483647L);
	printf("added max\n");
	fflush(stdout);
	waitgroup_add(&wg, 1);
	printf("added one more\n");
}

CHILD(waitgroup_huge_delta)
{
	waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, 1L << 32);
	printf("added 1<<32\n");
}

static void test_waitgroup_counter_is_32_bits_and_panics_past_it(void)
{
	struct child_result r;
	run_child(&r, "waitgroup_past_int32", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_STRING_EQUAL(r.out, "added max\n");
	ASSERT_PREFIX(r.err, "panic: sync: negative WaitGroup counter\n\ngoroutine 1 [running]:\n");
	run_child(&r, "waitgroup_huge_delta", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	ASSERT_PREFIX(r.err, "panic: sync: negative WaitGroup counter\n");
}

/* The whole 32-bit range is usable: up to 2^31-1 and back to zero. */
static void test_waitgroup_counter_holds_two_to_the_31_minus_one(void)
{
	waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, 2147483646L);
	waitgroup_add(&wg, 1);
	waitgroup_add(&wg, -2147483647L);
	waitgroup_wait(&wg);   /* zero: returns at once */
	CU_ASSERT_EQUAL(atomic_load(&wg.count), 0);
}

/* ---- suite "arguments" ----------------------------------------------------- */

static void take(void *arg) { (void)arg; }

CHILD(go_copy_null)
{
	go_copy(take, NULL, 8);
}

CHILD(go_copy_huge)
{
	char c = 0;
	go_copy(take, &c, SIZE_MAX - 8);   /* sizeof(struct g) + size wrapped in galloc */
}

static void test_go_copy_of_null_or_a_huge_size_panics_clearly(void)
{
	struct child_result r;
	run_child(&r, "go_copy_null", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: gothreads: go_copy of a NULL argument of 8 bytes\n\ngoroutine 1 [running]:\n");
	run_child(&r, "go_copy_huge", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: gothreads: go_copy of 18446744073709551607 bytes: an argument is at most "
	              "281474976710656 bytes (pass a pointer to larger data with go())\n");
}

/* ---- suite "environment" ---------------------------------------------------- */

CHILD(print_bound_and_stack)
{
	int bound = go_setmaxthreads(1);
	size_t stack = go_setstacksize(PTHREAD_STACK_MIN);
	printf("bound %d stack %zu\n", bound, stack);
}

/*
 * The default bound follows the machine's free thread ids, which move;
 * under RLIMIT_NPROC 400 it is 200 (test_limits.c), a value a misread
 * setting cannot give by chance.  Where that cannot be arranged, any
 * bound but the misread ones will do.
 */
static void run_bad_setting(struct child_result *r, const char *setting, bool *exact)
{
	/* The first clears a bound from the environment (valgrind runs set one). */
	*exact = run_child_nproc(r, "print_bound_and_stack", 10, 400, "GOTHREADS_MAXTHREADS=", setting, NULL);
	if (!*exact)
		run_child(r, "print_bound_and_stack", 10, "GOTHREADS_MAXTHREADS=", setting, NULL);
}

static void test_numeric_environment_variables_reject_what_they_cannot_hold(void)
{
	struct child_result r;
	const char *bad[] = {
		"GOTHREADS_MAXTHREADS=4294967297",   /* was 1: its low 32 bits */
		"GOTHREADS_MAXTHREADS=2147483648",   /* one past int */
		"GOTHREADS_MAXTHREADS=4194304K",     /* 2^32 with a suffix */
		"GOTHREADS_MAXTHREADS=-5",
		"GOTHREADS_MAXTHREADS= 7",
		"GOTHREADS_MAXTHREADS=0",
		"GOTHREADS_STACKSIZE=16777216T",     /* 2^64: the shift overflowed */
		"GOTHREADS_STACKSIZE=99999999999999999999",
		"GOTHREADS_STACKSIZE=1",             /* below PTHREAD_STACK_MIN */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		bool exact;
		run_bad_setting(&r, bad[i], &exact);
		CU_ASSERT_EQUAL(r.status, 0);
		int bound = -1;
		size_t stack = 0;
		CU_ASSERT_EQUAL(sscanf(r.out, "bound %d stack %zu", &bound, &stack), 2);
		CU_ASSERT_EQUAL(stack, 262144);
		if (exact) {
			CU_ASSERT_EQUAL(bound, 200);
		} else {
			CU_ASSERT_TRUE(bound != 1 && bound != 7 && bound != 0);
		}
		char msg[128];
		snprintf(msg, sizeof msg, "gothreads: ignoring %s (want a number from ", bad[i]);
		ASSERT_PREFIX(r.err, msg);
	}
	/* What they can hold is taken, suffix and all. */
	run_child(&r, "print_bound_and_stack", 10, "GOTHREADS_MAXTHREADS=2147483647",
	          "GOTHREADS_STACKSIZE=1M", NULL);
	CU_ASSERT_STRING_EQUAL(r.out, "bound 2147483647 stack 1048576\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

CHILD(spin_too_long)
{
	printf("started\n");
}

static void test_gothreads_spin_rejects_a_duration_that_overflows(void)
{
	struct child_result r;
	run_child(&r, "spin_too_long", 10, "GOTHREADS_SPIN=9223372036854775807", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "started\n");
	/* Read only where spinning is on: more than one CPU, not valgrind. */
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
		ASSERT_PREFIX(r.err, "gothreads: ignoring GOTHREADS_SPIN=9223372036854775807 (want a number from 0 to ");
}

/* ---- suite "tools" --------------------------------------------------------- */

/*
 * A correct program that drew 2 reports from helgrind and 3 from DRD: a
 * mutex contended while its holder's goroutine ends.  The deadlock
 * detector, run as the holder ends, read the waiter's g.waitmutex and
 * the mutex's owner, atomics the tools cannot see.  The test suites run
 * under both (scripts/tool.sh): this test is that program, many times.
 */
static mutex contended = MUTEX_INIT;
static long guarded;   /* plain: contended guards it */

static void hold_then_end(void *arg)
{
	chan **cs = arg;
	mutex_lock(&contended);
	chan_send(cs[0], NULL);       /* main may start the waiter now */
	chan_recv(cs[1], NULL);       /* the waiter is about to contend */
	guarded++;
	mutex_unlock(&contended);     /* and this goroutine ends */
}

static void wait_for_it(void *arg)
{
	waitgroup *wg = arg;
	mutex_lock(&contended);
	guarded++;
	mutex_unlock(&contended);
	waitgroup_done(wg);
}

static void test_mutex_contended_while_its_holder_ends_draws_no_report(void)
{
	long rounds = under_valgrind() ? 30 : scaled(2000);
	chan *cs[2] = { chan_make(0, 0), chan_make(0, 0) };
	static waitgroup wg = WAITGROUP_INIT;   /* reused: not on the stack (test_sync.c) */
	for (long i = 0; i < rounds; i++) {
		waitgroup_add(&wg, 1);
		go(hold_then_end, cs);
		chan_recv(cs[0], NULL);
		go(wait_for_it, &wg);
		chan_send(cs[1], NULL);
		waitgroup_wait(&wg);
	}
	mutex_lock(&contended);
	CU_ASSERT_EQUAL(guarded, 2 * rounds);
	mutex_unlock(&contended);
	chan_free(cs[0]);
	chan_free(cs[1]);
}

/*
 * Every panic ended with helgrind's "Exiting thread still holds 1 lock":
 * the mutex that keeps a second panic from printing over the first.  The
 * child is a panic run under helgrind by the test itself.
 */
CHILD(plain_panic)
{
	chan *c = make_chan(int, 0);
	chan_close(c);
	chan_close(c);
}

CHILD(plain_deadlock)
{
	chan_recv(make_chan(int, 0), NULL);
}

static bool have_valgrind(void)
{
	return system("valgrind --version >/dev/null 2>&1") == 0;
}

static void helgrind_child(const char *child, const char *expect)
{
	char cmd[1024], log[64] = "/tmp/gothreads-hazards-XXXXXX";
	int fd = mkstemp(log);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof cmd, "timeout 60 valgrind -q --tool=helgrind /proc/%d/exe --child %s >%s 2>&1",
	         getpid(), child, log);
	int rc = system(cmd);
	CU_ASSERT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
	FILE *f = fopen(log, "r");
	char buf[16384] = "";
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
	unlink(log);
	ASSERT_CONTAINS(buf, expect);
	CU_ASSERT_PTR_NULL(strstr(buf, "still holds"));
	CU_ASSERT_PTR_NULL(strstr(buf, "=="));   /* no report of any kind */
	if (strstr(buf, "=="))
		fprintf(stderr, "\nhelgrind said:\n%s\n", buf);
}

static void test_panic_and_fatal_error_exit_holding_no_lock_of_ours(void)
{
	if (under_valgrind() || under_tsan() || !have_valgrind())
		return;   /* this test runs helgrind itself */
	helgrind_child("plain_panic", "panic: close of closed channel\n");
	helgrind_child("plain_deadlock", "fatal error: all goroutines are asleep - deadlock!\n");
}

void register_suites(void)
{
	ADD_SUITE("once",
	          TEST(test_once_do_inside_its_own_f_is_a_reported_deadlock),
	          TEST(test_second_once_do_while_f_blocks_for_ever_is_a_reported_deadlock));
	ADD_SUITE("chan_free",
	          TEST(test_use_after_chan_free_and_double_free_name_the_mistake));
	ADD_SUITE("sizes",
	          TEST(test_chan_cap_of_a_huge_channel_of_empty_elements_is_exact),
	          TEST(test_waitgroup_counter_is_32_bits_and_panics_past_it),
	          TEST(test_waitgroup_counter_holds_two_to_the_31_minus_one));
	ADD_SUITE("arguments",
	          TEST(test_go_copy_of_null_or_a_huge_size_panics_clearly));
	ADD_SUITE("environment",
	          TEST(test_numeric_environment_variables_reject_what_they_cannot_hold),
	          TEST(test_gothreads_spin_rejects_a_duration_that_overflows));
	ADD_SUITE("tools",
	          TEST(test_mutex_contended_while_its_holder_ends_draws_no_report),
	          TEST(test_panic_and_fatal_error_exit_holding_no_lock_of_ours));
}
/* SPDX-License-Identifier: BSD-3-Clause */
