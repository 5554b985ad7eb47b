/*
 * gothreads: Go's concurrency model on real kernel threads.
 *
 * The whole public API is in this header.  Each function's comment starts
 * with the Go it stands for.
 *
 *   Go                                 C
 *   go f(x)                            go(f, x)                 pointer passed as is
 *   go f(i)  (i copied now)            go_copy(f, &i, sizeof i) value copied now
 *   runtime.Goexit()                   go_exit()
 *   runtime.Gosched()                  go_yield()
 *   runtime.NumGoroutine()             go_numgoroutine()
 *   debug.SetMaxThreads(n)             go_setmaxthreads(n)
 *   c := make(chan int)                chan *c = make_chan(int, 0)
 *   c := make(chan int, 10)            chan *c = make_chan(int, 10)
 *   (the garbage collector)            chan_free(c); chan_dup(c)  free when done; a goroutine that
 *                                                               starts later gets its own chan_dup
 *   c <- v                             chan_send(c, &v)
 *   v := <-c                           chan_recv(c, &v)
 *   v, ok := <-c                       bool ok = chan_recv(c, &v)
 *   (a void *, size known)             chan_send_sized(c, p, size), chan_recv_sized(c, p, size)
 *   for v := range c { }               chan_range(c, v) { }
 *   close(c)                           chan_close(c)
 *   var s chan<- T = c; var r <-chan T = c   sendchan s = chan_sendonly(c); recvchan r = chan_recvonly(c)
 *   len(c), cap(c)                     chan_len(c), chan_cap(c)
 *   select { case v := <-a: ...        switch (SELECT(&ok, recv_case(a, &v),
 *            case b <- x: ... }                            send_case(b, &x))) { case 0: ... case 1: ... }
 *   select { ... default: }            SELECT_DEFAULT(...) returns -1 for default
 *   case <-time.After(d):              after_case(d, NULL)      (in a SELECT; nothing to free)
 *   time.Sleep(d)                      time_sleep(d)
 *   t := time.Now(); time.Since(t)     int64_t t = time_now(); time_since(t)
 *   fmt.Println(t)                     time_string(buf, sizeof buf, t)
 *   time.Tick(d)                       time_tick(d)
 *   time.AfterFunc(d, f)               time_afterfunc(d, f, arg)
 *   <-time.After(d)                    time_after(d)            (chan_free it when done)
 *   d.String()                         duration_string(buf, sizeof buf, d)
 *   d, err := time.ParseDuration(s)    bool ok = duration_parse(s, &d, err, sizeof err)
 *   var wg sync.WaitGroup              waitgroup wg = WAITGROUP_INIT;
 *   wg.Add(n); wg.Done(); wg.Wait()    waitgroup_add(&wg, n); waitgroup_done(&wg); waitgroup_wait(&wg)
 *   var mu sync.Mutex                  mutex mu = MUTEX_INIT;
 *   mu.Lock(); mu.Unlock()             mutex_lock(&mu); mutex_unlock(&mu)
 *   var once sync.Once; once.Do(f)     once o = ONCE_INIT; once_do(&o, f, arg)
 *   var rw sync.RWMutex                rwmutex rw = RWMUTEX_INIT;
 *   rw.RLock(); rw.RUnlock()           rwmutex_rlock(&rw); rwmutex_runlock(&rw)   (Lock, Unlock as mutex)
 *   c := sync.NewCond(&mu)             cond c = COND_INIT(&mu);   or cond_init(&c, &mu)
 *   c.Wait(); c.Signal(); c.Broadcast() cond_wait(&c); cond_signal(&c); cond_broadcast(&c)
 *   wg.Go(f)                           waitgroup_go(&wg, f, arg)
 *   (heap memory)                      waitgroup_init, mutex_init, once_init, rwmutex_init, cond_init
 *   ctx, cancel := context.WithCancel(p) context *ctx = context_withcancel(p); context_cancel(ctx)
 *   <-ctx.Done(); ctx.Err()            context_done(ctx), context_err(ctx)   (and WithTimeout, WithDeadline)
 *   var x atomic.Int64; x.Add(1)       atomic_int64 x; atomic_int64_add(&x, 1)   (and Load, Store, Swap, CompareAndSwap)
 *   g, ctx := errgroup.WithContext(p)  errgroup *g = errgroup_withcontext(p, &ctx);   or errgroup g = ERRGROUP_INIT;
 *   g.Go(f); err := g.Wait()           errgroup_go(g, f, arg); const char *err = errgroup_wait(g)   (and SetLimit, TryGo)
 *
 * Caller mistakes (send on a closed channel, a negative WaitGroup counter,
 * ...) print Go's own message and stop the program with exit status 2, as
 * Go does.  In gdb, `break go_panic` stops there first; with
 * GOTRACEBACK=crash the program aborts instead, leaving a core file.
 */
#ifndef GOTHREADS_H
#define GOTHREADS_H

/*
 * The version, in this one place: the Makefile reads it for the shared
 * library's name (libgothreads.so.MAJOR is the SONAME) and the .pc file.
 * MAJOR changes when a program built against an older header could break.
 */
#define GOTHREADS_VERSION_MAJOR 0
#define GOTHREADS_VERSION_MINOR 2
#define GOTHREADS_VERSION_PATCH 0
#define GOTHREADS_STR_(x) #x
#define GOTHREADS_XSTR_(x) GOTHREADS_STR_(x)
#define GOTHREADS_VERSION GOTHREADS_XSTR_(GOTHREADS_VERSION_MAJOR) "." \
	GOTHREADS_XSTR_(GOTHREADS_VERSION_MINOR) "." GOTHREADS_XSTR_(GOTHREADS_VERSION_PATCH)

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * C++ sees the same functions (extern "C") and the same struct layouts:
 * <stdatomic.h>'s _Atomic is C only, so C++ gets plain fields of the same
 * size, which it never touches (only the functions below do).
 */
