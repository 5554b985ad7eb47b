/*
 * Tracing (GOTHREADS_TRACE): how a traced program's trace ends.  A
 * deadlock, a panic, Ctrl-C and full trace buffers each still leave a
 * whole file that check() accepts (tracecheck.h), and a program that
 * handles Ctrl-C itself keeps it.  The format and the arrows are tested
 * in test_trace.c.
 */
#define _GNU_SOURCE
#include "harness.h"
#include "runtime.h"   /* white box: a channel's wait queues, as in test_chan.c */

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRACE_SELF "tests/test_trace_endings"
#include "tracecheck.h"

/* ---- the programs -------------------------------------------------------- */

CHILD(panics)
{
	chan *c = make_chan(int, 0);
	chan_close(c);
	chan_close(c);
}

static void waiter(void *arg)
{
	chan_send(arg, &(int){ 1 });   /* it runs */
	chan_recv(arg, NULL);          /* and waits for ever */
}

/*
 * Waits for a signal, whose default action (for SIGINT) tracing catches:
 * main in read() (a system call: live, so no deadlock), a goroutine on a
 * channel.  Not in time_sleep: ThreadSanitizer delivers a signal only when
 * a thread next enters a call it intercepts, and clock_nanosleep is not one.
 */
CHILD(until_signal)
{
	chan *c = make_chan(int, 0);
	go(waiter, c);
	chan_recv(c, NULL);
	int p[2];
	if (pipe(p) != 0)
		_exit(97);
	printf("ready\n");
	fflush(stdout);
	char b;
	ssize_t r = read(p[0], &b, 1);   /* nobody writes */
	(void)r;
}

/* Far more events than GOTHREADS_TRACE_EVENTS=256 allows. */
CHILD(many_events)
{
	chan *c = make_chan(int, 1);
	for (int i = 0; i < 2000; i++) {
		chan_send(c, &i);
		chan_recv(c, NULL);
	}
	chan_free(c);
	printf("done\n");
}

/* ---- tests ------------------------------------------------------------------ */

static char err[16384];

static void test_deadlock_writes_the_whole_trace_with_everybody_blocked(void)
{
	struct counts c;
	int st = traced("deadlock.json", (char *[]){ "demos/broken/deadlock_broken", NULL }, NULL, 0,
	                &c, err, sizeof err);
	CU_ASSERT_EQUAL(st, 2);
	CU_ASSERT_STRING_EQUAL(c.end, "fatal error: all goroutines are asleep - deadlock!");
	CU_ASSERT_EQUAL(c.goroutines, 3);   /* main, ping, pong */
	CU_ASSERT_EQUAL(c.go, 2);
	CU_ASSERT_EQUAL(c.send, 0);          /* nobody sent: that is the bug */
	ASSERT_CONTAINS(err, "g2:ping");
	ASSERT_CONTAINS(err, "sync.WaitGroup.Wait");
}

static void test_panic_writes_the_trace(void)
{
	struct counts c;
	int st = traced("panic.json", child("panics"), NULL, 0, &c, err, sizeof err);
	CU_ASSERT_EQUAL(st, 2);
	CU_ASSERT_STRING_EQUAL(c.end, "panic: close of closed channel");
	ASSERT_CONTAINS(err, "panic: close of closed channel");
}

static void test_ctrl_c_writes_the_trace_then_ends_the_program_as_sigint_does(void)
{
	if (under_tsan()) {
		/*
		 * ThreadSanitizer queues the SIGINT and delivers it only when the
		 * child next leaves a call it intercepts; the child's blocked
		 * read() and sem_wait() never return, so our handler never runs.
		 */
		printf("skipped under ThreadSanitizer (it holds back the signal) ");
		return;
	}
	struct counts c;
	int st = traced("sigint.json", child("until_signal"), NULL, SIGINT, &c, err, sizeof err);
	CU_ASSERT_EQUAL(st, 128 + SIGINT);
	CU_ASSERT_STRING_EQUAL(c.end, "SIGINT");
	CU_ASSERT_EQUAL(c.goroutines, 2);
	CU_ASSERT_EQUAL(c.go, 1);
	CU_ASSERT_EQUAL(c.send, 1);
}

static void test_a_program_that_handles_ctrl_c_itself_keeps_it(void)
{
	/* rally with no turn limit turns SIGINT into a value and returns from main */
	struct counts c;
	int st = traced("rally-int.json", (char *[]){ "demos/rally/rally", "0", "10ms", NULL }, NULL,
	                SIGINT, &c, err, sizeof err);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_STRING_EQUAL(c.end, "exit");
	CU_ASSERT(c.send >= 2);   /* the serve, and the interrupt that notify passed to main */
}

static void test_full_trace_buffers_say_so_and_the_program_goes_on(void)
{
	struct counts c;
	int st = traced("limit.json", child("many_events"), "GOTHREADS_TRACE_EVENTS=256", 0, &c, err, sizeof err);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT(c.dropped > 0);
	CU_ASSERT_TRUE(c.limitnote);
	ASSERT_CONTAINS(err, "the limit of 256 events was reached");
}

void register_suites(void)
{
	ADD_SUITE("trace endings",
	          TEST(test_deadlock_writes_the_whole_trace_with_everybody_blocked),
	          TEST(test_panic_writes_the_trace),
	          TEST(test_ctrl_c_writes_the_trace_then_ends_the_program_as_sigint_does),
	          TEST(test_a_program_that_handles_ctrl_c_itself_keeps_it),
	          TEST(test_full_trace_buffers_say_so_and_the_program_goes_on));
}
/* SPDX-License-Identifier: BSD-3-Clause */
