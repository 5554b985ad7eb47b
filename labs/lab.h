/*
 * lab.h: what every lab's program includes, and what the checker measures
 * through.  Include it instead of gothreads.h (it includes gothreads.h).
 *
 * Each lab gives you a few lab_ functions to call (lab_work, lab_hit,
 * lab_process, ...): they do the lab's "work" and write what happened, and
 * when, to a trace file the checker reads afterwards (LAB_TRACE=path; with
 * no LAB_TRACE they only do the work).  That is how the checker measures
 * what a lab is about (how many workers ran at once, whose turn it was,
 * which channel was closed when) from what your program actually did.
 *
 * The header also wraps a few library calls, for the checker's sake:
 *   go, go_copy       with LAB_LATE_START=1 every goroutine starts after a
 *                     random 0-3 ms pause: a schedule Go allows, and the one
 *                     that makes a "works on my machine" bug show every time;
 *   waitgroup_wait    with LAB_START_AFTER_WAIT=1 a goroutine that starts
 *                     late also waits (up to 200 ms) until some goroutine
 *                     is in waitgroup_wait: Go with one CPU runs main
 *                     until it blocks, before any goroutine it started;
 *   mutex_lock        with LAB_LOCK_PAUSE=MS the goroutine that got the lock
 *                     waits MS milliseconds before going on (it widens the
 *                     window in which another goroutine takes its next lock);
 *   chan_make, chan_close   recorded in the trace (channels are numbered in
 *                     the order they were made: ch1, ch2, ...).
 * And it counts goroutines when main returns: any still running then is a
 * leak, reported with a goroutine dump ("lab: N goroutines still running
 * when main returned").  None of this changes what a correct program does.
 */
#ifndef LAB_H
#define LAB_H

#include "gothreads.h"

/* ---- for every lab ---- */
void lab_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- lab 1: goroutines and WaitGroup ---- */
int lab_work(int id);              /* 10 ms of work; returns id * id */
void lab_joined(void);             /* main: "every worker has finished" */

/* ---- lab 2: the loop-variable trap ---- */
void lab_got(int v);               /* "this goroutine was given v" */

/* ---- lab 3: ping-pong ---- */
void lab_hit(const char *player, int ball);   /* player hits the ball (its count) */

/* ---- lab 5: worker pool ---- */
int lab_process(int job);          /* 20 ms of work; returns job * job */

/* ---- lab 6: select, timeouts, quit ---- */
chan *lab_fetch(int id);           /* a chan of int that gets id * 10 after the
                                      lab's delay for id; never free it */
void lab_tick(int watcher);        /* watcher did a tick of work */
void lab_stopped(int watcher);     /* watcher is stopping */

/* ---- lab 8: dining philosophers ---- */
void lab_eat(int philosopher);     /* 2 ms of eating; hold both forks */

/* ---- lab 9: rate limiting ---- */
void lab_request(int id);          /* handle request id */

/*
 * The wrappers call the library's _at functions with your file and line,
 * so that dumps and panics name your code, not the lab's.  A goroutine
 * that starts late runs the lab's late_run first, so it is named after
 * your function (the dump shows "name: worker").
 */
extern int lab_latestart;
void lab_lockpause(void);   /* after a mutex_lock: LAB_LOCK_PAUSE */
void lab_waiting(void);     /* before a waitgroup_wait: LAB_START_AFTER_WAIT */
chan *lab_chan_make(size_t elemsize, long cap);
void lab_chan_close(chan *c, const char *file, int line);

/* go(fn, arg) when size is 0, else go_copy(fn, arg, size); starting late. */
int lab_go_late(void (*fn)(void *), const void *arg, size_t size, const char *name,
                const char *file, int line);

#ifndef LAB_NO_WRAP
#undef go
#undef go_copy
#undef mutex_lock
#undef chan_close
#undef waitgroup_wait
/*
 * Variadic, so that a compound literal's commas pass through.  A plain run
 * calls go_at() from your line, so that "created by" names it.
 */
#define go(fn, ...) (lab_latestart ? lab_go_late((fn), (__VA_ARGS__), 0, #fn, __FILE__, __LINE__) \
                                   : go_at(NULL, (fn), (__VA_ARGS__), 0, __FILE__, __LINE__))
#define go_copy(fn, ...) (lab_latestart ? lab_go_late((fn), __VA_ARGS__, #fn, __FILE__, __LINE__) \
                                        : go_at(NULL, (fn), __VA_ARGS__, __FILE__, __LINE__))
#define mutex_lock(mu) (mutex_lock_at((mu), __FILE__, __LINE__), lab_lockpause())
#define chan_make(...) lab_chan_make(__VA_ARGS__)
#define chan_close(c) lab_chan_close((c), __FILE__, __LINE__)
#define waitgroup_wait(wg) (lab_waiting(), waitgroup_wait_at((wg), __FILE__, __LINE__))
#endif

#endif /* LAB_H */
/* SPDX-License-Identifier: BSD-3-Clause */