#ifdef __cplusplus
#define GOTHREADS_ATOMIC_(T) T
extern "C" {
#else
#include <stdatomic.h>
#define GOTHREADS_ATOMIC_(T) _Atomic(T)
#endif

/*
 * Everything declared here, and nothing else in lib/, is exported from
 * libgothreads.so: lib/ is compiled with -fvisibility=hidden.
 */
#pragma GCC visibility push(default)

/* ---- goroutines (lib/newproc.c, lib/proc.c) ------------------------------ */

/*
 * go f(arg)
 * Starts fn(arg) as a new goroutine and returns at once.  The goroutine
 * runs on a pooled pthread; if all GOTHREADS_MAXTHREADS threads are busy
 * it waits, first come first served, for one to come free.  The same
 * when the kernel refuses a thread below the bound (EAGAIN: a limit on
 * threads was reached) while the pool has some: the goroutine waits for
 * one, and if none ever comes free the deadlock report names the limit.
 * Returns 0, or an errno value (ENOMEM, or EAGAIN when the pool has no
 * thread at all) after printing why, when no goroutine could be made;
 * then nothing was started and nothing leaks.
 */
int go(void (*fn)(void *), void *arg);

/*
 * go f(v)   with v evaluated now
 * Like go(), but copies size bytes from arg before returning; fn receives
 * a pointer to the goroutine's own copy, freed when the goroutine ends.
 * This is how Go evaluates a go statement's arguments, and the cure for
 * the loop-variable trap: go_copy(worker, &i, sizeof i).
 */
int go_copy(void (*fn)(void *), const void *arg, size_t size);

/*
 * Like go_copy(), and names the goroutine.  The name (15 characters at
 * most reach the kernel, as "g<id>:<name>") shows in gdb's info threads
 * and in goroutine dumps.  size 0 passes arg as is, as go() does.
 */
int go_named(const char *name, void (*fn)(void *), const void *arg, size_t size);

/*
 * go(), go_copy() and go_named() are macros over go_at(), which also
 * takes the go statement's __FILE__ and __LINE__: dumps show them after
 * "created by".  size 0 passes arg as is.
 */
int go_at(const char *name, void (*fn)(void *), const void *arg, size_t size,
          const char *file, int line);
/* Variadic, so that an argument like &(struct args){ 1, 2 } may hold commas. */
#define go(...) go_at(NULL, __VA_ARGS__, 0, __FILE__, __LINE__)
#define go_copy(...) go_at(NULL, __VA_ARGS__, __FILE__, __LINE__)
#define go_named(...) go_at(__VA_ARGS__, __FILE__, __LINE__)

/*
 * runtime.Goexit()
 * Ends the calling goroutine.  pthread_exit() from a goroutine, or from
 * main, counts the same for the deadlock detector (a goroutine's pool
 * thread then ends too, and the pool makes another when one is needed).
 */
void go_exit(void) __attribute__((noreturn));
void go_yield(void);                           /* runtime.Gosched() */
int64_t go_id(void);                           /* the calling goroutine's id; main is 1 */
const char *go_name(void);                     /* its name, "" if none */
void go_setname(const char *name);             /* names the calling goroutine */
int go_numgoroutine(void);                     /* runtime.NumGoroutine() */

/*
 * debug.SetMaxThreads(n)
 * The pool's bound on threads: GOTHREADS_MAXTHREADS, or by default, taken
 * from the machine when the program starts (lib/limits.c),
 *
 *   min(16384,
 *       (min(kernel.pid_max, kernel.threads-max) - threads on the machine) / 2,
 *       RLIMIT_NPROC / 2                (ulimit -u; not applied to root),
 *       (cgroup pids.max - pids.current) / 2)
 *
 * and at least 1: the rest of the system keeps at least half of what was
 * free.  16384 is above Go's 10,000, so that Go's 10,001-goroutine chain
 * test runs where the machine has 20,004 thread ids free (on a 32,768-id
 * machine: with fewer than 12,760 threads elsewhere).
 * Returns the previous bound.  Lowering it stops new threads from being
 * made; threads already made stay.  Not GOMAXPROCS: every goroutine here
 * is a thread, so this bounds how many goroutines can be *blocked* at once.
 */
int go_setmaxthreads(int n);

/*
 * Stack size of pool threads made from now on (default 256 KiB, or
 * GOTHREADS_STACKSIZE, in bytes).  Returns the previous size.  A
 * goroutine that runs past its stack stops the program as Go's does,
 * with "runtime: goroutine stack exceeds N-byte limit", "fatal error:
 * stack overflow", its id and this setting, exit status 2 (unless the
 * program installs its own SIGSEGV handler first).
 */
size_t go_setstacksize(size_t bytes);

/*
 * GOTHREADS_SPIN (microseconds, default 10): on a machine with more than
 * one CPU, a goroutine about to sleep (a channel, select, an idle pool
 * thread) first spins this long for its partner.  0 turns it off, to see
 * what a kernel hand-off costs by itself; it is always off on one CPU
 * (taskset -c 0) and under valgrind.
 */

/*
 * GOTHREADS_TRACE=run.json or run.html (like go tool trace): records every
 * goroutine's states and hand-offs and writes them at exit, at a deadlock,
 * a panic or Ctrl-C: Chrome's trace-event JSON (Perfetto opens it), or a
 * page that shows it by itself.  GOTHREADS_TRACE_EVENTS bounds the events
 * kept (default 1048576).  docs/tracing.md; gothreads-trace converts.
 */

/*
 * Rules the C side adds (docs/debugging.md, "Threads, fork and signals"):
 *  - fork(): a child of a process that has run a goroutine has no pool
 *    threads; its first go() (or timer) panics and says so.  Fork before
 *    the first go(), or exec in the child.
 *  - Signal handlers: no gothreads function is async-signal-safe.  From a
 *    handler, write a byte to a pipe and let a goroutine read it (the way
 *    gothreads itself handles SIGQUIT).
 *  - Threads of your own (pthread_create) are counted by the deadlock
 *    detector from their first gothreads call.  A thread that will send
 *    later must make one before the goroutines it will wake can all
 *    block (for example, before its creator waits: have it call go_id()
 *    and signal a channel the creator receives from), or a false
 *    "all goroutines are asleep" can stop the program.
 */

/* ---- channels (lib/chan.c) ---------------------------------------------- */

typedef struct hchan chan;  /* opaque; a NULL chan * is Go's nil channel */

/*
 * make(chan T, n)
 * A channel of elements of elemsize bytes (0 is allowed) with a buffer of
 * cap elements; cap 0 makes an unbuffered channel.  A negative or absurd
 * cap panics "makechan: size out of range".  Returns NULL after printing
 * why if memory runs out.
 *
 * Memory (Go's garbage collector does this part): chan_free(c) says "I
 * am done with c", and is always safe.  chan_make gives you one
 * reference, chan_dup(c) one more (and returns c); each chan_free gives
 * one back.  The memory goes after the last one, once no goroutine is
 * blocked on c, in a select over it, or on its way out of one, and no
 * timer can fire on it: you never wait for them.  A goroutine left
 * blocked on a channel everybody has freed stays blocked, as in Go.
 *
 * The rule: free a channel when you are done with it.  A goroutine that
 * may still start an operation on c after you freed yours needs its own
 * reference: chan_dup(c) when you start it, chan_free(c) when it is done.
 * Calls on c after its last chan_free are the one mistake left: a
 * chan_free too many panics while the memory is still there, and debug
 * builds (make DEBUG=1) name any later use.  Closing does not free.
 */
chan *chan_make(size_t elemsize, long cap);
#define make_chan(T, n) chan_make(sizeof(T), (n))
void chan_free(chan *c);
chan *chan_dup(chan *c);

/*
 * The call site.  chan_send, chan_recv, chan_trysend, chan_tryrecv,
 * chan_close, send_case, recv_case, SELECT, SELECT_DEFAULT,
 * waitgroup_wait, mutex_lock, rwmutex_lock, rwmutex_rlock, cond_wait and
 * time_sleep are macros over the *_at functions, which also take the call's __FILE__ and __LINE__
 * (dumps show them for a goroutine parked there, even with no debug
 * information) and, for a value, sizeof *v: a value whose size is not
 * the channel's element size panics, naming both sizes and the call's
 * file:line, where C would silently copy too many or too few bytes.
 * A value that is not a pointer fails to compile (so does a plain 0: write
 * NULL).  NULL, and a void *
 * (generic code that does not know the type), are taken as they are;
 * generic code that knows the size says so:
 *     chan_send_sized(c, v, size)   chan_recv_sized(c, v, size)
 *     send_case_sized(c, v, size)   recv_case_sized(c, v, size)
 * The plain functions (chan_send, ...) stay callable as (chan_send)(c, v),
 * or from gdb, unchecked.
 */
#define GOTHREADS_ANYSIZE ((size_t)-1)   /* size not known: unchecked */
#ifndef __cplusplus
#define GOTHREADS_PTR_(v) _Generic((v), void *: (char *)0, const void *: (const char *)0, \
	default: (v))
