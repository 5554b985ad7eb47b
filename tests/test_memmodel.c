/*
 * The Go memory model's guarantees for channels and the go statement
 * (https://go.dev/ref/mem, quoted in shared/go-semantics.md), each shown
 * by a test that shares plain, non-atomic memory between goroutines and
 * relies on that one guarantee alone to order the accesses.  If the
 * library broke the guarantee, the accesses would be a data race, and
 * `make helgrind`, `make drd` and `make tsan` would report it; natively,
 * the tests also check the values read.
 *
 * So each test is careful not to add orderings of its own: a plain value
 * is read straight after the operation that must order it, before any
 * other synchronisation with its writer.
 */
#include "harness.h"
#include "runtime.h"   /* white box: struct hchan's wait queues, for await_sender() */

#include <stdio.h>
#include <stdlib.h>

/*
 * Yields (never sleeps) until a sender waits on c.  It takes c->lock,
 * which orders only what the *waiter* did before queueing; callers use it
 * to know the order of events, never to publish data.
 */
static void await_sender(chan *c)
{
	for (;;) {
		pthread_mutex_lock(&c->lock);
		bool queued = c->sendq.first != NULL;
		pthread_mutex_unlock(&c->lock);
		if (queued)
			return;
		go_yield();
	}
}

static void await_receiver(chan *c)
{
	for (;;) {
		pthread_mutex_lock(&c->lock);
		bool queued = c->recvq.first != NULL;
		pthread_mutex_unlock(&c->lock);
		if (queued)
			return;
		go_yield();
	}
}

/* ---- a send is synchronized before the completion of its receive --------- */

struct record {
	int a, b;
	char text[24];
};

struct publisher {
	chan *c;
	struct record *data;   /* slot i written once, then i is sent */
	int n;
};

static void publish(void *arg)
{
	struct publisher *p = arg;
	for (int i = 0; i < p->n; i++) {
		p->data[i].a = i;
		p->data[i].b = 3 * i + 1;
		snprintf(p->data[i].text, sizeof p->data[i].text, "record %d", i);
		chan_send(p->c, &i);
	}
}

/*
 * "A send on a channel is synchronized before the completion of the
 * corresponding receive from that channel."  The publisher writes record
 * i, then sends i; main reads record i as soon as it has received i.
 */
static void test_send_happens_before_the_corresponding_receive_completes(void)
{
	static const long caps[] = { 0, 1, 10 };
	int n = (int)scaled(20000);
	for (int k = 0; k < 3; k++) {
		struct record *data = calloc((size_t)n, sizeof *data);
		chan *c = make_chan(int, caps[k]);
		go_copy(publish, &(struct publisher){ c, data, n }, sizeof(struct publisher));
		int bad = 0;
		for (int i = 0; i < n; i++) {
			int j = -1;
			chan_recv(c, &j);
			char want[24];
			snprintf(want, sizeof want, "record %d", j);
			if (j != i || data[j].a != j || data[j].b != 3 * j + 1 || strcmp(data[j].text, want) != 0)
				bad++;
		}
		CU_ASSERT_EQUAL(bad, 0);
		chan_free(c);
		free(data);
	}
}

/* A pointer sent on a channel hands over the memory it points to. */
static void publish_pointers(void *arg)
{
	struct publisher *p = arg;
	for (int i = 0; i < p->n; i++) {
		struct record *r = malloc(sizeof *r);
		r->a = i;
		r->b = -i;
		snprintf(r->text, sizeof r->text, "fresh %d", i);
		chan_send(p->c, &r);
	}
}

static void test_sent_pointer_hands_over_the_memory_it_points_to(void)
{
	static const long caps[] = { 0, 1, 10 };
	int n = (int)scaled(20000);
	for (int k = 0; k < 3; k++) {
		chan *c = make_chan(struct record *, caps[k]);
		go_copy(publish_pointers, &(struct publisher){ c, NULL, n }, sizeof(struct publisher));
		int bad = 0;
		for (int i = 0; i < n; i++) {
			struct record *r;
			chan_recv(c, &r);
			char want[24];
			snprintf(want, sizeof want, "fresh %d", i);
			bad += r->a != i || r->b != -i || strcmp(r->text, want) != 0;
			free(r);   /* the receiver owns it now */
		}
		CU_ASSERT_EQUAL(bad, 0);
		chan_free(c);
	}
}

