/*
 * Panics, fatal errors and goroutine dumps (Go's runtime/panic.go and
 * runtime/traceback.go, much reduced).
 *
 * Two kinds of stop, as in Go:
 *   go_panic(msg)  a caller mistake: "panic: msg", the panicking goroutine,
 *                  exit status 2.
 *   go_fatal(msg)  unrecoverable: "fatal error: msg", every goroutine,
 *                  exit status 2.
 * Both are ordinary functions so that `break go_panic` / `break go_fatal`
 * in gdb stops with the caller's stack intact.  GOTRACEBACK=crash makes
 * them abort() instead, for a core file, as it does in Go.
 * go_throw() is for gothreads' own bugs: it always aborts.
 *
 * Dumps.  As Go does, we print each goroutine's header line (its id and
 * wait reason in Go's words), its stack with file:line on every frame
 * (traceback.c) and where it was created; then what a student needs to
 * see why it is stuck, from the fields the goroutine keeps up to date
 * (lib/runtime.h): its name, the channel, select cases or mutex it waits
 * on, and the LWP of its thread (gdb's `thread find LWP`, `info
 * goroutines`).
 *
 * A fatal dump runs with the world stopped (every goroutine parked), so it
 * may read the channels the goroutines wait on.  go_dump() runs while
 * they move: it prints addresses only, never dereferencing a channel that
 * may just have been freed.
 *
 * SIGQUIT (Ctrl-\) prints "SIGQUIT: quit", the dump, and exits with
 * status 2, as Go does (signal.c catches it).  The handler only writes a byte to a pipe; a
 * thread of our own ("gothreads-sigq", started before main) reads it and
 * prints the dump, so no stdio or locking ever runs inside a signal
 * handler.
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * The .debug_gdb_scripts section of every program linked with gothreads
 * (debug.c is always linked in) names lib/gothreads-gdb.py by its path,
 * as Go's linker names runtime-gdb.py: gdb loads the file by itself if
 * auto-load trusts its directory, which the gdbinit.d drop-in that `make
 * install` installs does (docs/debugging.md).  The Makefile sets the path:
 * the tree's lib/ for the libraries in $(B), the installed copy for the
 * libraries `make install` installs.
 */
#ifndef GOTHREADS_GDB_SCRIPT
#define GOTHREADS_GDB_SCRIPT "lib/gothreads-gdb.py"
#endif
__asm__(".pushsection \".debug_gdb_scripts\", \"MS\", @progbits, 1\n"
        ".byte 1\n"   /* a Python script, by file name */
        ".asciz \"" GOTHREADS_GDB_SCRIPT "\"\n"
        ".popsection\n");

/* The goroutine in allgs whose g is gp, or NULL.  sched.lock held. */
static struct g *findg(void *gp)
{
	for (struct g *p = allgs; p; p = p->allnext)
		if (p == gp)
			return p;
	return NULL;
}

/* "chan 0x... (elem 4 bytes, cap 0)": the details only when nothing moves. */
static void printchan(FILE *f, struct hchan *c, bool stopped)
{
	fprintf(f, "chan %p", (void *)c);
	if (stopped && c)
		fprintf(f, " (elem %zu bytes, cap %zu)", c->elemsize, c->dataqsiz);
}

