/*
 * Hazards of threads and the process: pthread_exit in a goroutine or in
 * main, a goroutine's stack overflow, fork, a gothreads call from a signal
 * handler.  Programs that hung in silence or crashed with a bare signal
 * before issue #12; the other hazards are in test_hazards.c.
 * Each scenario that can hang or die runs in a child with a time limit;
 * the Go twin of each, where Go has one, is quoted beside it.
 */
#define _GNU_SOURCE
#include "harness.h"
#include "runtime.h"   /* a channel's lock */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEADLOCK "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 ["

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

void register_suites(void)
{
	ADD_SUITE("pthread_exit",
	          TEST(test_pthread_exit_in_a_goroutine_leaves_a_later_deadlock_reported),
	          TEST(test_pthread_exit_in_a_goroutine_gives_its_place_in_the_pool),
	          TEST(test_pthread_exit_from_main_is_goexit_for_the_deadlock_detector));
	ADD_SUITE("stack",
	          TEST(test_goroutine_stack_overflow_is_a_fatal_error_naming_it_and_the_setting),
	          TEST(test_other_faults_in_a_goroutine_stay_a_plain_sigsegv));
	ADD_SUITE("fork",
	          TEST(test_go_in_a_child_of_fork_panics_clearly_or_works_if_forked_first));
	ADD_SUITE("signals",
	          TEST(test_gothreads_call_from_a_signal_handler_is_named_in_debug_builds));
}
/* SPDX-License-Identifier: BSD-3-Clause */
