/*
 * Time: sleeping, timers and tickers (Go's time package and runtime/time.go).
 *
 * DESIGN
 * One thread, started with the first timer, serves every timer: it keeps
 * them in a min-heap ordered by deadline and sleeps on a condvar until the
 * earliest is due (or a new earlier one arrives).  A timer fires by a
 * non-blocking send of the current time into its channel, which has a
 * buffer of one, as Go's timer channels had before Go 1.23: a tick that
 * finds the buffer full is dropped, so a slow reader of a ticker misses
 * ticks rather than piling them up.
 *
 * A timer channel is an ordinary channel with c->timer set; its last
 * chan_free() stops the timer and frees it (timer_free), and the
 * channel goes as any channel does (chanalloc.c).
 *
 * time_afterfunc's timer sends nothing: when it fires, the timer thread
 * starts its f as a new goroutine (go_fromtimer: the timer thread is no
 * goroutine of its own), as Go's runtime does with goFunc.
 *
 * Pending timers count as live for the deadlock detector: a program
 * waiting on a timer is not deadlocked, it is waiting.  Deadlines use the
 * monotonic clock, so changing the wall clock moves nothing.
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>

struct timer {
	/* timers.lock guards these: */
	int64_t when;     /* deadline, time_now() nanoseconds */
	duration period;  /* 0 for a one-shot timer */
	int heapidx;      /* place in timers.heap, -1 when not pending */
	atomic_bool armed;   /* heapidx >= 0, for the deadlock detector (timer_armed) */
	chan *c;          /* read-only */
	void (*fn)(void *);  /* time_afterfunc's f, run as a goroutine; read-only */
	void *arg;           /* its argument; read-only */
	bool forselect;      /* made by select for an after_case; read-only */
};

static struct {
	pthread_mutex_t lock;
	/* lock guards these: */
	pthread_cond_t cond;   /* the timer thread waits here (monotonic clock) */
	struct timer **heap;   /* min-heap by when */
	int n, cap;
	bool started;
} timers = { .lock = PTHREAD_MUTEX_INITIALIZER };

int64_t time_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * Second + ts.tv_nsec;
}

/*
 * The deadline d from now, as Go's runtime/time.go when(): a non-positive
 * d means now, and a sum that overflows means "never" (the largest time).
 */
static int64_t deadline(duration d)
{
	int64_t now = time_now();
	if (d <= 0)
		return now;
	return d > INT64_MAX - now ? INT64_MAX : now + d;
}

static struct timespec abstime(int64_t t)
{
	return (struct timespec){ .tv_sec = t / Second, .tv_nsec = t % Second };
}

void time_sleep_at(duration d, const char *file, int line)
{
	if (d <= 0)
		return;
	struct g *gp = getg();
	setcall(gp, file, line, CALLERPC());
	/* A sleeping goroutine stays live: it will wake by itself. */
	gblocking(gp);
	atomic_store_explicit(&gp->waitreason, WAIT_SLEEP, memory_order_relaxed);
	TRACE(trace_block(gp, WAIT_SLEEP, NULL, 0));
	struct timespec ts = abstime(deadline(d));
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
	TRACE(trace_unblock(gp, 0, NULL));
	atomic_store_explicit(&gp->waitreason, NULL, memory_order_relaxed);
}

void time_sleep(duration d) { time_sleep_at(d, NULL, 0); }

/* ---- the heap; timers.lock held throughout ---- */

static void heapswap(int i, int j)
{
	assert(lock_held(&timers.lock));
	struct timer *t = timers.heap[i];
	timers.heap[i] = timers.heap[j];
	timers.heap[j] = t;
	timers.heap[i]->heapidx = i;
	timers.heap[j]->heapidx = j;
}