/* What gp waits on: a channel, a select's channels or a mutex. */
static void printwait(FILE *f, struct g *gp, bool stopped)
{
	struct hchan *c = atomic_load_explicit(&gp->waitchan, memory_order_acquire);
	select_case *cases = atomic_load_explicit(&gp->waitcases, memory_order_acquire);
	mutex *mu = atomic_load_explicit(&gp->waitmutex, memory_order_acquire);
	if (c) {
		fprintf(f, "\twaiting on: ");
		printchan(f, c, stopped);
		fputc('\n', f);
	}
	if (cases) {
		int n = atomic_load_explicit(&gp->nwaitcases, memory_order_relaxed);
		for (int i = 0; i < n; i++) {
			fprintf(f, "\tcase %d: %s ", i, cases[i].dir == SELECT_SEND ? "send to" : "receive from");
			if (cases[i].c)
				printchan(f, cases[i].c, stopped);
			else
				fprintf(f, "nil chan");
			fputc('\n', f);
		}
	}
	if (mu) {
		struct g *owner = findg(atomic_load_explicit(&mu->owner, memory_order_acquire));
		fprintf(f, "\twaiting on: mutex %p", (void *)mu);
		if (owner)
			fprintf(f, ", held by goroutine %lld", (long long)owner->id);
		else if (atomic_load_explicit(&mu->owner, memory_order_relaxed))
			fprintf(f, ", held by a goroutine that has ended");
		fputc('\n', f);
	}
}

/*
 * Prints one goroutine in Go's traceback form: the header, its stack
 * (traceback.c), where it was created, then what Go does not show.
 * self: gp runs on this thread; panicking: it panics.  stopped: nothing moves (a fatal
 * dump).  interrupt: running goroutines may be signalled for their
 * stacks (the program ends after this dump).  sched.lock held, or gp is us.
 */
static void dumpg(FILE *f, struct g *gp, bool self, bool panicking, bool stopped, bool interrupt)
{
	const char *reason = atomic_load_explicit(&gp->waitreason, memory_order_relaxed);
	bool running = panicking || reason == NULL;
	fprintf(f, "goroutine %lld [%s]:\n", (long long)gp->id, running ? "running" : reason);
	printstack(f, gp, running, self, interrupt);
	if (gp->parent)
		printcreator(f, gp);
	if (gp->name[0])
		fprintf(f, "\tname: %s\n", gp->name);
	if (!running)
		printwait(f, gp, stopped);
	int tid = atomic_load_explicit(&gp->tid, memory_order_relaxed);
	if (tid)
		fprintf(f, "\tthread: LWP %d\n", tid);
	fputc('\n', f);
}

/*
 * What a dump prints: one goroutine (a panic) or every goroutine, oldest
 * first.  asker: the thread that wants the dump.
 */
struct dump {
	FILE *f;
	struct g *panicking;   /* NULL: every goroutine */
	bool stopped, interrupt;
	pid_t asker;
};

static void *dumpwork(void *arg)
{
	struct dump *d = arg;
	stacks_collect(d->panicking, d->interrupt, d->asker);
	if (d->panicking) {
		dumpg(d->f, d->panicking, true, true, false, false);
		stacks_done();
		return NULL;
	}
	struct g *last = allgs;
	while (last && last->allnext)
		last = last->allnext;
	for (struct g *gp = last; gp; gp = gp->allprev)
		dumpg(d->f, gp, atomic_load_explicit(&gp->tid, memory_order_relaxed) == d->asker, false,
		      d->stopped, d->interrupt);
	stacks_done();
	return NULL;
}

/*
 * A dump asks other threads for their stacks one at a time, through one
 * request (traceback.c), so dumps take turns.  After a second of waiting
 * (a dump interrupted by the test watchdog's, say) we dump anyway.
 * Returns whether we hold the turn.
 */
static pthread_mutex_t dumping = PTHREAD_MUTEX_INITIALIZER;

static bool startdumping(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	return pthread_mutex_timedlock(&dumping, &ts) == 0;
}

/*
 * Runs the dump on a thread of its own with a large stack, while the
 * asker waits in pthread_join: reading DWARF line tables takes more
 * stack than a pool thread (or the SIGQUIT thread) may have, and the
 * asker's stack is then read like any other (traceback.c).  If no thread
 * can be made, or under valgrind, the dump runs here.  sched.lock held (or a panic: gp is us).
 */
