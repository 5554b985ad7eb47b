/*
 * The go statement: go(), go_copy(), go_named() (Go's newproc in
 * runtime/proc.go).
 *
 * DESIGN
 * newproc checks what C allows and Go's compiler rules out (a nil
 * function, a NULL argument to copy, an argument too large), makes the
 * goroutine's record (goroutine.c), counts it live (deadlock.c) and hands
 * it to the pool (proc.c): onto the run queue when a thread is coming
 * for it, or to a thread made for it alone.  So `go` never waits for the
 * goroutine to start, as in Go.  What happens when the kernel refuses a
 * thread is told at newproc's second half and in proc.c's DESIGN.
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <string.h>

/*
 * go_copy's size limit: Go's maxAlloc on 64-bit machines (1 << 48 bytes),
 * as for channels, and far below where sizeof(struct g) + size would wrap.
 */
#define GOCOPYMAX ((size_t)1 << 48)

static void gocopypanic(const char *fmt, ...) __attribute__((noreturn, cold, format(printf, 1, 2)));
static void gocopypanic(const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	go_panic(msg);
}

/*
 * go(), go_copy() and go_named(); pc is where the caller's go statement
 * is.  With a thread already spinning toward runq, or an idle one to
 * wake, gp goes on runq.  Otherwise, below the bound, go() makes a thread
 * for gp itself, after releasing sched.lock: so in a burst of go()s with
 * no thread idle each makes its own, as a pthread_create loop would, and
 * a failed pthread_create leaves nothing half made.  parent is the
 * calling goroutine, or NULL from gothreads' own timer thread
 * (go_fromtimer).
 */
static int newproc(const char *name, void (*fn)(void *), const void *arg, size_t size, void *pc,
                   const char *file, int line, struct g *parent)
{
	if (fn == NULL)
		go_fatal("go of nil func value");
	if (forkedpool)
		go_panic("gothreads: go() in a child of fork(): the pool's threads did not survive the fork "
		         "(exec a program, or fork before the first go())");
	/* Caller mistakes C allows and Go's compiler rules out: say which. */
	if (size > 0 && arg == NULL)
		gocopypanic("gothreads: go_copy of a NULL argument of %zu bytes", size);
	if (size > GOCOPYMAX)
		gocopypanic("gothreads: go_copy of %zu bytes: an argument is at most %zu bytes "
		            "(pass a pointer to larger data with go())", size, (size_t)GOCOPYMAX);
	struct g *gp = galloc(name, fn, arg, size);
	if (gp == NULL) {
		fprintf(stderr, "gothreads: go: out of memory for a new goroutine\n");
		return ENOMEM;
	}
	gp->id = newgoid();
	gp->parent = parent ? parent->id : 0;
	gp->createpc = pc;
	gp->createfile = file;
	gp->createline = line;

	int err = 0, nthreads;
	bool make = false;
	struct m *mp = NULL;
	LOCK(&sched.lock);
	TRACE(trace_go(gp));   /* before a thread can start it */
	gadd(gp);
	live_add(1);
	if (sched.nspinning == 0 && sched.idle == NULL && sched.nthreads < sched.maxthreads) {
		sched.nthreads++;   /* reserved: a thread for gp alone, made below */
		make = true;
		atomic_store_explicit(&gp->waitreason, WAIT_THREAD, memory_order_relaxed);
	} else {
		if (sched.nspinning == 0)   /* no thread is coming for runq yet */
			startm(&mp);        /* an idle one (or none: at the bound) */
		runqput(gp);
	}
	nthreads = sched.nthreads;
	UNLOCK(&sched.lock);
	wakem(mp);   /* posted once sched.lock is free */
	if (make && (err = newm(gp)) != 0) {
		/*
		 * The kernel refused a thread (EAGAIN: a limit on threads) while
		 * the pool has some: queue gp as at the bound.  A thread that
		 * finishes takes it, and if none will, the deadlock report says
		 * which limit was hit.  With no thread at all, go() fails.
		 */
		LOCK(&sched.lock);
		sched.nthreads--;
		atomic_store(&sched.refused, err);
		bool queue = err == EAGAIN && sched.nthreads > 0;
		if (queue) {
			runqput(gp);
			if (sched.nspinning == 0 && sched.idle)
				startm(&mp);   /* a thread gone idle meanwhile */
		} else {
			gremove(gp);
		}
		nthreads = sched.nthreads;
		int nrunq = sched.nrunq;
		UNLOCK(&sched.lock);
		if (queue) {
			wakem(mp);
			refusedmsg(err, nthreads, nrunq);
			return 0;
		}
		live_add(-1);
		fprintf(stderr, "gothreads: go: cannot make a thread for goroutine %lld: %s "
		        "(%d threads running)\n", (long long)gp->id, strerror(err), nthreads);
		gfree(gp);
	}
	return err;
}

/*
 * go f(arg) from the timer thread (time.AfterFunc), which is no goroutine:
 * getg() would adopt it and count it live for ever.  Dumps say the new
 * goroutine was created by pc, in goroutine 0 (none).
 */
int go_fromtimer(void (*fn)(void *), void *arg, void *pc)
{
	return newproc(NULL, fn, arg, 0, pc, NULL, 0, NULL);
}

int go_named(const char *name, void (*fn)(void *), const void *arg, size_t size)
{
	return newproc(name, fn, arg, size, CALLERPC(), NULL, 0, getg());
}

int go_at(const char *name, void (*fn)(void *), const void *arg, size_t size, const char *file, int line)
{
	return newproc(name, fn, arg, size, CALLERPC(), file, line, getg());
}

int go(void (*fn)(void *), void *arg)
{
	return newproc(NULL, fn, arg, 0, CALLERPC(), NULL, 0, getg());
}

int go_copy(void (*fn)(void *), const void *arg, size_t size)
{
	return newproc(NULL, fn, arg, size, CALLERPC(), NULL, 0, getg());
}

void go_yield(void) { sched_yield(); }
/* SPDX-License-Identifier: BSD-3-Clause */
