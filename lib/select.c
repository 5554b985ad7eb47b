/*
 * select (Go's runtime/select.go, selectgo).
 *
 * DESIGN
 * A select must act on one consistent moment of all its channels, so it
 * locks all of them at once.  Two selects over the same channels listed
 * in different orders would deadlock if each locked in its own order, so
 * every select locks in one global order: ascending channel address (a
 * channel named in two cases is locked once).  Then, as Go does:
 *
 *   pass 1  visit the cases in a random order (a fresh permutation each
 *           call) and do the first that can proceed now.  The random order
 *           is what makes the choice among ready cases uniform;
 *   pass 2  none could: queue a sudog on every case's channel, all
 *           pointing at this goroutine, unlock, and park;
 *   pass 3  woken by one of them: lock everything again and take the
 *           other sudogs off their queues.
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

/*
 * Caller mistakes Go's compiler rules out, so they have no Go message:
 * say plainly which case is wrong and stop, as a panic does.
 */
static void checkcases(const select_case *cases, int n)
{
	char msg[160];
	msg[0] = '\0';
	if (n < 0)
		snprintf(msg, sizeof msg, "gothreads: select: negative case count %d", n);
	else if (n > 0 && cases == NULL)
		snprintf(msg, sizeof msg, "gothreads: select: NULL case list with %d cases", n);
	for (int i = 0; msg[0] == '\0' && i < n; i++) {
		const select_case *cs = &cases[i];
		if (cs->dir != SELECT_RECV && cs->dir != SELECT_SEND)
			snprintf(msg, sizeof msg, "gothreads: select: case %d has unknown kind %d "
			         "(want SELECT_RECV or SELECT_SEND)", i, cs->dir);
		else if (cs->dir == SELECT_SEND && cs->c && cs->v == NULL && cs->c->elemsize > 0)
			snprintf(msg, sizeof msg, "gothreads: select: send case %d has a NULL value", i);
	}
	if (msg[0])
		go_panic(msg);
}

static int selectgo(select_case *cases, int n, bool *okp, bool block)
{
	checkcases(cases, n);

	struct g *gp = getg();
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

	/* A random permutation of the non-nil cases (inside-out Fisher-Yates). */
	int npoll = 0;
	for (int i = 0; i < n; i++) {
		if (cases[i].c == NULL)
			continue;
		int j = (int)fastrandn((uint32_t)npoll + 1);
		pollorder[npoll] = pollorder[j];
		pollorder[j] = i;
		npoll++;
	}
	if (npoll == 0) {
		free(heap);
		if (!block)
			return -1;
		atomic_store_explicit(&gp->nwaitcases, n, memory_order_relaxed);
		atomic_store_explicit(&gp->waitcases, cases, memory_order_release);
		gopark_forever(gp, n == 0 ? WAIT_SELECT_NONE : WAIT_SELECT);
	}

	/* The same cases sorted by channel address (insertion sort: n is small). */
	for (int i = 0; i < npoll; i++) {
		int k = pollorder[i], j = i;
		for (; j > 0 && (uintptr_t)cases[lockorder[j - 1]].c > (uintptr_t)cases[k].c; j--)
			lockorder[j] = lockorder[j - 1];
		lockorder[j] = k;
	}

	sellock(cases, lockorder, npoll);

	/* Pass 1: the first ready case, in random order. */
	int chosen = -1;
	bool ok = true;
	for (int i = 0; i < npoll && chosen < 0; i++) {
		select_case *cs = &cases[pollorder[i]];
		int r = cs->dir == SELECT_RECV ? chanrecv_locked(cs->c, cs->v, &ok)
		                               : chansend_locked(cs->c, cs->v);
		if (r == CHAN_DONE)
			chosen = pollorder[i];
	}
	if (chosen >= 0 || !block) {
		selunlock(cases, lockorder, npoll);
		goto out;
	}

	/* Pass 2: wait on every channel at once. */
	gp->fired = NULL;
	for (int i = 0; i < npoll; i++) {
		int k = lockorder[i];
		chan *c = cases[k].c;
		sgs[k] = (struct sudog){ .g = gp, .c = c, .elem = cases[k].v, .caseidx = k };
		waitq_enqueue(cases[k].dir == SELECT_RECV ? &c->recvq : &c->sendq, &sgs[k]);
	}
	selunlock(cases, lockorder, npoll);

	atomic_store_explicit(&gp->nwaitcases, n, memory_order_relaxed);  /* for dumps, gdb */
	atomic_store_explicit(&gp->waitcases, cases, memory_order_release);
	struct sudog *fired = gopark(gp, WAIT_SELECT, NULL);
	atomic_store_explicit(&gp->waitcases, NULL, memory_order_relaxed);

	/* Pass 3: leave the queues we were not woken from. */
	sellock(cases, lockorder, npoll);
	for (int i = 0; i < npoll; i++) {
		int k = lockorder[i];
		chan *c = cases[k].c;
		waitq_remove(cases[k].dir == SELECT_RECV ? &c->recvq : &c->sendq, &sgs[k]);
	}
	selunlock(cases, lockorder, npoll);

	chosen = fired->caseidx;
	ok = fired->success;
	if (cases[chosen].dir == SELECT_SEND && !ok)
		go_panic("send on closed channel");

out:
	free(heap);
	if (chosen >= 0 && okp)
		*okp = cases[chosen].dir == SELECT_RECV ? ok : true;
	return chosen;
}

int chan_select(select_case *cases, int n, bool *ok)
{
	return selectgo(cases, n, ok, true);
}

int chan_select_nb(select_case *cases, int n, bool *ok)
{
	return selectgo(cases, n, ok, false);
}
