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

#include <stdlib.h>

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
 * The wrappers are inline, so that a goroutine dump's "created by" names
 * your function, not the lab's; a goroutine that starts late is named
 * after its function (the dump shows "name: worker").
 */
extern int lab_latestart;
void *lab_late(void (*fn)(void *), void *arg, size_t size);   /* malloc'd: free it */
size_t lab_late_size(size_t size);
void lab_late_run(void *late);
void lab_mutex_lock(mutex *mu);
chan *lab_chan_make(size_t elemsize, long cap);
void lab_chan_close(chan *c);

static inline __attribute__((always_inline)) int lab_go_copy(void (*fn)(void *), const void *arg,
                                                             size_t size, const char *name)
{
	if (!lab_latestart)
		return size ? go_copy(fn, arg, size) : go(fn, (void *)arg);
	void *l = lab_late(fn, (void *)arg, size);
	int r = l ? go_named(name, lab_late_run, l, lab_late_size(size)) : go_copy(fn, arg, size);
	free(l);
	return r;
}

#ifndef LAB_NO_WRAP
/* Variadic, so that a compound literal's commas pass through.  (They replace gothreads.h's call-site macros.) */
#undef go
#undef go_copy
#undef mutex_lock
#undef chan_close
#define go(fn, ...) lab_go_copy((fn), (__VA_ARGS__), 0, #fn)
#define go_copy(fn, ...) lab_go_copy((fn), __VA_ARGS__, #fn)
#define mutex_lock(...) lab_mutex_lock(__VA_ARGS__)
#define chan_make(...) lab_chan_make(__VA_ARGS__)
#define chan_close(...) lab_chan_close(__VA_ARGS__)
#endif

#endif /* LAB_H */
