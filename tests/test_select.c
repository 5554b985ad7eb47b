/*
 * select: Go's multi-way channel operation (lib/select.c).
 * Each test is named after the Go behaviour it checks; select on closed
 * channels is in test_select_closed.c, the ports of Go's own select tests
 * in test_goports.c.
 */
#include "harness.h"
#include "runtime.h"   /* to see a channel's send queue */

#include <stdlib.h>

/* ---- helpers ---- */

/* A goroutine that receives n ints from c and checks they count 0..n-1. */
struct counter {
	chan *c;
	int n;
	int got;    /* values received */
	int bad;    /* values out of order */
	chan *done; /* gets an empty value when the goroutine ends */
};

static void recv_counting(void *arg)
{
	struct counter *k = arg;
	for (int i = 0; i < k->n; i++) {
		int v = -1;
		chan_recv(k->c, &v);
		k->got++;
		if (v != i)
			k->bad++;
	}
	chan_send(k->done, NULL);
}

static void send_counting(void *arg)
{
	struct counter *k = arg;
	for (int i = 0; i < k->n; i++)
		chan_send(k->c, &i);
	chan_send(k->done, NULL);
}

/* ---- choice among ready cases ---- */

/*
 * Go's spec: "If one or more of the communications can proceed, a single
 * one that can proceed is chosen via a uniform pseudo-random selection."
 * Five cases are kept ready (three receives from full buffers, two sends
 * into empty ones) and every choice is counted; Pearson's chi-square over
 * the five counts must stay below 33.38, the 1 - 1e-6 quantile of the
 * chi-square distribution with 4 degrees of freedom: a fair select fails
 * this once in a million runs.
 */
static void test_select_chooses_uniformly_among_ready_cases(void)
{
	enum { K = 5, NRECV = 3 };
	long trials = scaled(100000);
	chan *c[K];
	select_case cs[K];
	int one = 1, in = 0;
	for (int i = 0; i < K; i++) {
		c[i] = make_chan(int, 1);
		if (i < NRECV) {
			chan_send(c[i], &one);
			cs[i] = recv_case(c[i], &in);
		} else {
			cs[i] = send_case(c[i], &one);
		}
	}
	long count[K] = { 0 };
	for (long t = 0; t < trials; t++) {
		int i = chan_select(cs, K, NULL);
		CU_ASSERT_FATAL(i >= 0 && i < K);
		count[i]++;
		/* Make case i ready again. */
		if (i < NRECV)
			chan_send(c[i], &one);
		else
			chan_recv(c[i], &in);
	}
	double expect = (double)trials / K, chi2 = 0;
	long total = 0;
	for (int i = 0; i < K; i++) {
		chi2 += (count[i] - expect) * (count[i] - expect) / expect;
		total += count[i];
	}
	CU_ASSERT_EQUAL(total, trials);
	if (chi2 >= 33.38)
		fprintf(stderr, "\nunfair select: counts %ld %ld %ld %ld %ld, chi2 %.2f\n",
		        count[0], count[1], count[2], count[3], count[4], chi2);
	CU_ASSERT(chi2 < 33.38);
	for (int i = 0; i < K; i++)
		chan_free(c[i]);
}

/* A select with more cases than fit on the stack chooses among all of them. */
static void test_select_with_many_cases_reaches_every_case(void)
{
	enum { K = 40 };
	chan *c[K];
	select_case cs[K];
	int one = 1, in;
	for (int i = 0; i < K; i++) {
		c[i] = make_chan(int, 1);
		chan_send(c[i], &one);
		cs[i] = recv_case(c[i], &in);
	}
	int seen[K] = { 0 };
	for (int t = 0; t < 2000; t++) {   /* missing one of 40 in 2000: p < 1e-20 */
		int i = chan_select(cs, K, NULL);
		CU_ASSERT_FATAL(i >= 0 && i < K);
		seen[i]++;
		chan_send(c[i], &one);
	}
	for (int i = 0; i < K; i++)
		CU_ASSERT(seen[i] > 0);
	for (int i = 0; i < K; i++)
		chan_free(c[i]);
}