#define GOTHREADS_SIZEOF_(v) _Generic((v), void *: GOTHREADS_ANYSIZE, \
	const void *: GOTHREADS_ANYSIZE, default: sizeof *GOTHREADS_PTR_(v))
#else
#define GOTHREADS_SIZEOF_(v) gothreads_sizeof_(v)
#endif

/*
 * Channel directions: chan<- T and <-chan T.
 *
 *   var s chan<- int = c           sendchan s = chan_sendonly(c);
 *   var r <-chan int = c           recvchan r = chan_recvonly(c);
 *
 * A view is one pointer in a struct of its own type, as cheap to pass as
 * the channel.  The channel functions below take a view where Go allows
 * it: chan_send, chan_trysend, send_case and chan_close a sendchan;
 * chan_recv, chan_tryrecv, chan_range and recv_case a recvchan; chan_len
 * and chan_cap either.  The wrong one does not compile, as in Go ("invalid
 * operation: cannot send to receive-only channel"): a recvchan passed to
 * chan_send is an incompatible argument, and a sendchan cannot be passed
 * where a recvchan is wanted.  There is no way back to the chan *, as Go
 * has none.  A view of NULL is a nil channel.
 */
typedef struct sendchan { chan *c_; } sendchan;   /* chan<- T */
typedef struct recvchan { chan *c_; } recvchan;   /* <-chan T */
static inline sendchan chan_sendonly(chan *c) { sendchan s = { c }; return s; }
static inline recvchan chan_recvonly(chan *c) { recvchan r = { c }; return r; }
static inline chan *gothreads_chan_(chan *c) { return c; }
static inline chan *gothreads_sendc_(sendchan s) { return s.c_; }
static inline chan *gothreads_recvc_(recvchan r) { return r.c_; }
#ifndef __cplusplus
/* c as a chan *: a chan * (or NULL) as it is, a view of the right direction unwrapped. */
#define GOTHREADS_SENDC_(c) _Generic((c), sendchan: gothreads_sendc_, default: gothreads_chan_)(c)
#define GOTHREADS_RECVC_(c) _Generic((c), recvchan: gothreads_recvc_, default: gothreads_chan_)(c)
#define GOTHREADS_ANYC_(c) _Generic((c), sendchan: gothreads_sendc_, recvchan: gothreads_recvc_, \
	default: gothreads_chan_)(c)
