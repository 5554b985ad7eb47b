/*
 * Telling the race detectors about orderings they cannot see.
 *
 * helgrind and DRD understand pthread mutexes and condvars but not C11
 * atomics, so wherever an atomic carries an ordering that data depends on
 * (the WaitGroup counter, the deadlock detector's count), we tell them:
 * HAPPENS_BEFORE(x) just before the release, HAPPENS_AFTER(x) just after
 * the acquire.  Go's runtime does the same for its race detector with
 * racerelease()/raceacquire().  ThreadSanitizer understands C11 atomics by
 * itself; outside valgrind these are a few no-op instructions.
 */
#ifndef GOTHREADS_ANNOTATE_H
#define GOTHREADS_ANNOTATE_H

#if defined(__has_include)
#if __has_include(<valgrind/helgrind.h>)
#include <valgrind/helgrind.h>
#define HAVE_VALGRIND 1
#endif
#endif

#ifdef HAVE_VALGRIND
#define HAPPENS_BEFORE(x) ANNOTATE_HAPPENS_BEFORE(x)
#define HAPPENS_AFTER(x)  ANNOTATE_HAPPENS_AFTER(x)
#define ON_VALGRIND()     RUNNING_ON_VALGRIND
/*
 * An atomic that threads read and write at once by design: tell helgrind
 * (and DRD, which honours the request too) not to check *p.  Its
 * orderings still need HAPPENS_BEFORE/AFTER.
 */
#define UNCHECKED(p) do { if (RUNNING_ON_VALGRIND) VALGRIND_HG_DISABLE_CHECKING((p), sizeof *(p)); } while (0)
#else
#define HAPPENS_BEFORE(x) ((void)(x))
#define HAPPENS_AFTER(x)  ((void)(x))
#define ON_VALGRIND()     0
#define UNCHECKED(p)      ((void)(p))
#endif

#endif
/* SPDX-License-Identifier: BSD-3-Clause */
