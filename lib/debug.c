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
 */
#define _GNU_SOURCE
#include "runtime.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

/* Prints "fn(arg)" for gp's function, by name where the symbol is known. */
static void printfunc(FILE *f, struct g *gp)
{
	Dl_info info;
	if (gp->id == 1 && gp->adopted)
		fprintf(f, "main()\n");
	else if (gp->fn == NULL)
		fprintf(f, "(a thread not started by go())\n");
	else if (dladdr((void *)gp->fn, &info) && info.dli_sname)
		fprintf(f, "%s(%p)\n", info.dli_sname, gp->arg);
	else
		fprintf(f, "%p(%p)\n", (void *)gp->fn, gp->arg);
}

/* Prints one goroutine in Go's traceback form.  sched.lock held, or gp is us. */
static void dumpg(FILE *f, struct g *gp, bool running)
{
	const char *reason = atomic_load_explicit(&gp->waitreason, memory_order_relaxed);
	struct hchan *c = atomic_load_explicit(&gp->waitchan, memory_order_relaxed);
	fprintf(f, "goroutine %lld [%s]:\n", (long long)gp->id,
	        running || reason == NULL ? "running" : reason);
	printfunc(f, gp);
	if (gp->name[0])
		fprintf(f, "\tname: %s\n", gp->name);
	if (c)
		fprintf(f, "\twaiting on: chan %p (element %zu bytes, cap %zu)\n",
		        (void *)c, c->elemsize, c->dataqsiz);
	int tid = atomic_load_explicit(&gp->tid, memory_order_relaxed);
	if (tid)
		fprintf(f, "\tthread: LWP %d\n", tid);
	if (gp->parent)
		fprintf(f, "created by goroutine %lld\n", (long long)gp->parent);
	fputc('\n', f);
}

void dump_goroutines(FILE *f)
{
	struct g *last = allgs;
	while (last && last->allnext)
		last = last->allnext;
	for (struct g *gp = last; gp; gp = gp->allprev)   /* oldest first */
		dumpg(f, gp, false);
}

void go_dump(void)
{
	sched_lock();
	dump_goroutines(stderr);
	sched_unlock();
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

void go_panic(const char *msg)
{
	struct g *gp = getg();
	fflush(stdout);
	fprintf(stderr, "panic: %s\n\n", msg);
	dumpg(stderr, gp, true);
	stop();
}

void go_fatal_locked(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "fatal error: %s\n\n", msg);
	dump_goroutines(stderr);
	stop();
}

void go_fatal(const char *msg)
{
	sched_lock();
	go_fatal_locked(msg);
}

void go_poolbound_locked(int maxthreads, int queued)
{
	char msg[256];
	snprintf(msg, sizeof msg,
	         "all %d pool threads are blocked and %d goroutine%s wait%s for a thread - deadlock!\n"
	         "(raise the bound: GOTHREADS_MAXTHREADS=N or go_setmaxthreads(N))",
	         maxthreads, queued, queued == 1 ? "" : "s", queued == 1 ? "s" : "");
	go_fatal_locked(msg);
}

void go_throw(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fatal error: gothreads: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}
