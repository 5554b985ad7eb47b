/*
 * lab.c: the labs' instrumented "work" functions and the checker's hooks
 * (see lab.h).  Linked with every lab program by labs/check.
 *
 * DESIGN.  The checker measures from what a program did, not from what it
 * printed about itself: each lab_ function writes one line to the trace
 * file named by LAB_TRACE, "<ns since start> <event> <args>", with a
 * single write() on an O_APPEND descriptor, so lines from different
 * goroutines never mix.  The checker's per-lab props.awk reads the trace.
 * Counters here are relaxed atomics and the trace is a system call: the
 * instrumentation adds no happens-before edge between goroutines, so it
 * hides no race from ThreadSanitizer or helgrind.
 */
#define LAB_NO_WRAP
#include "lab.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int tracefd = -1;
static int64_t start;
int lab_latestart;              /* LAB_LATE_START */
static duration lockpause;     /* LAB_LOCK_PAUSE, in ms */
static int afterwait;          /* LAB_START_AFTER_WAIT */
static atomic_int waiting;     /* someone has called waitgroup_wait (relaxed: no ordering) */
static atomic_uint seed;
static atomic_int owngoroutines;   /* lab_fetch's senders: not the student's */

void lab_event(const char *fmt, ...)
{
	if (tracefd < 0)
		return;
	char line[256];
	int n = snprintf(line, sizeof line, "%lld ", (long long)(time_now() - start));
	va_list ap;
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof line - 2)
		n = sizeof line - 2;
	line[n++] = '\n';
	ssize_t w = write(tracefd, line, n);
	(void)w;
}

/*
 * The lab's own pauses are nanosleep, not time_sleep: time_sleep takes the
 * library's timer lock, and two goroutines that both sleep would then be
 * ordered by it, hiding their race from ThreadSanitizer.
 */
static void pause_for(duration d)
{
	struct timespec ts = { d / Second, d % Second };
	while (nanosleep(&ts, &ts) != 0)
		;
}

static unsigned randn(unsigned n)   /* 0 <= r < n, xorshift */
{
	unsigned x = atomic_fetch_add_explicit(&seed, 0x9e3779b9u, memory_order_relaxed);
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x % n;
}

/* ---- goroutines that start late (LAB_LATE_START) ---- */

struct late {
	void (*fn)(void *);
	void *arg;        /* go(): the caller's pointer; go_copy(): NULL, the copy follows */
	_Alignas(16) unsigned char data[];
};

/* The goroutine lab_go_late() starts: a pause, then fn. */
static void late_run(void *p)
{
	struct late *l = p;
	for (int i = 0; afterwait && i < 200 && !atomic_load_explicit(&waiting, memory_order_relaxed); i++)
		pause_for(Millisecond);
	pause_for((duration)randn(3000) * Microsecond);
	l->fn(l->arg ? l->arg : l->data);
}

/*
 * go(fn, arg) when size is 0, else go_copy(fn, arg, size), starting late;
 * the goroutine is named after fn, since its function is late_run.
 */
int lab_go_late(void (*fn)(void *), const void *arg, size_t size, const char *name,
                const char *file, int line)
{
	struct late *l = malloc(sizeof *l + size);
	if (!l)
		return go_at(NULL, fn, arg, size, file, line);
	l->fn = fn;
	l->arg = size ? NULL : (void *)arg;
	if (size)
		memcpy(l->data, arg, size);
	int r = go_at(name, late_run, l, sizeof *l + size, file, line);
	free(l);
	return r;
}

void lab_waiting(void)
{
	atomic_store_explicit(&waiting, 1, memory_order_relaxed);
}

void lab_lockpause(void)
{
	if (lockpause)
		pause_for(lockpause);
}

/* ---- channels, numbered in the order they are made ---- */

enum { MAXCH = 64 };
static _Atomic(chan *) chans[MAXCH];
static atomic_int nchans;

chan *lab_chan_make(size_t elemsize, long cap)
{
	chan *c = chan_make(elemsize, cap);
	int i = atomic_fetch_add(&nchans, 1);
	if (i < MAXCH)
		atomic_store(&chans[i], c);
	lab_event("make ch%d cap=%ld", i + 1, cap);
	return c;
}

static int chanid(chan *c)
{
	int n = atomic_load(&nchans);
	for (int i = 0; i < n && i < MAXCH; i++)
		if (atomic_load(&chans[i]) == c)
			return i + 1;
	return 0;
}

