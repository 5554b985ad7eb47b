/*
 * Goroutines and the pool of threads that runs them (Go's runtime/proc.go).
 *
 * DESIGN
 * Go multiplexes many goroutines onto a few threads and switches between
 * them in user space.  gothreads takes the simple path: every running
 * goroutine *is* a pthread, so gdb, helgrind and ThreadSanitizer see each
 * one as a thread, and blocking is the kernel's business.  What we keep
 * from Go is reuse: a thread whose goroutine returns does not exit but
 * parks as idle (an `m` in Go's words) and runs the next goroutine handed
 * to it, because making a thread costs tens of microseconds and handing
 * work to a parked one costs a wake-up.
 *
 * go() puts the new goroutine on sched.runq, a FIFO, and makes sure a
 * thread is coming for it.  As in Go, a thread that is coming is called
 * *spinning*: woken from idle (or just made) to look at the run queue,
 * and counted in sched.nspinning until it has looked.  So:
 *
 *   - go() wakes an idle thread (or makes one, below the bound) only if
 *     none is spinning already: a burst of go statements costs one
 *     wake-up, not one each (Go's wakep);
 *   - a spinning thread that takes a goroutine and leaves others queued
 *     wakes the next one before it runs its own (Go's resetspinning), so
 *     every queued goroutine soon has a thread of its own, and none waits
 *     behind a goroutine that blocks;
 *   - a thread whose goroutine returns takes the next queued one, and
 *     parks as idle only when the queue is empty.
 *
 * So `go` never waits, and at most maxthreads goroutines run at once: at
 * the bound, with no thread idle, the rest wait their turn in the queue.
 * The default, 16384, is Go's own 10,000-thread limit
 * (debug.SetMaxThreads) rounded up to leave room around Go's
 * test/chan/goroutines.go, which blocks 10,001 goroutines at once.  That
 * bound is what Go's debug.SetMaxThreads bounds, not GOMAXPROCS: here a
 * goroutine blocked on a channel holds its thread.
 *
 * Parking.  A goroutine that must wait for a channel parks on its own
 * semaphore (g.parksem) until the goroutine that completes its operation
 * wakes it with sudog_ready(), which posts it once.  One semaphore per
 * goroutine means a wake-up always reaches the right goroutine.  Why a
 * semaphore and not a mutex and condvar: a condvar must be signalled with
 * its mutex held (or helgrind cries "dubious"), and the woken thread's
 * first act is to take that mutex, so it often ran, found the mutex still
 * held by its waker and slept again: two more context switches per
 * wake-up (docs/performance.md).  A semaphore is posted after every lock
 * of the wake-up is released, and helgrind, DRD and ThreadSanitizer all
 * see sem_post -> sem_wait as an ordering.  g.parklock still decides who
 * may wake a goroutine (sudog_claim), which matters for select.  Before it
 * sleeps, a goroutine spins a moment in case its partner, running on
 * another CPU, posts first (semsleep).
 *
 * Deadlock detection counts `live`: goroutines that are not parked in
 * gothreads, plus pending timers.  Only something live can wake a parked
 * goroutine, so when live reaches zero nothing ever will: that is Go's
 * "all goroutines are asleep - deadlock!" (runtime.checkdead).
 */
#define _GNU_SOURCE
#include "runtime.h"

#include <errno.h>
#include <signal.h>
#include <sched.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

/*
 * A pool thread, Go's m.  An idle m waits on its semaphore `wake`;
 * startm() takes it off the idle list and the waker posts it after
 * releasing sched.lock, so the woken thread does not start by waiting
 * for the lock its waker holds (as it did with a condvar signalled under
 * sched.lock; see "Parking" above).
 */
struct m {
	pthread_t thread;
	pid_t tid;             /* its kernel id, for each g it runs */
	sem_t wake;            /* posted once each time it leaves the idle list */
	/* sched.lock guards these: */
	bool spinning;         /* woken or made to look at runq, and has not yet */
	struct m *idlenext;
};

