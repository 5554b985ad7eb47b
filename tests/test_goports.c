/*
 * Go's own channel and select tests, ported.
 *
 * Suite "go test/chan": the programs in Go's test/chan/ directory.
 * Suite "go runtime/chan_test": tests from Go's runtime/chan_test.go.
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
	ADD_SUITE("go test/chan",
	          TEST(test_doubleselect_never_runs_two_cases),
	          TEST(test_fifo_buffered_channel_is_fifo),
	          TEST(test_fifo_unbuffered_receivers_take_turns_in_chain_order),
	          TEST(test_nonblock_send_and_recv_succeed_once_partner_is_ready),
	          TEST(test_select_sends_each_ready_case_once_then_default),
	          TEST(test_select3_blocking_and_panicking_operations),
	          TEST(test_select6_woken_select_leaves_no_stale_waiter),
	          TEST(test_select7_every_sender_meets_every_receiver_kind),
	          TEST(test_sieve1_daisy_chain_yields_the_primes),
	          TEST(test_zerosize_channels_can_be_made_and_used));
	ADD_SUITE("go runtime/chan_test",
	          TEST(test_select_fairness),
	          TEST(test_pseudo_random_send),
	          TEST(test_self_select),
	          TEST(test_select_stress),
	          TEST(test_nonblock_select_race),
	          TEST(test_nonblock_select_race2),
	          TEST(test_select_duplicate_channel));
}