#else
}  /* extern "C" */
static inline chan *gothreads_sendc_(chan *c) { return c; }
static inline chan *gothreads_recvc_(chan *c) { return c; }
static inline chan *gothreads_anyc_(chan *c) { return c; }
static inline chan *gothreads_anyc_(sendchan s) { return s.c_; }
static inline chan *gothreads_anyc_(recvchan r) { return r.c_; }
extern "C" {
#define GOTHREADS_SENDC_(c) gothreads_sendc_(c)
#define GOTHREADS_RECVC_(c) gothreads_recvc_(c)
#define GOTHREADS_ANYC_(c) gothreads_anyc_(c)
#endif

/*
 * c <- *v
 * Blocks until a receiver has taken the value (unbuffered) or it is in the
 * buffer.  Panics "send on closed channel" if c is or becomes closed.
 * A NULL c blocks forever.
 */
void chan_send(chan *c, const void *v);
void chan_send_at(chan *c, const void *v, size_t size, const char *file, int line);
#define chan_send(c, ...) \
	chan_send_at(GOTHREADS_SENDC_(c), (__VA_ARGS__), GOTHREADS_SIZEOF_((__VA_ARGS__)), __FILE__, __LINE__)
#define chan_send_sized(c, v, size) chan_send_at(GOTHREADS_SENDC_(c), (v), (size), __FILE__, __LINE__)

/*
 * *v, ok = <-c
 * Blocks until a value arrives; returns true.  Once c is closed and its
 * buffer drained, returns false at once and zeroes *v.  v may be NULL to
 * discard the value.  A NULL c blocks forever.
 */
bool chan_recv(chan *c, void *v);
bool chan_recv_at(chan *c, void *v, size_t size, const char *file, int line);
#define chan_recv(c, v) chan_recv_at(GOTHREADS_RECVC_(c), (v), GOTHREADS_SIZEOF_(v), __FILE__, __LINE__)
#define chan_recv_sized(c, v, size) chan_recv_at(GOTHREADS_RECVC_(c), (v), (size), __FILE__, __LINE__)

/* for v := range c { body }   as   chan_range(c, v) { body } */
#define chan_range(c, v) while (chan_recv((c), &(v)))

/*
 * select { case c <- *v: return true; default: return false }
 * Panics if c is closed, as Go does even with a default.
 */
bool chan_trysend(chan *c, const void *v);
bool chan_trysend_at(chan *c, const void *v, size_t size, const char *file, int line);
#define chan_trysend(c, ...) \
	chan_trysend_at(GOTHREADS_SENDC_(c), (__VA_ARGS__), GOTHREADS_SIZEOF_((__VA_ARGS__)), __FILE__, __LINE__)

/*
 * select { case *v, *ok = <-c: return true; default: return false }
 * ok may be NULL.
 */
bool chan_tryrecv(chan *c, void *v, bool *ok);
bool chan_tryrecv_at(chan *c, void *v, bool *ok, size_t size, const char *file, int line);
#define chan_tryrecv(c, v, ok) \
	chan_tryrecv_at(GOTHREADS_RECVC_(c), (v), (ok), GOTHREADS_SIZEOF_(v), __FILE__, __LINE__)

/*
 * close(c)
 * Wakes every waiting receiver (they get zero, false) and every waiting
 * sender (they panic).  Panics on a NULL or already closed channel.
 */
void chan_close(chan *c);
void chan_close_at(chan *c, const char *file, int line);
#define chan_close(c) chan_close_at(GOTHREADS_SENDC_(c), __FILE__, __LINE__)

/* Go's int is 64 bits: so is long here (LP64), and a cap of 1 << 40 fits. */
long chan_len(chan *c);  /* len(c): buffered values now; 0 for NULL */
long chan_cap(chan *c);  /* cap(c); 0 for NULL */
#define chan_len(c) (chan_len)(GOTHREADS_ANYC_(c))
#define chan_cap(c) (chan_cap)(GOTHREADS_ANYC_(c))
#define chan_free(c) (chan_free)(GOTHREADS_ANYC_(c))   /* a view's reference is freed as the channel's */

/* ---- select (lib/select.c) ---------------------------------------------- */

enum { SELECT_RECV = 1, SELECT_SEND = 2, SELECT_AFTER = 3 };

typedef struct select_case {
	int dir;      /* SELECT_RECV, SELECT_SEND or SELECT_AFTER */
	chan *c;      /* NULL: this case is never ready */
	void *v;      /* value to send, or where to receive (may be NULL) */
	size_t size;  /* sizeof *v, checked; 0 or GOTHREADS_ANYSIZE: unchecked */
} select_case;

/* case <-c, case *v = <-c (v may be NULL)   and   case c <- *v */
#define recv_case(c, v) recv_case_sized(GOTHREADS_RECVC_(c), (v), GOTHREADS_SIZEOF_(v))
#define send_case(c, ...) send_case_sized(GOTHREADS_SENDC_(c), (__VA_ARGS__), GOTHREADS_SIZEOF_((__VA_ARGS__)))
static inline select_case recv_case_sized(chan *c, void *v, size_t size)
{
	select_case sc = { SELECT_RECV, c, v, size };
	return sc;
}
static inline select_case send_case_sized(chan *c, const void *v, size_t size)
{
	select_case sc = { SELECT_SEND, c, (void *)v, size };
	return sc;
}

/*
 * case <-time.After(d):   and   case t := <-time.After(d):
 * A receive from a timer that fires d after the select starts waiting,
 * that select makes and frees itself: the spelling of Go's timeout idiom
 * for a select in a loop, with no timer channel to free.  t, if not
 * NULL, is an int64_t *: the time_now() at which it fired.  In a select
 * with a default, as in Go, a d > 0 is never ready at once.
 */
static inline select_case after_case(int64_t d, int64_t *t)   /* d: a duration */
{
	select_case sc = { SELECT_AFTER, NULL, t, (size_t)d };
	return sc;
}

/*
 *   select {                       switch (SELECT(&ok, recv_case(a, &v),
 *   case v, ok = <-a:                                  send_case(b, &x))) {
 *       ...                        case 0: ...; break;
 *   case b <- x:                   case 1: ...; break;
 *       ...                        }
 *   }
 *
 * Blocks until one case can proceed, does it and returns its index.  When
 * several are ready it picks one uniformly at random.  For a receive, *ok
 * tells whether the value came from a send (true) or from close (false);
 * ok may be NULL.  n == 0 blocks forever, as `select {}` does.
 */
int chan_select(select_case *cases, int n, bool *ok);

/* The same with a default case: returns -1 at once if no case is ready. */
int chan_select_nb(select_case *cases, int n, bool *ok);
int chan_select_at(select_case *cases, int n, bool *ok, bool block, const char *file, int line);

#ifndef __cplusplus
#define SELECT_CASES_(...) ((select_case[]){ __VA_ARGS__ })
#define SELECT_NCASES_(...) ((int)(sizeof SELECT_CASES_(__VA_ARGS__) / sizeof(select_case)))
#define SELECT(okp, ...) chan_select_at(SELECT_CASES_(__VA_ARGS__), \
	SELECT_NCASES_(__VA_ARGS__), (okp), true, __FILE__, __LINE__)
