/*
 * Goroutine records (Go's g): allocation and reuse, the list of every
 * goroutine (allgs), ids and names, and threads gothreads did not start.
 *
 * DESIGN
 * A g is made by go() (proc.c) and lives until its function returns or
 * calls go_exit(); its pool thread then takes it off allgs and frees it
 * here, onto a free list for the next go().  A thread gothreads did not
 * start (main, or one of the program's own pthreads) gets a g the first
 * time it calls into gothreads, and loses it when the thread exits.
 *
 * Thread names.  A pool thread is named after its goroutine ("g7",
 * "g7:pinger") where the tools look for goroutines: at once for a
 * goroutine with a name (go_named, go_setname), and for an unnamed one
 * when it first blocks (gblocking: a channel, select, Mutex, WaitGroup,
 * sleep), which is where gdb's `info threads`, `top -H` and a deadlock
 * find it.  Until then, and while idle, the thread is "gothreads".  The
 * rename is a system call (prctl) that cost more than all the rest of
 * go() (the setname row in docs/performance.md), so a goroutine that runs
 * to its end without blocking does not pay it.  Under valgrind and
 * ThreadSanitizer, whose reports name threads, or with
 * GOTHREADS_THREADNAMES=1, every goroutine's thread is named as it starts.
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <stddef.h>
#include <string.h>
#include <unistd.h>

struct g *allgs;               /* sched.lock; every goroutine alive */
static atomic_llong goidgen;   /* last goroutine id handed out */
static __thread struct g *curg;
static __thread int64_t namedfor;  /* id of the g this thread is named after; 0: "gothreads" */
static bool eagernames;            /* name every goroutine's thread as it starts; read-only */
static pthread_key_t adoptkey; /* frees adopted threads' g at thread exit */

/* Sets the calling thread's g: a pool thread, as it starts and ends one. */
void setg(struct g *gp) { curg = gp; }

/* A new goroutine's id: 1 for main, then counting up, never reused. */
int64_t newgoid(void) { return atomic_fetch_add(&goidgen, 1) + 1; }

/* sched.lock held. */
void gadd(struct g *gp)
{
	assert(lock_held(&sched.lock));
	gp->allprev = NULL;
	gp->allnext = allgs;
	if (allgs)
		allgs->allprev = gp;
	allgs = gp;
	sched.ngoroutines++;
}

/* sched.lock held. */
void gremove(struct g *gp)
{
	assert(lock_held(&sched.lock));
	if (gp->allprev)
		gp->allprev->allnext = gp->allnext;
	else
		allgs = gp->allnext;
	if (gp->allnext)
		gp->allnext->allprev = gp->allprev;
	sched.ngoroutines--;
}

/*
 * Ended goroutines' records are kept for the next go() (Go's gFree
 * list), up to GFREEMAX of them with room for GARGMAX bytes of go_copy()
 * argument.  Reuse saves go() a malloc, which here was also a page fault
 * now and then: a g freed by the pool thread it ended on goes back to
 * that thread's malloc cache, never to the goroutine calling go().
 * Reuse keeps a g's parklock and parksem (both idle when it ended) and
 * clears every field before them.  16,384 records of well under a KiB
 * each: a burst of go()s faster than the pool runs them (bench's spawn
 * rows queue thousands) went past the old 1,024 and back to calloc and
 * free, with the page faults, on every go().
 */
#define GFREEMAX 16384
#define GARGMAX  64

static struct {
	pthread_mutex_t lock;
	struct g *list;   /* linked by allnext; lock guards both */
	int n;
} gfreeq = { .lock = PTHREAD_MUTEX_INITIALIZER };

struct g *galloc(const char *name, void (*fn)(void *), const void *arg, size_t size)
{
	struct g *gp = NULL;
	if (size <= GARGMAX) {
		LOCK(&gfreeq.lock);
		if ((gp = gfreeq.list) != NULL) {
			gfreeq.list = gp->allnext;
			gfreeq.n--;
		}
		UNLOCK(&gfreeq.lock);
	}
	if (gp) {
		memset(gp, 0, offsetof(struct g, parksem));
		gp->fired = NULL;
	} else {
		gp = calloc(1, sizeof *gp + (size > GARGMAX ? size : GARGMAX));
		if (gp == NULL)
			return NULL;
		pthread_mutex_init(&gp->parklock, NULL);
		sem_init(&gp->parksem.sem, 0, 0);
	}
	/*
	 * checkdead() (deadlock.c: timerwaiters) reads these while their
	 * goroutine may write them, as atomics, which helgrind and DRD cannot
	 * see: not theirs to check (as waitmutex in sync.c).
	 */
	UNCHECKED(&gp->waitchan);
	UNCHECKED(&gp->waitreason);
	UNCHECKED(&gp->waitcases);
	UNCHECKED(&gp->nwaitcases);
	gp->fn = fn;
	gp->arg = size ? memcpy(gp->argbuf, arg, size) : (void *)arg;
	if (name)
		snprintf(gp->name, sizeof gp->name, "%s", name);
	return gp;
}

