/*
 * Channels: make, send, receive, close, len and cap, nil channels,
 * non-blocking operations, range, element sizes, and the known failures
 * of other C channel libraries.  Each test is named after the Go
 * behaviour it checks; tests ported from Go name their origin.
 *
 * Some tests must know that a goroutine is already blocked on a channel
 * (to close it under a waiter, say).  Sleeping and hoping is not allowed,
 * so they look, as gdb would, at the channel's wait queues: waiting()
 * counts the sudogs queued on a channel, under the channel's own lock.
 * A queued sudog means its goroutine has committed to wait and released
 * the lock; only a partner or a close can now let it go.
 */
#include "harness.h"
#include "runtime.h"   /* white box: struct hchan's wait queues, for waiting() */

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------ */

enum { RECVQ, SENDQ };

/* How many goroutines wait in c's receive (RECVQ) or send (SENDQ) queue. */
static int waiting(chan *c, int q)
{
	int n = 0;
	pthread_mutex_lock(&c->lock);
	for (struct sudog *sg = q == SENDQ ? c->sendq.first : c->recvq.first; sg; sg = sg->next)
		n++;
	pthread_mutex_unlock(&c->lock);
	return n;
}

/* Yields (never sleeps) until at least n goroutines wait in that queue. */
static void await_waiting(chan *c, int q, int n)
{
	while (waiting(c, q) < n)
		go_yield();
}

struct pair {
	chan *c;
	int value;
};

static void send_value(void *arg)
{
	struct pair *p = arg;
	chan_send(p->c, &p->value);
}

/* Sends value on c, then (only once that send has returned) 1 on after. */
struct sendspec {
	chan *c, *after;
	int value;
};

/* Not static, here and below, so that goroutine dumps can name it. */
void send_then_report(void *arg);
void send_on_nil(void *arg);

void send_then_report(void *arg)
{
	struct sendspec *s = arg;
	chan_send(s->c, &s->value);
	int one = 1;
	chan_send(s->after, &one);
}

/* Receives one int from c and reports {value, ok} on result. */
struct recvspec {
	chan *c, *result;
};
struct recvres {
	int value;
	bool ok;
};

static void recv_then_report(void *arg)
{
	struct recvspec *s = arg;
	struct recvres r;
	r.value = 12345;   /* must be overwritten: by a value, or by zero on close */
	r.ok = chan_recv(s->c, &r.value);
	chan_send(s->result, &r);
}

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

CHILD(free_with_waiting_receiver)
{
	chan *c = make_chan(int, 0);
	chan *result = make_chan(struct recvres, 1);
	go_copy(recv_then_report, &(struct recvspec){ c, result }, sizeof(struct recvspec));
	await_waiting(c, RECVQ, 1);
	chan_free(c);
	printf("chan_free returned with a goroutine waiting\n");
}

