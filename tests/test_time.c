/*
 * time: sleeping, timers and tickers (lib/time.c).
 * Each test is named after the Go behaviour it checks.  These tests
 * measure elapsed time, as tests of timers must, but never use a sleep to
 * order goroutines.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* ---- deadlines ---- */

/* time.After(d) fires no earlier than d after the call, and carries the time it fired. */
static void test_timer_fires_no_earlier_than_asked(void)
{
	static const duration ds[] = { 1 * Microsecond, 1 * Millisecond, 5 * Millisecond,
	                               20 * Millisecond };
	for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
		int64_t t0 = time_now();
		chan *c = time_after(ds[i]);
		int64_t fired = 0;
		CU_ASSERT_TRUE(chan_recv(c, &fired));
		int64_t t1 = time_now();
		CU_ASSERT(fired >= t0 + ds[i]);
		CU_ASSERT(fired <= t1);
		CU_ASSERT(t1 >= t0 + ds[i]);
		chan_free(c);

		t0 = time_now();
		time_sleep(ds[i]);
		CU_ASSERT(time_now() >= t0 + ds[i]);
	}
}

/* time.After(d) with d <= 0 fires at once, as in Go; time.Sleep(d <= 0) returns at once. */
static void test_timer_with_nonpositive_duration_fires_at_once(void)
{
	int64_t t0 = time_now();
	chan *c = time_after(-5 * Second);
	int64_t fired = 0;
	CU_ASSERT_TRUE(chan_recv(c, &fired));
	CU_ASSERT(fired >= t0);
	chan_free(c);
	time_sleep(-1);
	time_sleep(0);
	CU_ASSERT(time_now() - t0 < 5 * Second);
}

/*
 * A duration so long that now + d overflows means "never", as in Go's
 * runtime (when() caps it), not a deadline in the past.
 */
static void test_timer_with_huge_duration_does_not_fire(void)
{
	chan *never = time_after(INT64_MAX), *soon = time_after(20 * Millisecond);
	int64_t v;
	CU_ASSERT_EQUAL(SELECT(NULL, recv_case(never, &v), recv_case(soon, &v)), 1);
	CU_ASSERT_TRUE(time_stop(never));   /* still pending */
	chan_free(never);
	chan_free(soon);
}

/* The Go idiom: select { case v := <-c: ...; case <-time.After(d): timeout }. */
static void test_after_in_select_is_a_timeout(void)
{
	chan *c = make_chan(int, 0);   /* nobody sends */
	int v;
	int64_t fired;
	int64_t t0 = time_now();
	chan *timeout = time_after(30 * Millisecond);
	int i = SELECT(NULL, recv_case(c, &v), recv_case(timeout, &fired));
	CU_ASSERT_EQUAL(i, 1);
	CU_ASSERT(time_now() >= t0 + 30 * Millisecond);
	CU_ASSERT(fired >= t0 + 30 * Millisecond);
	chan_free(timeout);

	/* A ready case wins over a timeout that has not fired. */
	chan *b = make_chan(int, 1);
	int one = 1;
	chan_send(b, &one);
	timeout = time_after(Hour);
	CU_ASSERT_EQUAL(SELECT(NULL, recv_case(b, &v), recv_case(timeout, &fired)), 0);
	CU_ASSERT_EQUAL(v, 1);
	chan_free(timeout);   /* stops the hour-long timer */
	chan_free(b);
	chan_free(c);
}

/* ---- tickers ---- */

/*
 * A ticker ticks at its period; after Stop it delivers nothing more,
 * once the one tick its buffer may hold has been drained.
 */
