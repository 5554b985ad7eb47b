/*
 * select (Go's runtime/select.go, selectgo).
 *
 * DESIGN
 * Doing a ready case needs only its own channel locked.  Deciding that
 * no case is ready, and so taking the default or waiting on every
 * channel, needs one consistent moment of all of them: the select locks
 * them all at once.  Two selects over the same channels listed in
 * different orders would deadlock if each locked in its own order, so
 * every select locks in one global order: ascending channel address (a
 * channel named in two cases is locked once).  The passes:
 *
 *   pass 0  (ours; Go's selectgo starts at pass 1) visit the cases in a
 *           random order (a fresh permutation each call), each channel
 *           locked alone, and do the first that can proceed.  The random
 *           order is what makes the choice among ready cases uniform;
 *   pass 1  none could: lock every channel and look again, in the same
 *           order (Go's pass 1; a case may have become ready meanwhile);
 *   pass 2  still none: queue a sudog on every case's channel, all
 *           pointing at this goroutine, unlock, and park;
 *   pass 3  woken by one of them: lock everything again and take the
 *           other sudogs off their queues.
 *
 * Pass 0 costs a ready select one lock instead of all of them and no
 * sort (22 ns instead of 37 for two cases, docs/performance.md); a
 * select that waits pays one more lock and unlock per channel, small
 * beside its sleep.  A select on one channel starts at pass 1.
 *
 * Only one partner can wake us, because waking takes our g's parklock and
 * checks that nobody has yet (sudog_claim); partners who find a sudog of
 * ours after that drop it.
 *
 * Case arrays of up to NSTACK cases live on the stack: no allocation on
 * the common path.
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#define NSTACK 16

/*
 * A per-thread xorshift64* generator, seeded once per thread (never per
 * call: reseeding from the clock would repeat choices).
 */
static __thread uint64_t rngstate;

static uint32_t fastrandn(uint32_t n)
{
	uint64_t x = rngstate;
	if (x == 0) {
		/* splitmix64 of the clock, the thread and a stack address */
		x = (uint64_t)time_now() ^ ((uint64_t)gettid() << 32) ^ (uintptr_t)&x;
		x += 0x9e3779b97f4a7c15ULL;
		x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
		x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
		x ^= x >> 31;
		if (x == 0)
			x = 1;
	}
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rngstate = x;
	uint32_t r = (uint32_t)((x * 0x2545f4914f6cdd1dULL) >> 32);
	return (uint32_t)(((uint64_t)r * n) >> 32);   /* Lemire's multiply-shift */
}

/* The lock order's sort key: the channel's address. */
static inline uintptr_t chankey(const select_case *cases, int i)
{
	return (uintptr_t)cases[i].c;
}

static void sellock(select_case *cases, const int *lockorder, int n)
{
	chan *prev = NULL;
	for (int i = 0; i < n; i++) {
		chan *c = cases[lockorder[i]].c;
		if (c != prev)
			LOCK(&c->lock);
		prev = c;
	}
}

static void selunlock(select_case *cases, const int *lockorder, int n)
{
	chan *prev = NULL;
	for (int i = 0; i < n; i++) {
		chan *c = cases[lockorder[i]].c;
		if (c != prev)
			UNLOCK(&c->lock);
		prev = c;
	}
}

/* selunlock, and then release each channel nothing can touch any more. */
static void selunlock_release(select_case *cases, const int *lockorder, int n)
{
	chan *prev = NULL;
	for (int i = 0; i < n; i++) {
		chan *c = cases[lockorder[i]].c;
		if (c == prev)
			continue;   /* compared, never read: it may be gone */
		prev = c;
		bool dead = chan_unused(c);
		UNLOCK(&c->lock);
		if (dead)
			chan_release(c);
	}
}

/*
 * Caller mistakes Go's compiler rules out, so they have no Go message:
 * say plainly which case is wrong and stop, as a panic does.
 */
/* Where the select is written, for its panics and for dumps. */
struct selsite {
	const char *file;
	int line;
	void *pc;
};

static void badselect(const struct selsite *at, const char *fmt, ...)
	__attribute__((noreturn, cold, format(printf, 2, 3)));
static void badselect(const struct selsite *at, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	go_panic_at(msg, at->file, at->line, at->pc);
}

/*
 * after_case(d): a receive from a timer of our own, made now and freed
 * by afterdone() when the select is done with it.  The case keeps its
 * kind, SELECT_AFTER (a receive to every pass below), and d in its size
 * field, so a case array used again makes a new timer each time.
 * afterdone() finds the timers by that kind alone: the select's other
 * channels may be gone by then.
 */
static __attribute__((cold, noinline)) void aftercase(select_case *cs)
{
	cs->c = timer_forselect((duration)cs->size);
}

