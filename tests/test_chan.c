/*
 * Channels: make and free, unbuffered and buffered send and receive.
 * Each test is named after the Go behaviour it checks; tests ported from
 * Go name their origin.  Shared helpers: chan_helpers.h.
 */
#include "chan_helpers.h"

/* ---- make and free ------------------------------------------------------- */

CHILD(make_negative_cap)
{
	chan_make(sizeof(int), -1);
}

static void test_make_with_negative_size_panics(void)
{
	struct child_result r;
	run_child(&r, "make_negative_cap", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: makechan: size out of range\n\ngoroutine 1 [running]:\n");
}

CHILD(make_absurd_cap)
{
	chan_make(1024, LONG_MAX / 2);
}

static void test_make_with_absurd_size_panics(void)
{
	struct child_result r;
	run_child(&r, "make_absurd_cap", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: makechan: size out of range\n\ngoroutine 1 [running]:\n");
}

static void test_free_of_nil_channel_does_nothing(void)
{
	chan_free(NULL);
	CU_PASS("chan_free(NULL) returned");
}

/*
 * In Go a goroutine blocked on a channel nobody else can reach any more
 * waits for ever, and the runtime reports the deadlock when nothing else
 * can run: chan_free leaves it blocked, and the channel's memory stays
 * while it waits.
 */
CHILD(free_with_waiting_receiver)
{
	chan *c = make_chan(int, 0);
	chan *result = make_chan(struct recvres, 1);
	go_copy(recv_then_report, &(struct recvspec){ c, result }, sizeof(struct recvspec));
	await_waiting(c, RECVQ, 1);
	chan_free(c);
	printf("chan_free returned with a goroutine waiting\n");
	fflush(stdout);
	struct recvres r;
	chan_recv(result, &r);
}

static void test_a_goroutine_blocked_on_a_channel_everybody_freed_stays_blocked(void)
{
	struct child_result r;
	run_child(&r, "free_with_waiting_receiver", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_STRING_EQUAL(r.out, "chan_free returned with a goroutine waiting\n");
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\n"
	                     "goroutine 1 [chan receive]:\n");
	ASSERT_CONTAINS(r.err, "[chan receive]:\nrecv_then_report");
}

/*
 * One chan_free too many, or a chan_dup after the last, while a blocked
 * goroutine still keeps the memory: named in every build.
 */
CHILD(free_twice_while_waited_on)
{
	chan *c = make_chan(int, 0);
	go_copy(recv_then_report, &(struct recvspec){ c, make_chan(struct recvres, 1) },
	        sizeof(struct recvspec));
	await_waiting(c, RECVQ, 1);
	chan_free(c);
	chan_free(c);
}

CHILD(dup_after_last_free)
{
	chan *c = make_chan(int, 0);
	go_copy(recv_then_report, &(struct recvspec){ c, make_chan(struct recvres, 1) },
	        sizeof(struct recvspec));
	await_waiting(c, RECVQ, 1);
	chan_free(c);
	chan_dup(c);
}

static void test_a_free_or_dup_after_the_last_free_is_named(void)
{
	struct child_result r;
	run_child(&r, "free_twice_while_waited_on", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: gothreads: chan_free of a channel already freed (a double free)\n\n"
	                     "goroutine 1 [running]:\n");
	run_child(&r, "dup_after_last_free", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: gothreads: chan_dup of a channel after its last chan_free\n\n"
	                     "goroutine 1 [running]:\n");
}

/* ---- unbuffered ---------------------------------------------------------- */

static void test_unbuffered_send_hands_value_to_receiver(void)
{
	chan *c = make_chan(int, 0);
	go_copy(send_value, &(struct pair){ c, 42 }, sizeof(struct pair));
	int v = 0;
	CU_ASSERT_TRUE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(v, 42);
	chan_free(c);
}

static void test_unbuffered_send_blocks_until_a_receiver_takes_the_value(void)
{
	chan *c = make_chan(int, 0), *after = make_chan(int, 1);
	go_copy(send_then_report, &(struct sendspec){ c, after, 42 }, sizeof(struct sendspec));
	await_waiting(c, SENDQ, 1);
	/* The sender is queued: its send has not returned, nothing is buffered. */
	int x;
	CU_ASSERT_FALSE(chan_tryrecv(after, &x, NULL));
	CU_ASSERT_EQUAL(chan_len(c), 0);
	int v = 0;
	CU_ASSERT_TRUE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(v, 42);
	CU_ASSERT_TRUE(chan_recv(after, &x));   /* now it returns */
	chan_free(c);
	chan_free(after);
}

/*
 * The same, proved by the deadlock detector: the sender's only way out
 * is a receiver, and main waits for the sender to come out.  If the send
 * returned early, main would be woken; it is not, so everyone sleeps.
 */
CHILD(unbuffered_sender_without_receiver)
{
	chan *c = make_chan(int, 0), *after = make_chan(int, 0);
	go_copy(send_then_report, &(struct sendspec){ c, after, 42 }, sizeof(struct sendspec));
	int x;
	chan_recv(after, &x);
	printf("the send returned with no receiver\n");
}

static void test_unbuffered_send_never_completes_without_a_receiver(void)
{
	struct child_result r;
	run_child(&r, "unbuffered_sender_without_receiver", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\n"
	                     "goroutine 1 [chan receive]:\n");
	ASSERT_CONTAINS(r.err, "[chan send]:\nsend_then_report(");
	CU_ASSERT_STRING_EQUAL(r.out, "");
}

static void test_unbuffered_recv_blocks_until_a_sender_arrives(void)
{
	chan *c = make_chan(int, 0), *result = make_chan(struct recvres, 1);
	go_copy(recv_then_report, &(struct recvspec){ c, result }, sizeof(struct recvspec));
	await_waiting(c, RECVQ, 1);
	struct recvres r;
	CU_ASSERT_FALSE(chan_tryrecv(result, &r, NULL));
	int v = 7;
	chan_send(c, &v);
	CU_ASSERT_TRUE(chan_recv(result, &r));
	CU_ASSERT_EQUAL(r.value, 7);
	CU_ASSERT_TRUE(r.ok);
	chan_free(c);
	chan_free(result);
}

/* From Go's test/chan/fifo.go (SynchFifo): queued senders are served in order. */
struct link {
	chan *ch, *in, *out;
	int val;
	atomic_int *bad;
};

static void chain(void *arg)
{
	struct link *l = arg;
	int v, one = 1;
	chan_recv(l->in, &v);
	chan_recv(l->ch, &v);
	if (v != l->val)
		atomic_fetch_add(l->bad, 1);
	chan_send(l->out, &one);
}

static void test_unbuffered_channel_is_a_fifo_daisy_chain(void)
{
	enum { N = 10 };
	atomic_int bad = 0;
	chan *ch = make_chan(int, 0);
	chan *links[N + 1];
	for (int i = 0; i <= N; i++)
		links[i] = make_chan(int, 0);
	for (int i = 0; i < N; i++)
		go_copy(chain, &(struct link){ ch, links[i], links[i + 1], i, &bad }, sizeof(struct link));
	int zero = 0, v;
	chan_send(links[0], &zero);
	for (int i = 0; i < N; i++)
		chan_send(ch, &i);
	chan_recv(links[N], &v);
	CU_ASSERT_EQUAL(atomic_load(&bad), 0);
	for (int i = 0; i <= N; i++)
		chan_free(links[i]);
	chan_free(ch);
}

static void test_unbuffered_senders_are_served_in_arrival_order(void)
{
	enum { N = 8 };
	chan *c = make_chan(int, 0);
	/* Each sender is queued before the next starts, so the queue order is known. */
	for (int i = 0; i < N; i++) {
		go_copy(send_value, &(struct pair){ c, i }, sizeof(struct pair));
		await_waiting(c, SENDQ, i + 1);
	}
	for (int i = 0; i < N; i++) {
		int v = -1;
		CU_ASSERT_TRUE(chan_recv(c, &v));
		CU_ASSERT_EQUAL(v, i);
	}
	chan_free(c);
}

struct pingpong {
	chan *ping, *pong;
	int rounds;
};

static void ponger(void *arg)
{
	struct pingpong *p = arg;
	int v;
	for (int i = 0; i < p->rounds; i++) {
		chan_recv(p->ping, &v);
		v++;
		chan_send(p->pong, &v);
	}
}

static void test_unbuffered_values_pass_both_ways_in_a_ping_pong(void)
{
	struct pingpong p = { make_chan(int, 0), make_chan(int, 0), (int)scaled(10000) };
	go_copy(ponger, &p, sizeof p);
	int v = 0;
	for (int i = 0; i < p.rounds; i++) {
		chan_send(p.ping, &v);
		chan_recv(p.pong, &v);
		v++;
	}
	CU_ASSERT_EQUAL(v, 2 * p.rounds);
	chan_free(p.ping);
	chan_free(p.pong);
}

/* ---- buffered ------------------------------------------------------------ */

static void test_buffered_send_does_not_block_until_the_buffer_is_full(void)
{
	for (int cap = 1; cap <= 16; cap++) {
		chan *c = make_chan(int, cap);
		for (int i = 0; i < cap; i++)
			CU_ASSERT_TRUE(chan_trysend(c, &i));
		int x = -1;
		CU_ASSERT_FALSE(chan_trysend(c, &x));   /* exactly cap, not one more */
		CU_ASSERT_EQUAL(chan_len(c), cap);
		for (int i = 0; i < cap; i++) {
			int v = -1;
			CU_ASSERT_TRUE(chan_recv(c, &v));
			CU_ASSERT_EQUAL(v, i);
		}
		CU_ASSERT_FALSE(chan_tryrecv(c, &x, NULL));
		chan_free(c);
	}
}

/* From Go's test/chan/fifo.go (AsynchFifo). */
static void test_buffered_channel_is_a_fifo(void)
{
	enum { N = 10 };
	chan *c = make_chan(int, N);
	for (int i = 0; i < N; i++)
		chan_send(c, &i);
	for (int i = 0; i < N; i++) {
		int v = -1;
		chan_recv(c, &v);
		CU_ASSERT_EQUAL(v, i);
	}
	chan_free(c);
}

static void test_buffered_fifo_order_holds_across_many_wraparounds(void)
{
	enum { CAP = 7 };
	chan *c = make_chan(int, CAP);
	int next_in = 0, next_out = 0, len = 0, bad = 0;
	unsigned rng = 12345;
	for (int step = 0; step < 20000; step++) {
		rng = rng * 1103515245 + 12345;
		int nsend = (int)(rng >> 16) % (CAP + 2), nrecv = (int)(rng >> 8) % (CAP + 2);
		for (int i = 0; i < nsend; i++) {
			bool sent = chan_trysend(c, &next_in);
			if (sent != (len < CAP))
				bad++;
			if (sent) {
				next_in++;
				len++;
			}
		}
		for (int i = 0; i < nrecv; i++) {
			int v = -1;
			bool ok = false;
			bool got = chan_tryrecv(c, &v, &ok);
			if (got != (len > 0) || (got && (!ok || v != next_out)))
				bad++;
			if (got) {
				next_out++;
				len--;
			}
		}
		if (chan_len(c) != len)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(next_out > 10 * CAP * 100);   /* the ring wrapped many times */
	chan_free(c);
}

static void test_buffered_send_on_full_channel_blocks_until_a_receive(void)
{
	chan *c = make_chan(int, 2), *after = make_chan(int, 1);
	int one = 1, two = 2, x;
	chan_send(c, &one);
	chan_send(c, &two);
	go_copy(send_then_report, &(struct sendspec){ c, after, 3 }, sizeof(struct sendspec));
	await_waiting(c, SENDQ, 1);
	CU_ASSERT_FALSE(chan_tryrecv(after, &x, NULL));
	CU_ASSERT_EQUAL(chan_len(c), 2);
	int v = -1;
	CU_ASSERT_TRUE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(v, 1);
	CU_ASSERT_TRUE(chan_recv(after, &x));   /* the sender's value went in */
	CU_ASSERT_EQUAL(chan_len(c), 2);
	CU_ASSERT_TRUE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(v, 2);
	CU_ASSERT_TRUE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(v, 3);
	chan_free(c);
	chan_free(after);
}

static void test_buffered_recv_on_empty_channel_blocks_until_a_send(void)
{
	chan *c = make_chan(int, 3), *result = make_chan(struct recvres, 1);
	go_copy(recv_then_report, &(struct recvspec){ c, result }, sizeof(struct recvspec));
	await_waiting(c, RECVQ, 1);
	struct recvres r;
	CU_ASSERT_FALSE(chan_tryrecv(result, &r, NULL));
	int v = 9;
	chan_send(c, &v);
	CU_ASSERT_TRUE(chan_recv(result, &r));
	CU_ASSERT_EQUAL(r.value, 9);
	CU_ASSERT_TRUE(r.ok);
	CU_ASSERT_EQUAL(chan_len(c), 0);   /* handed over, never buffered */
	chan_free(c);
	chan_free(result);
}

/* From Go's runtime/chan_test.go (TestChan): what P senders send, P receivers get. */
struct counter_spec {
	chan *c, *done;
	int n;
};

static void send_range(void *arg)
{
	struct counter_spec *s = arg;
	for (int i = 0; i < s->n; i++)
		chan_send(s->c, &i);
}

static void recv_and_count(void *arg)
{
	struct counter_spec *s = arg;
	int *counts = calloc((size_t)s->n, sizeof *counts);
	for (int i = 0; i < s->n; i++) {
		int v = -1;
		chan_recv(s->c, &v);
		if (v >= 0 && v < s->n)
			counts[v]++;
	}
	chan_send(s->done, &counts);
}

static void test_what_senders_send_receivers_get_for_every_capacity(void)
{
	enum { P = 4, L = 1000 };
	for (int cap = 0; cap < 20; cap++) {
		chan *c = make_chan(int, cap), *done = make_chan(int *, 0);
		/* 100 values, one sender: FIFO and intact. */
		go_copy(send_range, &(struct counter_spec){ c, NULL, 100 }, sizeof(struct counter_spec));
		for (int i = 0; i < 100; i++) {
			int v = -1;
			CU_ASSERT_TRUE(chan_recv(c, &v));
			CU_ASSERT_EQUAL(v, i);
		}
		for (int p = 0; p < P; p++) {
			go_copy(send_range, &(struct counter_spec){ c, done, L }, sizeof(struct counter_spec));
			go_copy(recv_and_count, &(struct counter_spec){ c, done, L }, sizeof(struct counter_spec));
		}
		int total[L] = { 0 };
		for (int p = 0; p < P; p++) {
			int *counts;
			chan_recv(done, &counts);
			for (int i = 0; i < L; i++)
				total[i] += counts[i];
			free(counts);
		}
		int bad = 0;
		for (int i = 0; i < L; i++)
			bad += total[i] != P;
		CU_ASSERT_EQUAL(bad, 0);
		chan_free(c);
		chan_free(done);
	}
}

void register_suites(void)
{
	ADD_SUITE("make and free",
	          TEST(test_make_with_negative_size_panics),
	          TEST(test_make_with_absurd_size_panics),
	          TEST(test_free_of_nil_channel_does_nothing),
	          TEST(test_a_goroutine_blocked_on_a_channel_everybody_freed_stays_blocked),
	          TEST(test_a_free_or_dup_after_the_last_free_is_named));
	ADD_SUITE("unbuffered",
	          TEST(test_unbuffered_send_hands_value_to_receiver),
	          TEST(test_unbuffered_send_blocks_until_a_receiver_takes_the_value),
	          TEST(test_unbuffered_send_never_completes_without_a_receiver),
	          TEST(test_unbuffered_recv_blocks_until_a_sender_arrives),
	          TEST(test_unbuffered_channel_is_a_fifo_daisy_chain),
	          TEST(test_unbuffered_senders_are_served_in_arrival_order),
	          TEST(test_unbuffered_values_pass_both_ways_in_a_ping_pong));
	ADD_SUITE("buffered",
	          TEST(test_buffered_send_does_not_block_until_the_buffer_is_full),
	          TEST(test_buffered_channel_is_a_fifo),
	          TEST(test_buffered_fifo_order_holds_across_many_wraparounds),
	          TEST(test_buffered_send_on_full_channel_blocks_until_a_receive),
	          TEST(test_buffered_recv_on_empty_channel_blocks_until_a_send),
	          TEST(test_what_senders_send_receivers_get_for_every_capacity));
}
/* SPDX-License-Identifier: BSD-3-Clause */
