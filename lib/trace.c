/*
 * Tracing: a timeline of every goroutine, for go tool trace's questions
 * (who ran when, who waited for what, which send woke which receive).
 *
 * DESIGN
 * GOTHREADS_TRACE=run.json (Chrome's trace-event format, which Perfetto
 * and chrome://tracing open) or GOTHREADS_TRACE=run.html (one page with
 * its own viewer, lib/traceview.html) turns it on, for the whole run: the
 * variable is read once, before main, and trace_on never changes after.
 *
 * Recording.  Each thread writes its events into a buffer of its own, a
 * list of chunks of CHUNK events, so recording takes no lock at all: a
 * pool thread appends to its current chunk and publishes the event by
 * bumping the chunk's count (a release store).  A flush reads every
 * buffer up to the counts it sees (acquire loads), while the threads go
 * on: what they record after that is not written.  Buffers are never
 * freed, so a flush can always read them.  Every event has a timestamp
 * from one clock, time_now() (CLOCK_MONOTONIC, the same on every CPU),
 * so events of different threads sort into one timeline and no arrow
 * points back in time.
 *
 * Bounded.  All threads together take at most GOTHREADS_TRACE_EVENTS
 * events (default 1M, 48 MB); a chunk is counted out of that budget when
 * it is taken.  A thread that finds the budget spent counts what it
 * drops, and the trace says so (an instant event, and a line on stderr);
 * the program goes on.
 *
 * Arrows.  A flow starts with trace_flow(), which returns a fresh id; the
 * id rides to the other goroutine in its sudog (sg->flow) or, for a
 * buffered channel, in the slot's c->tflow entry; the goroutine that
 * receives it ends the flow with trace_unblock() or trace_take().
 * tracejson.c pairs the two; a flow never taken (a ticker's dropped tick,
 * a parked sender's offer that close cancelled) draws no arrow.
 *
 * When the trace is written, and how: lib/traceflush.c.
 */
#define _GNU_SOURCE
#include "trace.h"

#include <string.h>

/*
 * A flush reads the counts while their threads write them: C11 atomics,
 * which ThreadSanitizer checks and helgrind and DRD do not understand.
 * They check the events themselves, ordered by HAPPENS_BEFORE/AFTER on
 * the chunk, and are told to leave the counts and links alone.
 */
#ifdef HAVE_VALGRIND
#include <valgrind/drd.h>
#define NOTRACK(x) do {                                                                 \
		VALGRIND_HG_DISABLE_CHECKING(&(x), sizeof(x));                          \
		VALGRIND_DO_CLIENT_REQUEST_STMT(VG_USERREQ__DRD_START_SUPPRESSION,      \
		                                &(x), sizeof(x), 0, 0, 0);              \
	} while (0)
#else
#define NOTRACK(x) ((void)0)
#endif

#define CHUNK 64   /* events per chunk: 3 KB */

struct tchunk {
	_Atomic(struct tchunk *) next;
	atomic_int n;            /* events published; only the owner adds */
	struct tev ev[CHUNK];
};

/* A thread's events.  Only that thread writes; trace_flush reads. */
struct tbuf {
	struct tbuf *next;               /* tr.bufs; set before the buffer is published */
	_Atomic(struct tchunk *) first;
	atomic_long dropped;             /* events lost to the limit */
	_Atomic int64_t droppedat;       /* when the first was lost */
	/* the owner's own: */
	struct tchunk *cur;
	bool full;                       /* the budget was spent when we asked */
	int64_t g;                       /* goroutine on this thread now; 0: the timer thread */
	uint64_t id, flowseq;            /* flow ids are id << 40 | ++flowseq */
};

static struct {
	atomic_long chunksleft;          /* of the GOTHREADS_TRACE_EVENTS budget */
	_Atomic(struct tbuf *) bufs;     /* every thread's, newest first */
	atomic_ulong nbufs;
} tr;

static __thread struct tbuf *mybuf;
static __thread bool ontimerthread;

