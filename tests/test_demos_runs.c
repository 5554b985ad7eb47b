/*
 * Demos checked for what they do beyond their output (test_demos.c checks
 * every demo's output): onesecond and multiply take one second, not two;
 * pingpong plays in turn until Ctrl-C ends it and rally ends cleanly on
 * Ctrl-C, in C and in Go; poolbound with a small pool stops with the pool
 * deadlock message.  The helpers are demorun.h's.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "demorun.h"

/* ---- the tests -------------------------------------------------------------- */

/* The elapsed time onesecond prints, in nanoseconds; -1 if none. */
static duration elapsed(const char *out)
{
	const char *e = strstr(out, "elapsed: ");
	if (e == NULL)
		return -1;
	char buf[64];
	sscanf(e + 9, "%63s", buf);
	duration d;
	return duration_parse(buf, &d, NULL, 0) ? d : -1;
}

static void test_onesecond_takes_one_second_not_two(void)
{
	findpaths();
	char bin[PATH_MAX];
	pathf(bin, sizeof bin, "%s/demos/onesecond/onesecond", builddir);
	struct run r;
	run(&r, (char *[]){ bin, NULL }, NULL, 60, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	duration d = elapsed(r.out);
	if (d < Second || d >= 1800 * Millisecond)
		fprintf(stderr, "\nonesecond: want about 1s, got:\n%s\n", r.out);
	CU_ASSERT(d >= Second && d < 1800 * Millisecond);
	free(r.out);
}

/*
 * The primer's multiply, with the primer's one second: both results are
 * printed after one second, not two (main then sleeps on to its second
 * second).  The test times the lines as they arrive.
 */
static void check_multiply(const char *what, char *bin)
{
	struct run r;
	run_watch(&r, (char *[]){ bin, NULL }, NULL, 60, NULL,
	          (const char *const[]){ "Result: 2\n", "Result: 12\n", NULL });
	CU_ASSERT_EQUAL(r.status, 0);
	if (r.at < Second || r.at >= 1800 * Millisecond)
		fprintf(stderr, "\n%s multiply: want both results after about 1s, got them after %.3fs:\n%s\n",
		        what, (double)r.at / Second, r.out);
	CU_ASSERT(r.at >= Second && r.at < 1800 * Millisecond);
	free(r.out);
}

static void test_multiply_prints_both_results_after_one_second_not_two(void)
{
	findpaths();
	char bin[PATH_MAX];
	pathf(bin, sizeof bin, "%s/demos/multiply/multiply", builddir);
	check_multiply("C", bin);
	if (have_go() && !undertool() && gobuild("multiply", bin, sizeof bin))
		check_multiply("Go", bin);
}

/*
 * The primer's pingpong plays until Ctrl-C, which ends it with SIGINT's
 * default action, in Go as in C: the lines alternate, ping first.
 */
static void check_primer_interrupt(const char *what, char *bin)
{
	struct run r;
	run(&r, (char *[]){ bin, "0", "1ms", NULL }, NULL, 60, "pong\n");
	if (r.status != 128 + SIGINT)
		fprintf(stderr, "\n%s pingpong after SIGINT: exit %d:\n%s\n", what, r.status, r.out);
	CU_ASSERT_EQUAL(r.status, 128 + SIGINT);
	ASSERT_PREFIX(r.out, "ping\npong\n");
	int n = 0, wrong = 0;
	char *save;
	for (char *l = strtok_r(r.out, "\n", &save); l; l = strtok_r(NULL, "\n", &save), n++)
		if (strcmp(l, n % 2 == 0 ? "ping" : "pong") != 0)
			wrong++;
	if (wrong)
		fprintf(stderr, "\n%s pingpong: %d of %d lines out of turn\n", what, wrong, n);
	CU_ASSERT_EQUAL(wrong, 0);
	free(r.out);
}

static void test_pingpong_plays_in_turn_until_ctrl_c_ends_it(void)
{
	findpaths();
	char bin[PATH_MAX];
	pathf(bin, sizeof bin, "%s/demos/pingpong/pingpong", builddir);
	check_primer_interrupt("C", bin);
	if (have_go() && !undertool() && gobuild("pingpong", bin, sizeof bin))
		check_primer_interrupt("Go", bin);
}

/*
 * rally plays until Ctrl-C, then says so and exits 0.  A player may
 * still print a turn or two while main ends the program, as in Go.
 */
static void check_interrupt(const char *what, char *bin)
{
	struct run r;
	run(&r, (char *[]){ bin, "0", "1ms", NULL }, NULL, 60, "pong\n");
	if (r.status != 0)
		fprintf(stderr, "\n%s rally after SIGINT: exit %d:\n%s\n", what, r.status, r.out);
	CU_ASSERT_EQUAL(r.status, 0);
	ASSERT_PREFIX(r.out, "ping\npong\n");
	if (!strstr(r.out, "interrupted: game over\n"))
		fprintf(stderr, "\n%s rally after SIGINT printed:\n%s\n", what, r.out);
	int over = 0, other = 0;
	char *save;
	for (char *l = strtok_r(r.out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (strcmp(l, "interrupted: game over") == 0)
			over++;
		else if (strcmp(l, "ping") != 0 && strcmp(l, "pong") != 0)
			other++;
	}
	CU_ASSERT_EQUAL(over, 1);
	CU_ASSERT_EQUAL(other, 0);
	free(r.out);
}

static void test_rally_ends_cleanly_on_ctrl_c(void)
{
	findpaths();
	char bin[PATH_MAX];
	pathf(bin, sizeof bin, "%s/demos/rally/rally", builddir);
	check_interrupt("C", bin);
	if (have_go() && !undertool() && gobuild("rally", bin, sizeof bin))
		check_interrupt("Go", bin);
}

static void test_poolbound_with_a_small_pool_stops_with_the_pool_deadlock_message(void)
{
	findpaths();
	char bin[PATH_MAX];
	pathf(bin, sizeof bin, "%s/demos/poolbound/poolbound", builddir);
	struct run r;
	run(&r, (char *[]){ bin, "300", NULL }, (char *[]){ "GOTHREADS_MAXTHREADS=50", NULL }, 60, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.out, "fatal error: all 50 pool threads are blocked and 251 goroutines "
	                     "wait for a thread - deadlock!\n");
	free(r.out);
}

void register_suites(void)
{
	ADD_SUITE("demo runs",
	          TEST(test_multiply_prints_both_results_after_one_second_not_two),
	          TEST(test_onesecond_takes_one_second_not_two),
	          TEST(test_pingpong_plays_in_turn_until_ctrl_c_ends_it),
	          TEST(test_rally_ends_cleanly_on_ctrl_c),
	          TEST(test_poolbound_with_a_small_pool_stops_with_the_pool_deadlock_message));
}
/* SPDX-License-Identifier: BSD-3-Clause */