#define SELECT_DEFAULT(okp, ...) chan_select_at(SELECT_CASES_(__VA_ARGS__), \
	SELECT_NCASES_(__VA_ARGS__), (okp), false, __FILE__, __LINE__)
#else
/* C++ has no compound literals: gothreads_select_ (at the end of this
 * file) takes the cases as an initializer list. */
#define SELECT(okp, ...) gothreads_select_({ __VA_ARGS__ }, (okp), true, __FILE__, __LINE__)
#define SELECT_DEFAULT(okp, ...) gothreads_select_({ __VA_ARGS__ }, (okp), false, __FILE__, __LINE__)
#endif

/* ---- time (lib/time.c) -------------------------------------------------- */

typedef int64_t duration;  /* nanoseconds, as Go's time.Duration */
#define Nanosecond  ((duration)1)
#define Microsecond (1000 * Nanosecond)
#define Millisecond (1000 * Microsecond)
#define Second      (1000 * Millisecond)
#define Minute      (60 * Second)
#define Hour        (60 * Minute)

/*
 * t := time.Now()
 * A reading of the monotonic clock, in nanoseconds: what Go's time.Now()
 * carries for measuring time.  Print it with time_string().
 */
int64_t time_now(void);
duration time_since(int64_t t);  /* time.Since(t): time_now() - t */
void time_sleep(duration d);     /* time.Sleep(d) */
void time_sleep_at(duration d, const char *file, int line);
#define time_sleep(d) time_sleep_at((d), __FILE__, __LINE__)

/*
 * d.String() (lib/duration.c): writes Go's text for d into buf, n bytes
 * with the NUL, and returns buf: "1.5s", "2m0s", "300ms", "1h0m0s",
 * "1.1µs", "0s".  DURATION_STRLEN bytes always suffice.
 */
#define DURATION_STRLEN 32
char *duration_string(char *buf, size_t n, duration d);

/*
 * d, err := time.ParseDuration(s): reads a possibly signed sequence of
 * decimal numbers, each with an optional fraction and a unit, such as
 * "300ms", "-1.5h" or "2h45m" (units ns, us or µs, ms, s, m, h).  Returns
 * true with *d set, or false with Go's error text in err (errsize bytes;
 * err may be NULL): time: invalid duration ".s"; time: unknown unit
 * "d" in duration "1d"; time: missing unit in duration "3".
 */
bool duration_parse(const char *s, duration *d, char *err, size_t errsize);

/*
 * fmt.Println(t)   (t.String())
 * Writes time_now() reading t into buf (n bytes; 64 is enough) as Go
 * prints a time.Time, in the local time zone with the monotonic reading:
 * "2026-12-02 16:30:11.123456789 +0000 UTC m=+0.500123456" (trailing zeros
 * of the fraction dropped, as Go does).  Returns buf.
 */
char *time_string(char *buf, size_t n, int64_t t);

/*
 * Timer channels carry an int64_t: the time_now() at which they fired.
 * They are channels like any other: receive from them, select on them,
 * and chan_free() them when done (that also stops the timer).
 *
 * time.After(d)            time_after(d)
 * time.NewTimer(d)         time_newtimer(d)       t.C is the channel itself
 * time.NewTicker(d)        time_newticker(d)
 * t.Stop()                 time_stop(t)
 * t.Reset(d)               time_reset(t, d)
 *
 * time_stop and time_reset return true if the timer was still pending
 * (had not fired, or is a ticker), false if it had fired or was stopped,
 * as Go's do.  Neither drains a value already sent: receive it first if
 * you reuse the timer.  Durations <= 0 fire at once; a ticker's must be
 * positive ("non-positive interval for NewTicker").
 */
chan *time_after(duration d);
chan *time_newtimer(duration d);
chan *time_newticker(duration d);
bool time_stop(chan *t);
bool time_reset(chan *t, duration d);

/*
 * time.Tick(d)
 * A ticker's channel for code that never stops it: NULL (Go's nil
 * channel) if d <= 0, as Go's Tick returns nil.  Nobody can stop or free
 * it, so it lasts until the program ends (as it did in Go before 1.23).
 */
chan *time_tick(duration d);

/*
 * t := time.AfterFunc(d, f)
 * After d, runs fn(arg) as a new goroutine.  Returns the timer, for
 * time_stop() (true: f will not run) and time_reset(); nothing is ever
 * sent on it.  chan_free() it when done, as any timer (that stops it).
 */
chan *time_afterfunc(duration d, void (*fn)(void *), void *arg);