static struct tchunk *chunkalloc(struct tbuf *b)
{
	if (b->full || atomic_fetch_sub(&tr.chunksleft, 1) <= 0) {
		b->full = true;
		return NULL;
	}
	struct tchunk *c = calloc(1, sizeof *c);
	if (c) {
		NOTRACK(c->n);
		NOTRACK(c->next);
	}
	return c;
}

/* The calling thread's buffer, made on its first event.  NULL: out of memory. */
static struct tbuf *getbuf(int64_t g)
{
	struct tbuf *b = mybuf;
	if (b)
		return b;
	if ((b = calloc(1, sizeof *b)) == NULL)
		return NULL;
	NOTRACK(b->first);
	NOTRACK(b->dropped);
	NOTRACK(b->droppedat);
	b->g = ontimerthread ? 0 : g;
	b->cur = chunkalloc(b);
	atomic_store_explicit(&b->first, b->cur, memory_order_relaxed);
	b->id = atomic_fetch_add(&tr.nbufs, 1) + 1;
	struct tbuf *head = atomic_load(&tr.bufs);
	do {
		b->next = head;
		HAPPENS_BEFORE(&tr.bufs);
	} while (!atomic_compare_exchange_weak(&tr.bufs, &head, b));
	mybuf = b;
	return b;
}

static void drop(struct tbuf *b)
{
	if (atomic_fetch_add_explicit(&b->dropped, 1, memory_order_relaxed) == 0)
		atomic_store_explicit(&b->droppedat, time_now(), memory_order_relaxed);
}

/* A slot for the next event of b, or NULL if the budget is spent. */
static struct tev *slot(struct tbuf *b)
{
	struct tchunk *c = b->cur;
	if (c == NULL || atomic_load_explicit(&c->n, memory_order_relaxed) == CHUNK) {
		struct tchunk *nc = chunkalloc(b);
		if (nc == NULL) {
			drop(b);
			return NULL;
		}
		HAPPENS_BEFORE(nc);
		if (c)
			atomic_store_explicit(&c->next, nc, memory_order_release);
		else
			atomic_store_explicit(&b->first, nc, memory_order_release);
		b->cur = c = nc;
	}
	return &c->ev[atomic_load_explicit(&c->n, memory_order_relaxed)];
}

/* Publishes the event slot() returned. */
static void publish(struct tbuf *b)
{
	struct tchunk *c = b->cur;
	HAPPENS_BEFORE(c);
	atomic_store_explicit(&c->n, atomic_load_explicit(&c->n, memory_order_relaxed) + 1,
	                      memory_order_release);
}

/* Records one event of goroutine b->g; returns its time. */
static int64_t record(struct tbuf *b, uint32_t kind, uint64_t a, const void *p, const void *q, size_t size)
{
	struct tev *e;
	if (b == NULL || (e = slot(b)) == NULL)
		return 0;
	int64_t now = e->ts = time_now();
	e->g = b->g;
	e->kind = kind;
	e->size = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
	e->a = a;
	e->p = p;
	e->q = q;
	publish(b);
	return now;
}

/* An EV_TEXT for the event just recorded at ts (0: it was dropped). */
static void recordtext(struct tbuf *b, int64_t ts, const char *text)
{
	struct tev *e;
	if (b == NULL || ts == 0 || (e = slot(b)) == NULL)
		return;
	e->ts = ts;
	e->g = b->g;
	e->kind = EV_TEXT;
	e->size = 0;
	snprintf(e->text, sizeof e->text, "%s", text);
	publish(b);
}

void trace_go(struct g *child)
{
	struct tbuf *b = getbuf(child->parent);
	int64_t ts = record(b, EV_GO, (uint64_t)child->id, (const void *)child->fn, child->createpc, 0);
	recordtext(b, ts, child->name);
}

void trace_gostart(struct g *gp)
{
	struct tbuf *b = getbuf(gp->id);
	if (b == NULL)
		return;
	b->g = gp->id;
	record(b, EV_START, 0, (const void *)gp->fn, NULL, 0);
}

void trace_goend(struct g *gp)
{
	record(getbuf(gp->id), EV_END, 0, NULL, NULL, 0);
}