static void siftup(int i)
{
	assert(lock_held(&timers.lock));
	while (i > 0 && timers.heap[(i - 1) / 2]->when > timers.heap[i]->when) {
		heapswap(i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void siftdown(int i)
{
	assert(lock_held(&timers.lock));
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < timers.n && timers.heap[l]->when < timers.heap[m]->when)
			m = l;
		if (r < timers.n && timers.heap[r]->when < timers.heap[m]->when)
			m = r;
		if (m == i)
			return;
		heapswap(i, m);
		i = m;
	}
}

/* Adds t; a new earliest deadline wakes the timer thread.  Counts t live. */
static void heapadd(struct timer *t)
{
	assert(lock_held(&timers.lock));
	if (timers.n == timers.cap) {
		int cap = timers.cap ? 2 * timers.cap : 16;
		struct timer **h = realloc(timers.heap, cap * sizeof *h);
		if (h == NULL)
			go_throw("out of memory for %d timers", cap);
		timers.heap = h;
		timers.cap = cap;
	}
	t->heapidx = timers.n++;
	timers.heap[t->heapidx] = t;
	siftup(t->heapidx);
	atomic_store(&t->armed, true);
	live_timer(1);
	if (t->heapidx == 0)
		pthread_cond_signal(&timers.cond);
}

/* Removes pending t.  The caller does live_timer(-1) once timers.lock is released. */
static void heapdel(struct timer *t)
{
	assert(lock_held(&timers.lock));
	int i = t->heapidx;
	t->heapidx = -1;
	atomic_store(&t->armed, false);
	if (i != --timers.n) {
		timers.heap[i] = timers.heap[timers.n];
		timers.heap[i]->heapidx = i;
		siftdown(i);
		siftup(i);
	}
}

/*
 * Sends the time into t's channel unless its buffer is full.  A receiver
 * it hands the time to is put on `ready`, for goready() once timers.lock
 * is released too.  timers.lock held.
 */
static void sendtime(struct timer *t, int64_t now, struct glist *ready)
{
	assert(lock_held(&timers.lock));
	chan *c = t->c;
	LOCK(&c->lock);
	if (!c->closed)
		chansend_locked(c, &now, ready);
	UNLOCK(&c->lock);
}

static void *timerproc(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "gothreads-timer");
	TRACE(trace_timerthread());   /* its sends are timer arrows, on a row of its own */
	LOCK(&timers.lock);
	for (;;) {
		if (timers.n == 0) {
			pthread_cond_wait(&timers.cond, &timers.lock);
			continue;
		}
		struct timer *t = timers.heap[0];
		int64_t now = time_now();
		if (t->when > now) {
			struct timespec ts = abstime(t->when);
			pthread_cond_timedwait(&timers.cond, &timers.lock, &ts);
			continue;
		}
		if (t->fn) {
			/* AfterFunc: f runs as a new goroutine, started unlocked. */
			void (*fn)(void *) = t->fn, *arg = t->arg;   /* t may go once unlocked */
			heapdel(t);
			UNLOCK(&timers.lock);
			if (go_fromtimer(fn, arg, (void *)time_afterfunc) != 0)
				go_throw("time.AfterFunc: cannot start its goroutine");
			live_timer(-1);   /* the timer goes after its goroutine came */
			LOCK(&timers.lock);
			continue;
		}
		struct glist ready = GLIST_INIT;
		sendtime(t, now, &ready);
		bool periodic = t->period > 0;
		if (periodic) {
			/* Next tick on the period's grid, skipping ticks already missed. */
			t->when += t->period * (1 + (now - t->when) / t->period);
			siftdown(0);
		} else {
			heapdel(t);
		}
		UNLOCK(&timers.lock);
		goready(&ready);   /* the receiver, woken with no lock held */
		if (periodic) {
			/*
			 * A period shorter than one turn of this loop (a 10us ticker
			 * under valgrind, which runs code 50 times slower) would keep
			 * it firing for ever without sleeping, holding timers.lock:
			 * let the other threads run between ticks.
			 */
			sched_yield();
		} else {
			live_timer(-1);   /* after the send: whoever it woke is live now */
		}
		LOCK(&timers.lock);
	}
	return NULL;
}

/* The timer thread did not survive a fork(): see proc.c's forkchild. */
static bool forkedtimers;

static void timersforkchild(void)
{
	if (timers.started)
		forkedtimers = true;
}

__attribute__((constructor)) static void timersinit(void)
{
	pthread_atfork(NULL, NULL, timersforkchild);
}

static chan *newtimer(duration d, duration period, void (*fn)(void *), void *arg)
{
	if (forkedtimers)
		go_panic("gothreads: a timer in a child of fork(): the timer thread did not survive the fork "
		         "(exec a program, or fork before the first timer)");
	chan *c = chan_make(sizeof(int64_t), 1);
	struct timer *t = malloc(sizeof *t);
	if (c == NULL || t == NULL) {
		fprintf(stderr, "gothreads: out of memory for a timer\n");
		chan_free(c);
		free(t);
		return NULL;
	}
	t->c = c;
	atomic_init(&t->armed, false);
	UNCHECKED(&t->armed);   /* set by the timer thread, read by checkdead(): annotate.h */
	t->fn = fn;
	t->arg = arg;
	t->forselect = false;
	t->period = period;
	t->when = deadline(d);
	c->timer = t;

	LOCK(&timers.lock);
	if (!timers.started) {
		pthread_condattr_t attr;
		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		pthread_cond_init(&timers.cond, &attr);
		pthread_condattr_destroy(&attr);
		int err = internalthread(timerproc);
		if (err)
			go_throw("cannot start the timer thread: %s", strerror(err));
		timers.started = true;
	}
	heapadd(t);
	UNLOCK(&timers.lock);
	return c;
}