/* A goroutine that sends one int on the channel it is given. */
static void send_seven(void *arg)
{
	int v = 7;
	chan_send(arg, &v);
}

/* A select of many cases that has to wait is woken by the one that fires. */
static void test_select_with_many_cases_waits_for_the_one_that_fires(void)
{
	enum { K = 40, FIRE = 33 };
	chan *c[K];
	select_case cs[K];
	int in = 0;
	bool ok = false;
	for (int i = 0; i < K; i++) {
		c[i] = make_chan(int, 0);
		cs[i] = recv_case(c[i], &in);
	}
	go(send_seven, c[FIRE]);
	CU_ASSERT_EQUAL(chan_select(cs, K, &ok), FIRE);
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_EQUAL(in, 7);
	for (int i = 0; i < K; i++)
		chan_free(c[i]);
}

/*
 * Go sorts a select's lock order with a heap sort so that a select over
 * many cases costs n log n whatever their order; an insertion sort takes
 * n*n/2 compares for cases in descending address order (12 ms for 5,000
 * cases, where Go takes 1).  Timing is printed, not asserted.  Checked:
 * the ready case is the one chosen, in ascending, descending and random
 * orders, and two goroutines selecting at once over the same channels
 * listed in opposite orders never deadlock (each locks in address order).
 */
static int by_address(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(chan *const *)a, y = (uintptr_t)*(chan *const *)b;
	return (x > y) - (x < y);
}

struct opposite {
	select_case *cs;
	int k, rounds;
	long got;          /* values received */
	chan *done;
};

static void select_rounds(void *arg)
{
	struct opposite *o = arg;
	for (int r = 0; r < o->rounds; r++) {
		int i = chan_select(o->cs, o->k, NULL);
		if (i >= 0 && *(int *)o->cs[i].v >= 0)
			o->got++;
	}
	chan_send(o->done, NULL);
}

static void feed(void *arg)
{
	struct opposite *o = arg;   /* o[0]: its channels; o[0].rounds * 2 values */
	for (int r = 0; r < 2 * o->rounds; r++)
		chan_send(o->cs[(r * 7919) % o->k].c, &r);
}

static void test_select_over_thousands_of_cases_in_descending_address_order(void)
{
	/* ThreadSanitizer stops (a CHECK) when a thread holds more than 64 locks. */
	int k = under_tsan() ? 50 : under_valgrind() ? 300 : 5000;
	chan **c = calloc(k, sizeof *c);
	select_case *desc = calloc(k, sizeof *desc), *asc = calloc(k, sizeof *asc);
	int in[2] = { -1, -1 };
	for (int i = 0; i < k; i++)
		c[i] = make_chan(int, 1);
	qsort(c, k, sizeof *c, by_address);
	for (int i = 0; i < k; i++) {
		asc[i] = recv_case(c[i], &in[0]);
		desc[k - 1 - i] = recv_case(c[i], &in[1]);
	}
	/* One ready case at a time: the select must choose exactly it. */
	int rounds = under_valgrind() ? 5 : 50, wrong = 0;
	int64_t t[2] = { 0, 0 };
	for (int r = 0; r < rounds; r++) {
		int fire = (r * 2654435761u) % k, v = r;
		for (int d = 0; d < 2; d++) {
			chan_send(c[fire], &v);
			int64_t t0 = time_now();
			int i = chan_select(d ? desc : asc, k, NULL);
			t[d] += time_now() - t0;
			wrong += i != (d ? k - 1 - fire : fire) || in[d] != r;
		}
	}
	CU_ASSERT_EQUAL(wrong, 0);
	printf("\n    select over %d ready-once cases: %.0f us ascending, %.0f us descending address order ",
	       k, t[0] / 1e3 / rounds, t[1] / 1e3 / rounds);

	/* Two selects in opposite orders at once, both blocking and woken. */
	struct opposite o[2] = { { asc, k, rounds, 0, chan_make(0, 2) },
	                         { desc, k, rounds, 0, NULL } };
	o[1].done = o[0].done;
	go(select_rounds, &o[0]);
	go(select_rounds, &o[1]);
	go(feed, &o[0]);
	chan_recv(o[0].done, NULL);
	chan_recv(o[0].done, NULL);
	CU_ASSERT_EQUAL(o[0].got + o[1].got, 2L * rounds);
	long left = 0;
	for (int i = 0; i < k; i++) {
		left += chan_len(c[i]);
		LOCK(&c[i]->lock);
		left += c[i]->recvq.first != NULL;   /* every sudog left its queue */
		UNLOCK(&c[i]->lock);
		chan_free(c[i]);
	}
	CU_ASSERT_EQUAL(left, 0);
	chan_free(o[0].done);
	free(c);
	free(asc);
	free(desc);
}