void lab_chan_close(chan *c, const char *file, int line)
{
	/* Before closing: whoever sees the close can only log after this line. */
	lab_event("close ch%d", chanid(c));
	chan_close_at(c, file, line);
}

/* ---- the labs' work ---- */

int lab_work(int id)
{
	lab_event("work-start %d", id);
	pause_for(10 * Millisecond);
	lab_event("work-end %d", id);
	return id * id;
}

void lab_joined(void)
{
	lab_event("joined");
}

void lab_got(int v)
{
	lab_event("got %d", v);
}

void lab_hit(const char *player, int ball)
{
	lab_event("hit %s %d", player, ball);
}

static atomic_int inflight;

int lab_process(int job)
{
	int n = atomic_fetch_add_explicit(&inflight, 1, memory_order_relaxed) + 1;
	lab_event("process-start %d inflight=%d", job, n);
	pause_for(20 * Millisecond);
	atomic_fetch_sub_explicit(&inflight, 1, memory_order_relaxed);
	lab_event("process-end %d", job);
	return job * job;
}

struct fetch {
	chan *c;
	int id;
};

static void fetch_run(void *arg)
{
	struct fetch *f = arg;
	/* Odd ids answer in 5 ms, even ids take 2 s: longer than any timeout. */
	pause_for(f->id % 2 ? 5 * Millisecond : 2 * Second);
	int v = f->id * 10;
	chan_send(f->c, &v);   /* room for one: never blocks */
	atomic_fetch_sub(&owngoroutines, 1);
}

chan *lab_fetch(int id)
{
	chan *c = chan_make(sizeof(int), 1);
	lab_event("fetch %d", id);
	atomic_fetch_add(&owngoroutines, 1);
	go_copy(fetch_run, &(struct fetch){ c, id }, sizeof(struct fetch));
	return c;
}

void lab_tick(int watcher)
{
	lab_event("tick %d", watcher);
}

void lab_stopped(int watcher)
{
	lab_event("stopped %d", watcher);
}

enum { PHILOSOPHERS = 5 };
static atomic_int eating[PHILOSOPHERS];

void lab_eat(int p)
{
	if (p < 0 || p >= PHILOSOPHERS) {
		lab_event("eat-bad %d", p);
		return;
	}
	atomic_store(&eating[p], 1);
	lab_event("eat-start %d", p);
	int left = (p + PHILOSOPHERS - 1) % PHILOSOPHERS, right = (p + 1) % PHILOSOPHERS;
	if (atomic_load(&eating[left]) || atomic_load(&eating[right]))
		lab_event("overlap %d", p);
	pause_for(2 * Millisecond);
	atomic_store(&eating[p], 0);
	lab_event("eat-end %d", p);
}

void lab_request(int id)
{
	lab_event("request %d", id);
}

/* ---- at exit: goroutines still running are leaks ---- */

static void atend(void)
{
	/* A goroutine that has just called Done may still be on its way out. */
	int n = 0;
	for (int i = 0; i < 100; i++) {
		n = go_numgoroutine() - 1 - atomic_load(&owngoroutines);
		if (n <= 0)
			break;
		pause_for(5 * Millisecond);
	}
	lab_event("exit goroutines=%d", n > 0 ? n : 0);
	if (n > 0) {
		fflush(stdout);
		fprintf(stderr, "lab: %d goroutine%s still running when main returned\n\n",
		        n, n == 1 ? "" : "s");
		go_dump();
	}
}

__attribute__((constructor)) static void labinit(void)
{
	start = time_now();
	const char *s = getenv("LAB_TRACE");
	if (s && *s)
		tracefd = open(s, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	s = getenv("LAB_LATE_START");
	lab_latestart = s && *s && strcmp(s, "0") != 0;
	s = getenv("LAB_START_AFTER_WAIT");
	afterwait = s && *s && strcmp(s, "0") != 0;
	s = getenv("LAB_LOCK_PAUSE");
	lockpause = s ? atoll(s) * Millisecond : 0;
	s = getenv("LAB_SEED");
	atomic_store(&seed, s ? (unsigned)atoll(s) * 2654435761u + 1 : (unsigned)start | 1);
	atexit(atend);
}
/* SPDX-License-Identifier: BSD-3-Clause */
