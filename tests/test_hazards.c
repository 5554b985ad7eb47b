/*
 * Hazards: programs that hung in silence, crashed with a bare signal,
 * gave a wrong answer or drew a report from the tools before issue #12.
 * Each scenario that can hang or die runs in a child with a time limit;
 * the Go twin of each, where Go has one, is quoted beside it.
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

/* ---- suite "pthread_exit" -------------------------------------------------- */

/*
 * pthread_exit() from a goroutine or from main is Go's runtime.Goexit()
 * for the deadlock count.  The exited goroutine used to stay counted as
 * running for ever, so a later deadlock was never reported: each of
 * these hung.
 */
static void exit_thread(void *arg)
{
	chan_send(arg, NULL);   /* started */
	pthread_exit(NULL);
}

CHILD(goroutine_pthread_exit_then_deadlock)
{
	chan *started = chan_make(0, 0);
	go(exit_thread, started);
	chan_recv(started, NULL);
	chan_recv(chan_make(0, 0), NULL);   /* nobody sends: a deadlock */
}

static void test_pthread_exit_in_a_goroutine_leaves_a_later_deadlock_reported(void)
{
	struct child_result r;
	run_child(&r, "goroutine_pthread_exit_then_deadlock", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, DEADLOCK "chan receive]:\n");
	CU_ASSERT_PTR_NULL(strstr(r.err, "goroutine 2 ["));   /* gone */
}

/* With one pool thread, a goroutine queued behind one that exits its thread still runs. */
static void reply(void *arg) { chan_send(arg, NULL); }

CHILD(pthread_exit_frees_the_pool)
{
	chan *started = chan_make(0, 1), *c = chan_make(0, 0);
	go(exit_thread, started);
	go(reply, c);
	chan_recv(c, NULL);
	printf("ran\n");
}

static void test_pthread_exit_in_a_goroutine_gives_its_place_in_the_pool(void)
{
	struct child_result r;
	run_child(&r, "pthread_exit_frees_the_pool", 10, "GOTHREADS_MAXTHREADS=1", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "ran\n");
}

/* Go: go func() { select {} }(); runtime.Goexit() in main: all asleep. */
static void block_forever(void *arg)
{
	chan_send(arg, NULL);
	chan_recv(chan_make(0, 0), NULL);
}

CHILD(main_pthread_exit_others_blocked)
{
	chan *started = chan_make(0, 0);
	go(block_forever, started);
	chan_recv(started, NULL);
	pthread_exit(NULL);
}

/* Go: go func() { println("done") }(); runtime.Goexit() in main. */
static void say_done(void *arg)
{
	chan_recv(arg, NULL);   /* main has exited its thread (almost) */
	printf("done\n");
	fflush(stdout);
}

CHILD(main_pthread_exit_alone)
{
	chan *go_on = chan_make(0, 1);
	go(say_done, go_on);
	chan_send(go_on, NULL);
	pthread_exit(NULL);
}

