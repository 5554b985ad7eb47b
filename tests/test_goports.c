/*
 * Go's own select tests, ported: the select programs of Go's test/chan/
 * directory (doubleselect, select, select3, select6, select7).  Go's
 * channel programs are in test_goports_chan.c, runtime/chan_test.go's
 * tests in test_goports_runtime.c.
 *
 * Each port names its origin and asserts what the original asserts, with
 * the original's counts and statistical bounds (scaled() shrinks counts
 * only under valgrind and ThreadSanitizer).  Where the original relies on
 * a sleep or on Go's scheduler, the comment says how the port differs.
 * Goroutines never call CUnit (it is not thread-safe): they record what
 * they saw, and the test asserts on it after waiting for them.  Unlike
 * the Go programs, every port waits for its goroutines and frees its
 * channels, so that memcheck, helgrind, DRD and TSan see the whole run.
 *
 * A WaitGroup is used only where it lives in static storage and serves
 * one round: waitgroup_done() may still be touching the WaitGroup after
 * the waitgroup_wait() it released has returned, so a WaitGroup on the
 * stack, or reused at once, is not safe (reported against lib/sync.c).
 * Elsewhere goroutines report their end on a `done` channel, which
 * chan_free() waits for its last user to let go of.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <stdlib.h>

/* ==== test/chan/doubleselect.go ======================================== */

/*
 * A sender offers each counter value on four channels in one select; four
 * mux goroutines forward to one channel; the receiver checks that no value
 * arrives twice, which would mean two cases of one select both ran.
 * As in Go: 100000 iterations.  The port also checks that every value
 * arrives (Go's only checks duplicates).
 */
static struct {
	int n;
	chan *c[4], *cmux, *done;
	waitgroup wg;
} dsel;

static void dsel_sender(void *arg)
{
	(void)arg;
	for (int i = 0; i < dsel.n; i++)
		SELECT(NULL, send_case(dsel.c[0], &i), send_case(dsel.c[1], &i),
		       send_case(dsel.c[2], &i), send_case(dsel.c[3], &i));
	for (int k = 3; k >= 0; k--)   /* Go's defers run last first */
		chan_close(dsel.c[k]);
	waitgroup_done(&dsel.wg);
}

static void dsel_mux(void *arg)
{
	chan *in = arg;
	int v;
	bool t = true;
	chan_range(in, v)
		chan_send(dsel.cmux, &v);
	chan_send(dsel.done, &t);
	waitgroup_done(&dsel.wg);
}

static void dsel_closer(void *arg)
{
	(void)arg;
	for (int k = 0; k < 4; k++)
		chan_recv(dsel.done, NULL);
	chan_close(dsel.cmux);
	waitgroup_done(&dsel.wg);
}

static void test_doubleselect_never_runs_two_cases(void)
{
	dsel.n = (int)scaled(100000);
	for (int k = 0; k < 4; k++)
		dsel.c[k] = make_chan(int, 0);
	dsel.cmux = make_chan(int, 0);
	dsel.done = make_chan(bool, 0);
	dsel.wg = (waitgroup)WAITGROUP_INIT;
	waitgroup_add(&dsel.wg, 6);
	go(dsel_sender, NULL);
	for (int k = 0; k < 4; k++)
		go(dsel_mux, dsel.c[k]);
	go(dsel_closer, NULL);

	bool *seen = calloc(dsel.n, sizeof *seen);
	long dups = 0, bad = 0, got = 0;
	int v;
	chan_range(dsel.cmux, v) {
		if (v < 0 || v >= dsel.n)
			bad++;
		else if (seen[v])
			dups++;
		else
			seen[v] = true;
		got++;
	}
	waitgroup_wait(&dsel.wg);
	CU_ASSERT_EQUAL(dups, 0);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(got, dsel.n);
	free(seen);
	for (int k = 0; k < 4; k++)
		chan_free(dsel.c[k]);
	chan_free(dsel.cmux);
	chan_free(dsel.done);
}