/* ---- close is synchronized before a receive that returns zero ----------- */

struct closing {
	chan *c;
	int *data;
	int nvalues;   /* values sent before the data is written and c closed */
};

static void write_then_close(void *arg)
{
	struct closing *k = arg;
	for (int i = 0; i < k->nvalues; i++)
		chan_send(k->c, &i);
	*k->data = 42;   /* ordered for the receiver by the close alone */
	chan_close(k->c);
}

/*
 * "The closing of a channel is synchronized before a receive that returns
 * a zero value because the channel is closed."  The closer writes, then
 * closes; main reads once a receive has returned false.  On a buffered
 * channel the closer first sends values: receiving them orders nothing
 * about the data, written after they were sent.
 */
static void test_close_happens_before_a_receive_that_returns_zero_because_closed(void)
{
	int rounds = (int)scaled(2000), bad = 0;
	for (int round = 0; round < rounds; round++) {
		long cap = round % 3 == 0 ? 0 : 3;
		int nvalues = cap ? round % 4 : 0;
		chan *c = make_chan(int, cap);
		int *data = malloc(sizeof *data);
		*data = 0;   /* before the go statement: ordered by it */
		go_copy(write_then_close, &(struct closing){ c, data, nvalues }, sizeof(struct closing));
		int v, got = 0;
		while (chan_recv(c, &v))
			got++;
		bad += got != nvalues || v != 0 || *data != 42;
		free(data);
		chan_free(c);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

struct closewatch {
	chan *c, *result;
	int *data;
};

static void recv_zero_then_read(void *arg)
{
	struct closewatch *w = arg;
	int v = 1;
	bool ok = chan_recv(w->c, &v);
	int seen = *w->data;   /* ordered by the close that woke us */
	int report = !ok && v == 0 && seen == 7;
	chan_send(w->result, &report);
}

/* The same with the receiver already blocked when the channel is closed. */
static void test_close_happens_before_the_zero_receive_of_a_blocked_receiver(void)
{
	int rounds = (int)scaled(2000), bad = 0;
	for (int round = 0; round < rounds; round++) {
		chan *c = make_chan(int, round % 2), *result = make_chan(int, 1);
		int *data = malloc(sizeof *data);
		go_copy(recv_zero_then_read, &(struct closewatch){ c, result, data },
		        sizeof(struct closewatch));
		await_receiver(c);
		*data = 7;   /* written after the receiver blocked */
		chan_close(c);
		int ok = 0;
		chan_recv(result, &ok);
		bad += !ok;
		free(data);
		chan_free(c);
		chan_free(result);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* ---- an unbuffered receive is synchronized before its send completes ----- */

struct rendezvous {
	chan *c;
	int *data;
	bool sender_first;   /* wait until the sender is blocked before writing */
};

static void write_then_receive(void *arg)
{
	struct rendezvous *r = arg;
	if (r->sender_first)
		await_sender(r->c);
	*r->data = 99;   /* ordered for the sender by this receive alone */
	chan_recv(r->c, NULL);
}

/*
 * "A receive from an unbuffered channel is synchronized before the
 * completion of the corresponding send on that channel."  The receiver
 * writes, then receives; main sends and reads as soon as its send has
 * returned.  Both orders of arrival: the sender already blocked when the
 * receiver comes (the receiver wakes it) and the receiver first.
 */
static void test_unbuffered_receive_happens_before_the_send_completes(void)
{
	int rounds = (int)scaled(2000), bad = 0;
	for (int round = 0; round < rounds; round++) {
		chan *c = make_chan(int, 0);
		int *data = malloc(sizeof *data);
		bool sender_first = round % 2 == 0;
		go_copy(write_then_receive, &(struct rendezvous){ c, data, sender_first },
		        sizeof(struct rendezvous));
		int zero = 0;
		chan_send(c, &zero);
		bad += *data != 99;
		free(data);
		chan_free(c);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Go's own example from the memory model: f writes a, then receives. */
static const char *hello;   /* plain, as Go's `var a string` */

static void f_writes_then_receives(void *arg)
{
	hello = "hello, world";
	chan_recv(arg, NULL);
}

static void test_unbuffered_receive_example_from_the_go_memory_model(void)
{
	chan *c = make_chan(int, 0);
	hello = NULL;
	go(f_writes_then_receives, c);
	int zero = 0;
	chan_send(c, &zero);
	CU_ASSERT_STRING_EQUAL(hello, "hello, world");
	chan_free(c);
}

/* ---- the kth receive is synchronized before the k+Cth send completes ----- */

struct slowreader {
	chan *c, *done;
	int *data;
	int n;
};

static void write_then_receive_each(void *arg)
{
	struct slowreader *r = arg;
	for (int k = 0; k < r->n; k++) {
		r->data[k] = 5 * k + 2;   /* ordered for the sender by receive k */
		chan_recv(r->c, NULL);
	}
	int one = 1;
	chan_send(r->done, &one);
}

/*
 * "The kth receive on a channel with capacity C is synchronized before
 * the completion of the k+Cth send from that channel completes."  The
 * reader writes data[k] before its kth receive; main reads data[k] after
 * its k+Cth send.  Counting from 0 as the code does.
 */
static void test_kth_receive_happens_before_the_k_plus_cth_send_completes(void)
{
	static const int caps[] = { 1, 2, 3, 10 };
	int n = (int)scaled(20000);
	for (int i = 0; i < 4; i++) {
		int C = caps[i];
		chan *c = make_chan(int, C), *done = make_chan(int, 1);
		int *data = malloc((size_t)n * sizeof *data);
		go_copy(write_then_receive_each, &(struct slowreader){ c, done, data, n },
		        sizeof(struct slowreader));
		int bad = 0;
		for (int j = 0; j < n + C; j++) {
			chan_send(c, &j);
			if (j >= C)
				bad += data[j - C] != 5 * (j - C) + 2;
		}
		CU_ASSERT_EQUAL(bad, 0);
		int x;
		chan_recv(done, &x);
		CU_ASSERT_EQUAL(chan_len(c), C);   /* the last C sends are still buffered */
		free(data);
		chan_free(c);
		chan_free(done);
	}
}

/*
 * The counting-semaphore idiom the memory model gives as this rule's
 * example: a channel of capacity 1 taken (send) and released (receive)
 * around every access to plain shared data lets one goroutine at a time
 * touch it.
 */
struct shared {
	long counter;       /* plain: only touched holding the token */
	long last_writer;
	long handovers;
};

struct semworker {
	chan *limit, *done;
	struct shared *s;
	long id, n;
};

static void use_with_token(void *arg)
{
	struct semworker *w = arg;
	for (long i = 0; i < w->n; i++) {
		chan_send(w->limit, NULL);     /* acquire */
		w->s->counter++;
		if (w->s->last_writer != w->id)
			w->s->handovers++;
		w->s->last_writer = w->id;
		chan_recv(w->limit, NULL);     /* release */
	}
	chan_send(w->done, NULL);
}

static void test_channel_of_capacity_1_works_as_a_mutex_for_plain_data(void)
{
	enum { W = 8 };
	long n = scaled(20000);
	struct shared s = { 0, -1, 0 };
	chan *limit = chan_make(0, 1), *done = chan_make(0, W);
	for (long i = 0; i < W; i++)
		go_copy(use_with_token, &(struct semworker){ limit, done, &s, i, n },
		        sizeof(struct semworker));
	for (int i = 0; i < W; i++)
		chan_recv(done, NULL);
	CU_ASSERT_EQUAL(s.counter, W * n);   /* no increment lost */
	CU_ASSERT(s.handovers >= W - 1);     /* every worker held the token */
	CU_ASSERT_EQUAL(chan_len(limit), 0);
	chan_free(limit);
	chan_free(done);
}

/*
 * The same idiom with capacity C lets at most C goroutines in at once.
 * Each holder takes one of C plain slots from a free list (a second
 * channel) without waiting, and gives it back before it releases its
 * token: with at most C holders a free slot is always there, and each
 * slot's plain counter passes from holder to holder by send and receive.
 */
struct pool {
	chan *limit, *freeslots, *done;
	long *slots;   /* plain: slots[i] touched only by whoever took slot i */
	long n;
};

static void use_a_slot(void *arg)
{
	struct pool *p = *(struct pool **)arg;
	long noslot = 0;   /* times the free list was empty: more than C inside */
	for (long i = 0; i < p->n; i++) {
		chan_send(p->limit, NULL);
		int slot;
		if (chan_tryrecv(p->freeslots, &slot, NULL)) {
			p->slots[slot]++;
			chan_send(p->freeslots, &slot);
		} else {
			noslot++;
		}
		chan_recv(p->limit, NULL);
	}
	chan_send(p->done, &noslot);
}

static void test_channel_of_capacity_c_lets_at_most_c_goroutines_in(void)
{
	enum { C = 3, W = 8 };
	struct pool p = { chan_make(0, C), make_chan(int, C), make_chan(long, W), NULL, scaled(5000) };
	p.slots = calloc(C, sizeof *p.slots);
	for (int i = 0; i < C; i++)
		chan_send(p.freeslots, &i);
	struct pool *pp = &p;
	for (int i = 0; i < W; i++)
		go_copy(use_a_slot, &pp, sizeof pp);
	long noslot = 0, total = 0;
	for (int i = 0; i < W; i++) {
		long k;
		chan_recv(p.done, &k);
		noslot += k;
	}
	CU_ASSERT_EQUAL(noslot, 0);
	for (int i = 0; i < C; i++)
		total += p.slots[i];
	CU_ASSERT_EQUAL(total, W * p.n);
	CU_ASSERT_EQUAL(chan_len(p.freeslots), C);
	free(p.slots);
	chan_free(p.limit);
	chan_free(p.freeslots);
	chan_free(p.done);
}

/* ---- the go statement is synchronized before the goroutine starts ------- */

struct startup {
	int id;
	long payload[8];   /* plain, written by main just before go() */
	chan *result;
};

static void check_startup(void *arg)
{
	struct startup *s = arg;
	long ok = 1;
	for (int i = 0; i < 8; i++)
		ok &= s->payload[i] == (long)s->id * 8 + i;
	chan_send(s->result, &ok);
}

/*
 * "The go statement that starts a new goroutine is synchronized before
 * the start of the goroutine's execution."  go() passes a pointer to
 * plain memory main wrote just before; the goroutine reads it.  Run both
 * as a burst (fresh threads) and one at a time (each goroutine handed to
 * the pool thread the previous one left idle).
 */
static void test_go_statement_happens_before_the_goroutine_starts(void)
{
	enum { N = 64 };
	struct startup *s = calloc(N, sizeof *s);
	chan *result = make_chan(long, N);
	for (int burst = 0; burst < 2; burst++) {
		long good = 0, ok;
		for (int i = 0; i < N; i++) {
			s[i].id = i + burst * N;
			for (int k = 0; k < 8; k++)
				s[i].payload[k] = (long)s[i].id * 8 + k;
			s[i].result = result;
			go(check_startup, &s[i]);
			if (!burst) {   /* one at a time */
				chan_recv(result, &ok);
				good += ok;
			}
		}
		if (burst)
			for (int i = 0; i < N; i++) {
				chan_recv(result, &ok);
				good += ok;
			}
		CU_ASSERT_EQUAL(good, N);
	}
	free(s);
	chan_free(result);
}

void register_suites(void)
{
	ADD_SUITE("memory model",
	          TEST(test_send_happens_before_the_corresponding_receive_completes),
	          TEST(test_sent_pointer_hands_over_the_memory_it_points_to),
	          TEST(test_close_happens_before_a_receive_that_returns_zero_because_closed),
	          TEST(test_close_happens_before_the_zero_receive_of_a_blocked_receiver),
	          TEST(test_unbuffered_receive_happens_before_the_send_completes),
	          TEST(test_unbuffered_receive_example_from_the_go_memory_model),
	          TEST(test_kth_receive_happens_before_the_k_plus_cth_send_completes),
	          TEST(test_channel_of_capacity_1_works_as_a_mutex_for_plain_data),
	          TEST(test_channel_of_capacity_c_lets_at_most_c_goroutines_in),
	          TEST(test_go_statement_happens_before_the_goroutine_starts));
}
/* SPDX-License-Identifier: BSD-3-Clause */
