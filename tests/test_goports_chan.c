/*
 * Go's own channel tests, ported: the channel programs of Go's test/chan/
 * directory (fifo, nonblock, sieve1, zerosize).  The select programs are
 * in test_goports.c, runtime/chan_test.go's tests in test_goports_runtime.c.
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

/* ==== test/chan/fifo.go ================================================ */

enum { FIFO_N = 10 };

/* AsynchFifo: a buffered channel delivers in the order sent. */
static void test_fifo_buffered_channel_is_fifo(void)
{
	chan *ch = make_chan(int, FIFO_N);
	for (int i = 0; i < FIFO_N; i++)
		chan_send(ch, &i);
	for (int i = 0; i < FIFO_N; i++) {
		int v = -1;
		chan_recv(ch, &v);
		CU_ASSERT_EQUAL(v, i);   /* Go: "bad receive" */
	}
	chan_free(ch);
}

struct link {
	chan *ch, *in, *out;
	int val;
	bool bad;
	chan *done;
};

static void fifo_chain(void *arg)
{
	struct link *l = arg;
	int v = -1, one = 1;
	chan_recv(l->in, NULL);
	chan_recv(l->ch, &v);
	if (v != l->val)
		l->bad = true;   /* Go: panic(val) */
	chan_send(l->out, &one);
	chan_send(l->done, NULL);
}

/*
 * SynchFifo: a daisy chain of goroutines, each waiting for the one before,
 * receives 0..N-1 from an unbuffered channel in order.
 */
static void test_fifo_unbuffered_receivers_take_turns_in_chain_order(void)
{
	chan *done = chan_make(0, FIFO_N);
	struct link links[FIFO_N];
	chan *ch = make_chan(int, 0);
	chan *start = make_chan(int, 0), *in = start;
	for (int i = 0; i < FIFO_N; i++) {
		chan *out = make_chan(int, 0);
		links[i] = (struct link){ ch, in, out, i, false, done };
		go(fifo_chain, &links[i]);
		in = out;
	}
	int zero = 0;
	chan_send(start, &zero);
	for (int i = 0; i < FIFO_N; i++)
		chan_send(ch, &i);
	chan_recv(in, NULL);
	for (int i = 0; i < FIFO_N; i++)
		chan_recv(done, NULL);
	for (int i = 0; i < FIFO_N; i++) {
		CU_ASSERT_FALSE(links[i].bad);
		chan_free(links[i].in);
	}
	chan_free(in);
	chan_free(ch);
	chan_free(done);
}

/* ==== test/chan/nonblock.go ============================================ */

/*
 * Non-blocking sends and receives (select with default) on unbuffered and
 * 1-buffered channels of four element types: they never take a value that
 * is not there, and once the partner goroutine is ready they succeed.
 *
 * As in Go, each retry waits two ticks of a 10us ticker and yields three
 * times, and gives up after maxTries = 10000 tries (Go's "up to 100ms per
 * test").  That bound is an assumption about the scheduler; under
 * valgrind and TSan, which run threads many times slower, the port raises
 * it by the factor scaled() lowers counts by.
 */
struct nbpart {
	chan *c, *strobe;
	size_t size;
	const void *want;   /* receiver: value it must get */
	const void *give;   /* sender: value it sends */
	bool bad;
	chan *done;
};

static void nb_receiver(void *arg)
{
	struct nbpart *p = arg;
	char buf[32];
	bool t = true;
	chan_recv_sized(p->c, buf, p->size);
	if (memcmp(buf, p->want, p->size) != 0)
		p->bad = true;   /* Go: panic("i32 value") & co */
	chan_send(p->strobe, &t);
	chan_send(p->done, NULL);
}

static void nb_sender(void *arg)
{
	struct nbpart *p = arg;
	bool t = true;
	chan_send(p->c, p->give);
	chan_send(p->strobe, &t);
	chan_send(p->done, NULL);
}

static chan *nb_ticker;

static void nb_sleep(void)
{
	chan_recv(nb_ticker, NULL);
	chan_recv(nb_ticker, NULL);
	go_yield();
	go_yield();
	go_yield();
}

/* One type, one buffer size: the four phases of nonblock.go's main loop. */
static void nb_type(size_t size, const void *v123, const void *v234, int buffer)
{
	long maxtries = 10000 * (100000 / scaled(100000));
	chan *c = chan_make(size, buffer);
	chan *sync = make_chan(bool, 0);
	char buf[32];
	chan *done = chan_make(0, 1);
	struct nbpart p = { c, sync, size, v123, v234, false, done };

	/* Nothing sent yet: the receive is not ready. */
	CU_ASSERT_EQUAL(SELECT_DEFAULT(NULL, recv_case_sized(c, buf, size)), -1);   /* Go: "blocked i32sender" */

	go(nb_receiver, &p);
	long try = 0;
	while (SELECT_DEFAULT(NULL, send_case(c, v123)) != 0) {
		if (++try > maxtries) {
			CU_FAIL("receiver never became ready");
			break;
		}
		nb_sleep();
	}
	chan_recv(sync, NULL);
	chan_recv(done, NULL);

	go(nb_sender, &p);
	if (buffer > 0)
		chan_recv(sync, NULL);
	try = 0;
	memset(buf, 0, sizeof buf);
	while (SELECT_DEFAULT(NULL, recv_case_sized(c, buf, size)) != 0) {
		if (++try > maxtries) {
			CU_FAIL("sender never became ready");
			break;
		}
		nb_sleep();
	}
	CU_ASSERT_EQUAL(memcmp(buf, v234, size), 0);   /* Go: "i32sender value" */
	if (buffer == 0)
		chan_recv(sync, NULL);
	chan_recv(done, NULL);
	CU_ASSERT_FALSE(p.bad);
	chan_free(c);
	chan_free(sync);
	chan_free(done);
}

