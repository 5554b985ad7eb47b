/*
 * gothreads internals, shared by the files in lib/ and nobody else.
 *
 * The names follow Go's runtime so that this file reads beside
 * runtime/runtime2.go and runtime/chan.go:
 *
 *   struct g       a goroutine: its id, name, function, and how to wake it
 *   struct m       a pool thread ("machine") that runs one g at a time
 *   struct sudog   a g waiting on one channel (one per select case)
 *   struct hchan   the channel itself (the public `chan`)
 *   sched          the pool: idle threads, goroutines waiting for a thread
 *
 * Lock order (take them in this order, never the reverse):
 *   timers.lock  >  hchan.lock (several: by ascending address)  >  g.parklock
 *   a WaitGroup's wg->lock, a Mutex's m  >  sched.lock
 *     (waitgroup_wait counts itself asleep, live_add, which may take
 *     sched.lock in checkdead, with wg->lock held; mutex_lock clears its
 *     waitmutex under sched.lock with the Mutex just locked, sync.c).
 *   sched.lock is never held together with any other lock but those.
 * make DEBUG=1 asserts each "held" rule below with lock_held().
 */
#ifndef GOTHREADS_RUNTIME_H
#define GOTHREADS_RUNTIME_H

#include "gothreads.h"

/*
 * Inside lib/ the public names are the plain functions, not the
 * call-site macros of gothreads.h: a call from the library has no
 * student's line to show.
 */
#undef go
#undef go_copy
#undef go_named
#undef chan_send
#undef chan_recv
#undef chan_trysend
#undef chan_tryrecv
#undef chan_close
#undef time_sleep
#undef waitgroup_wait
#undef mutex_lock
#undef rwmutex_rlock
#undef rwmutex_lock
#undef cond_wait

/*
 * assert() checks the invariants and lock rules only in debug builds
 * (make DEBUG=1): reading a mutex's owner races, by design, with its
 * other users, which the race detectors would rightly report.
 */
#ifndef DEBUG
#define NDEBUG
#endif
#include <assert.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "annotate.h"

/* Wait reasons, Go's own words (runtime/runtime2.go, waitReasonStrings). */
#define WAIT_CHAN_RECV     "chan receive"
#define WAIT_CHAN_SEND     "chan send"
#define WAIT_CHAN_RECV_NIL "chan receive (nil chan)"
#define WAIT_CHAN_SEND_NIL "chan send (nil chan)"
#define WAIT_SELECT        "select"
#define WAIT_SELECT_NONE   "select (no cases)"
#define WAIT_SLEEP         "sleep"
#define WAIT_WAITGROUP     "sync.WaitGroup.Wait"
#define WAIT_MUTEX         "sync.Mutex.Lock"
#define WAIT_RWMUTEX_RLOCK "sync.RWMutex.RLock"
#define WAIT_RWMUTEX_LOCK  "sync.RWMutex.Lock"
#define WAIT_COND          "sync.Cond.Wait"

struct sudog;

/*
 * Goroutines readied under a channel lock, to be posted by goready() once
 * every channel lock is released (Go's gList; see park.c).  A local of
 * the waker: start it empty, GLIST_INIT.
 */
struct glist {
	struct g *head;   /* linked by g.schedlink */
};
#define GLIST_INIT { NULL }

/*
 * A semaphore whose one waiter may spin a moment before it sleeps
 * (park.c: semsleep, sempost).  spinning: the waiter is spinning now, in
 * one of the sched.maxspinners places; its poster gives the place back.
 */
struct spinsem {
	sem_t sem;
	atomic_bool spinning;
};

struct g {
	int64_t id;              /* 1 for main; never reused */
	char name[32];           /* "" if unnamed */
	void (*fn)(void *);      /* what the goroutine runs */
	void *arg;               /* fn's argument */
	int64_t parent;          /* id of the goroutine whose go() made it */
	jmp_buf exitbuf;         /* go_exit() jumps here (pool threads only) */
	atomic_int tid;          /* kernel id (LWP) of the thread running it */
	bool adopted;            /* a thread gothreads did not start (main, say) */

	void *createpc;          /* where go() was called: "created by" in dumps */
	const char *createfile;  /* ... and its __FILE__ and __LINE__, if known */
	int createline;
	struct oncecall *oncing; /* once_do() calls running their f, innermost first */
	struct waitgroup *wggo;  /* waitgroup_go()'s wg: go_exit() still calls Done */