static void test_stopped_ticker_delivers_nothing_more(void)
{
	duration period = 2 * Millisecond;
	int64_t t0 = time_now();
	chan *tk = time_newticker(period);
	int64_t prev = t0;
	for (int i = 1; i <= 5; i++) {
		int64_t tick = 0;
		CU_ASSERT_TRUE(chan_recv(tk, &tick));
		CU_ASSERT(tick > prev);
		CU_ASSERT(tick >= t0 + i * period);   /* ticks missed are skipped, never early */
		prev = tick;
	}
	CU_ASSERT_TRUE(time_stop(tk));    /* a ticker is active until stopped */
	CU_ASSERT_FALSE(time_stop(tk));
	int64_t tick;
	chan_tryrecv(tk, &tick, NULL);     /* the tick buffered before Stop, if any */
	CU_ASSERT_EQUAL(chan_len(tk), 0);

	/* Nothing more in 25 periods. */
	chan *timeout = time_after(25 * period);
	CU_ASSERT_EQUAL(SELECT(NULL, recv_case(tk, &tick), recv_case(timeout, &tick)), 1);
	chan_free(timeout);
	chan_free(tk);
}

/* Ticker.Reset(d) changes the period: the next tick comes d after the Reset. */
static void test_ticker_reset_changes_its_period(void)
{
	chan *tk = time_newticker(Hour);
	int64_t t0 = time_now(), tick = 0;
	CU_ASSERT_TRUE(time_reset(tk, 3 * Millisecond));
	for (int i = 1; i <= 3; i++) {
		CU_ASSERT_TRUE(chan_recv(tk, &tick));
		CU_ASSERT(tick >= t0 + i * 3 * Millisecond);
	}
	chan_free(tk);
}

/* ---- Stop and Reset ---- */

/*
 * t.Stop() reports whether it stopped the timer (false once it fired or
 * was stopped); t.Reset(d) reports whether the timer had been active.
 */
static void test_stop_and_reset_report_whether_the_timer_was_active(void)
{
	int64_t v;
	chan *t = time_newtimer(Hour);
	CU_ASSERT_TRUE(time_stop(t));        /* active: stopped now */
	CU_ASSERT_FALSE(time_stop(t));       /* already stopped */
	CU_ASSERT_FALSE(time_reset(t, Millisecond));   /* stopped: was not active */
	CU_ASSERT_TRUE(chan_recv(t, &v));    /* and Reset restarted it */
	CU_ASSERT_FALSE(time_stop(t));       /* fired: nothing to stop */
	CU_ASSERT_FALSE(time_reset(t, Hour));  /* fired: was not active */
	int64_t t0 = time_now();
	CU_ASSERT_TRUE(time_reset(t, Millisecond));  /* the hour was active */
	CU_ASSERT_TRUE(chan_recv(t, &v));
	CU_ASSERT(v >= t0 + Millisecond);   /* the new deadline, not the hour */
	CU_ASSERT_EQUAL(chan_len(t), 0);
	chan_free(t);

	/*
	 * Stop true: it will never fire.  Stop false: it fired first, and its
	 * value is waiting in the channel (Go's doc of Timer.Stop).  Which one
	 * depends on how fast this thread runs (valgrind is slow).
	 */
	for (int i = 0; i < 20; i++) {
		t = time_newtimer(i * 250 * Microsecond);
		if (time_stop(t)) {
			chan *timeout = time_after(10 * Millisecond);
			CU_ASSERT_EQUAL(SELECT(NULL, recv_case(t, &v), recv_case(timeout, &v)), 1);
			chan_free(timeout);
		} else {
			CU_ASSERT_EQUAL(chan_len(t), 1);
		}
		chan_free(t);
	}
}

/* ---- many timers ---- */

enum { NMAKERS = 8, PERMAKER = 50, NTIMERS = NMAKERS * PERMAKER };

struct timed {
	chan *c;
	int64_t lo, hi;   /* the deadline lies in [lo, hi] */
	int64_t fired;
};

static struct {
	int64_t base;
	struct timed t[NTIMERS];
	waitgroup wg;
} many;