struct str16 {
	char s[16];
};

static void test_nonblock_send_and_recv_succeed_once_partner_is_ready(void)
{
	nb_ticker = time_newticker(10 * Microsecond);
	for (int buffer = 0; buffer < 2; buffer++) {
		int32_t i32a = 123, i32b = 234;
		int64_t i64a = 123456, i64b = 234567;
		bool ba = true, bb = true;
		struct str16 sa = { "hello" }, sb = { "hello again" };
		nb_type(sizeof i32a, &i32a, &i32b, buffer);
		nb_type(sizeof i64a, &i64a, &i64b, buffer);
		nb_type(sizeof ba, &ba, &bb, buffer);
		nb_type(sizeof sa, &sa, &sb, buffer);
	}
	chan_free(nb_ticker);
}

/* ==== test/chan/sieve1.go ============================================== */

/*
 * The concurrent prime sieve: a daisy chain of filter goroutines yields
 * the first 25 primes.  Go's program simply exits with its goroutines
 * still blocked; the port adds a quit channel, closed at the end, that
 * every goroutine also selects on, so they all end and their channels can
 * be freed.
 */
enum { SIEVE_MAX = 64 };

static struct {
	chan *quit, *primes;
	chan *chans[SIEVE_MAX];   /* every channel the sieve made, to free */
	int nchans;
	waitgroup wg;
} sv;

struct filter {
	chan *in, *out;
	int prime;
};

/* Sends v on out unless quit closes first; false if it did. */
static bool sv_send(chan *out, int v)
{
	return SELECT(NULL, send_case(out, &v), recv_case(sv.quit, NULL)) == 0;
}

static bool sv_recv(chan *in, int *v)
{
	return SELECT(NULL, recv_case(in, v), recv_case(sv.quit, NULL)) == 0;
}

static void sv_generate(void *arg)
{
	chan *ch = arg;
	for (int i = 2; sv_send(ch, i); i++)
		;
	waitgroup_done(&sv.wg);
}

static void sv_filter(void *arg)
{
	struct filter *f = arg;
	int i;
	while (sv_recv(f->in, &i))
		if (i % f->prime != 0 && !sv_send(f->out, i))
			break;
	waitgroup_done(&sv.wg);
}

static chan *sv_newchan(void)
{
	chan *c = make_chan(int, 0);
	if (sv.nchans < SIEVE_MAX)
		sv.chans[sv.nchans++] = c;
	return c;
}

static void sv_sieve(void *arg)
{
	(void)arg;
	chan *ch = sv_newchan();
	waitgroup_add(&sv.wg, 1);
	go(sv_generate, ch);
	int prime;
	while (sv.nchans < SIEVE_MAX && sv_recv(ch, &prime) && sv_send(sv.primes, prime)) {
		chan *ch1 = sv_newchan();
		waitgroup_add(&sv.wg, 1);
		go_copy(sv_filter, &(struct filter){ ch, ch1, prime }, sizeof(struct filter));
		ch = ch1;
	}
	waitgroup_done(&sv.wg);
}

static void test_sieve1_daisy_chain_yields_the_primes(void)
{
	static const int a[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47,
	                         53, 59, 61, 67, 71, 73, 79, 83, 89, 97 };
	memset(&sv, 0, sizeof sv);
	sv.wg = (waitgroup)WAITGROUP_INIT;
	sv.quit = make_chan(int, 0);
	sv.primes = make_chan(int, 0);
	waitgroup_add(&sv.wg, 1);
	go(sv_sieve, NULL);
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
		int x = 0;
		chan_recv(sv.primes, &x);
		CU_ASSERT_EQUAL(x, a[i]);
	}
	chan_close(sv.quit);
	waitgroup_wait(&sv.wg);
	CU_ASSERT(sv.nchans < SIEVE_MAX);
	for (int i = 0; i < sv.nchans; i++)
		chan_free(sv.chans[i]);
	chan_free(sv.quit);
	chan_free(sv.primes);
}

/* ==== test/chan/zerosize.go ============================================ */

/*
 * Channels of zero-size elements (Go's chan [0]byte, chan struct{}), with
 * and without a buffer, can be made; the port also uses them.
 */
static void test_zerosize_channels_can_be_made_and_used(void)
{
	chan *u = chan_make(0, 0), *b = chan_make(0, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(chan_cap(u), 0);
	CU_ASSERT_EQUAL(chan_cap(b), 1);
	chan_send(b, NULL);
	CU_ASSERT_EQUAL(chan_len(b), 1);
	CU_ASSERT_EQUAL(SELECT_DEFAULT(NULL, send_case(b, NULL), recv_case(u, NULL)), -1);
	bool ok = false;
	CU_ASSERT_EQUAL(SELECT(&ok, recv_case(b, NULL), recv_case(u, NULL)), 0);
	CU_ASSERT_TRUE(ok);
	chan_close(u);
	CU_ASSERT_FALSE(chan_recv(u, NULL));
	chan_free(u);
	chan_free(b);
}

void register_suites(void)
{
	ADD_SUITE("go test/chan",
	          TEST(test_fifo_buffered_channel_is_fifo),
	          TEST(test_fifo_unbuffered_receivers_take_turns_in_chain_order),
	          TEST(test_nonblock_send_and_recv_succeed_once_partner_is_ready),
	          TEST(test_sieve1_daisy_chain_yields_the_primes),
	          TEST(test_zerosize_channels_can_be_made_and_used));
}
/* SPDX-License-Identifier: BSD-3-Clause */