	/* Written by the goroutine itself, read by dumps and gdb: */
	_Atomic(const char *) waitreason;  /* NULL while running */
	_Atomic(struct hchan *) waitchan;  /* channel it waits on, if one */
	_Atomic(struct mutex *) waitmutex; /* mutex it waits to lock, if one */
	_Atomic(select_case *) waitcases;  /* a blocked select's cases ... */
	atomic_int nwaitcases;             /* ... and how many (set first) */
	/*
	 * The library call it is parked in (or panicking from): the file and
	 * line its caller wrote (the public macros' __FILE__ and __LINE__,
	 * kept even with no debug information) and the return address into
	 * the caller's code, where dumps start showing its stack
	 * (traceback.c).  Set by setcall() before it parks or panics, on the
	 * slow path only; callfile NULL if unknown.  Traces may read them too.
	 */
	_Atomic(const char *) callfile;
	atomic_int callline;
	_Atomic(void *) callpc;

	/* Its waker's struct glist, from sudog_ready() to goready(): */
	struct g *schedlink;

	/* A reused g (galloc) keeps what follows and has all of the above cleared. */
	struct spinsem parksem;   /* the g waits here, alone; posted once per wake-up */
	/*
	 * parklock guards this while a sudog of the g may be queued: wakers
	 * read and set it under parklock (sudog_claim, sudog_ready).  The g
	 * itself clears it without the lock before it queues a sudog (block
	 * in chan.c, select's pass 2): no waker can reach it then, because
	 * every sudog of its last wait left its queue under that channel's
	 * lock, which the g has taken since.
	 */
	pthread_mutex_t parklock;
	struct sudog *fired;      /* the sudog that woke it; NULL while parked */

	/* sched.lock guards these: */
	struct g *allnext, *allprev;  /* allgs, for dumps and gdb */
	struct g *runnext;            /* sched.runq, while waiting for a thread */

	char argbuf[];                /* go_copy()'s copy of the argument */
};

/*
 * A g waiting on a channel (Go's sudog).  It lives on the waiting g's
 * stack (in a select of more than 16 cases, NSTACK, in the array select
 * mallocs for them): the g cannot return, nor select free that array,
 * before every sudog of it has left its queue.
 */
struct sudog {
	struct g *g;
	struct hchan *c;
	void *elem;     /* value to send, or where to put the value received */
	int caseidx;    /* which select case; 0 for a plain send or receive */
	bool success;   /* set by the waker: true if a value passed, false if close woke it */
	uint64_t flow;  /* tracing: the arrow its value or wake-up rides on (lib/trace.c) */
	/* c->lock guards these: */
	bool queued;
	struct sudog *next, *prev;
};

struct waitq {
	struct sudog *first, *last;
};

/*
 * Invariants (c->lock held):
 *   At least one of c->sendq and c->recvq is empty, except for an
 *   unbuffered channel with a single g blocked in a select on both
 *   sending and receiving.
 *   For buffered channels:
 *     c->qcount > 0 implies that c->recvq is empty.
 *     c->qcount < c->dataqsiz implies that c->sendq is empty.
 */
struct hchan {
	pthread_mutex_t lock;
	size_t elemsize;        /* read-only after make */
	size_t dataqsiz;        /* cap, read-only after make */
	struct timer *timer;    /* set for time_after() & co; timers.lock guards it */
	/* lock guards these: */
	size_t qcount;          /* values in buf */
	size_t sendx, recvx;    /* next slot to fill, next slot to empty */
	bool closed;
	struct waitq recvq;     /* receivers waiting */
	struct waitq sendq;     /* senders waiting */
	char *buf;              /* dataqsiz slots of elemsize bytes */
	int users;              /* the program's references: chan_make's and chan_dup's, less chan_free's */
	int holds;              /* the library's: selects parked on it, a chan_free stopping its timer */
#ifdef DEBUG
	bool freed;             /* released: debug builds keep the last few marked (chanalloc.c) */
#endif
	uint64_t *tflow;        /* tracing: each slot's arrow (lib/trace.c); NULL if off */
};

/*
 * The pool (Go's schedt).  proc.c runs it; deadlock.c reads it to decide
 * whether the program is stuck, park.c reads spin.
 */
struct m;
struct schedt {
	pthread_mutex_t lock;
	/* lock guards these: */
	struct m *idle;                /* idle threads, most recently idle first */
	struct g *runqhead, *runqtail; /* goroutines waiting for a thread */
	atomic_int nrunq;              /* length of runq (read without the lock by live_add) */
	atomic_int nspinning;          /* threads coming for runq (m.spinning); read by live_add */
	int nthreads;                  /* threads made: busy + idle */
	int maxthreads;
	bool bounddefault;             /* maxthreads is limits_defaultbound()'s */
	atomic_int refused;            /* errno of the kernel's last refusal of a thread; 0 once one is made */
	size_t stacksize;
	int64_t spin;                  /* semsleep() spins this long (ns) first; read-only */
	bool batch;                    /* goroutines' threads run SCHED_BATCH (park.c); read-only */
	int maxspinners;               /* at most this many spin in semsleep at once; read-only */
	int ngoroutines;
};
extern struct schedt sched;

