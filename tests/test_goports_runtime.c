/*
 * Go's own channel and select tests, ported: tests from Go's
 * runtime/chan_test.go.  Go's test/chan/ programs are in test_goports.c
 * (select) and test_goports_chan.c (channels).
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

/* ==== runtime/chan_test.go: TestSelectFairness ========================= */

/*
 * A goroutine selects over two always-ready channels (and two never-ready
 * ones) 10000 times; the share of c1 must be within Go's bound of 1/2: the
 * margin of error at a confidence of six nines, 4.891676 / (2 sqrt(trials)).
 */
static struct {
	chan *c1, *c2, *c3, *c4, *out, *done;
	waitgroup wg;
} sf;

static void sf_selector(void *arg)
{
	(void)arg;
	for (;;) {
		unsigned char b = 0;
		SELECT(NULL, recv_case(sf.c3, &b), recv_case(sf.c4, &b),
		       recv_case(sf.c1, &b), recv_case(sf.c2, &b));
		if (SELECT(NULL, send_case(sf.out, &b), recv_case(sf.done, NULL)) == 1)
			break;
	}
	waitgroup_done(&sf.wg);
}

static void test_select_fairness(void)
{
	long trials = scaled(10000);
	sf.c1 = make_chan(unsigned char, trials + 1);
	sf.c2 = make_chan(unsigned char, trials + 1);
	for (long i = 0; i < trials + 1; i++) {
		unsigned char one = 1, two = 2;
		chan_send(sf.c1, &one);
		chan_send(sf.c2, &two);
	}
	sf.c3 = make_chan(unsigned char, 0);
	sf.c4 = make_chan(unsigned char, 0);
	sf.out = make_chan(unsigned char, 0);
	sf.done = make_chan(unsigned char, 0);
	sf.wg = (waitgroup)WAITGROUP_INIT;
	waitgroup_add(&sf.wg, 1);
	go(sf_selector, NULL);
	long cnt1 = 0, cnt2 = 0, other = 0;
	for (long i = 0; i < trials; i++) {
		unsigned char b = 0;
		chan_recv(sf.out, &b);
		if (b == 1)
			cnt1++;
		else if (b == 2)
			cnt2++;
		else
			other++;   /* Go: "unexpected value %d on channel" */
	}
	CU_ASSERT_EQUAL(other, 0);
	CU_ASSERT_EQUAL(cnt1 + cnt2, trials);
	/* e <= 4.891676 / (2 sqrt(trials)), squared to do without libm */
	double r = (double)cnt1 / trials, e = r - 0.5;
	bool fair = e * e <= 4.891676 * 4.891676 / (4.0 * trials);
	if (!fair)
		fprintf(stderr, "\nunfair select: in %ld trials, results were %ld, %ld\n",
		        trials, cnt1, cnt2);
	CU_ASSERT(fair);
	chan_close(sf.done);
	waitgroup_wait(&sf.wg);
	chan_free(sf.c1);
	chan_free(sf.c2);
	chan_free(sf.c3);
	chan_free(sf.c4);
	chan_free(sf.out);
	chan_free(sf.done);
}

/* ==== runtime/chan_test.go: TestPseudoRandomSend ======================= */

/*
 * select { case c <- 1: case c <- 0: } 100 times, on an unbuffered and on a
 * 100-buffered channel: more than a tenth must be zeros and more than a
 * tenth ones.  Go's receiver hands its result back by unlocking a mutex
 * main locked; a gothreads mutex must be unlocked by its locker, so the
 * port hands it back with a channel.
 */
enum { PRS_N = 100 };

struct prs {
	chan *c, *done;
	int l[PRS_N];
};

static void prs_receiver(void *arg)
{
	struct prs *p = arg;
	for (int i = 0; i < PRS_N; i++) {
		go_yield();
		chan_recv(p->c, &p->l[i]);
	}
	chan_send(p->done, NULL);
}

static void test_pseudo_random_send(void)
{
	int caps[] = { 0, PRS_N };
	for (int k = 0; k < 2; k++) {
		struct prs p = { make_chan(int, caps[k]), chan_make(0, 0), { 0 } };
		go(prs_receiver, &p);
		int one = 1, zero = 0;
		for (int i = 0; i < PRS_N; i++)
			SELECT(NULL, send_case(p.c, &one), send_case(p.c, &zero));
		chan_recv(p.done, NULL);
		int n0 = 0, n1 = 0;
		for (int i = 0; i < PRS_N; i++) {
			n0 += (p.l[i] + 1) % 2;
			n1 += p.l[i];
		}
		if (n0 <= PRS_N / 10 || n1 <= PRS_N / 10)
			fprintf(stderr, "\nWant pseudorandom, got %d zeros and %d ones (chan cap %d)\n",
			        n0, n1, caps[k]);
		CU_ASSERT(n0 > PRS_N / 10);
		CU_ASSERT(n1 > PRS_N / 10);
		CU_ASSERT_EQUAL(n0 + n1, PRS_N);
		chan_free(p.c);
		chan_free(p.done);
	}
}

