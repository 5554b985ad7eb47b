/*
 * errgroup: a WaitGroup whose goroutines return an error (Go's
 * golang.org/x/sync/errgroup, as of x/sync v0.7).
 *
 * DESIGN
 * Go's errgroup.go is a sync.WaitGroup, a sync.Once around the first
 * error, an optional cancel func from context.WithCancelCause, and, for
 * SetLimit, a buffered channel used as a semaphore: Go sends a token
 * before starting f (blocking while the buffer is full), f's goroutine
 * receives it back when f returns, and len(sem) is how many are active.
 * We keep the WaitGroup, the first error and the cancel, and swap the
 * channel for a counter: one gothreads mutex `mu` guards the error, the
 * counter and the limit, and Go waits for a free slot on a gothreads cond
 * (so the deadlock detector sees a Go blocked at the limit, as Go's
 * runtime sees a blocked send).  A channel would do the same, but SetLimit
 * replaces Go's channel while the last goroutine may still be inside its
 * receive, and a channel here can be freed only once nobody is inside it.
 *
 * What Go's code does, and what we do at the same point:
 *   Go:   if g.sem != nil { g.sem <- token{} }    wait while active >= limit; active++
 *         g.wg.Add(1); go func() {...}()          waitgroup_add(&wg, 1); go_copy(run, ...)
 *         if err := f(); err != nil {             if ((err = fn(arg)) != NULL)
 *           g.errOnce.Do(g.err = err; g.cancel)     first error under mu; context_cancel
 *         defer g.done(): <-g.sem; g.wg.Done()    active--, cond_signal; waitgroup_done
 *   Wait: g.wg.Wait(); g.cancel(g.err)            waitgroup_wait; context_cancel
 *   SetLimit(n): len(g.sem) != 0 panics           active != 0 panics
 *
 * A slot belongs to the limit it was taken under: SetLimit(-1) drops the
 * semaphore in Go (len(nil) is 0), so here it starts a new `semgen` and
 * goroutines started before give nothing back to the next limit.
 *
 * go_exit() inside fn: Go's deferred done() still runs on Goexit.  Here
 * go_exit calls Done for us (g->wggo, as waitgroup_go's goroutines do),
 * but nothing gives the slot back: go_exit has one hook, for a
 * WaitGroup.  Under a limit, that slot stays taken.
 *
 * The cond has no mutex in ERRGROUP_INIT (a static initialiser cannot
 * name the group's own field); the first wait binds it to `mu`, with mu
 * held, before any goroutine can wait on it.
 *
 * Memory: the group's last touch of g is waitgroup_done(&g->wg), which
 * (like Go's) lets the WaitGroup end as soon as Wait returns; the context
 * is cancelled by the goroutines and by Wait before that.  So once
 * errgroup_wait has returned, the group may end and its context may be
 * freed.
 *
 * Invariants (mu held): 0 <= active; active <= limit unless limit < 0
 * (SetLimit cannot lower it under active: it panics);  err != NULL once
 * any fn returned non-NULL, and never changes after.
 */
#include "runtime.h"

#include <errno.h>
#include <stdio.h>

/* One goroutine started by Go: go_copy's copy, owned by it. */
struct egcall {
	errgroup *g;
	const char *(*fn)(void *);
	void *arg;
	bool slot;              /* took a slot under the limit */
	unsigned long semgen;   /* ... of this generation */
};

void errgroup_init(errgroup *g)
{
	*g = (errgroup)ERRGROUP_INIT;
	waitgroup_init(&g->wg);
	mutex_init(&g->mu);
	cond_init(&g->slot, &g->mu);
}

errgroup *errgroup_withcontext(context *parent, context **ctx)
{
	if (parent == NULL)
		go_panic("cannot create context from nil parent");
	errgroup *g = malloc(sizeof *g);
	if (g == NULL)
		go_throw("out of memory for an errgroup");
	errgroup_init(g);
	g->ctx = context_withcancel(parent);
	if (ctx)
		*ctx = g->ctx;
	return g;
}

void errgroup_free(errgroup *g)
{
	free(g);
}

/* Gives a slot back (mu held): only to the limit it was taken from. */
static void putslot(errgroup *g, bool slot, unsigned long semgen)
{
	if (slot && semgen == g->semgen) {
		g->active--;
		cond_signal(&g->slot);
	}
}