static __attribute__((noinline)) void rundump(FILE *f, struct g *panicking, bool stopped, bool interrupt)
{
	struct dump d = { f, panicking, stopped, interrupt, gettid() };
	bool turn = startdumping();
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 8 << 20);
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_t th;
	/*
	 * Not under valgrind: helgrind and DRD see no ordering in a signal,
	 * so every stack read in a handler would be a report (traceback.c).
	 */
	int err = ON_VALGRIND() ? EAGAIN : pthread_create(&th, &attr, dumpwork, &d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (err == 0)
		pthread_join(th, NULL);
	else
		dumpwork(&d);
	if (turn)
		pthread_mutex_unlock(&dumping);
}

static void dumpall(FILE *f, bool stopped, bool interrupt)
{
	rundump(f, NULL, stopped, interrupt);
}

/*
 * Callable from gdb (`call go_dump()`), where a stopped thread may hold
 * sched.lock: after a second without it we dump anyway, and say so.
 */
void go_dump(void)
{
	struct g *gp = getg();
	setcall(gp, NULL, 0, CALLERPC());   /* our own stack starts at the call of go_dump */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	bool locked = pthread_mutex_timedlock(sched_lockp(), &ts) == 0;
	if (!locked)
		fprintf(stderr, "gothreads: go_dump: sched.lock is held; dumping without it\n\n");
	dumpall(stderr, false, false);
	fflush(stderr);
	if (locked)
		sched_unlock();
}

/*
 * Only one goroutine reports: a second panic or fatal error, from another
 * thread, waits here until the first has ended the process, so reports
 * never interleave (Go's paniclk).  A panic while reporting one ends the
 * process at once.  The first to come claims dyingtid; the others sleep
 * for ever.  (A mutex taken and never released did the same, but then
 * every panic ended with helgrind's "Exiting thread still holds 1 lock".)
 */
static _Atomic(pid_t) dyingtid;

static void startdying(void)
{
	pid_t self = gettid(), none = 0;
	if (atomic_load(&dyingtid) == self)
		_exit(2);
	if (!atomic_compare_exchange_strong(&dyingtid, &none, self))
		for (;;)
			pause();   /* the first reporter ends the process */
	fflush(stdout);
}

static void stop(void) __attribute__((noreturn));
static void stop(void)
{
	fflush(stdout);
	const char *tb = getenv("GOTRACEBACK");
	if (tb && strcmp(tb, "crash") == 0)
		abort();
	_exit(2);
}

/* Writes the trace, saying why the program stops. */
static void traceend(const char *what, const char *msg)
{
	char why[256];
	snprintf(why, sizeof why, "%s%s", what, msg);
	trace_flush(why);
}

/*
 * The library's own panics come here with the site of the student's call;
 * they report through go_panic, so that `break go_panic` stops at every
 * one of them.
 */
static __thread bool sitegiven;

void go_panic_at(const char *msg, const char *file, int line, void *pc)
{
	setcall(getg(), file, line, pc);
	sitegiven = true;
	go_panic(msg);
}

void go_panic(const char *msg)
{
	struct g *gp = getg();
	if (!sitegiven)
		setcall(gp, NULL, 0, CALLERPC());   /* the student's own go_panic() */
	startdying();
	fprintf(stderr, "panic: %s\n\n", msg);
	rundump(stderr, gp, false, false);
	TRACE(traceend("panic: ", msg));
	stop();
}

void go_badsize(const char *op, size_t size, size_t elemsize, const char *file, int line, void *pc)
{
	char msg[256];
	int n = snprintf(msg, sizeof msg, "gothreads: %s: a %zu-byte value on a channel of %zu-byte elements",
	                 op, size, elemsize);
	if (file && n > 0 && (size_t)n < sizeof msg)
		snprintf(msg + n, sizeof msg - n, " (%s:%d)", file, line);
	go_panic_at(msg, file, line, pc);
}

/*
 * gp ran out of its pool thread's stack (signal.c, from its SIGSEGV
 * handler).  Go's two lines, then which goroutine and what to set.
 */