/* ==== runtime/chan_test.go: TestSelfSelect ============================= */

/*
 * Two goroutines each select 1000 times between sending on and receiving
 * from the same channel; it must not crash nor deadlock, and on the
 * unbuffered channel a goroutine never receives its own value.
 */
struct ss {
	chan *c;
	int cap, p;
	atomic_int *selfrecv;
	chan *done;
};

static void ss_worker(void *arg)
{
	struct ss *s = arg;
	for (int i = 0; i < 1000; i++) {
		int v = -1;
		int r;
		if (s->p == 0 || i % 2 == 0)
			r = SELECT(NULL, send_case(s->c, &s->p), recv_case(s->c, &v)) == 1;
		else
			r = SELECT(NULL, recv_case(s->c, &v), send_case(s->c, &s->p)) == 0;
		if (r && s->cap == 0 && v == s->p) {
			atomic_fetch_add(s->selfrecv, 1);   /* Go: t.Errorf("self receive") */
			break;
		}
	}
	chan_send(s->done, NULL);
}

static void test_self_select(void)
{
	int caps[] = { 0, 10 };
	for (int k = 0; k < 2; k++) {
		chan *done = chan_make(0, 2);
		atomic_int selfrecv = 0;
		chan *c = make_chan(int, caps[k]);
		struct ss s[2];
		for (int p = 0; p < 2; p++) {
			s[p] = (struct ss){ c, caps[k], p, &selfrecv, done };
			go(ss_worker, &s[p]);
		}
		chan_recv(done, NULL);
		chan_recv(done, NULL);
		CU_ASSERT_EQUAL(atomic_load(&selfrecv), 0);
		chan_free(c);
		chan_free(done);
	}
}

/* ==== runtime/chan_test.go: TestSelectStress =========================== */

/*
 * Four goroutines send N values on each of four channels (two unbuffered,
 * caps 2 and 3), four receive N from each, one sends N on each in a single
 * select and one receives N from each in a single select, dropping a
 * channel (setting it nil) once its N are done.  All of it must finish.
 * N = 100000, as in Go without -short.
 */
static struct {
	chan *c[4];
	long n;
	long sent[4], recvd[4];   /* by the two selecting goroutines */
	waitgroup wg;
} st;

static void st_sender(void *arg)
{
	chan *c = arg;
	int zero = 0;
	for (long i = 0; i < st.n; i++)
		chan_send(c, &zero);
	waitgroup_done(&st.wg);
}

static void st_receiver(void *arg)
{
	chan *c = arg;
	for (long i = 0; i < st.n; i++)
		chan_recv(c, NULL);
	waitgroup_done(&st.wg);
}

static void st_select_sender(void *arg)
{
	(void)arg;
	chan *c1[4] = { st.c[0], st.c[1], st.c[2], st.c[3] };
	int zero = 0;
	for (long i = 0; i < 4 * st.n; i++) {
		/* Go's case order: 3, 2, 0, 1. */
		static const int order[4] = { 3, 2, 0, 1 };
		int r = order[SELECT(NULL, send_case(c1[3], &zero), send_case(c1[2], &zero),
		                     send_case(c1[0], &zero), send_case(c1[1], &zero))];
		if (++st.sent[r] == st.n)
			c1[r] = NULL;
	}
	waitgroup_done(&st.wg);
}

static void st_select_receiver(void *arg)
{
	(void)arg;
	chan *c1[4] = { st.c[0], st.c[1], st.c[2], st.c[3] };
	for (long i = 0; i < 4 * st.n; i++) {
		int r = SELECT(NULL, recv_case(c1[0], NULL), recv_case(c1[1], NULL),
		               recv_case(c1[2], NULL), recv_case(c1[3], NULL));
		if (++st.recvd[r] == st.n)
			c1[r] = NULL;
	}
	waitgroup_done(&st.wg);
}

static void test_select_stress(void)
{
	memset(&st, 0, sizeof st);
	st.n = scaled(100000);
	st.c[0] = make_chan(int, 0);
	st.c[1] = make_chan(int, 0);
	st.c[2] = make_chan(int, 2);
	st.c[3] = make_chan(int, 3);
	st.wg = (waitgroup)WAITGROUP_INIT;
	waitgroup_add(&st.wg, 10);
	for (int k = 0; k < 4; k++) {
		go(st_sender, st.c[k]);
		go(st_receiver, st.c[k]);
	}
	go(st_select_sender, NULL);
	go(st_select_receiver, NULL);
	waitgroup_wait(&st.wg);
	for (int k = 0; k < 4; k++) {
		CU_ASSERT_EQUAL(st.sent[k], st.n);
		CU_ASSERT_EQUAL(st.recvd[k], st.n);
		CU_ASSERT_EQUAL(chan_len(st.c[k]), 0);
		chan_free(st.c[k]);
	}
}