/* ---- nil channels ---- */

/* A case on a nil channel is never ready, for receive or send. */
static void test_select_never_chooses_a_nil_channel_case(void)
{
	chan *c = make_chan(int, 1);
	int one = 1, in;
	for (int t = 0; t < 1000; t++) {
		chan_send(c, &one);
		int i = SELECT(NULL, recv_case(NULL, &in), send_case(NULL, &one),
		               recv_case(c, &in), send_case(NULL, &one));
		CU_ASSERT_EQUAL_FATAL(i, 2);
	}
	/* With a default, only nil cases: the default. */
	CU_ASSERT_EQUAL(SELECT_DEFAULT(NULL, recv_case(NULL, &in), send_case(NULL, &one)), -1);
	chan_free(c);
}

/*
 * select {} blocks for ever: alone in the program, it is a deadlock, and
 * the dump names Go's wait reason.
 */
CHILD(select_no_cases)
{
	chan_select(NULL, 0, NULL);
}

static void test_select_with_no_cases_blocks_forever(void)
{
	struct child_result r;
	run_child(&r, "select_no_cases", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\n"
	                     "goroutine 1 [select (no cases)]:\n");
}

CHILD(select_only_nil)
{
	int v = 1;
	SELECT(NULL, recv_case(NULL, &v), send_case(NULL, &v));
}

static void test_select_on_only_nil_channels_blocks_forever(void)
{
	struct child_result r;
	run_child(&r, "select_only_nil", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\n"
	                     "goroutine 1 [select]:\n");
}

/* ---- default ---- */

/* The default runs only when no case is ready, and then nothing moves. */
static void test_select_default_runs_only_when_no_case_is_ready(void)
{
	chan *unbuf = make_chan(int, 0);    /* nobody waiting: neither ready */
	chan *full = make_chan(int, 1);     /* send not ready */
	chan *empty = make_chan(int, 1);    /* receive not ready */
	int one = 1, in = 42;
	chan_send(full, &one);
	int i = SELECT_DEFAULT(NULL, recv_case(unbuf, &in), send_case(unbuf, &one),
	                       send_case(full, &one), recv_case(empty, &in));
	CU_ASSERT_EQUAL(i, -1);
	CU_ASSERT_EQUAL(in, 42);
	CU_ASSERT_EQUAL(chan_len(full), 1);
	CU_ASSERT_EQUAL(chan_len(empty), 0);

	/* One ready case among them: it is chosen every time, never the default. */
	for (int t = 0; t < 1000; t++) {
		i = SELECT_DEFAULT(NULL, recv_case(unbuf, &in), send_case(full, &one),
		                   send_case(empty, &one), recv_case(empty, &in));
		CU_ASSERT_EQUAL_FATAL(i, 2);
		i = SELECT_DEFAULT(NULL, recv_case(unbuf, &in), send_case(full, &one),
		                   send_case(empty, &one), recv_case(empty, &in));
		CU_ASSERT_EQUAL_FATAL(i, 3);
		CU_ASSERT_EQUAL_FATAL(in, 1);
	}
	chan_free(unbuf);
	chan_free(full);
	chan_free(empty);
}

