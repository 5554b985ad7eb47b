/*
 * The test harness: CUnit plus what concurrent tests need.
 *
 *  - Every test runs under a watchdog: a test that hangs is killed after
 *    TEST_TIMEOUT seconds (scaled up under valgrind) with a goroutine dump,
 *    so a hang is a failure with a reason, never a stuck CI.
 *  - Panics and deadlocks run in a child process: CHILD(name) { ... }
 *    defines a scenario, run_child("name", seconds) runs it in a fresh
 *    exec of this test binary with a time limit and returns its exit
 *    status and output.
 *  - scaled(n) shrinks stress counts under valgrind and ThreadSanitizer,
 *    which slow programs down 5 to 50 times.
 *
 * Each tests/test_*.c file is a program of its own (harness.c has its
 * main) holding one suite per concept, which it adds in register_suites().
 */
#ifndef GOTHREADS_TEST_HARNESS_H
#define GOTHREADS_TEST_HARNESS_H

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <string.h>

#include "gothreads.h"

#ifndef TEST_TIMEOUT
#define TEST_TIMEOUT 120
#endif  /* seconds per test, natively */

/* A scenario run in a child process. */
typedef void (*child_fn)(void);
void register_child(const char *name, child_fn fn);
#define CHILD(name)                                                        \
	static void child_##name(void);                                    \
	__attribute__((constructor)) static void register_##name(void)    \
	{                                                                  \
		register_child(#name, child_##name);                       \
	}                                                                  \
	static void child_##name(void)

struct child_result {
	int status;       /* exit status; 128+N if killed by signal N; -1 if timed out */
	char out[16384];  /* its stdout */
	char err[16384];  /* its stderr */
};

/*
 * Runs CHILD(name) in a fresh process and waits at most `seconds` for it
 * (scaled under valgrind).  A child that outlives that is killed and
 * reported with status -1.  Extra environment settings may be given as
 * "NAME=value" strings, ending with NULL.
 */
void run_child(struct child_result *r, const char *name, int seconds, ...);

/*
 * run_child() with the child's RLIMIT_NPROC (threads per user) set to
 * nproc before it starts.  The kernel does not apply that limit to root,
 * so when the tests run as root the child runs as the user nobody.  This
 * is how a test meets the kernel's thread limit without making thousands
 * of threads.  Returns false, running nothing, where the system has no
 * user nobody.
 */
bool run_child_nproc(struct child_result *r, const char *name, int seconds, long nproc, ...);

/* Stress counts: n natively, less under valgrind or ThreadSanitizer. */
long scaled(long n);
bool under_valgrind(void);
bool under_tsan(void);   /* built with -fsanitize=thread */

/* Asserts that s starts with prefix, showing both when it does not. */
#define ASSERT_PREFIX(s, prefix) CU_ASSERT_TRUE(assert_prefix((s), (prefix), __FILE__, __LINE__))
#define ASSERT_CONTAINS(s, part) CU_ASSERT_TRUE(assert_contains((s), (part), __FILE__, __LINE__))
bool assert_prefix(const char *s, const char *prefix, const char *file, int line);
bool assert_contains(const char *s, const char *part, const char *file, int line);

/* Defined by each test file: adds its suites with ADD_SUITE. */
void register_suites(void);

/* Adds a suite of tests: ADD_SUITE("channels", {"name", fn}, ...). */
typedef struct {
	const char *name;
	CU_TestFunc fn;
} test_entry;
void add_suite(const char *name, const test_entry *tests, int n);
#define TEST(fn) { #fn, fn }
#define ADD_SUITE(name, ...)                                                         \
	add_suite(name, (test_entry[]){ __VA_ARGS__ },                               \
	          (int)(sizeof((test_entry[]){ __VA_ARGS__ }) / sizeof(test_entry)))

#endif
/* SPDX-License-Identifier: BSD-3-Clause */