/* proc.c: the pool and the run queue */
int internalthread(void *(*fn)(void *));
void poolinit(void);   /* schedinit, once */
int sched_retrythread(void);   /* sched.lock held: one more try for a refused thread */
/* ... and what newproc.c (go()) and sched.c (go_setmaxthreads) use of it: */
struct m;
extern bool forkedpool;              /* this is a child of fork() that had pool threads */
enum { M_NONE, M_IDLE, M_NEW };      /* what startm() found */
int startm(struct m **wake);         /* sched.lock held: a thread for runq; *wake to post */
void wakem(struct m *mp);            /* no lock held: posts what startm() took (NULL: nothing) */
int startnewm(void);                 /* no lock held: makes the thread startm() reserved */
int newm(struct g *first);           /* no lock held: a pool thread for first (or spinning) */
void runqput(struct g *gp);          /* sched.lock held */
void refusedmsg(int err, int nthreads, int nrunq);

/* newproc.c: go() */
int go_fromtimer(void (*fn)(void *), void *arg, void *pc);   /* time_afterfunc: no parent goroutine */
void sched_lock(void);
void sched_unlock(void);
pthread_mutex_t *sched_lockp(void);

/* goroutine.c: g records */
extern struct g *allgs;    /* sched.lock */
struct g *getg(void);
void setg(struct g *gp);
struct g *getg_noadopt(void);
int64_t newgoid(void);
void ginit(void);
struct g *galloc(const char *name, void (*fn)(void *), const void *arg, size_t size);
void gfree(struct g *gp);
void gadd(struct g *gp);       /* sched.lock held */
void gremove(struct g *gp);    /* sched.lock held */
void setthreadname(struct g *gp);
void threadname_pool(void);
void threadname_start(struct g *gp);
void gblocking(struct g *gp);  /* before every block: names the thread (goroutine.c) */

/* park.c: parking and waking */
bool sched_spins(void);
void semsleep(struct spinsem *s);
void sempost(struct spinsem *s);
struct sudog *gopark(struct g *gp, const char *reason, struct hchan *c);
void gopark_forever(struct g *gp, const char *reason) __attribute__((noreturn));
bool sudog_claim(struct sudog *sg);
void sudog_ready(struct sudog *sg, struct glist *ready);
void goready_list(struct glist *ready);
/*
 * Wakes every goroutine on ready (step 3 in park.c).  Inline because the
 * list is most often empty (a buffered channel with nobody waiting).
 */
static inline void goready(struct glist *ready)
{
	if (ready->head)
		goready_list(ready);
}
void mnopreempt(void);   /* the calling thread: woken, it does not preempt its waker */

/* deadlock.c: the count of live goroutines */
void live_add(long delta);
void live_timer(long delta);   /* a timer became pending (+1) or stopped being so (-1) */
void checkdead(void);

/* Records the call gp is about to park in or panic from (see struct g). */
static inline void setcall(struct g *gp, const char *file, int line, void *pc)
{
	atomic_store_explicit(&gp->callfile, file, memory_order_relaxed);
	atomic_store_explicit(&gp->callline, line, memory_order_relaxed);
	atomic_store_explicit(&gp->callpc, pc, memory_order_relaxed);
}
/* The return address into the caller of the public function using it. */
#define CALLERPC() __builtin_extract_return_addr(__builtin_return_address(0))

/* chan.c: the locked halves of send and receive, shared with select.c */
enum { CHAN_BLOCK, CHAN_DONE, CHAN_CLOSED };
int chansend_locked(struct hchan *c, const void *v, struct glist *ready);   /* CHAN_CLOSED if closed */
int chanrecv_locked(struct hchan *c, void *v, bool *ok, struct glist *ready);
void waitq_enqueue(struct waitq *q, struct sudog *sg);
void waitq_remove(struct waitq *q, struct sudog *sg);
/*
 * chanalloc.c: a channel's memory goes once nothing can touch it: no
 * reference of the program's (users), no hold of the library's, and no
 * goroutine queued on it.  c->lock held; the caller releases it after
 * unlocking, since nobody else can reach c then.
 */