static struct {
	pthread_mutex_t lock;
	/* lock guards these: */
	struct m *idle;                /* idle threads, most recently idle first */
	struct g *runqhead, *runqtail; /* goroutines waiting for a thread */
	atomic_int nrunq;              /* length of runq (read without the lock by gopark) */
	atomic_int nspinning;          /* threads coming for runq (m.spinning); read by live_add */
	int nthreads;                  /* threads made: busy + idle */
	int maxthreads;
	size_t stacksize;
	int64_t spin;                  /* semsleep() spins this long (ns) first; read-only */
	int ngoroutines;
} sched = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.maxthreads = 16384,
	.stacksize = 256 * 1024,
};

struct g *allgs;               /* sched.lock; every goroutine alive */
static atomic_llong live;      /* see DESIGN and LIVE() */
static atomic_llong goidgen;   /* last goroutine id handed out */
static __thread struct g *curg;
static pthread_key_t adoptkey; /* frees adopted threads' g at thread exit */

void sched_lock(void) { LOCK(&sched.lock); }
void sched_unlock(void) { UNLOCK(&sched.lock); }
pthread_mutex_t *sched_lockp(void) { return &sched.lock; }   /* for go_dump() */

/* sched.lock held. */
static void gadd(struct g *gp)
{
	gp->allprev = NULL;
	gp->allnext = allgs;
	if (allgs)
		allgs->allprev = gp;
	allgs = gp;
	sched.ngoroutines++;
}

/* sched.lock held. */
static void gremove(struct g *gp)
{
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
 * clears every field before them.
 */
#define GFREEMAX 1024
#define GARGMAX  64

static struct {
	pthread_mutex_t lock;
	struct g *list;   /* linked by allnext; lock guards both */
	int n;
} gfreeq = { .lock = PTHREAD_MUTEX_INITIALIZER };

static struct g *galloc(const char *name, void (*fn)(void *), const void *arg, size_t size)
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
		sem_init(&gp->parksem, 0, 0);
	}
	gp->fn = fn;
	gp->arg = size ? memcpy(gp->argbuf, arg, size) : (void *)arg;
	if (name)
		snprintf(gp->name, sizeof gp->name, "%s", name);
	return gp;
}

static void gfree(struct g *gp)
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
		sem_destroy(&gp->parksem);
		free(gp);
	}
}

/*
 * live's low 32 bits are the count; every increment also adds one to the
 * high 32 bits, so checkdead() can tell that something became live and
 * parked again while it looked (a mutex waiter taking a free mutex).
 */
#define LIVE(v)      ((long)(int32_t)(uint32_t)(v))
#define LIVEINC(d)   ((long long)(d) + ((long long)1 << 32))

/*
 * Adds delta to live.  When a decrement leaves nothing live, or leaves
 * only goroutines queued for a thread with no thread on its way to them,
 * checkdead() decides whether the program is stuck.  (A spinning thread
 * will run one of them, so the program is not stuck; checking anyway
 * would take sched.lock, an ordering that helgrind would then see between
 * this goroutine and the ones the thread starts, hiding real races from
 * it, as in demos/closures/closures_broken.c.)  Call with no lock held
 * except, at most, one that checkdead's sched.lock may nest inside.
 */
void live_add(long delta)
{
	if (delta > 0) {
		atomic_fetch_add(&live, LIVEINC(delta));
		return;
	}
	HAPPENS_BEFORE(&live);
	long n = LIVE(atomic_fetch_add(&live, delta) + delta);
	if (n == 0 || (n == atomic_load(&sched.nrunq) && atomic_load(&sched.nspinning) == 0))
		checkdead();
}

/*
 * A goroutine blocked in mutex_lock() is not live (sync.c), but it is not
 * stuck either if its mutex is free: the unlock that freed it set the
 * owner to NULL first, and the waiter becomes live before it sets itself
 * as owner.  So the program is stuck only if every mutex waiter's mutex
 * has an owner.  sched.lock held; nothing live.
 */
static bool mutexwaiters_stuck(void)
{
	for (struct g *gp = allgs; gp; gp = gp->allnext) {
		mutex *mu = atomic_load_explicit(&gp->waitmutex, memory_order_acquire);
		if (mu && atomic_load_explicit(&mu->owner, memory_order_acquire) == NULL)
			return false;
	}
	return true;
}