/* Maker k makes timers k, k+NMAKERS, ..., each due at base + index * 50us. */
static void make_timers(void *arg)
{
	int k = *(int *)arg;
	for (int j = k; j < NTIMERS; j += NMAKERS) {
		/* Every third maker goes backwards, so deadlines arrive out of order. */
		int i = k % 3 == 0 ? NTIMERS - NMAKERS + k - (j - k) : j;
		int64_t due = many.base + i * 50 * Microsecond;
		struct timed *t = &many.t[i];
		int64_t before = time_now();
		t->c = time_after(due - before);
		int64_t after = time_now();
		/* time_after reads the clock somewhere in [before, after]. */
		if (due > before) {
			t->lo = due;
			t->hi = due + (after - before);
		} else {
			t->lo = before;
			t->hi = after;
		}
	}
	waitgroup_done(&many.wg);
}

/*
 * Timers made concurrently by 8 goroutines fire in the order of their
 * deadlines: each fires no earlier than its deadline, and of two timers
 * whose deadlines are surely ordered (the later one's earliest possible
 * deadline after the earlier one's latest), the earlier fires first.
 */
static void test_many_concurrent_timers_fire_in_deadline_order(void)
{
	many.base = time_now() + 20 * Millisecond;
	many.wg = (waitgroup)WAITGROUP_INIT;
	waitgroup_add(&many.wg, NMAKERS);
	for (int k = 0; k < NMAKERS; k++)
		go_copy(make_timers, &k, sizeof k);
	waitgroup_wait(&many.wg);
	for (int i = 0; i < NTIMERS; i++) {
		CU_ASSERT_TRUE(chan_recv(many.t[i].c, &many.t[i].fired));
		CU_ASSERT(many.t[i].fired >= many.t[i].lo);
	}
	long ordered = 0, wrong = 0;
	for (int i = 0; i < NTIMERS; i++)
		for (int j = 0; j < NTIMERS; j++)
			if (many.t[i].hi < many.t[j].lo) {
				ordered++;
				if (many.t[i].fired > many.t[j].fired && wrong++ == 0)
					fprintf(stderr, "\ntimer due in [%lld, %lld] fired at %lld, after "
					        "timer due in [%lld, %lld] that fired at %lld\n",
					        (long long)many.t[i].lo, (long long)many.t[i].hi,
					        (long long)many.t[i].fired, (long long)many.t[j].lo,
					        (long long)many.t[j].hi, (long long)many.t[j].fired);
			}
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT(ordered > 0);
	for (int i = 0; i < NTIMERS; i++)
		chan_free(many.t[i].c);
}

/* ---- resources ---- */