/* ---- sync (lib/sync.c) -------------------------------------------------- */

/*
 * sync.WaitGroup.  Declare it with WAITGROUP_INIT; it may be reused once
 * every Wait of the previous round has returned, as in Go, and a
 * WaitGroup on the stack may end as soon as Wait returns.
 */
typedef struct waitgroup {
	GOTHREADS_ATOMIC_(long) count;  /* Add's counter; atomic, no lock */
	pthread_mutex_t lock;  /* guards the fields below */
	pthread_cond_t cond;   /* broadcast when count reaches zero */
	long waiters;          /* goroutines inside Wait this round */
	unsigned long gen;     /* rounds completed: Wait waits for it to move */
} waitgroup;
#define WAITGROUP_INIT { 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 }

/*
 * wg.Add(delta)
 * The counter holds what Go's int32 holds: a result below 0, or above
 * 2147483647 (where Go's wraps negative), panics "sync: negative
 * WaitGroup counter", Go 1.19's message for both.
 */
void waitgroup_add(waitgroup *wg, long delta);
void waitgroup_done(waitgroup *wg);             /* wg.Done() */
void waitgroup_wait(waitgroup *wg);             /* wg.Wait() */
void waitgroup_wait_at(waitgroup *wg, const char *file, int line);
#define waitgroup_wait(wg) waitgroup_wait_at((wg), __FILE__, __LINE__)

/*
 * sync.Mutex, on a plain pthread mutex so that helgrind, DRD and
 * ThreadSanitizer check every use.  Unlike Go, the goroutine that locked
 * it must unlock it (pthreads' rule); breaking that rule is reported.
 */
typedef struct mutex {
	pthread_mutex_t m;
	GOTHREADS_ATOMIC_(void *) owner;  /* the g holding m, NULL when unlocked */
} mutex;
#define MUTEX_INIT { PTHREAD_MUTEX_INITIALIZER, NULL }

void mutex_lock(mutex *mu);     /* mu.Lock() */
void mutex_lock_at(mutex *mu, const char *file, int line);
#define mutex_lock(mu) mutex_lock_at((mu), __FILE__, __LINE__)
void mutex_unlock(mutex *mu);   /* mu.Unlock() */
bool mutex_trylock(mutex *mu);  /* mu.TryLock() */

/*
 * sync.Once.  once_do(&o, f, arg) runs f(arg) the first time only.  As in
 * Go, if f ends its goroutine (go_exit), the Once still counts as done.
 */
typedef struct once {
	mutex m;    /* a gothreads mutex: the deadlock detector sees its waiters */
	bool done;  /* guarded by m */
} once;
#define ONCE_INIT { MUTEX_INIT, false }

void once_do(once *o, void (*fn)(void *), void *arg);  /* once.Do(f) */

/*
 * The same in heap memory (malloc), where no static initialiser can go:
 * each makes *x what X_INIT makes, a zero value ready to use as Go's is.
 * None needs a destroy call: free the memory once nobody uses it.
 */
void waitgroup_init(waitgroup *wg);
void mutex_init(mutex *mu);
void once_init(once *o);

/*
 * wg.Go(f)   (Go 1.25)
 * Adds one to wg and runs f(arg) as a new goroutine that calls Done when
 * f returns or ends its goroutine with go_exit (Go's defer wg.Done()).
 * Returns go()'s result; on an error nothing was added.
 */
int waitgroup_go(waitgroup *wg, void (*fn)(void *), void *arg);

/* ---- sync.RWMutex (lib/rwmutex.c) --------------------------------------- */

/*
 * sync.RWMutex.  Readers share it, a writer has it alone.  As in Go, a
 * writer waiting in Lock keeps new readers out until it has had its turn,
 * and its Unlock lets in every reader that waited before the next writer.
 * Any goroutine may unlock it (as in Go, unlike mutex).  Declare it with
 * RWMUTEX_INIT, or rwmutex_init() in heap memory.
 */
typedef struct rwmutex {
	pthread_mutex_t m;          /* guards the fields below */
	pthread_cond_t readcv;      /* readers wait here for a writer's Unlock */
	pthread_cond_t writecv;     /* writers wait here for their ticket */
	long readers;               /* readers holding it */
	bool writer;                /* a writer holds it */
	long waitreaders;           /* readers waiting for the writer */
	unsigned long rgen;         /* writer Unlocks that let readers in */
	unsigned long wnext, wserved;  /* writers' tickets: next to give, next to serve */
} rwmutex;
#define RWMUTEX_INIT { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, \
	               PTHREAD_COND_INITIALIZER, 0, false, 0, 0, 0, 0 }

void rwmutex_init(rwmutex *rw);
void rwmutex_rlock(rwmutex *rw);       /* rw.RLock() */
void rwmutex_rlock_at(rwmutex *rw, const char *file, int line);
void rwmutex_runlock(rwmutex *rw);     /* rw.RUnlock(); fatal if not read-locked */
bool rwmutex_tryrlock(rwmutex *rw);    /* rw.TryRLock() */
void rwmutex_lock(rwmutex *rw);        /* rw.Lock() */
void rwmutex_lock_at(rwmutex *rw, const char *file, int line);
/* Like mutex_lock, macros that record the call's file:line for dumps. */
#define rwmutex_rlock(rw) rwmutex_rlock_at((rw), __FILE__, __LINE__)
#define rwmutex_lock(rw) rwmutex_lock_at((rw), __FILE__, __LINE__)
void rwmutex_unlock(rwmutex *rw);      /* rw.Unlock(); fatal if not locked */
bool rwmutex_trylock(rwmutex *rw);     /* rw.TryLock() */

/*
 * sync.Locker: anything with Lock and Unlock.  What a sync.Cond waits with.
 *
 *   sync.Locker(&mu)       mutex_locker(&mu)
 *   sync.Locker(&rw)       rwmutex_locker(&rw)
 *   rw.RLocker()           rwmutex_rlocker(&rw)
 */