/*
 * Called when live may have reached a state from which nothing can move.
 * Stops the program with Go's message if so; returns if not.
 */
void checkdead(void)
{
	LOCK(&sched.lock);
	HAPPENS_AFTER(&live);
	long long v = atomic_load(&live);
	long n = LIVE(v);
	if (n != 0 && n != sched.nrunq) {
		UNLOCK(&sched.lock);
		return;
	}
	/*
	 * Unchanged live (count and increments) across the scan: nothing
	 * moved.  If something did, whatever parks last calls us again.
	 */
	if (!mutexwaiters_stuck() || atomic_load(&live) != v) {
		UNLOCK(&sched.lock);
		return;
	}
	if (n == 0) {
		if (allgs == NULL)
			go_fatal_locked("no goroutines (main called runtime.Goexit) - deadlock!");
		go_fatal_locked("all goroutines are asleep - deadlock!");
	}
	if (n == sched.nrunq && sched.idle == NULL && sched.nthreads >= sched.maxthreads &&
	    sched.nspinning == 0)
		go_poolbound_locked(sched.maxthreads, sched.nrunq);
	UNLOCK(&sched.lock);
}

/* Whether waiters spin before they sleep (semsleep); chan_make() asks too. */
bool sched_spins(void) { return sched.spin > 0; }

/* The g of the calling thread; a thread gothreads did not start gets one now. */
struct g *getg(void)
{
	struct g *gp = curg;
	if (gp == NULL) {
		gp = galloc(NULL, NULL, NULL, 0);
		if (gp == NULL)
			go_throw("out of memory adopting a thread");
		gp->id = atomic_fetch_add(&goidgen, 1) + 1;
		gp->adopted = true;
		gp->tid = gettid();
		LOCK(&sched.lock);
		gadd(gp);
		UNLOCK(&sched.lock);
		live_add(1);
		curg = gp;
		if (gp->id != 1)
			pthread_setspecific(adoptkey, gp);
	}
	return gp;
}

/* Runs when an adopted thread (not main) exits. */
static void unadopt(void *arg)
{
	struct g *gp = arg;
	LOCK(&sched.lock);
	gremove(gp);
	UNLOCK(&sched.lock);
	gfree(gp);
	curg = NULL;
	live_add(-1);
}

/* Reads a size from the environment: a number, optionally with K, M, G or T. */
static size_t envsize(const char *name, size_t dflt, size_t min)
{
	const char *s = getenv(name);
	if (s == NULL || *s == '\0')
		return dflt;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	case 't': case 'T': v <<= 40; end++; break;
	}
	if (errno || *end || v < min || s[0] == '-') {
		fprintf(stderr, "gothreads: ignoring %s=%s (want a number >= %zu)\n", name, s, min);
		return dflt;
	}
	return v;
}

__attribute__((constructor)) static void schedinit(void)
{
	sched.maxthreads = (int)envsize("GOTHREADS_MAXTHREADS", sched.maxthreads, 1);
	if (sched.maxthreads < 1)
		sched.maxthreads = 16384;
	sched.stacksize = envsize("GOTHREADS_STACKSIZE", sched.stacksize, (size_t)PTHREAD_STACK_MIN);
	/*
	 * Spin before sleeping only if another CPU can run the partner we
	 * wait for: on one CPU spinning just delays it, and valgrind runs one
	 * thread at a time.  GOTHREADS_SPIN=0 turns it off, to see the bare
	 * kernel hand-off.
	 */
	cpu_set_t cpus;
	if (!ON_VALGRIND() && sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) > 1)
		sched.spin = (int64_t)envsize("GOTHREADS_SPIN", 10, 0) * Microsecond;
	pthread_key_create(&adoptkey, unadopt);
	struct g *gp = getg();  /* main is goroutine 1 */
	strcpy(gp->name, "main");
}

