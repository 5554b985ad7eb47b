/*
 * Channels: close, nil channels, len and cap, the non-blocking
 * operations (trysend, tryrecv) and range.
 * Each test is named after the Go behaviour it checks; tests ported from
 * Go name their origin.  Shared helpers: chan_helpers.h.
 */
#include "chan_helpers.h"

void send_on_nil(void *arg);   /* not static: dumps name it */

/* ---- close --------------------------------------------------------------- */

static void test_recv_on_closed_empty_channel_returns_zero_and_false(void)
{
	chan *c = make_chan(int, 0);
	chan_close(c);
	int v = 7;
	CU_ASSERT_FALSE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(v, 0);
	chan_free(c);
}

static void test_recv_after_close_returns_buffered_values_first_then_zero_and_false(void)
{
	chan *c = make_chan(int, 5);
	for (int i = 1; i <= 5; i++)
		chan_send(c, &i);
	chan_close(c);
	for (int i = 1; i <= 5; i++) {
		int v = 0;
		CU_ASSERT_TRUE(chan_recv(c, &v));
		CU_ASSERT_EQUAL(v, i);
	}
	for (int i = 0; i < 100; i++) {   /* and so for ever */
		int v = 99;
		CU_ASSERT_FALSE(chan_recv(c, &v));
		CU_ASSERT_EQUAL(v, 0);
	}
	chan_free(c);
}

/* From Go's runtime/chan_test.go (TestChan, "close unblocks receive"). */
static void test_close_wakes_a_blocked_receiver_with_zero_and_false(void)
{
	for (int cap = 0; cap < 20; cap++) {
		chan *c = make_chan(int, cap), *result = make_chan(struct recvres, 1);
		go_copy(recv_then_report, &(struct recvspec){ c, result }, sizeof(struct recvspec));
		await_waiting(c, RECVQ, 1);
		chan_close(c);
		struct recvres r;
		chan_recv(result, &r);
		CU_ASSERT_EQUAL(r.value, 0);
		CU_ASSERT_FALSE(r.ok);
		chan_free(c);
		chan_free(result);
	}
}

CHILD(send_on_closed_channel)
{
	chan *c = make_chan(int, 1);
	chan_close(c);
	int v = 1;
	chan_send(c, &v);
}