/* ==== runtime/chan_test.go: TestNonblockSelectRace(2) ================== */

/*
 * A goroutine's select-with-default over c1 (holding a value) and c2 races
 * with main making c2 ready (a send, or a close in Race2) and then taking
 * c1's value with its own select-with-default.  At every moment one of
 * the two is ready, so the goroutine's default must never run.
 * n = 100000 as in Go without -short.
 */
struct nbr {
	chan *c1, *c2, *done;
};

static void nbr_selector(void *arg)
{
	struct nbr *r = arg;
	bool res = SELECT_DEFAULT(NULL, recv_case(r->c1, NULL), recv_case(r->c2, NULL)) >= 0;
	chan_send(r->done, &res);
}

static void nonblock_select_race(bool closec2)
{
	long n = scaled(100000), fails = 0;
	chan *done = make_chan(bool, 1);
	for (long i = 0; i < n; i++) {
		struct nbr r = { make_chan(int, 1), make_chan(int, closec2 ? 0 : 1), done };
		int one = 1;
		chan_send(r.c1, &one);
		go(nbr_selector, &r);
		if (closec2)
			chan_close(r.c2);
		else
			chan_send(r.c2, &one);
		SELECT_DEFAULT(NULL, recv_case(r.c1, NULL));
		bool ok = false;
		chan_recv(done, &ok);
		if (!ok)
			fails++;   /* Go: t.Fatal("no chan is ready") */
		chan_free(r.c1);
		chan_free(r.c2);
	}
	CU_ASSERT_EQUAL(fails, 0);
	chan_free(done);
}

static void test_nonblock_select_race(void)
{
	nonblock_select_race(false);
}

static void test_nonblock_select_race2(void)
{
	nonblock_select_race(true);
}

/* ==== runtime/chan_test.go: TestSelectDuplicateChannel ================= */

/*
 * Goroutine A selects on <-c, <-c, <-d, so it is queued on c twice; B
 * waits on <-c.  d <- 7 wakes A, which takes both its entries off c's
 * queue; then c <- 8 must reach B (it used to find a corrupted queue).
 * Go orders "A queued on c, then B queued on c" with two 1ms sleeps.
 * The port may not order goroutines by sleeping, and gothreads has no
 * public way to wait until a goroutine is parked, so it runs the scenario
 * 1000 times: A announces itself on a channel just before its select
 * (so A usually queues first, as in Go) and the assertions, which hold
 * in every interleaving, are checked each time.
 */
struct dup {
	chan *c, *d, *e, *ready;
	int a_case, a_val, b_val;
	chan *done;
};

static void dup_a(void *arg)
{
	struct dup *s = arg;
	int nine = 9;
	chan_send(s->ready, NULL);
	s->a_case = SELECT(NULL, recv_case(s->c, &s->a_val), recv_case(s->c, &s->a_val),
	                   recv_case(s->d, &s->a_val));
	chan_send(s->e, &nine);
	chan_send(s->done, NULL);
}

static void dup_b(void *arg)
{
	struct dup *s = arg;
	chan_recv(s->c, &s->b_val);
	chan_send(s->done, NULL);
}

static void test_select_duplicate_channel(void)
{
	long n = scaled(1000), wrong = 0;
	for (long i = 0; i < n; i++) {
		struct dup s = { make_chan(int, 0), make_chan(int, 0), make_chan(int, 0),
		                 chan_make(0, 0), -1, 0, 0, chan_make(0, 2) };
		go(dup_a, &s);
		chan_recv(s.ready, NULL);
		go(dup_b, &s);
		int seven = 7, eight = 8, nine = 0;
		chan_send(s.d, &seven);
		chan_recv(s.e, &nine);
		chan_send(s.c, &eight);
		chan_recv(s.done, NULL);
		chan_recv(s.done, NULL);
		if (s.a_case != 2 || s.a_val != 7 || nine != 9 || s.b_val != 8)
			wrong++;
		chan_free(s.c);
		chan_free(s.d);
		chan_free(s.e);
		chan_free(s.ready);
		chan_free(s.done);
	}
	CU_ASSERT_EQUAL(wrong, 0);
}

void register_suites(void)
{
	ADD_SUITE("go runtime/chan_test",
	          TEST(test_select_fairness),
	          TEST(test_pseudo_random_send),
	          TEST(test_self_select),
	          TEST(test_select_stress),
	          TEST(test_nonblock_select_race),
	          TEST(test_nonblock_select_race2),
	          TEST(test_select_duplicate_channel));
}
/* SPDX-License-Identifier: BSD-3-Clause */