static void test_free_of_channel_with_waiting_goroutine_stops_the_program(void)
{
	struct child_result r;
	run_child(&r, "free_with_waiting_receiver", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: gothreads: chan_free of a channel that goroutines are "
	                     "still waiting on\n\ngoroutine 1 [running]:\n");
	CU_ASSERT_STRING_EQUAL(r.out, "");
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

/* ---- element sizes ------------------------------------------------------- */

/* From Go's test/chan/zerosize.go, and then used. */
static void send_empty(void *arg)
{
	chan *c = arg;
	chan_send(c, NULL);
}

static void test_zero_size_elements_work_unbuffered(void)
{
	chan *c = chan_make(0, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	for (int i = 0; i < 100; i++) {
		go(send_empty, c);
		CU_ASSERT_TRUE(chan_recv(c, NULL));
	}
	go(send_empty, c);
	struct {
		char nothing[0];
	} e;
	CU_ASSERT_TRUE(chan_recv(c, &e));
	chan_close(c);
	CU_ASSERT_FALSE(chan_recv(c, NULL));
	chan_free(c);
}

static void test_zero_size_elements_work_buffered(void)
{
	for (int cap = 1; cap <= 3; cap++) {
		chan *c = chan_make(0, cap);
		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		for (int i = 0; i < cap; i++)
			CU_ASSERT_TRUE(chan_trysend(c, NULL));
		CU_ASSERT_FALSE(chan_trysend(c, NULL));
		CU_ASSERT_EQUAL(chan_len(c), cap);
		CU_ASSERT_EQUAL(chan_cap(c), cap);
		for (int round = 0; round < 1000; round++) {   /* wrap around */
			CU_ASSERT_TRUE(chan_recv(c, NULL));
			chan_send(c, NULL);
		}
		chan_close(c);
		for (int i = 0; i < cap; i++)
			CU_ASSERT_TRUE(chan_recv(c, NULL));
		bool ok = true;
		CU_ASSERT_TRUE(chan_tryrecv(c, NULL, &ok));
		CU_ASSERT_FALSE(ok);
		chan_free(c);
	}
}

struct big {
	uint32_t sender, seq;
	unsigned char bytes[1024 - 8];
};

static unsigned char pattern(uint32_t sender, uint32_t seq, size_t i)
{
	return (unsigned char)(sender * 131 + seq * 31 + i * 7 + (i >> 8));
}

struct bigspec {
	chan *c;
	uint32_t sender, n;
};

static void send_big(void *arg)
{
	struct bigspec *s = arg;
	struct big b;
	for (uint32_t seq = 0; seq < s->n; seq++) {
		b.sender = s->sender;
		b.seq = seq;
		for (size_t i = 0; i < sizeof b.bytes; i++)
			b.bytes[i] = pattern(s->sender, seq, i);
		chan_send(s->c, &b);
		memset(&b, 0xee, sizeof b);   /* the channel must have copied it */
	}
}

static void test_large_elements_are_copied_intact(void)
{
	enum { S = 3, N = 200 };
	for (int cap = 0; cap <= 4; cap += 4) {
		chan *c = make_chan(struct big, cap);
		for (uint32_t s = 0; s < S; s++)
			go_copy(send_big, &(struct bigspec){ c, s, N }, sizeof(struct bigspec));
		uint32_t next[S] = { 0 };
		int bad = 0;
		for (int k = 0; k < S * N; k++) {
			struct big b;
			CU_ASSERT_TRUE(chan_recv(c, &b));
			if (b.sender >= S || b.seq != next[b.sender]) {
				bad++;
				continue;
			}
			next[b.sender]++;   /* each sender's values arrive in its order */
			for (size_t i = 0; i < sizeof b.bytes; i++)
				if (b.bytes[i] != pattern(b.sender, b.seq, i)) {
					bad++;
					break;
				}
		}
		CU_ASSERT_EQUAL(bad, 0);
		for (int s = 0; s < S; s++)
			CU_ASSERT_EQUAL(next[s], N);
		chan_free(c);
	}
}

static void test_recv_into_null_discards_the_value(void)
{
	chan *c = make_chan(int, 2);
	int one = 1, two = 2, v = 0;
	chan_send(c, &one);
	chan_send(c, &two);
	CU_ASSERT_TRUE(chan_recv(c, NULL));
	CU_ASSERT_TRUE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(v, 2);
	chan_free(c);

	c = make_chan(int, 0);   /* a direct hand-off to a NULL destination */
	go_copy(send_value, &(struct pair){ c, 3 }, sizeof(struct pair));
	CU_ASSERT_TRUE(chan_recv(c, NULL));
	chan_close(c);
	CU_ASSERT_FALSE(chan_recv(c, NULL));
	chan_free(c);
}

static void test_buffered_send_copies_the_value_at_send_time(void)
{
	chan *c = make_chan(int, 1);
	int x = 5, v = 0;
	chan_send(c, &x);
	x = 6;
	chan_recv(c, &v);
	CU_ASSERT_EQUAL(v, 5);
	chan_free(c);
}

/* ---- known channel bugs -------------------------------------------------- */

/*
 * Each test here is named for a failure found in other C channel
 * libraries.  Where the failure would be a hang, the watchdog reports it.
 */

struct worker {
	chan *c, *done;
	int n;        /* values to move */
	int base;     /* first value a sender sends */
	bool trying;  /* receive with chan_tryrecv in a loop */
};

struct tally {
	long count, sum;
};

static void sender(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < w->n; i++) {
		int v = w->base + i;
		chan_send(w->c, &v);
	}
}

static void receiver(void *arg)
{
	struct worker *w = arg;
	struct tally t = { 0, 0 };
	for (int i = 0; i < w->n; i++) {
		int v;
		if (w->trying)
			while (!chan_tryrecv(w->c, &v, NULL))
				go_yield();
		else
			chan_recv(w->c, &v);
		t.count++;
		t.sum += v;
	}
	chan_send(w->done, &t);
}

static void test_no_lost_wakeup_with_several_senders_and_receivers_on_a_buffered_channel(void)
{
	enum { S = 4, R = 4 };
	int rounds = (int)scaled(300), per = 50;
	long bad = 0;
	for (int round = 0; round < rounds; round++) {
		chan *c = make_chan(int, 1 + round % 3), *done = make_chan(struct tally, R);
		for (int s = 0; s < S; s++)
			go_copy(sender, &(struct worker){ c, NULL, per, s * per, false }, sizeof(struct worker));
		for (int r = 0; r < R; r++)
			go_copy(receiver, &(struct worker){ c, done, per, 0, false }, sizeof(struct worker));
		struct tally total = { 0, 0 };
		for (int r = 0; r < R; r++) {
			struct tally t;
			chan_recv(done, &t);
			total.count += t.count;
			total.sum += t.sum;
		}
		long n = (long)S * per;
		bad += total.count != n || total.sum != n * (n - 1) / 2;
		CU_ASSERT_EQUAL(chan_len(c), 0);
		chan_free(c);
		chan_free(done);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/*
 * One condvar shared by senders and receivers, signalled once per
 * operation, can wake a goroutine of the wrong side, which goes back to
 * sleep, and the one that should have woken never does (OSTEP's
 * pc_single_cv.c).  Here two receivers wait on an empty cap-1 channel
 * and main sends twice: the first receiver to take a value must wake main
 * (blocked on the full buffer), not the other receiver.  Mirrored with
 * two blocked senders and main receiving twice.
 */
static void test_receive_wakes_a_sender_not_another_receiver(void)
{
	int rounds = (int)scaled(2000);
	for (int round = 0; round < rounds; round++) {
		chan *c = make_chan(int, 1), *result = make_chan(struct recvres, 2);
		for (int i = 0; i < 2; i++)
			go_copy(recv_then_report, &(struct recvspec){ c, result }, sizeof(struct recvspec));
		await_waiting(c, RECVQ, 2);
		int a = 1, b = 2, v;
		chan_send(c, &a);
		chan_send(c, &b);
		chan_send(c, &a);   /* blocks on a full buffer unless a receiver wakes main */
		struct recvres r1, r2;
		chan_recv(result, &r1);
		chan_recv(result, &r2);
		CU_ASSERT_EQUAL(r1.value + r2.value, 3);
		CU_ASSERT_TRUE(chan_recv(c, &v));
		CU_ASSERT_EQUAL(v, 1);
		chan_free(c);
		chan_free(result);
	}
}

static void test_send_wakes_a_receiver_not_another_sender(void)
{
	int rounds = (int)scaled(2000);
	for (int round = 0; round < rounds; round++) {
		chan *c = make_chan(int, 1), *after = make_chan(int, 2);
		int zero = 0, x;
		chan_send(c, &zero);   /* full */
		go_copy(send_then_report, &(struct sendspec){ c, after, 1 }, sizeof(struct sendspec));
		await_waiting(c, SENDQ, 1);
		go_copy(send_then_report, &(struct sendspec){ c, after, 2 }, sizeof(struct sendspec));
		await_waiting(c, SENDQ, 2);
		int v0 = -1, v1 = -1, v2 = -1;
		chan_recv(c, &v0);
		chan_recv(c, &v1);
		chan_recv(c, &v2);   /* blocks on an empty buffer unless a sender wakes main */
		CU_ASSERT_EQUAL(v0, 0);
		CU_ASSERT_EQUAL(v1, 1);   /* FIFO: senders queued in this order */
		CU_ASSERT_EQUAL(v2, 2);
		chan_recv(after, &x);
		chan_recv(after, &x);
		chan_free(c);
		chan_free(after);
	}
}

/* Many senders of unique values, receivers both blocking and polling. */
struct seenspec {
	chan *c, *done;
	unsigned char *seen;   /* seen[v]: written by the one receiver of v */
	int n;
	bool trying;
};

static void mark_seen(void *arg)
{
	struct seenspec *s = arg;
	long count = 0;
	for (int i = 0; i < s->n; i++) {
		int v;
		if (s->trying)
			while (!chan_tryrecv(s->c, &v, NULL))
				go_yield();
		else
			chan_recv(s->c, &v);
		s->seen[v]++;
		count++;
	}
	chan_send(s->done, &count);
}

static void test_unbuffered_value_is_received_exactly_once(void)
{
	enum { S = 4, R = 4 };
	int per = (int)scaled(20000), n = S * per;
	unsigned char *seen = calloc((size_t)n, 1);
	chan *c = make_chan(int, 0), *done = make_chan(long, R);
	for (int s = 0; s < S; s++)
		go_copy(sender, &(struct worker){ c, NULL, per, s * per, false }, sizeof(struct worker));
	/* Receivers take S*per values between them: per each, half of them polling. */
	for (int r = 0; r < R; r++)
		go_copy(mark_seen, &(struct seenspec){ c, done, seen, per, r % 2 == 1 },
		        sizeof(struct seenspec));
	long total = 0;
	for (int r = 0; r < R; r++) {
		long k;
		chan_recv(done, &k);
		total += k;
	}
	CU_ASSERT_EQUAL(total, n);
	int missing = 0, twice = 0;
	for (int v = 0; v < n; v++) {
		missing += seen[v] == 0;
		twice += seen[v] > 1;
	}
	CU_ASSERT_EQUAL(missing, 0);
	CU_ASSERT_EQUAL(twice, 0);
	free(seen);
	chan_free(c);
	chan_free(done);
}

static void test_close_wakes_every_blocked_receiver(void)
{
	enum { N = 16 };
	for (int cap = 0; cap <= 4; cap += 4) {
		chan *c = make_chan(int, cap), *result = make_chan(struct recvres, N);
		for (int i = 0; i < N; i++)
			go_copy(recv_then_report, &(struct recvspec){ c, result }, sizeof(struct recvspec));
		await_waiting(c, RECVQ, N);
		chan_close(c);
		for (int i = 0; i < N; i++) {
			struct recvres r;
			chan_recv(result, &r);
			CU_ASSERT_EQUAL(r.value, 0);
			CU_ASSERT_FALSE(r.ok);
		}
		CU_ASSERT_EQUAL(waiting(c, RECVQ), 0);
		chan_free(c);
		chan_free(result);
	}
}

/*
 * Senders blocked at close: each must wake and panic.  The first panic
 * ends the process, so this shows that close leaves no sender queued and
 * that a woken sender panics rather than returning (main would then
 * receive on `after` and print) or sleeping on (then the deadlock
 * detector would speak instead).
 */
CHILD(close_with_blocked_senders)
{
	enum { N = 8 };
	chan *c = make_chan(int, 0), *after = make_chan(int, N);
	for (int i = 0; i < N; i++)
		go_copy(send_then_report, &(struct sendspec){ c, after, i }, sizeof(struct sendspec));
	await_waiting(c, SENDQ, N);
	chan_close(c);
	if (waiting(c, SENDQ) != 0) {
		printf("close left senders queued\n");
		fflush(stdout);
		_exit(5);
	}
	int x;
	chan_recv(after, &x);
	printf("a sender blocked at close returned\n");
}

static void test_close_wakes_every_blocked_sender_and_each_panics(void)
{
	struct child_result r;
	run_child(&r, "close_with_blocked_senders", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	/*
	 * Several senders panic at once; as in Go, only the first one reports
	 * (the others wait until it has ended the process), so the report
	 * holds exactly one panic line, from a sender, not main.
	 */
	ASSERT_PREFIX(r.err, "panic: send on closed channel\n\n");
	ASSERT_CONTAINS(r.err, " [running]:\nsend_then_report(");
	CU_ASSERT_PTR_NULL(strstr(r.err + 1, "panic: "));
	CU_ASSERT_PTR_NULL(strstr(r.err, "goroutine 1 [running]"));
	CU_ASSERT_STRING_EQUAL(r.out, "");
}

CHILD(close_with_one_blocked_sender)
{
	chan *c = make_chan(int, 1), *after = make_chan(int, 0);
	int zero = 0;
	chan_send(c, &zero);   /* full: the sender below blocks */
	go_named("sender", send_then_report, &(struct sendspec){ c, after, 1 }, sizeof(struct sendspec));
	await_waiting(c, SENDQ, 1);
	chan_close(c);
	int x;
	chan_recv(after, &x);
	printf("the sender blocked at close returned\n");
}

static void test_sender_blocked_at_close_panics_instead_of_returning_or_hanging(void)
{
	struct child_result r;
	run_child(&r, "close_with_one_blocked_sender", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: send on closed channel\n\ngoroutine 2 [running]:\n"
	                     "send_then_report(");
	ASSERT_CONTAINS(r.err, "\tname: sender\n");
	CU_ASSERT_STRING_EQUAL(r.out, "");
}

void register_suites(void)
{
	ADD_SUITE("make and free",
	          TEST(test_make_with_negative_size_panics),
	          TEST(test_make_with_absurd_size_panics),
	          TEST(test_free_of_nil_channel_does_nothing),
	          TEST(test_free_of_channel_with_waiting_goroutine_stops_the_program));
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
	ADD_SUITE("element sizes",
	          TEST(test_zero_size_elements_work_unbuffered),
	          TEST(test_zero_size_elements_work_buffered),
	          TEST(test_large_elements_are_copied_intact),
	          TEST(test_recv_into_null_discards_the_value),
	          TEST(test_buffered_send_copies_the_value_at_send_time));
	ADD_SUITE("known channel bugs",
	          TEST(test_no_lost_wakeup_with_several_senders_and_receivers_on_a_buffered_channel),
	          TEST(test_receive_wakes_a_sender_not_another_receiver),
	          TEST(test_send_wakes_a_receiver_not_another_sender),
	          TEST(test_unbuffered_value_is_received_exactly_once),
	          TEST(test_close_wakes_every_blocked_receiver),
	          TEST(test_close_wakes_every_blocked_sender_and_each_panics),
	          TEST(test_sender_blocked_at_close_panics_instead_of_returning_or_hanging));
}