/* Names the thread after its goroutine: "g7:pinger", cut to 15 characters. */
static void setthreadname(struct g *gp)
{
	char buf[64];
	if (gp->name[0])
		snprintf(buf, sizeof buf, "g%lld:%s", (long long)gp->id, gp->name);
	else
		snprintf(buf, sizeof buf, "g%lld", (long long)gp->id);
	buf[15] = '\0';   /* the kernel keeps 15 characters */
	pthread_setname_np(pthread_self(), buf);
}

/* sched.lock held. */
static struct g *runqget(void)
{
	struct g *gp = sched.runqhead;
	if (gp) {
		sched.runqhead = gp->runnext;
		if (sched.runqhead == NULL)
			sched.runqtail = NULL;
		atomic_fetch_sub(&sched.nrunq, 1);
	}
	return gp;
}

/* sched.lock held. */
static void runqput(struct g *gp)
{
	gp->runnext = NULL;
	if (sched.runqtail)
		sched.runqtail->runnext = gp;
	else
		sched.runqhead = gp;
	sched.runqtail = gp;
	atomic_fetch_add(&sched.nrunq, 1);
	atomic_store_explicit(&gp->waitreason, WAIT_THREAD, memory_order_relaxed);
}

/*
 * Waits for a post on s.  When another CPU could post it, it first spins
 * for up to sched.spin nanoseconds, as Go's runtime spins before it
 * sleeps (spinning Ms; lock_futex.go): a partner running on another CPU
 * often posts within a microsecond, and a post that finds nobody asleep
 * is one atomic add, where a sleep and its wake-up are two system calls
 * and a context switch on each side.  See schedinit for when it spins.
 */
static void semsleep(sem_t *s)
{
	if (sched.spin > 0) {
		int64_t deadline = time_now() + sched.spin;
		do {
			if (sem_trywait(s) == 0)
				return;
			for (int i = 0; i < 20; i++)
				cpu_relax();
		} while (time_now() < deadline);
	}
	while (sem_wait(s) != 0)
		if (errno != EINTR)
			go_throw("sem_wait: %s", strerror(errno));
}

static void execute(struct m *mp, struct g *gp)
{
	curg = gp;
	atomic_store_explicit(&gp->tid, mp->tid, memory_order_relaxed);
	atomic_store_explicit(&gp->waitreason, NULL, memory_order_relaxed);
	setthreadname(gp);
	if (setjmp(gp->exitbuf) == 0)
		gp->fn(gp->arg);
	curg = NULL;
}

static int newm(void);

/*
 * Makes sure a thread is coming for runq (Go's wakep and startm): takes
 * an idle thread, or makes one below the bound, and counts it spinning.
 * At the bound with none idle it does nothing: a thread that finishes
 * its goroutine takes the queue's head.  sched.lock held.  Returns 0 or
 * the errno of a failed pthread_create; *wake is the idle m to post once
 * sched.lock is released, if one was taken.
 */
static int startm(struct m **wake)
{
	struct m *mp = sched.idle;
	if (mp) {
		sched.idle = mp->idlenext;
		mp->spinning = true;
		*wake = mp;
	} else if (sched.nthreads < sched.maxthreads) {
		int err = newm();   /* starts spinning */
		if (err)
			return err;
	} else {
		return 0;
	}
	sched.nspinning++;
	return 0;
}

static void wakem(struct m *mp)
{
	if (mp && sem_post(&mp->wake) != 0)
		go_throw("sem_post: %s", strerror(errno));
}

/* A pool thread's life: take a goroutine from runq and run it, or wait idle. */
static void *mstart(void *arg)
{
	struct m *mp = arg;
	mp->tid = gettid();
	struct g *done = NULL;   /* the goroutine that just returned */
	for (;;) {
		struct m *wake = NULL;
		int err = 0;
		LOCK(&sched.lock);
		if (done)
			gremove(done);
		struct g *gp = runqget();
		if (mp->spinning) {
			mp->spinning = false;
			sched.nspinning--;
			if (gp && sched.nrunq > 0 && sched.nspinning == 0)
				err = startm(&wake);   /* more queued: pass the search on */
		}
		if (gp == NULL) {
			mp->idlenext = sched.idle;
			sched.idle = mp;
		}
		int nrunq = sched.nrunq;
		UNLOCK(&sched.lock);
		wakem(wake);
		if (err)
			fprintf(stderr, "gothreads: cannot make a thread: %s (%d goroutines wait "
			        "for a thread to finish)\n", strerror(err), nrunq);
		if (done) {
			gfree(done);
			live_add(-1);   /* it has ended */
			done = NULL;
		}
		if (gp == NULL) {
			pthread_setname_np(pthread_self(), "gothreads-idle");
			semsleep(&mp->wake);   /* until startm() takes us */
			continue;
		}
		execute(mp, gp);
		done = gp;
	}
	return NULL;
}