/*
 * A select tries each case with only its own channel locked, and locks
 * them all only when none was ready (select.c's pass 0, then Go's pass
 * 1).  Two producers keep filling channels of cap 1 while the consumer
 * polls both with a default: whether a value arrives before, between or
 * after those passes, every value is received exactly once, in each
 * producer's order.
 */
static void test_select_polling_with_default_receives_every_value_once(void)
{
	int n = scaled(20000);
	chan *c[2] = { make_chan(int, 1), make_chan(int, 1) }, *done = chan_make(0, 2);
	struct counter p[2] = { { .c = c[0], .n = n, .done = done }, { .c = c[1], .n = n, .done = done } };
	go(send_counting, &p[0]);
	go(send_counting, &p[1]);
	int next[2] = { 0, 0 }, bad = 0, v = -1;
	while (next[0] < n || next[1] < n) {
		int i = SELECT_DEFAULT(NULL, recv_case(c[0], &v), recv_case(c[1], &v));
		if (i < 0) {
			go_yield();
			continue;
		}
		bad += v != next[i];
		next[i]++;
	}
	chan_recv(done, NULL);
	chan_recv(done, NULL);
	CU_ASSERT_EQUAL(next[0], n);
	CU_ASSERT_EQUAL(next[1], n);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(chan_len(c[0]) + chan_len(c[1]), 0);
	chan_free(c[0]);
	chan_free(c[1]);
	chan_free(done);
}

/* ---- one channel in several cases ---- */

/*
 * The same channel may appear in several cases, in both directions: only
 * a case that can proceed is chosen, and it is done once.
 */
static void test_select_same_channel_in_several_cases_both_directions(void)
{
	/* Buffered: empty means only the sends are ready, full only the receives. */
	chan *c = make_chan(int, 1);
	int one = 1, in = 0;
	for (int t = 0; t < 500; t++) {
		int i = SELECT(NULL, send_case(c, &one), recv_case(c, &in), send_case(c, &one));
		CU_ASSERT_FATAL(i == 0 || i == 2);
		CU_ASSERT_EQUAL_FATAL(chan_len(c), 1);
		i = SELECT(NULL, send_case(c, &one), recv_case(c, &in), send_case(c, &one));
		CU_ASSERT_EQUAL_FATAL(i, 1);
		CU_ASSERT_EQUAL_FATAL(chan_len(c), 0);
	}
	chan_free(c);

	/* Unbuffered, with a plain receiver: only our sends can meet it. */
	enum { N = 1000 };
	struct counter k = { make_chan(int, 0), N, 0, 0, chan_make(0, 0) };
	go(recv_counting, &k);
	for (int v = 0; v < N; v++) {
		int i = SELECT(NULL, recv_case(k.c, &in), send_case(k.c, &v),
		               recv_case(k.c, &in), send_case(k.c, &v));
		CU_ASSERT_FATAL(i == 1 || i == 3);
	}
	chan_recv(k.done, NULL);
	CU_ASSERT_EQUAL(k.got, N);
	CU_ASSERT_EQUAL(k.bad, 0);

	/* And with a plain sender: only our receives can. */
	k.got = 0;
	go(send_counting, &k);
	for (int v = 0; v < N; v++) {
		in = -1;
		int i = SELECT(NULL, send_case(k.c, &one), recv_case(k.c, &in),
		               recv_case(k.c, &in), send_case(k.c, &one));
		CU_ASSERT_FATAL(i == 1 || i == 2);
		if (in == v)
			k.got++;
	}
	chan_recv(k.done, NULL);
	CU_ASSERT_EQUAL(k.got, N);
	chan_free(k.c);
	chan_free(k.done);
}

/*
 * A select blocked in several cases of one channel waits in each of
 * them; a partner that comes later takes whichever is first in the
 * channel's queue, so that order must be random too, or the choice would
 * not be.  (Go's TestPseudoRandomSend meets this only when its receiver
 * is late; here the receiver waits until both sends are queued.)
 */
struct twosends {
	chan *c;
	int n;
	chan *done;
};

