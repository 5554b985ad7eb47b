/*
 * The scheduler's state and settings: sched itself (Go's schedt, declared
 * in runtime.h), the pool's GOTHREADS_* environment variables read once at
 * start, and the calls that read or change the pool's settings.
 *
 * DESIGN
 * proc.c runs the pool; this file only sets it up.  Every setting comes
 * from the environment before main runs (schedinit, a constructor), with
 * a message and the default for a value the setting cannot hold, so a
 * typo never silently changes what the program does:
 *
 *   GOTHREADS_MAXTHREADS  the pool's bound, Go's debug.SetMaxThreads
 *   GOTHREADS_STACKSIZE   each pool thread's stack (K, M, G suffixes)
 *   GOTHREADS_SPIN        microseconds a waiter spins before it sleeps
 *                         (park.c's semsleep); only with more than one
 *                         CPU, never under valgrind
 *   GOTHREADS_BATCH       0: pool threads keep the normal policy instead
 *                         of SCHED_BATCH (the wake-up rule, park.c)
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>

struct schedt sched = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.maxthreads = 16384,
	.stacksize = 256 * 1024,
};

void sched_lock(void) { LOCK(&sched.lock); }
void sched_unlock(void) { UNLOCK(&sched.lock); }
pthread_mutex_t *sched_lockp(void) { return &sched.lock; }   /* for go_dump() */

/*
 * Reads a number from the environment: decimal digits, optionally with
 * K, M, G or T (powers of 1024).  A value that is not such a number, or
 * lies outside min .. max (what the setting can hold), is rejected with a
 * message and the default used: GOTHREADS_MAXTHREADS=4294967297 must not
 * quietly become 1 (the low 32 bits) or a shift's overflow.
 */
static unsigned long long envnum(const char *name, unsigned long long dflt,
                                 unsigned long long min, unsigned long long max)
{
	const char *s = getenv(name);
	if (s == NULL || *s == '\0')
		return dflt;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	int shift = 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	}
	bool ok = s[0] >= '0' && s[0] <= '9' && errno == 0 && *end == '\0' &&
	          v <= max >> shift && (v << shift) >= min;
	if (!ok) {
		fprintf(stderr, "gothreads: ignoring %s=%s (want a number from %llu to %llu)\n",
		        name, s, min, max);
		return dflt;
	}
	return v << shift;
}

__attribute__((constructor)) static void schedinit(void)
{
	int dflt = limits_defaultbound();
	sched.maxthreads = (int)envnum("GOTHREADS_MAXTHREADS", (unsigned long long)dflt, 1, INT_MAX);
	sched.bounddefault = sched.maxthreads == dflt;
	sched.stacksize = (size_t)envnum("GOTHREADS_STACKSIZE", sched.stacksize, PTHREAD_STACK_MIN, SIZE_MAX);
	/*
	 * Spin before sleeping only if another CPU can run the partner we
	 * wait for: on one CPU spinning just delays it, and valgrind runs one
	 * thread at a time.  GOTHREADS_SPIN=0 turns it off, to see the bare
	 * kernel hand-off.
	 */
	cpu_set_t cpus;
	if (!ON_VALGRIND() && sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) > 1) {
		sched.spin = (int64_t)envnum("GOTHREADS_SPIN", 10, 0, INT64_MAX / Microsecond) * Microsecond;
		sched.maxspinners = CPU_COUNT(&cpus) - 1;   /* one CPU is left to run the partner */
	}
	sched.batch = envnum("GOTHREADS_BATCH", 1, 0, 1) != 0;   /* the wake-up rule, park.c */
	poolinit();   /* proc.c */
	trace_init();   /* before main's g: its trace starts with it */
	ginit();
}

int go_numgoroutine(void)
{
	LOCK(&sched.lock);
	int n = sched.ngoroutines;
	UNLOCK(&sched.lock);
	return n;
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

int go_setmaxthreads(int n)
{
	if (n < 1)
		go_panic("gothreads: go_setmaxthreads: bound must be at least 1");
	struct m *mp = NULL;
	LOCK(&sched.lock);
	int old = sched.maxthreads;
	sched.maxthreads = n;
	sched.bounddefault = false;
	/* A higher bound lets queued goroutines start now: wake the search. */
	int err = 0, kind = M_NONE;
	if (sched.nrunq > 0 && sched.nspinning == 0)
		kind = startm(&mp);
	UNLOCK(&sched.lock);
	wakem(mp);
	if (kind == M_NEW)
		err = startnewm();
	if (err)
		fprintf(stderr, "gothreads: go_setmaxthreads: cannot make a thread: %s\n", strerror(err));
	return old;
}
/* SPDX-License-Identifier: BSD-3-Clause */