/*
 * Starts one of gothreads' own threads (the timer thread, the SIGQUIT
 * watcher): detached, small, and with every signal blocked, so that a
 * signal meant for the program (SIGINT for a sigwait() in main, say) is
 * never delivered to a thread that will not handle it.  Returns 0 or an
 * errno value.
 */
int internalthread(void *(*fn)(void *))
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 128 * 1024 > PTHREAD_STACK_MIN ? 128 * 1024 : PTHREAD_STACK_MIN);
	pthread_t th;
	int err = pthread_create(&th, &attr, fn, NULL);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err;
}

/* Makes a pool thread, spinning: it starts by looking at runq.  sched.lock held. */
static int newm(void)
{
	struct m *mp = calloc(1, sizeof *mp);
	if (mp == NULL)
		return ENOMEM;
	sem_init(&mp->wake, 0, 0);
	mp->spinning = true;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, sched.stacksize);
	int err = pthread_create(&mp->thread, &attr, mstart, mp);
	pthread_attr_destroy(&attr);
	if (err) {
		sem_destroy(&mp->wake);
		free(mp);
		return err;
	}
	sched.nthreads++;
	return 0;
}

/* go(), go_copy() and go_named(); pc is where the caller's go statement is. */
static int newproc(const char *name, void (*fn)(void *), const void *arg, size_t size, void *pc)
{
	if (fn == NULL)
		go_fatal("go of nil func value");
	struct g *gp = galloc(name, fn, arg, size);
	if (gp == NULL) {
		fprintf(stderr, "gothreads: go: out of memory for a new goroutine\n");
		return ENOMEM;
	}
	gp->id = atomic_fetch_add(&goidgen, 1) + 1;
	gp->parent = getg()->id;
	gp->createpc = pc;

	int err = 0, nthreads;
	struct m *mp = NULL;
	LOCK(&sched.lock);
	if (sched.nspinning == 0)   /* no thread is coming for runq yet */
		err = startm(&mp);
	if (err == 0) {
		runqput(gp);
		gadd(gp);
		live_add(1);
	}
	nthreads = sched.nthreads;
	UNLOCK(&sched.lock);
	wakem(mp);   /* posted once sched.lock is free */
	if (err) {
		fprintf(stderr, "gothreads: go: cannot make a thread for goroutine %lld: %s "
		        "(%d threads running)\n", (long long)gp->id, strerror(err), nthreads);
		gfree(gp);
	}
	return err;
}

int go_named(const char *name, void (*fn)(void *), const void *arg, size_t size)
{
	return newproc(name, fn, arg, size, __builtin_return_address(0));
}

int go(void (*fn)(void *), void *arg)
{
	return newproc(NULL, fn, arg, 0, __builtin_return_address(0));
}

int go_copy(void (*fn)(void *), const void *arg, size_t size)
{
	return newproc(NULL, fn, arg, size, __builtin_return_address(0));
}

void go_exit(void)
{
	struct g *gp = getg();
	once_exiting(gp);
	if (!gp->adopted)
		longjmp(gp->exitbuf, 1);
	/* main (or a thread of the caller's own) ends its thread; the rest go on. */
	pthread_setspecific(adoptkey, NULL);
	unadopt(gp);
	pthread_exit(NULL);
}

void go_yield(void) { sched_yield(); }
int64_t go_id(void) { return getg()->id; }
const char *go_name(void) { return getg()->name; }

