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
 * The default comes from the machine's limits on threads (limits.c):
 * at most 16384, Go's own 10,000-thread limit (debug.SetMaxThreads)
 * rounded up to leave room around Go's test/chan/goroutines.go, which
 * blocks 10,001 goroutines at once, and at most half of what the machine,
 * the user (RLIMIT_NPROC) and the cgroup have free.  That bound is what
 * Go's debug.SetMaxThreads bounds, not GOMAXPROCS: here a goroutine
 * blocked on a channel holds its thread.  When the kernel refuses a
 * thread below the bound, the pool goes on with the threads it has, as
 * if at the bound (sched.refused), and the deadlock report names the
 * kernel's limit.
 *
 * Elsewhere: the go statement itself (newproc) in newproc.c, the pool's
 * state and settings in sched.c, a goroutine's record in goroutine.c,
 * parking and waking in park.c, the deadlock count in deadlock.c.
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <sched.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

/*
 * A pool thread, Go's m.  An idle m waits on its semaphore `wake`;
 * startm() takes it off the idle list and the waker posts it after
 * releasing sched.lock, so the woken thread does not start by waiting
 * for the lock its waker holds (as it did with a condvar signalled under
 * sched.lock; see park.c).
 */
struct m {
	pthread_t thread;
	pid_t tid;             /* its kernel id, for each g it runs */
	struct spinsem wake;   /* posted once each time it leaves the idle list */
	struct g *first;       /* the goroutine it was made for (newproc), or NULL */
	/* sched.lock guards these: */
	bool spinning;         /* woken or made to look at runq, and has not yet */
	struct m *idlenext;
};

static pthread_key_t mkey;   /* a pool thread's m, for mexit() */
static void mexit(void *arg);

/*
 * fork() copies only the thread that calls it.  A child of a process
 * that had pool threads has their records but not the threads: a go()
 * there would queue for, or wake, a thread that does not exist, and hang.
 * Rebuilding the pool in the child is not worth it for what fork is used
 * for (exec, or a plain child process), so the child's first go() stops
 * the program and says why (time.c does the same for timers).  A child
 * forked before the first go() has nothing to lose and works as usual.
 */
bool forkedpool;   /* set in the child only, before it runs anything else */

static void forkchild(void)
{
	if (sched.nthreads > 0)
		forkedpool = true;
}

/* Called once by schedinit (sched.c), before any pool thread exists. */
void poolinit(void)
{
	pthread_key_create(&mkey, mexit);
	pthread_atfork(NULL, NULL, forkchild);
}