/* ==== test/chan/select.go ============================================== */

static unsigned sel_counter, sel_shift;

static unsigned sel_getvalue(void)
{
	sel_counter++;
	return 1u << sel_shift;
}

/*
 * Every send expression of a select is evaluated on entry, once, ready or
 * not (hence counter); a case whose channel was set to nil is never chosen
 * again, and default runs when the rest are full.
 */
static int sel_send(chan *a, chan *b)
{
	int i = 0;
	for (;;) {
		unsigned va = sel_getvalue(), vb = sel_getvalue();
		int r = SELECT_DEFAULT(NULL, send_case(a, &va), send_case(b, &vb));
		if (r == -1)
			break;
		i++;
		if (r == 0)
			a = NULL;
		else
			b = NULL;
		sel_shift++;
	}
	return i;
}

static void test_select_sends_each_ready_case_once_then_default(void)
{
	sel_counter = sel_shift = 0;
	chan *a = make_chan(unsigned, 1), *b = make_chan(unsigned, 1);
	CU_ASSERT_EQUAL(sel_send(a, b), 2);
	unsigned av = 0, bv = 0;
	chan_recv(a, &av);
	chan_recv(b, &bv);
	CU_ASSERT_EQUAL(av | bv, 3);          /* Go: "bad values" */
	CU_ASSERT_EQUAL(sel_send(a, NULL), 1);
	CU_ASSERT_EQUAL(sel_counter, 10);     /* Go: "counter is ... != 10" */
	chan_free(a);
	chan_free(b);
}

/* ==== test/chan/select3.go ============================================= */

/*
 * Go's select3 runs each function in a goroutine and decides "blocks" by
 * a 10ms timeout and "never blocks" by a 10s one.  The port decides both
 * without timing:
 *   - "always blocks": the function runs alone in a child process, where
 *     a goroutine that blocks for ever is a deadlock, which the runtime
 *     reports with the goroutine's wait reason.  That proves it blocks
 *     for good, not just for 10ms;
 *   - "never blocks": the function runs in a goroutine and must finish
 *     (the harness's watchdog fails the test if it hangs);
 *   - "always panics": the function runs in a child, which must panic
 *     with Go's message.
 * The child scenario is chosen by SELECT3_CASE in its environment.
 */
static chan *closedch(void)
{
	static chan *c;
	if (c == NULL) {
		c = make_chan(int, 0);
		chan_close(c);
	}
	return c;
}

static void select3_unreachable(void)
{
	go_panic("control flow shouldn't reach here");
}

/* The "always blocks" and "always panics" functions, by number. */
static void select3_case(int k)
{
	chan *nilch = NULL;
	int seven = 7, v;
	chan *ch = make_chan(int, 0);
	switch (k) {
	case 0: chan_send(nilch, &seven); break;                 /* nil send */
	case 1: chan_recv(nilch, &v); break;                     /* nil receive */
	case 2: chan_recv(ch, &v); break;                        /* non-ready receive */
	case 3: chan_select(NULL, 0, NULL); break;               /* select {} */
	case 4: SELECT(NULL, recv_case(nilch, &v)); break;
	case 5: SELECT(NULL, send_case(nilch, &seven)); break;
	case 6: SELECT(NULL, recv_case(nilch, &v), send_case(nilch, &seven)); break;
	case 7: SELECT(NULL, recv_case(ch, &v)); break;         /* non-ready, non-nil */
	case 8: SELECT(NULL, send_case(ch, &seven), recv_case(ch, &v)); break;  /* sees itself */
	case 9: chan_send(closedch(), &seven); break;            /* panics */
	case 10: SELECT(NULL, send_case(closedch(), &seven)); break;  /* panics */
	}
	select3_unreachable();
}

CHILD(select3)
{
	const char *k = getenv("SELECT3_CASE");
	select3_case(k ? atoi(k) : -1);
}