typedef struct locker {
	void (*lock)(void *l);
	void (*unlock)(void *l);
	void *l;
} locker;
locker mutex_locker(mutex *mu);
locker rwmutex_locker(rwmutex *rw);
locker rwmutex_rlocker(rwmutex *rw);

/* ---- sync.Cond (lib/cond.c) --------------------------------------------- */

/*
 * sync.Cond.  c.L is a mutex (COND_INIT(&mu), cond_init(&c, &mu)) or any
 * Locker (cond_init_locker).  As in Go:
 *
 *   c.Wait()       cond_wait(&c)       L locked on entry; unlocks it, sleeps
 *                                      until a Signal or Broadcast after
 *                                      this call, locks L again, returns.
 *                                      Wait in a loop: for !cond { c.Wait() }
 *   c.Signal()     cond_signal(&c)     wakes the longest-waiting goroutine
 *   c.Broadcast()  cond_broadcast(&c)  wakes every waiting goroutine
 *
 * Signal and Broadcast may be called with or without L held.
 */
struct condwaiter;
typedef struct cond {
	mutex *mu;                 /* L, when it is a mutex; read-only */
	locker L;                  /* L otherwise (L.lock NULL: use mu); read-only */
	pthread_mutex_t m;         /* guards the fields below */
	pthread_cond_t cv;         /* waiters sleep here */
	struct condwaiter *first, *last;  /* goroutines in Wait, oldest first */
} cond;
#define COND_INIT(mu) { (mu), { NULL, NULL, NULL }, PTHREAD_MUTEX_INITIALIZER, \
	                PTHREAD_COND_INITIALIZER, NULL, NULL }

void cond_init(cond *c, mutex *mu);         /* sync.NewCond(&mu) */
void cond_init_locker(cond *c, locker l);   /* sync.NewCond(l) */
void cond_wait(cond *c);
void cond_wait_at(cond *c, const char *file, int line);
#define cond_wait(c) cond_wait_at((c), __FILE__, __LINE__)   /* records file:line */
void cond_signal(cond *c);
void cond_broadcast(cond *c);

/* ---- sync/atomic (lib/sync.c) ------------------------------------------- */

/*
 * Go's typed atomics.  Every operation is sequentially consistent, as
 * Go's memory model says of its atomics: if one operation observes the
 * effect of another, that one is synchronized before it.  helgrind, DRD
 * and ThreadSanitizer all see those orderings.  The zero value (static,
 * or calloc) is ready to use, as in Go; ATOMIC_INIT(v) gives another.
 *
 *   var x atomic.Int64                 atomic_int64 x;   (or = ATOMIC_INIT(5))
 *   x.Load()                           atomic_int64_load(&x)
 *   x.Store(v)                         atomic_int64_store(&x, v)
 *   x.Add(d)    (returns the new value) atomic_int64_add(&x, d)
 *   x.Swap(v)   (returns the old value) atomic_int64_swap(&x, v)
 *   x.CompareAndSwap(old, new)         atomic_int64_cas(&x, old, new)
 *
 * The same for atomic_int32 (atomic.Int32) and atomic_uint64
 * (atomic.Uint64); atomic_boolean (atomic.Bool) and atomic_pointer
 * (atomic.Pointer[T], holding a void *) have all but Add.
 */
#define ATOMIC_TYPE_(N, T)                                          \
	typedef struct atomic_##N { GOTHREADS_ATOMIC_(T) v; } atomic_##N; \
	T atomic_##N##_load(atomic_##N *x);                             \
	void atomic_##N##_store(atomic_##N *x, T v);                    \
	T atomic_##N##_swap(atomic_##N *x, T v);                        \
	bool atomic_##N##_cas(atomic_##N *x, T old, T desired)
ATOMIC_TYPE_(int32, int32_t);
ATOMIC_TYPE_(int64, int64_t);
ATOMIC_TYPE_(uint64, uint64_t);
ATOMIC_TYPE_(boolean, bool);
ATOMIC_TYPE_(pointer, void *);
int32_t atomic_int32_add(atomic_int32 *x, int32_t delta);
int64_t atomic_int64_add(atomic_int64 *x, int64_t delta);
uint64_t atomic_uint64_add(atomic_uint64 *x, uint64_t delta);
#define ATOMIC_INIT(v) { (v) }

/* ---- context (lib/context.c) ------------------------------------------- */

/*
 * Go's context package: cancellation (and deadlines) that reach every
 * goroutine working for one request, and every context derived from it.
 *
 *   ctx := context.Background()             context *ctx = context_background();
 *   ctx, cancel := context.WithCancel(p)     context *ctx = context_withcancel(p);
 *   ctx, cancel := context.WithTimeout(p, d) context *ctx = context_withtimeout(p, d);
 *   ctx, cancel := context.WithDeadline(p, t) context *ctx = context_withdeadline(p, t);
 *   cancel()                                 context_cancel(ctx)
 *   case <-ctx.Done():                       recv_case(context_done(ctx), NULL)
 *   ctx.Err()                                context_err(ctx)
 *   deadline, ok := ctx.Deadline()           bool ok = context_deadline(ctx, &deadline)
 *
 * Cancelling a context closes its done channel and cancels every context
 * derived from it, with the same error; never its parent.  context_err()
 * is NULL until then, and then Go's "context canceled" or "context
 * deadline exceeded".  Background (and TODO) is never cancelled; its done
 * channel is NULL, which no select ever chooses, as Go's nil.  Deadlines
 * are time_now() readings; a child's is never later than its parent's.
 *
 * Memory: context_free(ctx) once the goroutines that use ctx are done
 * with it; it cancels ctx first, as Go's `defer cancel()` would.
 */