static void test_send_on_closed_channel_panics(void)
{
	struct child_result r;
	run_child(&r, "send_on_closed_channel", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: send on closed channel\n\ngoroutine 1 [running]:\n");
}

CHILD(close_of_closed_channel)
{
	chan *c = make_chan(int, 1);
	chan_close(c);
	chan_close(c);
}

static void test_close_of_closed_channel_panics(void)
{
	struct child_result r;
	run_child(&r, "close_of_closed_channel", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: close of closed channel\n\ngoroutine 1 [running]:\n");
}

CHILD(close_of_nil_channel)
{
	chan_close(NULL);
}

static void test_close_of_nil_channel_panics(void)
{
	struct child_result r;
	run_child(&r, "close_of_nil_channel", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: close of nil channel\n\ngoroutine 1 [running]:\n");
}

/* ---- nil channels -------------------------------------------------------- */

CHILD(send_on_nil_channel)
{
	int v = 1;
	chan_send(NULL, &v);
	printf("send on a nil channel returned\n");
}

static void test_send_on_nil_channel_blocks_forever(void)
{
	struct child_result r;
	run_child(&r, "send_on_nil_channel", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\n"
	                     "goroutine 1 [chan send (nil chan)]:\n");
	CU_ASSERT_STRING_EQUAL(r.out, "");
}

CHILD(recv_on_nil_channel)
{
	int v;
	chan_recv(NULL, &v);
	printf("receive on a nil channel returned\n");
}

static void test_recv_on_nil_channel_blocks_forever(void)
{
	struct child_result r;
	run_child(&r, "recv_on_nil_channel", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\n"
	                     "goroutine 1 [chan receive (nil chan)]:\n");
	CU_ASSERT_STRING_EQUAL(r.out, "");
}

void send_on_nil(void *arg)
{
	(void)arg;
	int v = 1;
	chan_send(NULL, &v);
	printf("send on a nil channel returned\n");
}

/* A goroutine on a nil channel is asleep for good: it never keeps the program alive. */
CHILD(goroutine_and_main_on_nil_channels)
{
	go_named("nilsender", send_on_nil, NULL, 0);
	int v;
	chan_recv(NULL, &v);
	printf("receive on a nil channel returned\n");
}

static void test_goroutine_blocked_on_nil_channel_never_wakes(void)
{
	struct child_result r;
	run_child(&r, "goroutine_and_main_on_nil_channels", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\n"
	                     "goroutine 1 [chan receive (nil chan)]:\n");
	ASSERT_CONTAINS(r.err, " [chan send (nil chan)]:\nsend_on_nil(");
	CU_ASSERT_STRING_EQUAL(r.out, "");
}

/* ---- len and cap --------------------------------------------------------- */

/* From Go's runtime/chan_test.go (TestChan, "Test len/cap"). */
static void test_len_and_cap_are_snapshots_of_the_buffer(void)
{
	for (int cap = 0; cap < 20; cap++) {
		chan *c = make_chan(int, cap);
		CU_ASSERT_EQUAL(chan_len(c), 0);
		CU_ASSERT_EQUAL(chan_cap(c), cap);
		for (int i = 0; i < cap; i++) {
			chan_send(c, &i);
			CU_ASSERT_EQUAL(chan_len(c), i + 1);
		}
		CU_ASSERT_EQUAL(chan_cap(c), cap);
		chan_free(c);
	}
}

static void test_len_after_close_counts_the_values_left(void)
{
	chan *c = make_chan(int, 4);
	for (int i = 0; i < 3; i++)
		chan_send(c, &i);
	chan_close(c);
	CU_ASSERT_EQUAL(chan_len(c), 3);
	CU_ASSERT_EQUAL(chan_cap(c), 4);
	int v;
	chan_recv(c, &v);
	CU_ASSERT_EQUAL(chan_len(c), 2);
	chan_recv(c, &v);
	chan_recv(c, &v);
	CU_ASSERT_EQUAL(chan_len(c), 0);
	CU_ASSERT_FALSE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(chan_len(c), 0);
	chan_free(c);
}

static void test_len_of_unbuffered_channel_with_waiting_sender_is_zero(void)
{
	chan *c = make_chan(int, 0);
	go_copy(send_value, &(struct pair){ c, 5 }, sizeof(struct pair));
	await_waiting(c, SENDQ, 1);
	CU_ASSERT_EQUAL(chan_len(c), 0);
	CU_ASSERT_EQUAL(chan_cap(c), 0);
	int v;
	chan_recv(c, &v);
	CU_ASSERT_EQUAL(v, 5);
	chan_free(c);
}

static void test_len_and_cap_of_nil_channel_are_zero(void)
{
	CU_ASSERT_EQUAL(chan_len(NULL), 0);
	CU_ASSERT_EQUAL(chan_cap(NULL), 0);
}

/* ---- non-blocking -------------------------------------------------------- */

static void test_trysend_on_full_channel_fails_and_changes_nothing(void)
{
	chan *c = make_chan(int, 1);
	int one = 1, two = 2, v = 0;
	CU_ASSERT_TRUE(chan_trysend(c, &one));
	CU_ASSERT_FALSE(chan_trysend(c, &two));
	CU_ASSERT_EQUAL(chan_len(c), 1);
	CU_ASSERT_TRUE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(v, 1);
	chan_free(c);
}

static void test_trysend_on_unbuffered_channel_needs_a_waiting_receiver(void)
{
	chan *c = make_chan(int, 0), *result = make_chan(struct recvres, 1);
	int v = 3;
	CU_ASSERT_FALSE(chan_trysend(c, &v));
	go_copy(recv_then_report, &(struct recvspec){ c, result }, sizeof(struct recvspec));
	await_waiting(c, RECVQ, 1);
	CU_ASSERT_TRUE(chan_trysend(c, &v));
	struct recvres r;
	chan_recv(result, &r);
	CU_ASSERT_EQUAL(r.value, 3);
	CU_ASSERT_TRUE(r.ok);
	CU_ASSERT_FALSE(chan_trysend(c, &v));
	chan_free(c);
	chan_free(result);
}

static void test_tryrecv_on_empty_channel_fails(void)
{
	for (int cap = 0; cap < 3; cap++) {
		chan *c = make_chan(int, cap);
		int v = 5;
		bool ok = true;
		CU_ASSERT_FALSE(chan_tryrecv(c, &v, &ok));
		CU_ASSERT_FALSE(ok);
		CU_ASSERT_EQUAL(v, 5);   /* untouched */
		chan_free(c);
	}
}

static void test_tryrecv_on_unbuffered_channel_takes_from_a_waiting_sender(void)
{
	chan *c = make_chan(int, 0);
	go_copy(send_value, &(struct pair){ c, 11 }, sizeof(struct pair));
	await_waiting(c, SENDQ, 1);
	int v = 0;
	bool ok = false;
	CU_ASSERT_TRUE(chan_tryrecv(c, &v, &ok));
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_EQUAL(v, 11);
	chan_free(c);
}

static void test_tryrecv_on_closed_channel_returns_values_then_zero_and_false(void)
{
	chan *c = make_chan(int, 2);
	int one = 1, v = 0;
	bool ok = false;
	chan_send(c, &one);
	chan_close(c);
	CU_ASSERT_TRUE(chan_tryrecv(c, &v, &ok));
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_EQUAL(v, 1);
	v = 8;
	CU_ASSERT_TRUE(chan_tryrecv(c, &v, &ok));   /* a closed channel is always ready */
	CU_ASSERT_FALSE(ok);
	CU_ASSERT_EQUAL(v, 0);
	CU_ASSERT_TRUE(chan_tryrecv(c, &v, NULL));   /* ok may be NULL */
	chan_free(c);
}

static void test_trysend_and_tryrecv_on_nil_channel_never_succeed(void)
{
	int v = 4;
	bool ok = true;
	CU_ASSERT_FALSE(chan_trysend(NULL, &v));
	CU_ASSERT_FALSE(chan_tryrecv(NULL, &v, &ok));
	CU_ASSERT_FALSE(ok);
	CU_ASSERT_EQUAL(v, 4);
}

CHILD(trysend_on_closed_channel)
{
	chan *c = make_chan(int, 1);   /* room in the buffer: the close still wins */
	chan_close(c);
	int v = 1;
	chan_trysend(c, &v);
	printf("trysend on a closed channel returned\n");
}

static void test_trysend_on_closed_channel_panics(void)
{
	struct child_result r;
	run_child(&r, "trysend_on_closed_channel", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: send on closed channel\n\ngoroutine 1 [running]:\n");
	CU_ASSERT_STRING_EQUAL(r.out, "");
}

/* From Go's runtime/chan_test.go (TestNonblockRecvRace). */
struct nbrace {
	chan *c, *done;
	int failed;   /* written before the send on done, read after its receive */
};

static void tryrecv_must_succeed(void *arg)
{
	struct nbrace *r = arg;
	int v, one = 1;
	if (!chan_tryrecv(r->c, &v, NULL))
		r->failed = 1;
	chan_send(r->done, &one);
}

static void test_tryrecv_on_ready_channel_racing_with_close_succeeds(void)
{
	int n = (int)scaled(10000), bad = 0;
	for (int i = 0; i < n; i++) {
		struct nbrace r = { make_chan(int, 1), make_chan(int, 0), 0 };
		int one = 1, v;
		chan_send(r.c, &one);
		go(tryrecv_must_succeed, &r);
		chan_close(r.c);
		chan_recv(r.c, &v);
		chan_recv(r.done, &v);
		bad += r.failed;
		chan_free(r.c);
		chan_free(r.done);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* ---- range --------------------------------------------------------------- */

static void test_range_stops_after_close_and_drain(void)
{
	chan *c = make_chan(int, 10);
	for (int i = 0; i < 10; i++)
		chan_send(c, &i);
	chan_close(c);
	int v, n = 0;
	chan_range(c, v) {
		CU_ASSERT_EQUAL(v, n);
		n++;
	}
	CU_ASSERT_EQUAL(n, 10);
	chan_free(c);
}

static void test_range_over_closed_empty_channel_runs_no_iteration(void)
{
	chan *c = make_chan(int, 0);
	chan_close(c);
	int v, n = 0;
	chan_range(c, v)
		n++;
	CU_ASSERT_EQUAL(n, 0);
	chan_free(c);
}

struct gen {
	chan *out;
	int n;
};

static void generate_then_close(void *arg)
{
	struct gen *g = arg;
	for (int i = 0; i < g->n; i++)
		chan_send(g->out, &i);
	chan_close(g->out);
}

static void test_range_receives_everything_sent_before_close(void)
{
	for (int cap = 0; cap <= 8; cap += 4) {
		chan *c = make_chan(int, cap);
		go_copy(generate_then_close, &(struct gen){ c, 1000 }, sizeof(struct gen));
		int v, n = 0;
		chan_range(c, v) {
			CU_ASSERT_EQUAL(v, n);
			n++;
		}
		CU_ASSERT_EQUAL(n, 1000);
		chan_free(c);
	}
}

/*
 * After Go's test/chan/sieve1.go, the classic concurrent prime sieve, with
 * the generator closing its channel so that the whole chain winds down by
 * range and close instead of being left blocked.
 */
struct filter {
	chan *in, *out;
	int prime;
};

static void filter(void *arg)
{
	struct filter *f = arg;
	int i;
	chan_range(f->in, i)
		if (i % f->prime != 0)
			chan_send(f->out, &i);
	chan_close(f->out);
}

static void generate_from_2(void *arg)
{
	struct gen *g = arg;
	for (int i = 2; i < g->n; i++)
		chan_send(g->out, &i);
	chan_close(g->out);
}

static void test_range_winds_down_a_prime_sieve_chain(void)
{
	static const int want[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47,
	                            53, 59, 61, 67, 71, 73, 79, 83, 89, 97 };
	enum { NP = sizeof want / sizeof want[0] };
	chan *chans[NP + 1];
	int n = 0;
	chans[0] = make_chan(int, 0);
	go_copy(generate_from_2, &(struct gen){ chans[0], 100 }, sizeof(struct gen));
	chan *ch = chans[0];
	int prime;
	while (chan_recv(ch, &prime)) {
		if (n < NP)
			CU_ASSERT_EQUAL(prime, want[n]);
		if (n == NP)
			break;
		chans[n + 1] = make_chan(int, 0);
		go_copy(filter, &(struct filter){ ch, chans[n + 1], prime }, sizeof(struct filter));
		ch = chans[++n];
	}
	CU_ASSERT_EQUAL(n, NP);
	/* Every filter has closed its output: the last channel is drained and closed. */
	CU_ASSERT_FALSE(chan_recv(ch, &prime));
	for (int i = 0; i <= n; i++)
		chan_free(chans[i]);
}

void register_suites(void)
{
	ADD_SUITE("close",
	          TEST(test_recv_on_closed_empty_channel_returns_zero_and_false),
	          TEST(test_recv_after_close_returns_buffered_values_first_then_zero_and_false),
	          TEST(test_close_wakes_a_blocked_receiver_with_zero_and_false),
	          TEST(test_send_on_closed_channel_panics),
	          TEST(test_close_of_closed_channel_panics));
	ADD_SUITE("nil channels",
	          TEST(test_send_on_nil_channel_blocks_forever),
	          TEST(test_recv_on_nil_channel_blocks_forever),
	          TEST(test_goroutine_blocked_on_nil_channel_never_wakes),
	          TEST(test_close_of_nil_channel_panics),
	          TEST(test_trysend_and_tryrecv_on_nil_channel_never_succeed),
	          TEST(test_len_and_cap_of_nil_channel_are_zero));
	ADD_SUITE("len and cap",
	          TEST(test_len_and_cap_are_snapshots_of_the_buffer),
	          TEST(test_len_after_close_counts_the_values_left),
	          TEST(test_len_of_unbuffered_channel_with_waiting_sender_is_zero));
	ADD_SUITE("non-blocking",
	          TEST(test_trysend_on_full_channel_fails_and_changes_nothing),
	          TEST(test_trysend_on_unbuffered_channel_needs_a_waiting_receiver),
	          TEST(test_tryrecv_on_empty_channel_fails),
	          TEST(test_tryrecv_on_unbuffered_channel_takes_from_a_waiting_sender),
	          TEST(test_tryrecv_on_closed_channel_returns_values_then_zero_and_false),
	          TEST(test_trysend_on_closed_channel_panics),
	          TEST(test_tryrecv_on_ready_channel_racing_with_close_succeeds));
	ADD_SUITE("range",
	          TEST(test_range_stops_after_close_and_drain),
	          TEST(test_range_over_closed_empty_channel_runs_no_iteration),
	          TEST(test_range_receives_everything_sent_before_close),
	          TEST(test_range_winds_down_a_prime_sieve_chain));
}
/* SPDX-License-Identifier: BSD-3-Clause */