static void test_pthread_exit_from_main_is_goexit_for_the_deadlock_detector(void)
{
	struct child_result r;
	run_child(&r, "main_pthread_exit_others_blocked", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 2 [chan receive]:\n");
	run_child(&r, "main_pthread_exit_alone", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_STRING_EQUAL(r.out, "done\n");
	CU_ASSERT_STRING_EQUAL(r.err, "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n");
}

/* ---- suite "stack" --------------------------------------------------------- */

/*
 * Go: func f(n int) int { var b [1024]byte; ...; return f(n+1) + int(b[n%1024]) }
 * runtime: goroutine stack exceeds 1000000000-byte limit
 * fatal error: stack overflow
 * Here the stack is the pool thread's (256 KiB by default); a bare
 * SIGSEGV used to end the program.
 */
static volatile int bottom = -1;   /* never reached: recursion without end */

static int deeper(volatile char *prev, int n)
{
	if (n == bottom)
		return 0;
	volatile char frame[1024];
	frame[0] = (char)n;
	frame[1023] = prev ? prev[0] : 0;
	return deeper(frame, n + 1) + frame[1023];   /* not a tail call */
}

static void overflow(void *arg)
{
	(void)arg;
	printf("%d\n", deeper(NULL, 0));
}

CHILD(stack_overflow)
{
	chan *never = chan_make(0, 0);
	go(overflow, NULL);
	chan_recv(never, NULL);
}

static void test_goroutine_stack_overflow_is_a_fatal_error_naming_it_and_the_setting(void)
{
	if (under_tsan())
		return;   /* ThreadSanitizer handles SIGSEGV itself (and reports stack-overflow) */
	struct child_result r;
	run_child(&r, "stack_overflow", 20, "GOTHREADS_STACKSIZE=", NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "runtime: goroutine stack exceeds 262144-byte limit\n"
	              "fatal error: stack overflow\n"
	              "(goroutine 2 has a 262144-byte stack: raise it with GOTHREADS_STACKSIZE=N "
	              "or go_setstacksize(N))\n\ngoroutine 2 [running]:\n");
	run_child(&r, "stack_overflow", 20, "GOTHREADS_STACKSIZE=1M", NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "runtime: goroutine stack exceeds 1048576-byte limit\n");
}

/* Other faults are the program's own: they still end it with SIGSEGV. */
static void null_write(void *arg)
{
	*(volatile int *)arg = 1;
}

CHILD(null_pointer_in_goroutine)
{
	go(null_write, NULL);
	chan_recv(chan_make(0, 0), NULL);
}

static void test_other_faults_in_a_goroutine_stay_a_plain_sigsegv(void)
{
	if (under_tsan())
		return;   /* ThreadSanitizer handles SIGSEGV itself */
	struct child_result r;
	run_child(&r, "null_pointer_in_goroutine", 20, NULL);
	CU_ASSERT_EQUAL(r.status, 128 + SIGSEGV);
	CU_ASSERT_PTR_NULL(strstr(r.err, "stack overflow"));
}

/* ---- suite "fork" ----------------------------------------------------------- */

/*
 * fork() copies only the calling thread.  A child of a process with pool
 * threads used to hang on its first go() (or timer): now it panics and
 * says why.  A child forked before any goroutine works as usual.
 */
static void noop(void *arg) { chan_send(arg, NULL); }

/* Forks; the child runs fn and exits 0; returns the child's status as run_child does. */
static int forked(void (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void child_go(void)
{
	chan *c = chan_make(0, 0);
	go(noop, c);
	chan_recv(c, NULL);
	printf("child ran a goroutine\n");
}

static void child_timer(void)
{
	chan_recv(time_after(Millisecond), NULL);
	printf("child's timer fired\n");
}

CHILD(fork_after_go)
{
	chan *c = chan_make(0, 0);
	go(noop, c);
	chan_recv(c, NULL);
	printf("go: %d\n", forked(child_go));
	chan_recv(time_after(Millisecond), NULL);
	printf("timer: %d\n", forked(child_timer));
}

CHILD(fork_first)
{
	printf("go: %d\n", forked(child_go));
	printf("timer: %d\n", forked(child_timer));
}

static void test_go_in_a_child_of_fork_panics_clearly_or_works_if_forked_first(void)
{
	if (under_tsan())
		return;   /* ThreadSanitizer ends a child that starts threads after a multi-threaded fork */
	struct child_result r;
	run_child(&r, "fork_after_go", 20, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "go: 2\ntimer: 2\n");
	ASSERT_PREFIX(r.err, "panic: gothreads: go() in a child of fork(): the pool's threads did not "
	              "survive the fork (exec a program, or fork before the first go())\n");
	ASSERT_CONTAINS(r.err, "panic: gothreads: a timer in a child of fork(): the timer thread did not "
	                "survive the fork (exec a program, or fork before the first timer)\n");
	run_child(&r, "fork_first", 20, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "child ran a goroutine\ngo: 0\nchild's timer fired\ntimer: 0\n");
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
	ASSERT_CONTAINS(r.err, "a channel used after chan_free");
#endif
	run_child(&r, "double_free", 10, NULL);
#ifdef DEBUG
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: gothreads: chan_free of a channel already freed (a double free)\n");
#else
	CU_ASSERT_NOT_EQUAL(r.status, 0);
	ASSERT_CONTAINS(r.err, "a channel used after chan_free");
#endif
}

/* ---- suite "signals" -------------------------------------------------------- */

/*
 * A signal handler that sends on a channel, delivered while its own thread
 * is inside gothreads holding that channel's lock, waited for itself for
 * ever.  Debug builds' channel locks check errors: the handler's lock
 * fails with EDEADLK and the message says what happened.  The test holds
 * the lock itself and raises the signal, the moment a real program hits
 * by chance.
 */
static chan *signalled;

static void send_from_handler(int sig)
{
	(void)sig;
	chan_trysend(signalled, &(int){ 1 });
}

CHILD(api_from_signal_handler)
{
	signalled = make_chan(int, 1);
	signal(SIGUSR1, send_from_handler);
	LOCK(&signalled->lock);   /* as chan_send does, when the signal comes */
	raise(SIGUSR1);
	UNLOCK(&signalled->lock);
	printf("returned\n");
}

static void test_gothreads_call_from_a_signal_handler_is_named_in_debug_builds(void)
{
#ifdef DEBUG
	struct child_result r;
	run_child(&r, "api_from_signal_handler", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 128 + SIGABRT);
	ASSERT_CONTAINS(r.err, "this thread holds it already: a gothreads call from a signal handler "
	                "that interrupted gothreads?");
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
	ADD_SUITE("pthread_exit",
	          TEST(test_pthread_exit_in_a_goroutine_leaves_a_later_deadlock_reported),
	          TEST(test_pthread_exit_in_a_goroutine_gives_its_place_in_the_pool),
	          TEST(test_pthread_exit_from_main_is_goexit_for_the_deadlock_detector));
	ADD_SUITE("stack",
	          TEST(test_goroutine_stack_overflow_is_a_fatal_error_naming_it_and_the_setting),
	          TEST(test_other_faults_in_a_goroutine_stay_a_plain_sigsegv));
	ADD_SUITE("fork",
	          TEST(test_go_in_a_child_of_fork_panics_clearly_or_works_if_forked_first));
	ADD_SUITE("chan_free",
	          TEST(test_use_after_chan_free_and_double_free_name_the_mistake));
	ADD_SUITE("signals",
	          TEST(test_gothreads_call_from_a_signal_handler_is_named_in_debug_builds));
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