void go_stackoverflow(struct g *gp, size_t stacksize)
{
	startdying();
	fprintf(stderr, "runtime: goroutine stack exceeds %zu-byte limit\n"
	        "fatal error: stack overflow\n"
	        "(goroutine %lld has a %zu-byte stack: raise it with GOTHREADS_STACKSIZE=N "
	        "or go_setstacksize(N))\n\n", stacksize, (long long)gp->id, stacksize);
	rundump(stderr, gp, false, false);
	stop();
}

void go_fatal_locked(const char *msg)
{
	startdying();
	/* With no goroutine left to show, Go prints the line alone. */
	fprintf(stderr, allgs ? "fatal error: %s\n\n" : "fatal error: %s\n", msg);
	dumpall(stderr, true, true);
	sched_unlock();   /* nobody else reports now; exit holding no lock of ours */
	TRACE(traceend("fatal error: ", msg));   /* a deadlock: the most useful trace of all */
	stop();
}

void go_fatal(const char *msg)
{
	sched_lock();
	go_fatal_locked(msg);
}

/*
 * Every pool thread blocked and goroutines queued for one.  At the bound,
 * say how to raise it (and where a default below 16384 came from); below
 * it, the kernel refused a thread (refused is its errno): say which limit.
 */
void go_poolbound_locked(int queued, int refused)
{
	char msg[640], why[320];
	if (refused)
		limits_explain(why, sizeof why, refused, sched.nthreads);
	else if (sched.bounddefault)
		snprintf(why, sizeof why, "raise the bound: GOTHREADS_MAXTHREADS=N or go_setmaxthreads(N); "
		         "the default here is %s", limits_boundwhy());
	else
		snprintf(why, sizeof why, "raise the bound: GOTHREADS_MAXTHREADS=N or go_setmaxthreads(N)");
	snprintf(msg, sizeof msg,
	         "all %d pool threads are blocked and %d goroutine%s wait%s for a thread - deadlock!\n(%s)",
	         sched.nthreads, queued, queued == 1 ? "" : "s", queued == 1 ? "s" : "", why);
	go_fatal_locked(msg);
}

void go_throw(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fflush(stdout);   /* what the program printed so far, before the abort loses it */
	fprintf(stderr, "fatal error: gothreads: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

/*
 * A pthread mutex of ours refused to lock or unlock.  The mutexes are
 * correct while their memory is: the usual cause is memory that was
 * freed (a channel used after its last chan_free, which chan_dup
 * would have kept) or never initialised (a sync value in
 * malloc'd memory without its _init function).  Say so, then abort as
 * go_throw does.
 */
void go_lockfail(const char *op, const char *name, const void *m, int err)
{
	fflush(stdout);
	if (err == EDEADLK) {   /* debug builds' error-checking channel locks */
		fprintf(stderr, "fatal error: gothreads: %s %s (%p): this thread holds it already: "
		        "a gothreads call from a signal handler that interrupted gothreads? "
		        "No gothreads function is async-signal-safe: write to a pipe in the handler "
		        "and read it in a goroutine\n", op, name, m);
		abort();
	}
	fprintf(stderr, "fatal error: gothreads: %s %s (%p): %s\n"
	        "likely cause: the memory holding this lock was freed or never initialised: "
	        "a channel used after its last chan_free (a goroutine that still uses it needs its own chan_dup), "
	        "or a waitgroup, mutex, once, rwmutex or cond in malloc'd memory without its _init call\n",
	        op, name, m, strerror(err));
	abort();
}

/*
 * SIGQUIT's report, from signal.c's watcher thread: "SIGQUIT: quit", every
 * goroutine's stack, exit status 2.
 */
void go_sigquit(void)
{
	sched_lock();
	startdying();
	fprintf(stderr, "SIGQUIT: quit\n\n");
	dumpall(stderr, false, true);
	sched_unlock();
	TRACE(trace_flush("SIGQUIT"));
	stop();
}
/* SPDX-License-Identifier: BSD-3-Clause */