chan *time_after(duration d) { return newtimer(d, 0, NULL, NULL); }
chan *time_newtimer(duration d) { return newtimer(d, 0, NULL, NULL); }

chan *time_newticker(duration d)
{
	if (d <= 0)
		go_panic("non-positive interval for NewTicker");
	return newtimer(d, d, NULL, NULL);
}

/* time.Tick: Go returns nil for d <= 0 rather than panicking. */
chan *time_tick(duration d)
{
	return d > 0 ? newtimer(d, d, NULL, NULL) : NULL;
}

chan *time_afterfunc(duration d, void (*fn)(void *), void *arg)
{
	if (fn == NULL)
		go_panic("time: AfterFunc of nil func");
	return newtimer(d, 0, fn, arg);
}

/* ---- wall clock: time.Now().String() ---- */

/*
 * A time here is a time_now() reading: the monotonic clock, as Go's
 * time.Now() carries beside the wall clock.  The wall clock of a reading
 * is the one at start plus the monotonic time since, and Go's m=+ field
 * is the monotonic time since the program started (Go's startNano).
 */
static int64_t startmono, startwall;

__attribute__((constructor)) static void timeinit(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	startmono = time_now() - 1;   /* as Go's startNano: m=+ is never zero */
	startwall = (int64_t)ts.tv_sec * Second + ts.tv_nsec;
}

duration time_since(int64_t t) { return time_now() - t; }

/* "2006-01-02 15:04:05.999999999 -0700 MST m=+0.000000001", Go's Time.String(). */
char *time_string(char *buf, size_t n, int64_t t)
{
	int64_t wall = startwall + (t - startmono), m = t - startmono;
	time_t sec = (time_t)(wall / Second);
	long nsec = (long)(wall % Second);
	if (nsec < 0) {
		nsec += Second;
		sec--;
	}
	struct tm tm;
	localtime_r(&sec, &tm);
	char date[32], frac[16] = "", zone[48];
	strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
	if (nsec) {   /* .999999999: trailing zeros dropped, no dot for none */
		snprintf(frac, sizeof frac, ".%09ld", nsec);
		for (char *e = frac + strlen(frac) - 1; *e == '0'; e--)
			*e = '\0';
	}
	long off = tm.tm_gmtoff / 60;
	snprintf(zone, sizeof zone, "%c%02ld%02ld", off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
	uint64_t um = m < 0 ? (uint64_t)-m : (uint64_t)m;
	snprintf(buf, n, "%s%s %s %s m=%c%llu.%09llu", date, frac, zone, tm.tm_zone, m < 0 ? '-' : '+',
	         (unsigned long long)(um / Second), (unsigned long long)(um % Second));
	return buf;
}

static struct timer *timerof(chan *c, const char *what)
{
	if (c == NULL || c->timer == NULL) {
		char msg[96];
		snprintf(msg, sizeof msg, "gothreads: %s of a channel that is not a timer", what);
		go_panic(msg);
	}
	return c->timer;
}

bool time_stop(chan *c)
{
	struct timer *t = timerof(c, "time_stop");
	LOCK(&timers.lock);
	bool pending = t->heapidx >= 0;
	if (pending)
		heapdel(t);
	UNLOCK(&timers.lock);
	if (pending)
		live_timer(-1);
	return pending;
}

bool time_reset(chan *c, duration d)
{
	struct timer *t = timerof(c, "time_reset");
	if (t->period > 0 && d <= 0)
		go_panic("non-positive interval for Ticker.Reset");
	LOCK(&timers.lock);
	bool pending = t->heapidx >= 0;
	if (pending)
		heapdel(t);
	if (t->period > 0)
		t->period = d;
	t->when = deadline(d);
	heapadd(t);
	UNLOCK(&timers.lock);
	if (pending)
		live_timer(-1);
	return pending;
}

/*
 * Whether c is a timer's channel and the timer will still fire.  For the
 * deadlock detector, which holds sched.lock (so no timers.lock) while
 * every goroutine that could free or reset the timer is parked.
 */
bool timer_armed(chan *c)
{
	struct timer *t = c->timer;
	return t && atomic_load(&t->armed);
}

/* An after_case's timer channel: select made it and frees it (select.c). */
chan *timer_forselect(duration d)
{
	chan *c = time_after(d);
	if (c == NULL)
		go_throw("out of memory for a select's after_case timer");
	c->timer->forselect = true;   /* before any other thread can see c */
	return c;
}

bool timer_isforselect(chan *c)
{
	return c && c->timer && c->timer->forselect;
}

void timer_free(chan *c)
{
	if (c->timer == NULL)
		return;
	time_stop(c);
	free(c->timer);
	c->timer = NULL;
}
/* SPDX-License-Identifier: BSD-3-Clause */