static void send_one_or_zero(void *arg)
{
	struct twosends *t = arg;
	int one = 1, zero = 0;
	for (int i = 0; i < t->n; i++)
		SELECT(NULL, send_case(t->c, &one), send_case(t->c, &zero));
	chan_close(t->done);   /* after the last select took its other case off the queue */
}

/* Waits (for a state, not for time) until two sends are queued on c. */
static void wait_two_senders(chan *c)
{
	for (;;) {
		LOCK(&c->lock);
		bool two = c->sendq.first && c->sendq.first->next;
		UNLOCK(&c->lock);
		if (two)
			return;
		go_yield();
	}
}

static void test_select_blocked_in_two_cases_of_one_channel_is_woken_in_either(void)
{
	enum { N = 200 };
	struct twosends t = { make_chan(int, 0), N, chan_make(0, 0) };
	go(send_one_or_zero, &t);
	int n[2] = { 0, 0 };
	for (int i = 0; i < N; i++) {
		wait_two_senders(t.c);
		int v = -1;
		chan_recv(t.c, &v);
		CU_ASSERT_FATAL(v == 0 || v == 1);
		n[v]++;
	}
	CU_ASSERT_EQUAL(n[0] + n[1], N);
	CU_ASSERT(n[0] > N / 10);
	CU_ASSERT(n[1] > N / 10);
	chan_recv(t.done, NULL);
	chan_free(t.c);
	chan_free(t.done);
}

/* ---- bad input ---- */

CHILD(select_null_cases)
{
	chan_select(NULL, 3, NULL);
}

CHILD(select_unknown_kind)
{
	chan *c = make_chan(int, 1);
	int v;
	select_case cs[2] = { recv_case(c, &v), { .dir = 7, .c = c, .v = &v } };
	chan_select_nb(cs, 2, NULL);
}

CHILD(select_negative_count)
{
	chan *c = make_chan(int, 1);
	int v;
	select_case cs[1] = { recv_case(c, &v) };
	chan_select(cs, -1, NULL);
}

CHILD(select_send_null_value)
{
	chan *c = make_chan(int, 1);
	SELECT_DEFAULT(NULL, send_case(c, NULL));
}

/*
 * Go's compiler rules these out, so Go has no message for them; ours name
 * the mistake and stop the program as a panic does.
 */
static void test_select_bad_input_gives_clear_message(void)
{
	static const struct {
		const char *child, *msg;
	} cases[] = {
		{ "select_null_cases", "panic: gothreads: select: NULL case list with 3 cases\n" },
		{ "select_unknown_kind", "panic: gothreads: select: case 1 has unknown kind 7 "
		                         "(want SELECT_RECV or SELECT_SEND)\n" },
		{ "select_negative_count", "panic: gothreads: select: negative case count -1\n" },
		{ "select_send_null_value", "panic: gothreads: select: send case 0 has a NULL value\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct child_result r;
		run_child(&r, cases[i].child, 10, NULL);
		CU_ASSERT_EQUAL(r.status, 2);
		ASSERT_PREFIX(r.err, cases[i].msg);
	}
}

void register_suites(void)
{
	ADD_SUITE("select",
	          TEST(test_select_chooses_uniformly_among_ready_cases),
	          TEST(test_select_with_many_cases_reaches_every_case),
	          TEST(test_select_with_many_cases_waits_for_the_one_that_fires),
	          TEST(test_select_over_thousands_of_cases_in_descending_address_order),
	          TEST(test_select_never_chooses_a_nil_channel_case),
	          TEST(test_select_with_no_cases_blocks_forever),
	          TEST(test_select_on_only_nil_channels_blocks_forever),
	          TEST(test_select_default_runs_only_when_no_case_is_ready),
	          TEST(test_select_polling_with_default_receives_every_value_once),
	          TEST(test_select_same_channel_in_several_cases_both_directions),
	          TEST(test_select_blocked_in_two_cases_of_one_channel_is_woken_in_either),
	          TEST(test_select_bad_input_gives_clear_message));
}
/* SPDX-License-Identifier: BSD-3-Clause */