typedef struct context context;   /* opaque */
context *context_background(void);
context *context_todo(void);
context *context_withcancel(context *parent);
context *context_withdeadline(context *parent, int64_t deadline);
context *context_withtimeout(context *parent, duration timeout);
void context_cancel(context *ctx);
chan *context_done(context *ctx);
const char *context_err(context *ctx);
bool context_deadline(context *ctx, int64_t *deadline);
void context_free(context *ctx);

/* ---- errgroup (lib/errgroup.c) ----------------------------------------- */

/*
 * golang.org/x/sync/errgroup.Group: goroutines working on parts of one
 * task, a Wait for all of them, and the first error one of them returned.
 * An error is a string, as context_err's: a function returns NULL for
 * success (Go's nil) or a message that stays valid until the caller of
 * Wait is done with it (a string literal, say).
 *
 *   var g errgroup.Group                  errgroup g = ERRGROUP_INIT;  (errgroup_init in heap memory)
 *   g, ctx := errgroup.WithContext(p)     context *ctx; errgroup *g = errgroup_withcontext(p, &ctx);
 *   g.Go(func() error { ... })            errgroup_go(g, fn, arg)   const char *fn(void *arg)
 *   ok := g.TryGo(f)                      bool ok = errgroup_trygo(g, fn, arg)
 *   g.SetLimit(n)                         errgroup_setlimit(g, n)
 *   err := g.Wait()                       const char *err = errgroup_wait(g)
 *
 * A zero group collects errors and cancels nothing.  WithContext's ctx is
 * cancelled ("context canceled") the first time a function returns an
 * error, or when Wait returns, whichever comes first.  SetLimit(n): at
 * most n goroutines of the group active at once, Go blocking for a slot
 * (TryGo returning false instead); n < 0 means no limit, the default.
 * Changing the limit while goroutines taken under it are active panics
 * "errgroup: modify limit while N goroutines in the group are still active".
 * A function that ends its goroutine (go_exit) counts as returned for
 * Wait, with no error; unlike Go, under a limit its slot is not given back.
 *
 * Memory: once errgroup_wait has returned, the group may end (a group on
 * the stack goes out of scope; errgroup_free() one from
 * errgroup_withcontext) and ctx may be freed with context_free(), in
 * either order.  Not before: the goroutines still use both.
 */
typedef struct errgroup {
	waitgroup wg;                /* the goroutines from Go */
	mutex mu;                    /* guards the fields below */
	cond slot;                   /* signalled when a slot comes free */
	long limit;                  /* SetLimit's n; -1: no limit */
	long active;                 /* slots taken under this limit (Go's len(g.sem)) */
	unsigned long semgen;        /* SetLimit calls: a slot goes back to its own limit */
	const char *err;             /* the first error, NULL until then */
	context *ctx;                /* WithContext's, or NULL; read-only */
} errgroup;
#define ERRGROUP_INIT { WAITGROUP_INIT, MUTEX_INIT, COND_INIT(NULL), -1, 0, 0, NULL, NULL }

void errgroup_init(errgroup *g);
errgroup *errgroup_withcontext(context *parent, context **ctx);
void errgroup_free(errgroup *g);
/*
 * g.Go(f): runs fn(arg) in a new goroutine, first waiting for a slot if
 * the group has a limit.  Returns go()'s result: 0, or an errno value
 * (nothing was started, nothing counted).
 */
int errgroup_go(errgroup *g, const char *(*fn)(void *), void *arg);
int errgroup_go_at(errgroup *g, const char *(*fn)(void *), void *arg, const char *file, int line);
#define errgroup_go(g, fn, arg) errgroup_go_at((g), (fn), (arg), __FILE__, __LINE__)
/* g.TryGo(f): errgroup_go if a slot is free now, else false; false too if go() failed. */
bool errgroup_trygo(errgroup *g, const char *(*fn)(void *), void *arg);
void errgroup_setlimit(errgroup *g, long n);    /* g.SetLimit(n) */
/* g.Wait(): waits for every fn, cancels ctx, returns the first error or NULL. */
const char *errgroup_wait(errgroup *g);
const char *errgroup_wait_at(errgroup *g, const char *file, int line);
#define errgroup_wait(g) errgroup_wait_at((g), __FILE__, __LINE__)

/* ---- debugging (lib/debug.c) -------------------------------------------- */

/* panic(msg): prints Go's panic text for the calling goroutine and exits 2. */
void go_panic(const char *msg) __attribute__((noreturn));

/*
 * Prints every goroutine, its state and what it waits for, to stderr, and
 * goes on.  From gdb: `call go_dump()`.  SIGQUIT (Ctrl-\) prints the same
 * dump and exits 2, as Go does; a deadlock prints it and exits 2 too.
 */
void go_dump(void);

#pragma GCC visibility pop

#ifdef __cplusplus
}  /* extern "C" */

#include <initializer_list>
/* chan_select reads the cases and never writes them. */
static inline int gothreads_select_(std::initializer_list<select_case> cases, bool *ok, bool block,
                                    const char *file, int line)
{
	select_case *cs = const_cast<select_case *>(cases.begin());
	return chan_select_at(cs, (int)cases.size(), ok, block, file, line);
}
/* sizeof *v for the call-site macros; void * and null pointers unchecked. */
template <class T> static inline size_t gothreads_sizeof_(T *) { return sizeof(T); }
static inline size_t gothreads_sizeof_(void *) { return GOTHREADS_ANYSIZE; }
static inline size_t gothreads_sizeof_(const void *) { return GOTHREADS_ANYSIZE; }
static inline size_t gothreads_sizeof_(decltype(nullptr)) { return GOTHREADS_ANYSIZE; }
static inline size_t gothreads_sizeof_(long) { return GOTHREADS_ANYSIZE; }
#endif

#endif /* GOTHREADS_H */
/* SPDX-License-Identifier: BSD-3-Clause */