static void s3_nil_select_default(void)
{
	int v = 7;
	CU_ASSERT_EQUAL(SELECT_DEFAULT(NULL, send_case(NULL, &v)), -1);
	CU_ASSERT_EQUAL(SELECT_DEFAULT(NULL, recv_case(NULL, &v)), -1);
}

static void s3_buffered_send(void)
{
	chan *ch = make_chan(int, 1);
	int v = 7;
	chan_send(ch, &v);
	chan_free(ch);
}

static void s3_recv_closed(void)
{
	for (int i = 0; i < 10; i++) {
		int x = 1;
		chan_recv(closedch(), &x);
		CU_ASSERT_EQUAL(x, 0);   /* Go: "expected zero value when reading from closed channel" */
		x = 1;
		CU_ASSERT_FALSE(chan_recv(closedch(), &x));
		CU_ASSERT_EQUAL(x, 0);
	}
}

static void s3_default_only(void)
{
	CU_ASSERT_EQUAL(chan_select_nb(NULL, 0, NULL), -1);
}

static void s3_ready_select(void)
{
	chan *ch = make_chan(int, 1);
	int v = 7;
	CU_ASSERT_EQUAL(SELECT_DEFAULT(NULL, send_case(ch, &v)), 0);
	chan_free(ch);
	ch = make_chan(int, 1);
	chan_send(ch, &v);
	v = 0;
	CU_ASSERT_EQUAL(SELECT_DEFAULT(NULL, recv_case(ch, &v)), 0);
	CU_ASSERT_EQUAL(v, 7);
	chan_free(ch);
}

static void s3_closed_select(void)
{
	int x = 1;
	bool ok = true;
	CU_ASSERT_EQUAL(SELECT(NULL, recv_case(closedch(), NULL)), 0);
	CU_ASSERT_EQUAL(SELECT(NULL, recv_case(closedch(), &x)), 0);
	CU_ASSERT_EQUAL(SELECT(&ok, recv_case(closedch(), &x)), 0);
	CU_ASSERT_EQUAL(x, 0);
	CU_ASSERT_FALSE(ok);
}

struct s3run {
	void (*f)(void);
	chan *done;
};

static void s3_run(void *arg)
{
	struct s3run *r = arg;
	r->f();
	chan_send(r->done, NULL);
}

static void test_select3_blocking_and_panicking_operations(void)
{
	static const char *reason[] = {
		"chan send (nil chan)", "chan receive (nil chan)", "chan receive", "select (no cases)",
		"select", "select", "select", "select", "select",
	};
	for (int k = 0; k <= 10; k++) {
		char env[32];
		snprintf(env, sizeof env, "SELECT3_CASE=%d", k);
		struct child_result r;
		run_child(&r, "select3", 30, env, NULL);
		CU_ASSERT_EQUAL(r.status, 2);
		char want[128];
		if (k < 9)
			snprintf(want, sizeof want, "fatal error: all goroutines are asleep - deadlock!\n\n"
			         "goroutine 1 [%s]:\n", reason[k]);
		else
			snprintf(want, sizeof want, "panic: send on closed channel\n");
		ASSERT_PREFIX(r.err, want);
	}

	/* The "never blocks" functions, each run in a goroutine. */
	void (*never[])(void) = { s3_nil_select_default, s3_buffered_send, s3_recv_closed,
	                          s3_default_only, s3_ready_select, s3_closed_select };
	chan *done = chan_make(0, 0);
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
		struct s3run r = { never[i], done };
		go(s3_run, &r);
		chan_recv(done, NULL);
	}
	chan_free(done);
}

/* ==== test/chan/select6.go ============================================= */

/*
 * A select's leftover waiter on c1, after it was woken through c2, must
 * not swallow a later send on c1 (Go issue 2075): both sends on c1 must
 * reach the two plain receivers.
 */
static struct {
	chan *c1, *c2, *c3;
	atomic_bool bad;
	waitgroup wg;
} s6;