static __attribute__((cold, noinline)) void afterdone(select_case *cases, int n)
{
	for (int i = 0; i < n; i++)
		if (cases[i].dir == SELECT_AFTER) {
			chan_free(cases[i].c);   /* stops it if it has not fired */
			cases[i].c = NULL;
		}
}

static inline void checkcase(select_case *cs, int i, const struct selsite *at, int *nafter)
{
	if (__builtin_expect(cs->dir == SELECT_AFTER, 0)) {
		aftercase(cs);
		++*nafter;
		return;   /* its value is an int64_t, or NULL: unchecked */
	}
	if (cs->dir != SELECT_RECV && cs->dir != SELECT_SEND)
		badselect(at, "gothreads: select: case %d has unknown kind %d "
		          "(want SELECT_RECV or SELECT_SEND)", i, cs->dir);
	if (cs->c == NULL)
		return;
	if (cs->dir == SELECT_SEND && cs->v == NULL && cs->c->elemsize > 0)
		badselect(at, "gothreads: select: send case %d has a NULL value", i);
	/* 0: a case built by hand, without its size */
	if (__builtin_expect(cs->size != 0 && !SIZE_OK(cs->c, cs->v, cs->size), 0)) {
		char op[48];
		snprintf(op, sizeof op, "%s (select case %d)",
		         cs->dir == SELECT_SEND ? "send_case" : "recv_case", i);
		go_badsize(op, cs->size, cs->c->elemsize, at->file, at->line, at->pc);
	}
}

/*
 * lockorder: the npoll cases with a channel, sorted by its address.  A
 * heap sort, as Go's selectgo has, so that a select over thousands of
 * cases costs n log n compares whatever their order: an insertion sort
 * took n*n/2 for cases written in descending address order (12.5 million
 * for 5,000 cases, 12 ms).  The heap is built from the order the cases
 * were written in, not from the random one, so a loop running the same
 * select makes the same comparisons each time and the CPU predicts them.
 */
static void sortlocks(select_case *cases, int n, int *lockorder, int npoll)
{
	for (int i = 0, m = 0; i < n; i++) {
		chan *c = cases[i].c;
		if (c == NULL)
			continue;
		int j;
		for (j = m; j > 0 && chankey(cases, lockorder[(j - 1) / 2]) < (uintptr_t)c; j = (j - 1) / 2)
			lockorder[j] = lockorder[(j - 1) / 2];   /* sift up */
		lockorder[j] = i;
		m++;
	}
	for (int i = npoll - 1; i > 0; i--) {
		/* Move the largest to the end; sift the one it displaced down. */
		int o = lockorder[i];
		uintptr_t key = chankey(cases, o);
		lockorder[i] = lockorder[0];
		int j = 0;
		for (;;) {
			int k = 2 * j + 1;
			if (k >= i)
				break;
			if (k + 1 < i && chankey(cases, lockorder[k]) < chankey(cases, lockorder[k + 1]))
				k++;
			if (key >= chankey(cases, lockorder[k]))
				break;
			lockorder[j] = lockorder[k];
			j = k;
		}
		lockorder[j] = o;
	}
}

/* One case's send or receive, its channel locked: chan.c's CHAN_* result. */
static inline int trycase(select_case *cs, bool *ok, struct glist *ready)
{
	return cs->dir != SELECT_SEND ? chanrecv_locked(cs->c, cs->v, ok, ready)
	                              : chansend_locked(cs->c, cs->v, ready);
}

