/*
 * Stress: many producers and consumers on one channel, for unbuffered and
 * buffered channels, counting every value.  Each value is a unique
 * integer, so the consumers can check, between them, that every value
 * arrived exactly once: the count, the sum, and a seen[] byte per value.
 *
 * seen[v] is plain memory, written by whichever consumer received v and
 * read by main after every consumer has reported on `done`.  A value
 * delivered twice would show as seen[v] == 2, and under helgrind, DRD or
 * ThreadSanitizer also as a data race between the two consumers.
 *
 * Counts are scaled(): a million values natively, fewer under the tools.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

struct producer {
	chan *c;
	long base, n;   /* sends base, base+1, ..., base+n-1 */
	bool trying;    /* with chan_trysend, yielding while it fails */
	chan *finished; /* told when all are sent; may be NULL */
};

struct tally {
	long count;
	long long sum;
};

struct consumer {
	chan *c, *done;
	unsigned char *seen;
	long n;         /* values to take; -1: until the channel is closed */
	bool trying;    /* with chan_tryrecv, yielding while it fails */
};

static void produce(void *arg)
{
	struct producer *p = arg;
	for (long i = 0; i < p->n; i++) {
		long v = p->base + i;
		if (p->trying && i % 2 == 0) {
			while (!chan_trysend(p->c, &v))
				go_yield();
		} else {
			chan_send(p->c, &v);
		}
	}
	if (p->finished)
		chan_send(p->finished, NULL);
}

static void consume(void *arg)
{
	struct consumer *k = arg;
	struct tally t = { 0, 0 };
	long v;
	if (k->n < 0 && !k->trying) {
		chan_range(k->c, v) {
			k->seen[v]++;
			t.count++;
			t.sum += v;
		}
	} else {
		for (long i = 0; k->n < 0 || i < k->n; i++) {
			bool ok = true;
			if (k->trying) {
				while (!chan_tryrecv(k->c, &v, &ok))
					go_yield();
			} else {
				ok = chan_recv(k->c, &v);
			}
			if (!ok)
				break;   /* closed and drained */
			k->seen[v]++;
			t.count++;
			t.sum += v;
		}
	}
	chan_send(k->done, &t);
}

/* Checks the consumers' reports and seen[] against values 0..n-1. */
static void check_all_arrived_once(chan *done, int nconsumers, unsigned char *seen, long n)
{
	struct tally total = { 0, 0 };
	for (int i = 0; i < nconsumers; i++) {
		struct tally t;
		CU_ASSERT_TRUE(chan_recv(done, &t));
		total.count += t.count;
		total.sum += t.sum;
	}
	CU_ASSERT_EQUAL(total.count, n);
	CU_ASSERT_EQUAL(total.sum, (long long)n * (n - 1) / 2);
	long missing = 0, twice = 0;
	for (long v = 0; v < n; v++) {
		missing += seen[v] == 0;
		twice += seen[v] > 1;
	}
	CU_ASSERT_EQUAL(missing, 0);
	CU_ASSERT_EQUAL(twice, 0);
	if (missing || twice || total.count != n)
		fprintf(stderr, "\n%ld values: %ld received, %ld missing, %ld more than once\n",
		        n, total.count, missing, twice);
}

/*
 * P producers send n values between them on a channel of capacity cap;
 * C consumers each take exactly their share.  A lost value or a lost
 * wake-up leaves a consumer waiting, which the watchdog reports.
 */
static long gcd(long a, long b)
{
	return b ? gcd(b, a % b) : a;
}