static inline bool chan_unused(const struct hchan *c)
{
	return c->users == 0 && c->holds == 0 && c->recvq.first == NULL && c->sendq.first == NULL;
}
void chan_release(struct hchan *c);
bool chan_held(struct hchan *c);
bool lock_held(pthread_mutex_t *m);   /* the calling thread holds m: asserts only */
/* The invariants above, asserted (c->lock held); nothing without DEBUG. */
#ifdef DEBUG
void chan_check(struct hchan *c);
#else
#define chan_check(c) ((void)0)
#endif

/* sync.c */
void sync_exiting(struct g *gp);   /* go_exit(): once_do's and waitgroup_go's defers */

/* time.c */
void timer_free(struct hchan *c);  /* stops and forgets c's timer */
bool timer_armed(struct hchan *c); /* c is a timer's channel and the timer will fire */
struct hchan *timer_forselect(duration d);  /* an after_case's timer (select.c) */
bool timer_isforselect(struct hchan *c);

/* signal.c: a goroutine's stack overflow, reported; SIGQUIT */
void stackguard_init(void);
void stackguard_exit(void);

/* limits.c: the machine's limits on threads */
int limits_defaultbound(void);
const char *limits_boundwhy(void);
void limits_explain(char *buf, size_t size, int err, int nthreads);

/* symtab.c: what is known of a pc, for dumps (traceback.c) */
struct sym {
	char name[128];     /* "" if unknown */
	uintptr_t start;    /* the function's first byte, 0 if unknown */
	char file[256];     /* "" if no line information */
	int line;
};

void sym_lookup(void *pc, bool ret, struct sym *s);   /* ret: pc is a return address */
void sym_findlibdir(void);                /* once, before the first dump */
bool sym_libknown(void);                  /* the library's source directory is known */
bool sym_inlib(const struct sym *s);      /* s is a frame of the library's own */

/* traceback.c: stacks for dumps */
void stacks_collect(struct g *only, bool interrupt, pid_t asker);
void stacks_done(void);
void printstack(FILE *f, struct g *gp, bool running, bool self, bool interrupt);
void printcreator(FILE *f, struct g *gp);

/* debug.c */
#define WAIT_THREAD "runnable, waiting for a pool thread"
void go_fatal(const char *msg) __attribute__((noreturn));
void go_fatal_locked(const char *msg) __attribute__((noreturn));
void go_stackoverflow(struct g *gp, size_t stacksize) __attribute__((noreturn));
void go_sigquit(void) __attribute__((noreturn));   /* signal.c's watcher: the SIGQUIT dump */
void go_poolbound_locked(int queued, int refused) __attribute__((noreturn));
void go_throw(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* go_panic from a public call whose site is known (file NULL if not). */
void go_panic_at(const char *msg, const char *file, int line, void *pc) __attribute__((noreturn));
/* A value of the wrong size: "gothreads: chan_send: a 4-byte value on a channel of 8-byte elements". */
void go_badsize(const char *op, size_t size, size_t elemsize, const char *file, int line, void *pc)
	__attribute__((noreturn, cold));
/* Whether a value of size bytes may go through c (sizes unknown pass). */
#define SIZE_OK(c, v, size) ((size) == (c)->elemsize || (size) == GOTHREADS_ANYSIZE || (v) == NULL)

/* What a spinning thread does between two looks: tell the CPU it spins. */
#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define cpu_relax() __asm__ __volatile__("yield")
#else
#define cpu_relax() ((void)0)
#endif

/*
 * Debug builds name a use of a channel after its memory went, and a
 * chan_free after that, exactly: chan_release keeps the last 256
 * released, marked (chanalloc.c).  Release builds free them; a later use
 * then fails to lock it (go_lockfail names the likely cause) or, if the
 * memory was reused, goes unnoticed.
 */
#ifdef DEBUG
void chan_freed_panic(void) __attribute__((noreturn));
#define CHAN_LIVE(c) do { if ((c)->freed) chan_freed_panic(); } while (0)
#else
#define CHAN_LIVE(c) ((void)(c))
#endif

/* Locks with the error checks a student would want (xv6's acquire/release). */
#define LOCK(m)   do { int e_ = pthread_mutex_lock(m); if (e_ != 0) go_lockfail("lock", #m, (m), e_); } while (0)
#define UNLOCK(m) do { int e_ = pthread_mutex_unlock(m); if (e_ != 0) go_lockfail("unlock", #m, (m), e_); } while (0)
/* A LOCK or UNLOCK that failed: flushes stdout, names the likely cause, aborts (debug.c). */
void go_lockfail(const char *op, const char *name, const void *m, int err) __attribute__((noreturn, cold));

#endif
/* SPDX-License-Identifier: BSD-3-Clause */