/* sched.lock held. */
static struct g *runqget(void)
{
	assert(lock_held(&sched.lock));
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
void runqput(struct g *gp)
{
	assert(lock_held(&sched.lock));
	gp->runnext = NULL;
	if (sched.runqtail)
		sched.runqtail->runnext = gp;
	else
		sched.runqhead = gp;
	sched.runqtail = gp;
	atomic_fetch_add(&sched.nrunq, 1);
	atomic_store_explicit(&gp->waitreason, WAIT_THREAD, memory_order_relaxed);
}
static void execute(struct m *mp, struct g *gp)
{
	setg(gp);
	atomic_store_explicit(&gp->tid, mp->tid, memory_order_relaxed);
	atomic_store_explicit(&gp->waitreason, NULL, memory_order_relaxed);
	threadname_start(gp);
	TRACE(trace_gostart(gp));
	if (setjmp(gp->exitbuf) == 0)
		gp->fn(gp->arg);
	TRACE(trace_goend(gp));
	setg(NULL);
}


/*
 * How many threads may spin toward runq at once.  A burst of goroutines
 * that block needs one thread each; each spinning thread that takes one
 * wakes up to two more while more are queued than are coming (fanout),
 * so n queued goroutines are reached in about log2(n) wake-ups in a row,
 * not n (a chain of wake-ups, 10,000 of them for a burst of 10,000,
 * took half a second).  The bound keeps a queue of goroutines that do
 * not block from waking every idle thread.
 */
#define MAXSPINNING 8

/*
 * Makes sure a thread is coming for runq (Go's wakep and startm): takes
 * an idle thread (M_IDLE: *wake is to be posted once sched.lock is
 * released), or reserves room for a new one below the bound (M_NEW: the
 * caller makes it with startnewm() after releasing sched.lock, so that
 * no pthread_create runs under it), and counts it spinning.  At the
 * bound with none idle it does nothing (M_NONE): a thread that finishes
 * its goroutine takes the queue's head.  sched.lock held.
 */
int startm(struct m **wake)
{
	assert(lock_held(&sched.lock));
	struct m *mp = sched.idle;
	int kind = M_NEW;
	if (mp) {
		sched.idle = mp->idlenext;
		mp->spinning = true;
		*wake = mp;
		kind = M_IDLE;
	} else if (sched.nthreads < sched.maxthreads) {
		sched.nthreads++;   /* reserved for startnewm() */
	} else {
		return M_NONE;
	}
	sched.nspinning++;
	return kind;
}

/*
 * Makes the spinning thread startm() reserved (M_NEW).  Returns 0, or the
 * errno of a failed pthread_create after handing the reservation back.
 * No lock held.
 */
int startnewm(void)
{
	int err = newm(NULL);
	if (err) {
		LOCK(&sched.lock);
		sched.nthreads--;
		sched.nspinning--;
		atomic_store(&sched.refused, err);
		UNLOCK(&sched.lock);
	}
	return err;
}

/*
 * The deadlock detector found every thread blocked, goroutines queued and
 * the last thread refused by the kernel: try once more, in case whatever
 * held the ids has let them go.  sched.lock held on entry and return, but
 * released around the pthread_create.  Returns 0 if a thread is now
 * coming for runq, or the errno of the refusal.
 */
int sched_retrythread(void)
{
	if (sched.nthreads >= sched.maxthreads)
		return 0;   /* at the bound: not the kernel's doing */
	sched.nthreads++;
	sched.nspinning++;
	UNLOCK(&sched.lock);
	int err = newm(NULL);
	LOCK(&sched.lock);
	if (err) {
		sched.nthreads--;
		sched.nspinning--;
		atomic_store(&sched.refused, err);
	}
	return err;
}

/*
 * Says, once per run of refusals, that the kernel refused a thread below
 * the bound: the goroutines queued wait for a thread to finish (and if
 * none will, the deadlock report says which limit was hit).
 */
void refusedmsg(int err, int nthreads, int nrunq)
{
	static atomic_int said;   /* the nthreads at the last message */
	if (atomic_exchange(&said, nthreads) == nthreads)
		return;
	fprintf(stderr, "gothreads: the kernel refused a new thread (%s) with %d made; "
	        "%d goroutine%s wait%s for one to finish\n", strerror(err), nthreads,
	        nrunq, nrunq == 1 ? "" : "s", nrunq == 1 ? "s" : "");
}

void wakem(struct m *mp)
{
	if (mp)
		sempost(&mp->wake);
}

/*
 * A goroutine called pthread_exit(): glibc ends its pool thread, and this
 * destructor (mkey's) is the pool's last word with it.  The goroutine
 * has ended, as by go_exit() (its once_do and waitgroup_go defers run),
 * so it leaves allgs and the deadlock count; the thread leaves the pool,
 * and a queued goroutine gets another in its place.  Without this the
 * goroutine stayed counted as running for ever, and no later deadlock was
 * ever reported.  (mstart never returns, so only pthread_exit gets here.)
 */
static void mexit(void *arg)
{
	struct m *mp = arg;
	struct g *gp = getg_noadopt();
	if (gp)
		sync_exiting(gp);
	struct m *wake = NULL;
	int kind = M_NONE;
	LOCK(&sched.lock);
	if (gp)
		gremove(gp);
	sched.nthreads--;
	if (sched.nrunq > 0 && sched.nspinning == 0)
		kind = startm(&wake);
	UNLOCK(&sched.lock);
	wakem(wake);
	if (kind == M_NEW)
		startnewm();
	if (gp) {
		setg(NULL);
		gfree(gp);
		live_add(-1);   /* it has ended */
	}
	sem_destroy(&mp->wake.sem);
	free(mp);
	stackguard_exit();
}

/*
 * Takes the next goroutine from runq for mp, which is spinning (made to
 * look, woken from idle, or done with its last goroutine: see gdestroy).
 * A thread that takes one while more are queued than coming passes the
 * search on to up to two more (MAXSPINNING).  With none queued it waits
 * idle until startm() takes it, spinning again, and looks once more.
 */
static struct g *findrunnable(struct m *mp)
{
	for (;;) {
		struct m *wake[2] = { NULL, NULL };
		int kind[2] = { M_NONE, M_NONE }, err = 0;
		LOCK(&sched.lock);
		assert(mp->spinning);
		mp->spinning = false;
		sched.nspinning--;
		struct g *gp = runqget();
		for (int i = 0; i < 2 && gp && sched.nrunq > sched.nspinning &&
		                sched.nspinning < MAXSPINNING; i++)
			kind[i] = startm(&wake[i]);
		if (gp == NULL) {
			mp->idlenext = sched.idle;
			sched.idle = mp;
		}
		int nrunq = sched.nrunq, nthreads = sched.nthreads;
		UNLOCK(&sched.lock);
		for (int i = 0; i < 2; i++) {
			wakem(wake[i]);   /* posted once sched.lock is free */
			if (kind[i] == M_NEW && (err = startnewm()) != 0)
				refusedmsg(err, nthreads - 1, nrunq);
		}
		if (gp)
			return gp;
		threadname_pool();
		semsleep(&mp->wake);   /* until startm() takes us */
	}
}

/*
 * gp has returned (or called go_exit) on mp: take it off allgs, free it,
 * and stop counting it live.  mp counts as spinning from here on, before
 * the decrement, because it is on its way to runq: otherwise live_add
 * could find only queued goroutines live and no thread coming for them,
 * and report the pool stuck while this thread is about to run one.
 */
static void gdestroy(struct m *mp, struct g *gp)
{
	LOCK(&sched.lock);
	gremove(gp);
	mp->spinning = true;
	sched.nspinning++;
	UNLOCK(&sched.lock);
	gfree(gp);
	live_add(-1);   /* it has ended */
}

/*
 * A pool thread's life (Go's mstart and schedule): one goroutine at a
 * time, each from start to end.  newm() made mp either for one goroutine,
 * mp->first, or spinning, to look at runq.
 */
static void *mstart(void *arg)
{
	struct m *mp = arg;
	mp->tid = gettid();
	pthread_setspecific(mkey, mp);              /* mexit() if pthread_exit() ends us */
	stackguard_init();                          /* its overflow is reported (signal.c) */
	mnopreempt();                               /* the wake-up rule (park.c) */
	pthread_setname_np(pthread_self(), "gothreads");   /* not its maker's name */
	struct g *gp = mp->first;
	mp->first = NULL;
	for (;;) {
		if (gp == NULL)
			gp = findrunnable(mp);   /* take one, waiting idle while there is none */
		execute(mp, gp);             /* run it, until it returns or calls go_exit */
		gdestroy(mp, gp);            /* clean it up */
		gp = NULL;                   /* and look for the next */
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
	/*
	 * 1 MiB of address space (touched only as used): the SIGQUIT watcher
	 * symbolises a whole dump with libdw, whose first lookup of a module
	 * overflowed 128 KiB under valgrind.
	 */
	pthread_attr_setstacksize(&attr, 1024 * 1024 > PTHREAD_STACK_MIN ? 1024 * 1024 : PTHREAD_STACK_MIN);
	pthread_t th;
	int err = pthread_create(&th, &attr, fn, NULL);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err;
}

/*
 * Makes a pool thread: for first, which it runs before anything else, or
 * (first NULL) spinning, to look at runq.  Called with no lock held: a
 * pthread_create costs tens of microseconds, and under sched.lock it held
 * up every go() and every thread looking for work.
 */
int newm(struct g *first)
{
	struct m *mp = calloc(1, sizeof *mp);
	if (mp == NULL)
		return ENOMEM;
	sem_init(&mp->wake.sem, 0, 0);
	mp->first = first;
	mp->spinning = first == NULL;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	LOCK(&sched.lock);
	size_t stacksize = sched.stacksize;
	UNLOCK(&sched.lock);
	pthread_attr_setstacksize(&attr, stacksize);
	int err = pthread_create(&mp->thread, &attr, mstart, mp);
	pthread_attr_destroy(&attr);
	if (err) {
		sem_destroy(&mp->wake.sem);
		free(mp);
	} else if (atomic_load_explicit(&sched.refused, memory_order_relaxed)) {
		atomic_store(&sched.refused, 0);   /* the kernel gives threads again */
	}
	return err;
}
/* SPDX-License-Identifier: BSD-3-Clause */