static void many_to_many(long cap, int P, int C, long n)
{
	long lcm = (long)P / gcd(P, C) * C;
	n = n < lcm ? lcm : n / lcm * lcm;   /* shared evenly by producers and by consumers */
	chan *c = make_chan(long, cap), *done = make_chan(struct tally, C);
	unsigned char *seen = calloc((size_t)n, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(seen);
	for (int i = 0; i < C; i++)
		go_copy(consume, &(struct consumer){ c, done, seen, n / C, false },
		        sizeof(struct consumer));
	for (int i = 0; i < P; i++)
		go_copy(produce, &(struct producer){ c, i * (n / P), n / P, false, NULL },
		        sizeof(struct producer));
	check_all_arrived_once(done, C, seen, n);
	CU_ASSERT_EQUAL(chan_len(c), 0);
	free(seen);
	chan_free(c);
	chan_free(done);
}

static void test_unbuffered_channel_moves_a_million_values_exactly_once(void)
{
	many_to_many(0, 4, 4, scaled(1000000));
}

static void test_capacity_1_channel_moves_a_million_values_exactly_once(void)
{
	many_to_many(1, 4, 4, scaled(1000000));
}

static void test_capacity_10_channel_moves_a_million_values_exactly_once(void)
{
	many_to_many(10, 4, 4, scaled(1000000));
}

static void test_capacity_100_channel_moves_a_million_values_exactly_once(void)
{
	many_to_many(100, 4, 4, scaled(1000000));
}

/* Uneven sides: one producer feeding many consumers, and the reverse. */
static void test_uneven_producers_and_consumers_lose_nothing(void)
{
	static const long caps[] = { 0, 1, 10, 100 };
	for (int i = 0; i < 4; i++) {
		many_to_many(caps[i], 1, 8, scaled(50000));
		many_to_many(caps[i], 8, 1, scaled(50000));
	}
}

/*
 * Many goroutines at once: a hundred on each side natively.  Under
 * valgrind, where DRD's cost grows with the number of threads (this test
 * took over ten minutes under DRD with a hundred a side), 25 a side.
 */
static void test_many_producers_and_consumers_at_once_lose_nothing(void)
{
	static const long caps[] = { 0, 1, 10, 100 };
	int n = under_valgrind() ? 25 : 100;
	for (int i = 0; i < 4; i++)
		many_to_many(caps[i], n, n, scaled(200000));
}

struct closer {
	chan *c, *finished;
	int producers;
};

static void close_when_done(void *arg)
{
	struct closer *k = arg;
	for (int i = 0; i < k->producers; i++)
		chan_recv(k->finished, NULL);
	chan_close(k->c);
}

/*
 * The producers mix blocking and non-blocking sends; when the last of
 * them has reported a closer closes the channel, and that alone ends the
 * consumers: half of them in chan_range, half polling with chan_tryrecv
 * until it reports the close.
 */
static void test_close_ends_ranging_consumers_after_every_value_arrived(void)
{
	enum { P = 4, C = 4 };
	static const long caps[] = { 0, 1, 10, 100 };
	for (int i = 0; i < 4; i++) {
		long n = scaled(100000) / P * P;
		chan *c = make_chan(long, caps[i]), *done = make_chan(struct tally, C);
		unsigned char *seen = calloc((size_t)n, 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(seen);
		chan *finished = chan_make(0, P);
		for (int k = 0; k < C; k++)
			go_copy(consume, &(struct consumer){ c, done, seen, -1, k % 2 == 1 },
			        sizeof(struct consumer));
		for (int k = 0; k < P; k++)
			go_copy(produce, &(struct producer){ c, k * (n / P), n / P, k % 2 == 1, finished },
			        sizeof(struct producer));
		go_copy(close_when_done, &(struct closer){ c, finished, P }, sizeof(struct closer));
		check_all_arrived_once(done, C, seen, n);
		long v = 1;
		CU_ASSERT_FALSE(chan_recv(c, &v));
		CU_ASSERT_EQUAL(v, 0);
		free(seen);
		chan_free(c);
		chan_free(done);
		chan_free(finished);
	}
}

void register_suites(void)
{
	ADD_SUITE("stress",
	          TEST(test_unbuffered_channel_moves_a_million_values_exactly_once),
	          TEST(test_capacity_1_channel_moves_a_million_values_exactly_once),
	          TEST(test_capacity_10_channel_moves_a_million_values_exactly_once),
	          TEST(test_capacity_100_channel_moves_a_million_values_exactly_once),
	          TEST(test_uneven_producers_and_consumers_lose_nothing),
	          TEST(test_many_producers_and_consumers_at_once_lose_nothing),
	          TEST(test_close_ends_ranging_consumers_after_every_value_arrived));
}
/* SPDX-License-Identifier: BSD-3-Clause */