static long rss_kib(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/*
 * The idiom `for { select { case v := <-c: ...; case <-time.After(d): } }`
 * makes a timer per iteration.  Freeing each one (chan_free stops it)
 * keeps the program's size flat: 100k leaked timers would be over 20 MB.
 * Half the timers are still pending when freed; the other half are due at
 * once and have fired, or are firing, or were received by the select.
 */
static void test_timeout_per_iteration_freed_does_not_grow(void)
{
	chan *c = make_chan(int, 1);
	int one = 1, v;
	int64_t fired;
	long n = scaled(100000), got = 0;
	long before = 0;
	for (long i = 0; i < n + 1000; i++) {
		if (i == 1000)
			before = rss_kib();    /* after a warm-up that sizes the heap */
		chan *timeout = time_after(i % 2 ? Hour : 0);
		chan_send(c, &one);
		if (SELECT(NULL, recv_case(c, &v), recv_case(timeout, &fired)) == 0)
			got++;
		else
			chan_recv(c, &v);
		chan_free(timeout);
	}
	long growth = rss_kib() - before;
	CU_ASSERT(got >= (n + 1000) / 2);   /* the hour-long timeouts never win */
	if (growth >= 4096)
		fprintf(stderr, "\nRSS grew by %ld KiB over %ld timeouts\n", growth, n);
	CU_ASSERT(growth < 4096);
	chan_free(c);
}

/* ---- panics ---- */

CHILD(newticker_zero)
{
	time_newticker(0);
}

CHILD(ticker_reset_negative)
{
	chan *tk = time_newticker(Second);
	time_reset(tk, -1);
}

static void test_nonpositive_ticker_interval_panics(void)
{
	struct child_result r;
	run_child(&r, "newticker_zero", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: non-positive interval for NewTicker\n\ngoroutine 1 [running]:\n");
	run_child(&r, "ticker_reset_negative", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: non-positive interval for Ticker.Reset\n");
}

/* ---- timers and the deadlock detector ---- */

/* Waiting on a pending timer is waiting, not deadlock: the program ends normally. */
CHILD(wait_on_pending_timer)
{
	chan *t = time_after(100 * Millisecond);
	int64_t v;
	chan_recv(t, &v);
	chan_free(t);
	printf("woke\n");
}

/*
 * A pending timer nobody waits on still keeps the program from being
 * reported while it is pending; once it fires, main blocked for ever on
 * a nil channel is a deadlock.
 */
CHILD(block_after_last_timer)
{
	time_newtimer(200 * Millisecond);
	chan_recv(NULL, NULL);
}

static void test_pending_timer_is_not_a_deadlock_but_blocking_after_it_fired_is(void)
{
	struct child_result r;
	run_child(&r, "wait_on_pending_timer", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "woke\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");

	int64_t t0 = time_now();
	run_child(&r, "block_after_last_timer", 10, NULL);
	CU_ASSERT(time_now() - t0 >= 200 * Millisecond);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\n"
	                     "goroutine 1 [chan receive (nil chan)]:\n");
}

static void block_forever(void *arg)
{
	(void)arg;
	chan_recv(NULL, NULL);
}

/* time.Sleep keeps its goroutine live: others blocked for ever are not yet a deadlock. */
CHILD(sleep_is_not_deadlock)
{
	go(block_forever, NULL);
	time_sleep(300 * Millisecond);
	printf("slept\n");
}

static void test_sleeping_goroutine_is_not_deadlocked(void)
{
	struct child_result r;
	run_child(&r, "sleep_is_not_deadlock", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "slept\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

/* ---- time.Tick, time.AfterFunc, time.Since, Time.String ---- */

struct afterfunc {
	int64_t main_id;
	int64_t ran_id;    /* plain: the channel send orders it */
	int64_t ran_at;
	chan *done;
};

static void record_run(void *arg)
{
	struct afterfunc *a = arg;
	a->ran_id = go_id();
	a->ran_at = time_now();
	chan_send(a->done, &(char){ 1 });
}

/* time.AfterFunc: "waits for the duration to elapse and then calls f in its own goroutine". */
static void test_afterfunc_runs_f_in_its_own_goroutine_after_d(void)
{
	struct afterfunc a = { go_id(), 0, 0, make_chan(char, 0) };
	int64_t t0 = time_now();
	chan *t = time_afterfunc(5 * Millisecond, record_run, &a);
	chan_recv(a.done, NULL);
	CU_ASSERT_NOT_EQUAL(a.ran_id, a.main_id);
	CU_ASSERT(a.ran_id > 0);
	CU_ASSERT(a.ran_at >= t0 + 5 * Millisecond);
	CU_ASSERT_FALSE(time_stop(t));   /* it has fired */
	CU_ASSERT_EQUAL(chan_len(t), 0); /* and sent nothing */
	chan_free(t);
	chan_free(a.done);
}

static int stopped_ran;   /* written only if the stopped f runs */

static void must_not_run(void *arg)
{
	(void)arg;
	stopped_ran = 1;
}

/* t.Stop() before it fires: true, and f never runs; Reset makes it run again. */
static void test_stopped_afterfunc_never_runs_and_reset_rearms_it(void)
{
	chan *t = time_afterfunc(Hour, must_not_run, NULL);
	CU_ASSERT_TRUE(time_stop(t));
	chan_free(t);
	CU_ASSERT_EQUAL(stopped_ran, 0);

	struct afterfunc a = { go_id(), 0, 0, make_chan(char, 0) };
	t = time_afterfunc(Hour, record_run, &a);
	CU_ASSERT_TRUE(time_reset(t, Millisecond));
	chan_recv(a.done, NULL);
	CU_ASSERT(a.ran_id > 0);
	chan_free(t);
	chan_free(a.done);
}

/* A pending AfterFunc keeps the program from being a deadlock; its f then wakes main. */
CHILD(afterfunc_wakes_main)
{
	struct afterfunc a = { go_id(), 0, 0, make_chan(char, 0) };
	time_afterfunc(20 * Millisecond, record_run, &a);
	chan_recv(a.done, NULL);
	printf("woken by goroutine %s\n", a.ran_id > 1 ? "other than main" : "main");
}

static void test_pending_afterfunc_is_not_a_deadlock(void)
{
	struct child_result r;
	run_child(&r, "afterfunc_wakes_main", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "woken by goroutine other than main\n");
}

/* time.Tick: a ticker's channel; nil for d <= 0, as in Go. */
static void test_tick_delivers_ticks_and_is_nil_for_nonpositive_d(void)
{
	CU_ASSERT_PTR_NULL(time_tick(0));
	CU_ASSERT_PTR_NULL(time_tick(-Second));
	chan *tick = time_tick(2 * Millisecond);
	int64_t t0 = time_now(), prev = 0;
	for (int i = 0; i < 3; i++) {
		int64_t at;
		CU_ASSERT_TRUE(chan_recv(tick, &at));
		CU_ASSERT(at > prev);
		prev = at;
	}
	CU_ASSERT(time_since(t0) >= 2 * Millisecond);
	time_stop(tick);   /* nobody else holds it: stop it, so the test ends quiet */
	chan_free(tick);
}

static void test_since_is_the_time_elapsed(void)
{
	int64_t t0 = time_now();
	time_sleep(2 * Millisecond);
	duration d = time_since(t0);
	CU_ASSERT(d >= 2 * Millisecond);
	CU_ASSERT(d < 10 * Second);
}

/*
 * Time.String: "2006-01-02 15:04:05.999999999 -0700 MST m=+0.000000001".
 * The wall clock agrees with the system's, the fraction has no trailing
 * zeros, and m=+ is the monotonic time since the program started.
 */
static void test_time_string_is_gos_default_format(void)
{
	char buf[96];
	time_t before = time(NULL);
	time_string(buf, sizeof buf, time_now());
	time_t after = time(NULL);
	int y, mo, d, h, mi, sec, n = 0;
	CU_ASSERT_EQUAL(sscanf(buf, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n), 6);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
	                 .tm_min = mi, .tm_sec = sec, .tm_isdst = -1 };
	time_t wall = mktime(&tm);
	CU_ASSERT(wall >= before - 1 && wall <= after + 1);
	const char *p = buf + n;
	if (*p == '.') {
		size_t digits = strspn(p + 1, "0123456789");
		CU_ASSERT(digits >= 1 && digits <= 9);
		CU_ASSERT_NOT_EQUAL(p[digits], '0');   /* no trailing zero */
		p += 1 + digits;
	}
	char sign, zone[16];
	int off;
	unsigned long long ms, mns;
	int k = 0;
	CU_ASSERT_EQUAL(sscanf(p, " %c%4d %15s m=+%llu.%llu%n", &sign, &off, zone, &ms, &mns, &k), 5);
	CU_ASSERT(sign == '+' || sign == '-');
	CU_ASSERT_EQUAL(p[k], '\0');
	CU_ASSERT(ms < 24 * 3600);   /* seconds since this program started */

	/* A reading 1.5 s later prints m=+ 1.5 s more, each with 9 digits. */
	int64_t t = time_now();
	char a[96], b[96];
	time_string(a, sizeof a, t);
	time_string(b, sizeof b, t + 1500 * Millisecond);
	unsigned long long as, an, bs, bn;
	CU_ASSERT_EQUAL(sscanf(strstr(a, " m=+"), " m=+%llu.%llu", &as, &an), 2);
	CU_ASSERT_EQUAL(sscanf(strstr(b, " m=+"), " m=+%llu.%llu", &bs, &bn), 2);
	CU_ASSERT_EQUAL(strlen(strchr(strstr(a, " m=+"), '.') + 1), 9);
	CU_ASSERT_EQUAL((bs * 1000000000ULL + bn) - (as * 1000000000ULL + an), 1500000000ULL);
}

/* case <-time.After(d) in a select loop: after_case, with no channel to free. */
static void test_after_case_times_out_a_select_and_frees_its_timer(void)
{
	chan *c = make_chan(int, 1);
	int timeouts = 0, got = 0;
	for (int i = 0; i < 20; i++) {
		if (i % 2)
			chan_send(c, &i);
		int v;
		int64_t t0 = time_now(), fired = 0;
		switch (SELECT(NULL, recv_case(c, &v), after_case(2 * Millisecond, &fired))) {
		case 0:
			got++;
			CU_ASSERT_EQUAL(v, i);
			break;
		case 1:
			timeouts++;
			CU_ASSERT(fired >= t0 + 2 * Millisecond);
			CU_ASSERT(time_since(t0) >= 2 * Millisecond);
			break;
		}
	}
	CU_ASSERT_EQUAL(got, 10);
	CU_ASSERT_EQUAL(timeouts, 10);
	/* A case array used again gets a new timer each time. */
	select_case cs[] = { after_case(Millisecond, NULL) };
	CU_ASSERT_EQUAL(chan_select(cs, 1, NULL), 0);
	CU_ASSERT_EQUAL(cs[0].dir, SELECT_AFTER);
	CU_ASSERT_PTR_NULL(cs[0].c);
	CU_ASSERT_EQUAL(chan_select(cs, 1, NULL), 0);
	/* With a default, a timer that has not fired is not ready. */
	CU_ASSERT_EQUAL(SELECT_DEFAULT(NULL, after_case(Hour, NULL)), -1);
	chan_free(c);
}

void register_suites(void)
{
	ADD_SUITE("time",
	          TEST(test_timer_fires_no_earlier_than_asked),
	          TEST(test_timer_with_nonpositive_duration_fires_at_once),
	          TEST(test_timer_with_huge_duration_does_not_fire),
	          TEST(test_after_in_select_is_a_timeout),
	          TEST(test_stopped_ticker_delivers_nothing_more),
	          TEST(test_ticker_reset_changes_its_period),
	          TEST(test_stop_and_reset_report_whether_the_timer_was_active),
	          TEST(test_many_concurrent_timers_fire_in_deadline_order),
	          TEST(test_timeout_per_iteration_freed_does_not_grow),
	          TEST(test_nonpositive_ticker_interval_panics),
	          TEST(test_pending_timer_is_not_a_deadlock_but_blocking_after_it_fired_is),
	          TEST(test_sleeping_goroutine_is_not_deadlocked),
	          TEST(test_afterfunc_runs_f_in_its_own_goroutine_after_d),
	          TEST(test_stopped_afterfunc_never_runs_and_reset_rearms_it),
	          TEST(test_pending_afterfunc_is_not_a_deadlock),
	          TEST(test_tick_delivers_ticks_and_is_nil_for_nonpositive_d),
	          TEST(test_since_is_the_time_elapsed),
	          TEST(test_time_string_is_gos_default_format),
	          TEST(test_after_case_times_out_a_select_and_frees_its_timer));
}
/* SPDX-License-Identifier: BSD-3-Clause */
