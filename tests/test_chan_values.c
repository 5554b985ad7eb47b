/*
 * Channels: every value arrives intact and exactly once: element sizes
 * (empty, large, discarded), and the known failures of other C channel
 * libraries (lost and misdirected wake-ups, values received twice).
 * Each test is named after the Go behaviour it checks; tests ported from
 * Go name their origin.  Shared helpers: chan_helpers.h.
 */
#include "chan_helpers.h"

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
/* SPDX-License-Identifier: BSD-3-Clause */
