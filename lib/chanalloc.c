/*
 * Making and freeing a channel (Go's makechan in runtime/chan.go; in Go
 * the garbage collector does the freeing).
 *
 * DESIGN
 * chan_make allocates the hchan and its ring buffer in two blocks and
 * refuses, with Go's panic, the sizes Go's makechan refuses.  A channel's
 * lock is the only lock every channel operation takes, so its kind is
 * chosen here: adaptive when the pool spins, error-checking in debug
 * builds.
 *
 * Freeing is C's part of the bargain, and it cannot go wrong: a channel
 * counts the references the program holds (users: chan_make gives one,
 * each chan_dup one more, each chan_free takes one back), and its memory
 * goes only when none is left and nothing inside the library can still
 * touch it: no goroutine queued on it, no select between parking on it
 * and leaving its queues (c->holds), no timer that could fire on it.
 * Whoever makes the last of those true, under c->lock, releases it after
 * unlocking (chan_unused in runtime.h).  So a goroutine may free a
 * channel as soon as it is done with it, even while another one, already
 * woken, is still on its way out of a select over it.  A goroutine left
 * blocked on a channel that everybody has let go of stays blocked, as it
 * would in Go, and the deadlock detector sees it.
 *
 * Only a call the program makes after its own last chan_free is still a
 * mistake.  A chan_free with no reference left says so while the memory
 * is there; debug builds keep the last released channels marked instead
 * of freeing them, so a later use or free is named instead of reading
 * freed memory.
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <string.h>

/* Go's maxAlloc on 64-bit Linux: larger channels are "out of range". */
#define MAXALLOC ((size_t)1 << 48)

chan *chan_make(size_t elemsize, long cap)
{
	if (cap < 0 || elemsize > MAXALLOC ||
	    (elemsize > 0 && (size_t)cap > (MAXALLOC - sizeof(struct hchan)) / elemsize))
		go_panic("makechan: size out of range");
	struct hchan *c = calloc(1, sizeof *c);
	size_t bytes = elemsize * (size_t)cap;
	if (c && bytes > 0 && (c->buf = malloc(bytes)) == NULL) {
		free(c);
		c = NULL;
	}
	if (c == NULL) {
		fprintf(stderr, "gothreads: chan_make: out of memory for a channel of %ld "
		        "elements of %zu bytes\n", cap, elemsize);
		return NULL;
	}
	/*
	 * The lock is held for a few dozen nanoseconds at a time; when the
	 * holder runs on another CPU, an adaptive mutex spins a little for it
	 * instead of sleeping at once (see semsleep in park.c).
	 */
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	if (sched_spins())
		pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
#ifdef DEBUG
	/*
	 * An error-checking lock: a thread locking it twice gets EDEADLK
	 * instead of waiting for itself for ever, the common case of a
	 * gothreads call from a signal handler that interrupted one on the
	 * same channel (go_lockfail says so).
	 */
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
#endif
	pthread_mutex_init(&c->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	TRACE(c->tflow = cap > 0 ? calloc((size_t)cap, sizeof *c->tflow) : NULL);   /* NULL: no buffered arrows */
	c->elemsize = elemsize;
	c->dataqsiz = (size_t)cap;
	c->users = 1;
	return c;
}

#ifdef DEBUG
/*
 * The last QUARANTINE released channels, kept marked so that a later use
 * is named; older ones are freed for real (a program that makes and frees
 * channels in a loop must not grow).
 */
#define QUARANTINE 256
static struct {
	pthread_mutex_t lock;
	struct hchan *ring[QUARANTINE];   /* lock guards both */
	int next;
} freed = { .lock = PTHREAD_MUTEX_INITIALIZER };

void chan_freed_panic(void)
{
	go_panic("gothreads: use of a channel after chan_free");
}
#endif

chan *chan_dup(chan *c)
{
	if (c == NULL)
		return NULL;
	LOCK(&c->lock);
	bool gone = c->users == 0;   /* also true of a released channel */
	c->users += !gone;
	UNLOCK(&c->lock);
	if (gone)
		go_panic("gothreads: chan_dup of a channel after its last chan_free");
	return c;
}

void (chan_free)(chan *c)
{
	if (c == NULL)
		return;
	LOCK(&c->lock);
	bool extra = c->users == 0;   /* also true of a released channel */
	c->users -= !extra;
	bool last = !extra && c->users == 0;
	/*
	 * The last reference stops the timer, if c has one.  timers.lock
	 * comes before c->lock, so that is done unlocked, with a hold on c
	 * that keeps a select leaving c from releasing it meanwhile.
	 */
	bool timer = last && c->timer != NULL;
	c->holds += timer;
	bool dead = last && chan_unused(c);
	UNLOCK(&c->lock);
	if (extra)
		go_panic("gothreads: chan_free of a channel already freed (a double free)");
	if (timer) {
		timer_free(c);
		LOCK(&c->lock);
		c->holds--;
		dead = chan_unused(c);
		UNLOCK(&c->lock);
	}
	if (dead)
		chan_release(c);
}

void chan_release(chan *c)
{
#ifdef DEBUG
	LOCK(&freed.lock);
	c->freed = true;   /* nobody else can reach c now: no lock needed */
	struct hchan *old = freed.ring[freed.next];
	freed.ring[freed.next] = c;
	freed.next = (freed.next + 1) % QUARANTINE;
	UNLOCK(&freed.lock);
	c = old;
	if (c == NULL)
		return;
#endif
	pthread_mutex_destroy(&c->lock);
	free(c->tflow);
	free(c->buf);
	free(c);
}
/* SPDX-License-Identifier: BSD-3-Clause */