static void s6_recv_c1(void *arg)
{
	(void)arg;
	chan_recv(s6.c1, NULL);
	waitgroup_done(&s6.wg);
}

static void s6_select(void *arg)
{
	(void)arg;
	bool t = true;
	if (SELECT(NULL, recv_case(s6.c1, NULL), recv_case(s6.c2, NULL)) == 0)
		s6.bad = true;   /* Go: panic("dummy") */
	else
		chan_send(s6.c3, &t);
	chan_recv(s6.c1, NULL);
	waitgroup_done(&s6.wg);
}

static void s6_send_c2(void *arg)
{
	(void)arg;
	bool t = true;
	chan_send(s6.c2, &t);
	waitgroup_done(&s6.wg);
}

static void test_select6_woken_select_leaves_no_stale_waiter(void)
{
	s6.c1 = make_chan(bool, 0);
	s6.c2 = make_chan(bool, 0);
	s6.c3 = make_chan(bool, 0);
	s6.bad = false;
	s6.wg = (waitgroup)WAITGROUP_INIT;
	waitgroup_add(&s6.wg, 3);
	go(s6_recv_c1, NULL);
	go(s6_select, NULL);
	go(s6_send_c2, NULL);
	bool t = true;
	chan_recv(s6.c3, NULL);
	chan_send(s6.c1, &t);
	chan_send(s6.c1, &t);
	waitgroup_wait(&s6.wg);
	CU_ASSERT_FALSE(s6.bad);
	chan_free(s6.c1);
	chan_free(s6.c2);
	chan_free(s6.c3);
}

/* ==== test/chan/select7.go ============================================= */

/*
 * Every pairing of a plain, one-case-select and two-case-select receiver
 * with a plain, one-case and two-case sender completes (runtime.Gosched
 * is go_yield).  The port also waits for the receiver, to free c.
 */
struct s7 {
	chan *c, *done;
};

static void recv1(void *arg)
{
	struct s7 *s = arg;
	chan_recv(s->c, NULL);
	chan_send(s->done, NULL);
}

static void recv2(void *arg)
{
	struct s7 *s = arg;
	SELECT(NULL, recv_case(s->c, NULL));
	chan_send(s->done, NULL);
}

static void recv3(void *arg)
{
	struct s7 *s = arg;
	chan *c2 = make_chan(int, 0);
	SELECT(NULL, recv_case(s->c, NULL), recv_case(c2, NULL));
	chan_free(c2);
	chan_send(s->done, NULL);
}

static void send7(int kind, void (*recv)(void *))
{
	struct s7 s = { make_chan(int, 0), chan_make(0, 1) };
	int one = 1;
	go(recv, &s);
	go_yield();
	if (kind == 1) {
		chan_send(s.c, &one);
	} else if (kind == 2) {
		SELECT(NULL, send_case(s.c, &one));
	} else {
		chan *c2 = make_chan(int, 0);
		SELECT(NULL, send_case(s.c, &one), send_case(c2, &one));
		chan_free(c2);
	}
	chan_recv(s.done, NULL);
	chan_free(s.c);
	chan_free(s.done);
}

static void test_select7_every_sender_meets_every_receiver_kind(void)
{
	void (*recvs[])(void *) = { recv1, recv2, recv3 };
	for (int r = 0; r < 3; r++)
		for (int kind = 1; kind <= 3; kind++)
			send7(kind, recvs[r]);
	CU_PASS("all nine pairings completed");
}

void register_suites(void)
{
	ADD_SUITE("go test/chan",
	          TEST(test_doubleselect_never_runs_two_cases),
	          TEST(test_select_sends_each_ready_case_once_then_default),
	          TEST(test_select3_blocking_and_panicking_operations),
	          TEST(test_select6_woken_select_leaves_no_stale_waiter),
	          TEST(test_select7_every_sender_meets_every_receiver_kind));
}
/* SPDX-License-Identifier: BSD-3-Clause */