static int selectgo(select_case *cases, int n, bool *okp, bool block, const struct selsite *at)
{
	if (n < 0)
		badselect(at, "gothreads: select: negative case count %d", n);
	if (n > 0 && cases == NULL)
		badselect(at, "gothreads: select: NULL case list with %d cases", n);

	int stackorder[2 * NSTACK];
	struct sudog stacksg[NSTACK];
	int *pollorder = stackorder, *lockorder = stackorder + NSTACK;
	struct sudog *sgs = stacksg;
	void *heap = NULL;
	if (n > NSTACK) {
		heap = malloc(n * (2 * sizeof(int) + sizeof(struct sudog)));
		if (heap == NULL)
			go_throw("out of memory for a select of %d cases", n);
		sgs = heap;
		pollorder = (int *)(sgs + n);
		lockorder = pollorder + n;
	}

	/* pollorder: a random permutation of the cases with a channel (inside-out Fisher-Yates). */
	int npoll = 0, nafter = 0;
	for (int i = 0; i < n; i++) {
		checkcase(&cases[i], i, at, &nafter);
		if (cases[i].c == NULL)
			continue;
		int j = npoll ? (int)fastrandn((uint32_t)npoll + 1) : 0;
		pollorder[npoll] = pollorder[j];
		pollorder[j] = i;
		npoll++;
	}
	struct g *gp;
	if (npoll == 0) {
		free(heap);
		if (!block)
			return -1;
		gp = getg();
		setcall(gp, at->file, at->line, at->pc);
		atomic_store_explicit(&gp->nwaitcases, n, memory_order_relaxed);
		atomic_store_explicit(&gp->waitcases, cases, memory_order_release);
		gopark_forever(gp, n == 0 ? WAIT_SELECT_NONE : WAIT_SELECT);
	}

	/*
	 * Pass 0: the first ready case in random order, each channel locked
	 * alone (see DESIGN).  A partner it completes is readied on `ready`
	 * and woken once the lock is released (wake after unlock: chan.c).
	 */
	int chosen = -1;
	bool ok = true, closed = false;
	struct glist ready = GLIST_INIT;
	for (int i = 0; npoll > 1 && i < npoll && chosen < 0 && !closed; i++) {
		select_case *cs = &cases[pollorder[i]];
		LOCK(&cs->c->lock);
		int r = trycase(cs, &ok, &ready);
		UNLOCK(&cs->c->lock);
		if (r == CHAN_DONE)
			chosen = pollorder[i];
		closed = r == CHAN_CLOSED;
	}
	if (chosen >= 0 || closed) {
		goready(&ready);
		goto done;
	}

	sortlocks(cases, n, lockorder, npoll);
	sellock(cases, lockorder, npoll);

	/* Pass 1: the first ready case, in random order, every channel locked. */
	for (int i = 0; i < npoll && chosen < 0; i++) {
		int r = trycase(&cases[pollorder[i]], &ok, &ready);
		if (r == CHAN_DONE)
			chosen = pollorder[i];
		closed = r == CHAN_CLOSED;
		if (closed)
			break;
	}
	if (chosen >= 0 || closed || !block) {
		selunlock(cases, lockorder, npoll);
		goready(&ready);
		goto done;
	}

	/*
	 * Pass 2: wait on every channel at once.  The sudogs are queued in
	 * the random order: when one channel appears in several cases, the
	 * partner takes the first of ours in its queue, so that order must
	 * be random too (TestPseudoRandomSend).  Each case holds its channel
	 * (c->holds) until pass 3 has left it: a partner may free a channel as
	 * soon as its send or receive with us is done, and pass 3 still locks
	 * it (chanalloc.c).
	 */
	gp = getg();
	gp->fired = NULL;
	setcall(gp, at->file, at->line, at->pc);
	for (int i = 0; i < npoll; i++) {
		int k = pollorder[i];
		chan *c = cases[k].c;
		sgs[k] = (struct sudog){ .g = gp, .c = c, .elem = cases[k].v, .caseidx = k };
		if (cases[k].dir == SELECT_SEND)
			TRACE(sgs[k].flow = trace_flow(FLOW_SEND, c));
		waitq_enqueue(cases[k].dir != SELECT_SEND ? &c->recvq : &c->sendq, &sgs[k]);
		c->holds++;
	}
	for (int i = 0; i < npoll; i++)
		chan_check(cases[pollorder[i]].c);   /* DEBUG only */
	selunlock(cases, lockorder, npoll);

	atomic_store_explicit(&gp->nwaitcases, n, memory_order_relaxed);  /* for dumps, gdb */
	atomic_store_explicit(&gp->waitcases, cases, memory_order_release);
	struct sudog *fired = gopark(gp, WAIT_SELECT, NULL);
	atomic_store_explicit(&gp->waitcases, NULL, memory_order_relaxed);

	/*
	 * Pass 3: leave the queues we were not woken from, and let go of
	 * every channel: one its last user freed meanwhile goes now.
	 */
	sellock(cases, lockorder, npoll);
	for (int i = 0; i < npoll; i++) {
		int k = lockorder[i];
		chan *c = cases[k].c;
		waitq_remove(cases[k].dir != SELECT_SEND ? &c->recvq : &c->sendq, &sgs[k]);
		c->holds--;
	}
	selunlock_release(cases, lockorder, npoll);

	chosen = fired->caseidx;
	ok = fired->success;
	closed = cases[chosen].dir == SELECT_SEND && !ok;   /* a close woke our send */

done:
	free(heap);
	if (closed)
		go_panic_at("send on closed channel", at->file, at->line, at->pc);
	if (__builtin_expect(nafter, 0))
		afterdone(cases, n);
	if (chosen >= 0 && okp)
		*okp = cases[chosen].dir != SELECT_SEND ? ok : true;
	return chosen;
}

int chan_select_at(select_case *cases, int n, bool *ok, bool block, const char *file, int line)
{
	struct selsite at = { file, line, CALLERPC() };
	return selectgo(cases, n, ok, block, &at);
}

int chan_select(select_case *cases, int n, bool *ok)
{
	struct selsite at = { NULL, 0, CALLERPC() };
	return selectgo(cases, n, ok, true, &at);
}

int chan_select_nb(select_case *cases, int n, bool *ok)
{
	struct selsite at = { NULL, 0, CALLERPC() };
	return selectgo(cases, n, ok, false, &at);
}
/* SPDX-License-Identifier: BSD-3-Clause */