void go_setname(const char *name)
{
	struct g *gp = getg();
	LOCK(&sched.lock);  /* dumps read names under sched.lock */
	snprintf(gp->name, sizeof gp->name, "%s", name ? name : "");
	UNLOCK(&sched.lock);
	if (!gp->adopted)
		setthreadname(gp);
}

int go_numgoroutine(void)
{
	LOCK(&sched.lock);
	int n = sched.ngoroutines;
	UNLOCK(&sched.lock);
	return n;
}

int go_setmaxthreads(int n)
{
	if (n < 1)
		go_panic("gothreads: go_setmaxthreads: bound must be at least 1");
	struct m *mp = NULL;
	LOCK(&sched.lock);
	int old = sched.maxthreads;
	sched.maxthreads = n;
	/* A higher bound lets queued goroutines start now: wake the search. */
	int err = 0;
	if (sched.nrunq > 0 && sched.nspinning == 0)
		err = startm(&mp);
	UNLOCK(&sched.lock);
	wakem(mp);
	if (err)
		fprintf(stderr, "gothreads: go_setmaxthreads: cannot make a thread: %s\n", strerror(err));
	return old;
}

size_t go_setstacksize(size_t bytes)
{
	if (bytes < (size_t)PTHREAD_STACK_MIN)
		bytes = PTHREAD_STACK_MIN;
	LOCK(&sched.lock);
	size_t old = sched.stacksize;
	sched.stacksize = bytes;
	UNLOCK(&sched.lock);
	return old;
}

/*
 * Parks the calling goroutine until sudog_ready() wakes it and returns the
 * sudog that did.  The caller has queued its sudogs (or none, to park for
 * ever) and released every channel lock; gp->fired was cleared before the
 * sudogs became visible.
 */
struct sudog *gopark(struct g *gp, const char *reason, struct hchan *c)
{
	/* release: a dump that sees c may read its read-only fields */
	atomic_store_explicit(&gp->waitchan, c, memory_order_release);
	atomic_store_explicit(&gp->waitreason, reason, memory_order_relaxed);
	live_add(-1);
	semsleep(&gp->parksem);
	LOCK(&gp->parklock);
	struct sudog *sg = gp->fired;   /* set before the post */
	UNLOCK(&gp->parklock);
	assert(sg != NULL);
	atomic_store_explicit(&gp->waitreason, NULL, memory_order_relaxed);
	atomic_store_explicit(&gp->waitchan, NULL, memory_order_relaxed);
	return sg;
}

/*
 * Parks for ever: a nil channel, `select {}`.  No sudog of gp is queued,
 * so nothing can wake it; it must be counted asleep once, so gp->fired,
 * which may still point at the sudog of its last wake-up, is cleared
 * first: gopark must not take it for a new one.
 */
void gopark_forever(struct g *gp, const char *reason)
{
	LOCK(&gp->parklock);
	gp->fired = NULL;
	UNLOCK(&gp->parklock);
	gopark(gp, reason, NULL);
	go_throw("woken from a park for ever (%s)", reason);
}

/*
 * The waker's half of a hand-off.  With sg's channel locked, sudog_claim()
 * returns true, holding sg->g->parklock, if sg's goroutine has not been
 * woken yet by another of its sudogs (a select waits on several); the
 * caller then fills in sg and calls sudog_ready(), which releases the
 * parklock and then wakes the goroutine.  A claim that fails means that
 * sudog is stale: drop it.
 */
bool sudog_claim(struct sudog *sg)
{
	struct g *gp = sg->g;
	LOCK(&gp->parklock);
	if (gp->fired == NULL)
		return true;
	UNLOCK(&gp->parklock);
	return false;
}

void sudog_ready(struct sudog *sg)
{
	struct g *gp = sg->g;
	live_add(1);   /* before it can run: see DESIGN */
	gp->fired = sg;
	UNLOCK(&gp->parklock);
	/* gp cannot run, let alone end, before this post: it is still there. */
	if (sem_post(&gp->parksem) != 0)
		go_throw("sem_post: %s", strerror(errno));
}