void gfree(struct g *gp)
{
	LOCK(&gfreeq.lock);
	if (gfreeq.n < GFREEMAX) {
		gp->allnext = gfreeq.list;
		gfreeq.list = gp;
		gfreeq.n++;
		gp = NULL;
	}
	UNLOCK(&gfreeq.lock);
	if (gp) {
		pthread_mutex_destroy(&gp->parklock);
		sem_destroy(&gp->parksem.sem);
		free(gp);
	}
}

/* The g of the calling thread; a thread gothreads did not start gets one now. */
struct g *getg(void)
{
	struct g *gp = curg;
	if (gp == NULL) {
		gp = galloc(NULL, NULL, NULL, 0);
		if (gp == NULL)
			go_throw("out of memory adopting a thread");
		gp->id = newgoid();
		gp->adopted = true;
		gp->tid = gettid();
		mnopreempt();   /* the wake-up rule (park.c) */
		LOCK(&sched.lock);
		gadd(gp);
		UNLOCK(&sched.lock);
		live_add(1);
		curg = gp;
		TRACE(trace_gostart(gp));
		pthread_setspecific(adoptkey, gp);   /* main too: pthread_exit() from main */
	}
	return gp;
}

/*
 * Runs when an adopted thread exits: one of the program's own pthreads
 * returning or calling pthread_exit(), or main calling pthread_exit()
 * (returning from main exits the process, and runs no destructor).  A
 * pthread_exit() is a go_exit() for the deadlock count: the goroutine
 * is gone, and if nothing else is live, the program is stuck.
 */
static void unadopt(void *arg)
{
	struct g *gp = arg;
	sync_exiting(gp);   /* a once_do or waitgroup_go it was inside, as go_exit does */
	TRACE(trace_goend(gp));
	LOCK(&sched.lock);
	gremove(gp);
	UNLOCK(&sched.lock);
	gfree(gp);
	curg = NULL;
	live_add(-1);
}

/* The calling thread's g, or NULL: never adopts (for thread-exit destructors). */
struct g *getg_noadopt(void) { return curg; }

/* Adopts main as goroutine 1; schedinit (proc.c) calls it once. */
void ginit(void)
{
#if defined(__SANITIZE_THREAD__)
	eagernames = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
	eagernames = true;
#endif
#endif
	const char *env = getenv("GOTHREADS_THREADNAMES");
	if (ON_VALGRIND() || (env && strcmp(env, "1") == 0))
		eagernames = true;
	pthread_key_create(&adoptkey, unadopt);
	struct g *gp = getg();  /* main is goroutine 1 */
	strcpy(gp->name, "main");
}

/* Names the thread after its goroutine: "g7:pinger", cut to 15 characters. */
void setthreadname(struct g *gp)
{
	char buf[64];
	if (gp->name[0])
		snprintf(buf, sizeof buf, "g%lld:%s", (long long)gp->id, gp->name);
	else
		snprintf(buf, sizeof buf, "g%lld", (long long)gp->id);
	buf[15] = '\0';   /* the kernel keeps 15 characters */
	pthread_setname_np(pthread_self(), buf);
	namedfor = gp->id;
}

/* A pool thread idle, or starting an unnamed goroutine: "gothreads" (see DESIGN). */
void threadname_pool(void)
{
	if (namedfor != 0) {
		pthread_setname_np(pthread_self(), "gothreads");
		namedfor = 0;
	}
}

/* A pool thread starts gp: named now if gp has a name or the tools need it. */
void threadname_start(struct g *gp)
{
	if (eagernames || gp->name[0])
		setthreadname(gp);
	else
		threadname_pool();
}

/* gp is about to block: its pool thread takes its name, once (see DESIGN). */
void gblocking(struct g *gp)
{
	if (namedfor != gp->id && !gp->adopted)
		setthreadname(gp);
}

void go_exit(void)
{
	struct g *gp = getg();
	sync_exiting(gp);
	if (!gp->adopted)
		longjmp(gp->exitbuf, 1);
	/* main (or a thread of the caller's own) ends its thread; the rest go on. */
	pthread_setspecific(adoptkey, NULL);
	unadopt(gp);
	pthread_exit(NULL);
}

int64_t go_id(void) { return getg()->id; }
const char *go_name(void) { return getg()->name; }

void go_setname(const char *name)
{
	struct g *gp = getg();
	LOCK(&sched.lock);  /* dumps read names under sched.lock */
	snprintf(gp->name, sizeof gp->name, "%s", name ? name : "");
	UNLOCK(&sched.lock);
	TRACE(trace_setname(gp));
	if (!gp->adopted)
		setthreadname(gp);
}
/* SPDX-License-Identifier: BSD-3-Clause */
