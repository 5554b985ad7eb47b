/*
 * Goroutine dumps on demand: go_dump() prints every goroutine and the
 * program goes on; SIGQUIT prints "SIGQUIT: quit" and the dump and exits
 * with status 2, as Go does.  (The dumps of a deadlock are checked in
 * test_deadlock.c, their file:line in test_traceback.c.)  Each scenario
 * runs in a child process.
 */
#define _GNU_SOURCE
#include "harness.h"
#include "runtime.h"   /* to wait until a goroutine is parked */

#include <signal.h>
#include <unistd.h>

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

/* ---- dumps on demand ---- */

static void send_one(void *arg)
{
	int v = 1;
	chan_send(arg, &v);
}

CHILD(dump_then_continue)
{
	chan *c = make_chan(int, 0);
	go_named("sender", send_one, c, 0);
	wait_parked(c, true);
	go_dump();
	int v;
	chan_recv(c, &v);
	printf("continued\n");
}

static void test_go_dump_prints_goroutines_and_program_continues(void)
{
	struct child_result r;
	run_child(&r, "dump_then_continue", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "continued\n");
	ASSERT_PREFIX(r.err, "goroutine 1 [running]:\n");
	ASSERT_CONTAINS(r.err, "goroutine 2 [chan send]:\nsend_one(");
	ASSERT_CONTAINS(r.err, "\tname: sender\n");
	ASSERT_CONTAINS(r.err, "\twaiting on: chan 0x");
}

CHILD(sigquit)
{
	chan *c = make_chan(int, 0);
	go_named("sender", send_one, c, 0);
	wait_parked(c, true);
	printf("before\n");
	kill(getpid(), SIGQUIT);
	for (;;)
		pause();   /* in the kernel: running, as far as the detector knows */
}

static void test_sigquit_dumps_goroutines_and_exits_2(void)
{
	struct child_result r;
	run_child(&r, "sigquit", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_STRING_EQUAL(r.out, "before\n");
	ASSERT_PREFIX(r.err, "SIGQUIT: quit\n\ngoroutine 1 [running]:\n");
	ASSERT_CONTAINS(r.err, "goroutine 2 [chan send]:\nsend_one(");
}

void register_suites(void)
{
	ADD_SUITE("dumps",
	          TEST(test_go_dump_prints_goroutines_and_program_continues),
	          TEST(test_sigquit_dumps_goroutines_and_exits_2));
}
/* SPDX-License-Identifier: BSD-3-Clause */