static void egrun(void *arg)
{
	struct egcall *c = arg;
	errgroup *g = c->g;
	struct g *gp = getg();
	gp->wggo = &g->wg;   /* f ending in go_exit still reaches Done (not the slot) */
	const char *err = c->fn(c->arg);
	gp->wggo = NULL;
	bool first = false;
	mutex_lock(&g->mu);
	if (err != NULL && g->err == NULL) {
		g->err = err;   /* errOnce: the first one only */
		first = true;
	}
	putslot(g, c->slot, c->semgen);
	mutex_unlock(&g->mu);
	if (first && g->ctx)
		context_cancel(g->ctx);   /* ctx lives until Wait returns: we have not Done yet */
	waitgroup_done(&g->wg);   /* our last touch of g */
}

/*
 * Starts fn, its slot (if c->slot) already taken; mu not held, since go
 * may wait for a pool thread while the group's goroutines need mu to end.
 * Gives the slot back if go fails.
 */
static int start(errgroup *g, struct egcall *c)
{
	waitgroup_add(&g->wg, 1);
	int err = go_copy(egrun, c, sizeof *c);
	if (err) {
		waitgroup_add(&g->wg, -1);   /* nothing started: take it all back */
		mutex_lock(&g->mu);
		putslot(g, c->slot, c->semgen);
		mutex_unlock(&g->mu);
	}
	return err;
}

static void checkfn(const char *(*fn)(void *))
{
	if (fn == NULL)   /* Go calls the nil f in the new goroutine and panics there */
		go_panic("runtime error: invalid memory address or nil pointer dereference");
}

int errgroup_go_at(errgroup *g, const char *(*fn)(void *), void *arg,
                   const char *file, int line)
{
	checkfn(fn);
	struct egcall c = { g, fn, arg, false, 0 };
	mutex_lock_at(&g->mu, file, line);
	if (g->slot.mu == NULL)
		g->slot.mu = &g->mu;   /* ERRGROUP_INIT's cond: bind it (see DESIGN) */
	while (g->limit >= 0 && g->active >= g->limit)
		cond_wait_at(&g->slot, file, line);   /* Go: g.sem <- token{} */
	if (g->limit >= 0) {
		g->active++;
		c.slot = true;
		c.semgen = g->semgen;
	}
	mutex_unlock(&g->mu);
	return start(g, &c);
}

int (errgroup_go)(errgroup *g, const char *(*fn)(void *), void *arg)
{
	return errgroup_go_at(g, fn, arg, NULL, 0);
}

bool errgroup_trygo(errgroup *g, const char *(*fn)(void *), void *arg)
{
	checkfn(fn);
	struct egcall c = { g, fn, arg, false, 0 };
	mutex_lock(&g->mu);
	if (g->limit >= 0) {
		if (g->active >= g->limit) {
			mutex_unlock(&g->mu);   /* Go: select { case g.sem <- token{}: default: } */
			return false;
		}
		g->active++;
		c.slot = true;
		c.semgen = g->semgen;
	}
	mutex_unlock(&g->mu);
	return start(g, &c) == 0;
}

const char *errgroup_wait_at(errgroup *g, const char *file, int line)
{
	waitgroup_wait_at(&g->wg, file, line);
	mutex_lock(&g->mu);
	const char *err = g->err;
	mutex_unlock(&g->mu);
	if (g->ctx)
		context_cancel(g->ctx);   /* Go: g.cancel(g.err) */
	return err;
}

const char *(errgroup_wait)(errgroup *g)
{
	return errgroup_wait_at(g, NULL, 0);
}

void errgroup_setlimit(errgroup *g, long n)
{
	mutex_lock(&g->mu);
	if (g->limit >= 0 && g->active != 0) {
		char msg[128];
		snprintf(msg, sizeof msg,
		         "errgroup: modify limit while %ld goroutines in the group are still active",
		         g->active);
		mutex_unlock(&g->mu);
		go_panic(msg);
	}
	g->limit = n < 0 ? -1 : n;
	g->active = 0;
	g->semgen++;   /* a new semaphore, as Go's make(chan token, n) or nil */
	if (g->slot.mu != NULL)
		cond_broadcast(&g->slot);   /* waiters look at the new limit */
	mutex_unlock(&g->mu);
}
/* SPDX-License-Identifier: BSD-3-Clause */