void trace_setname(struct g *gp)
{
	struct tbuf *b = getbuf(gp->id);
	recordtext(b, record(b, EV_NAME, 0, NULL, NULL, 0), gp->name);
}

/* The call's file:line, if the public macro passed it (setcall, runtime.h), follows as EV_AT. */
void trace_block(struct g *gp, const char *reason, const void *on, size_t size)
{
	struct tbuf *b = getbuf(gp->id);
	int64_t ts = record(b, EV_BLOCK, 0, on, reason, size);
	const char *file = atomic_load_explicit(&gp->callfile, memory_order_relaxed);
	struct tev *e;
	if (ts == 0 || file == NULL || (e = slot(b)) == NULL)
		return;
	*e = (struct tev){ .ts = ts, .g = b->g, .kind = EV_AT, .p = file,
	                   .a = (uint64_t)atomic_load_explicit(&gp->callline, memory_order_relaxed) };
	publish(b);
}

void trace_unblock(struct g *gp, uint64_t flow, const struct hchan *c)
{
	record(getbuf(gp->id), EV_UNBLOCK, flow, c, NULL, 0);
}

/* Goroutines only call it holding c->lock, so getbuf's id is known (see trace_gostart). */
uint64_t trace_flow(int kind, const struct hchan *c)
{
	struct tbuf *b = getbuf(-1);
	if (b == NULL)
		return 0;
	if (kind == FLOW_SEND && b->g == 0)
		kind = FLOW_TIMER;
	uint64_t id = b->id << 40 | ++b->flowseq;
	record(b, EV_FLOW, id, c, (const void *)(intptr_t)kind, c ? c->elemsize : 0);
	return id;
}

void trace_take(uint64_t flow)
{
	if (flow)
		record(getbuf(-1), EV_TAKE, flow, NULL, NULL, 0);
}

void trace_timerthread(void)
{
	ontimerthread = true;
}

/* ---- reading it all back ------------------------------------------------------ */

struct sortev {
	int64_t ts;
	size_t i;
};

static int bytime(const void *x, const void *y)
{
	const struct sortev *a = x, *b = y;
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Every published event, sorted by time (a thread's own keep their order). */
struct tev *trace_collect(size_t *np, long *dropped, int64_t *droppedat)
{
	size_t n = 0, cap = 0;
	struct tev *all = NULL;
	HAPPENS_AFTER(&tr.bufs);
	for (struct tbuf *b = atomic_load_explicit(&tr.bufs, memory_order_acquire); b; b = b->next) {
		long d = atomic_load_explicit(&b->dropped, memory_order_relaxed);
		int64_t at = atomic_load_explicit(&b->droppedat, memory_order_relaxed);
		if (d > 0 && (*dropped == 0 || at < *droppedat))
			*droppedat = at;
		*dropped += d;
		for (struct tchunk *c = atomic_load_explicit(&b->first, memory_order_acquire); c;
		     c = atomic_load_explicit(&c->next, memory_order_acquire)) {
			HAPPENS_AFTER(c);
			int k = atomic_load_explicit(&c->n, memory_order_acquire);
			HAPPENS_AFTER(c);
			if (n + k > cap) {
				cap = cap ? 2 * cap : 4096;
				struct tev *p = realloc(all, cap * sizeof *all);
				if (p == NULL) {
					*dropped += k;
					continue;
				}
				all = p;
			}
			memcpy(all + n, c->ev, k * sizeof *all);
			n += k;
		}
	}
	struct sortev *order = malloc((n ? n : 1) * sizeof *order);
	struct tev *sorted = malloc((n ? n : 1) * sizeof *sorted);
	if (order == NULL || sorted == NULL) {
		free(order);
		free(sorted);
		*np = 0;
		free(all);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = (struct sortev){ all[i].ts, i };
	qsort(order, n, sizeof *order, bytime);
	for (size_t i = 0; i < n; i++)
		sorted[i] = all[order[i].i];
	free(order);
	free(all);
	*np = n;
	return sorted;
}

/* From trace_init: the budget, before any event. */
void trace_budget(long events)
{
	atomic_store(&tr.chunksleft, events / CHUNK);
}
/* SPDX-License-Identifier: BSD-3-Clause */
