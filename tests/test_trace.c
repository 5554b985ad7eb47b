/*
 * Tracing (GOTHREADS_TRACE): the file a traced run writes, checked
 * against Chrome's trace-event format, and what it shows.
 *
 * Every traced program runs in a child process with GOTHREADS_TRACE set
 * (tracing is chosen once, before main): a demo, or a CHILD scenario of
 * this file.  check() parses the JSON it wrote with a JSON parser of our
 * own and checks what the format requires and what the viewers rely on:
 *
 *   - an object with a traceEvents array; every event has ph, pid and
 *     tid, and ts unless it is metadata (M); B, X, i, s, f and M have a
 *     name; X has a dur >= 0;
 *   - on each row (tid), every E closes a B before it, and no B is left
 *     open at the end;
 *   - every flow id has exactly one start (s) and one end (f), the end is
 *     not earlier than the start (no arrow points back in time), and both
 *     are on rows that have a name (a thread_name record).
 *
 * Then it counts rows and arrows by kind, which the tests compare with
 * what the program does.  The browser's view of the same page is checked
 * by scripts/trace-browser.sh (make trace-check).  The parser, the
 * checker and the running of traced programs are in tracecheck.h; how a
 * trace ends (deadlock, panic, Ctrl-C, full buffers) is tested in
 * test_trace_endings.c.
 */
#define _GNU_SOURCE
#include "harness.h"
#include "runtime.h"   /* white box: a channel's wait queues, as in test_chan.c */

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRACE_SELF "tests/test_trace"
#include "tracecheck.h"

static int count(const char *s, const char *part)
{
	int n = 0;
	for (; (s = strstr(s, part)) != NULL; s += strlen(part))
		n++;
	return n;
}

/* ---- the programs -------------------------------------------------------- */

/* Yields until n goroutines wait in c's receive queue (see test_chan.c). */
static void await_receivers(chan *c, int n)
{
	for (;;) {
		int k = 0;
		pthread_mutex_lock(&c->lock);
		for (struct sudog *sg = c->recvq.first; sg; sg = sg->next)
			k++;
		pthread_mutex_unlock(&c->lock);
		if (k >= n)
			return;
		go_yield();
	}
}

static waitgroup closewg = WAITGROUP_INIT;

static void wait_for_close(void *arg)
{
	chan_recv(arg, NULL);
	waitgroup_done(&closewg);
}

/* Five goroutines wait on one channel; one close wakes them all. */
CHILD(close_five)
{
	chan *stop = make_chan(char, 0);
	waitgroup_add(&closewg, 5);
	for (int i = 0; i < 5; i++)
		go(wait_for_close, stop);
	await_receivers(stop, 5);
	chan_close(stop);
	waitgroup_wait(&closewg);
	chan_free(stop);
}

static void send_three(void *arg)
{
	for (int i = 0; i < 3; i++)
		chan_send(arg, &i);
}

/* Three values through a buffer of three, received after all were sent. */
CHILD(buffered)
{
	chan *c = make_chan(int, 3);
	go(send_three, c);
	while (chan_len(c) < 3)
		go_yield();
	for (int i = 0; i < 3; i++)
		chan_recv(c, NULL);
	chan_free(c);
}

/* One timer fires into the receive waiting for it. */
CHILD(timer)
{
	chan *t = time_after(Millisecond);
	chan_recv(t, NULL);
	chan_free(t);
}

/* ---- tests ------------------------------------------------------------------ */

static char err[16384];

static void test_pingpong_trace_shows_each_goroutine_and_each_hand_off(void)
{
	struct counts c;
	int st = traced("pingpong.json", (char *[]){ "demos/pingpong/pingpong", "6", "10ms", NULL }, NULL, 0,
	                &c, err, sizeof err);
	CU_ASSERT_EQUAL(st, 0);
	/* main, the pinger and the ponger */
	CU_ASSERT_EQUAL(c.goroutines, 3);
	CU_ASSERT_EQUAL(c.rows, 3);
	/* two go statements; seven values: the serve, five hits, the report on done */
	CU_ASSERT_EQUAL(c.go, 2);
	CU_ASSERT_EQUAL(c.send, 7);
	CU_ASSERT_EQUAL(c.close + c.timer, 0);
	/* main serves and receives the report; the players take three balls each */
	CU_ASSERT_EQUAL(c.sends_from[1], 1);
	CU_ASSERT_EQUAL(c.sends_to[1], 1);
	CU_ASSERT_EQUAL(c.sends_to[2], 3);
	CU_ASSERT_EQUAL(c.sends_to[3], 3);
	ASSERT_PREFIX(c.rowname[1], "g1:main main");
	ASSERT_PREFIX(c.rowname[2], "g2 pinger");
	ASSERT_PREFIX(c.rowname[3], "g3 ponger");
	CU_ASSERT_STRING_EQUAL(c.end, "exit");
	CU_ASSERT_EQUAL(c.dropped, 0);
	/* a blocked stretch knows the call it is blocked in (the macros pass it; the
	 * player's chan_select(NULL, 0, NULL), a plain function call, does not) */
	char *json = slurp(tmpfile_("pingpong.json"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(json);
	ASSERT_CONTAINS(json, "\"name\":\"chan receive\",\"args\":{\"chan\":\"0x");
	ASSERT_CONTAINS(json, "\"at\":\"demos/pingpong/pingpong.c:");
	CU_ASSERT_EQUAL(count(json, "\"at\":\"not known\""), count(json, "\"name\":\"select (no cases)\""));
	free(json);
	/* the summary, one line per goroutine */
	ASSERT_CONTAINS(err, "gothreads: trace of ");
	ASSERT_CONTAINS(err, "\ng3                   ponger");
	ASSERT_CONTAINS(err, "chan receive");
	ASSERT_CONTAINS(err, "sleep");
}

static void test_html_page_is_the_viewer_with_the_trace_inside(void)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s", tmpfile_("hello.html"));
	int st = run(path, (char *[]){ "demos/hello/hello", "10ms", NULL }, NULL, 0, err, sizeof err);
	CU_ASSERT_EQUAL(st, 0);
	char *page = slurp(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(page);
	ASSERT_PREFIX(page, "<!DOCTYPE html>");
	CU_ASSERT_PTR_NULL(strstr(page, "TRACE_JSON_HERE"));
	/* self-contained: nothing fetched from anywhere */
	CU_ASSERT_PTR_NULL(strstr(page, "<script src"));
	CU_ASSERT_PTR_NULL(strstr(page, "<link"));
	CU_ASSERT_PTR_NULL(strstr(page, "http://"));
	CU_ASSERT_PTR_NULL(strstr(page, "https://"));
	const char *tag = "<script id=\"trace\" type=\"application/json\">";
	char *json = strstr(page, tag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(json);
	json += strlen(tag);
	char *end = strstr(json, "</script>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(end);
	*end = '\0';
	struct counts c;
	check(json, &c);
	CU_ASSERT_STRING_EQUAL(c.err, "");
	/* main and sender; the go, and the message */
	CU_ASSERT_EQUAL(c.goroutines, 2);
	CU_ASSERT_EQUAL(c.go, 1);
	CU_ASSERT_EQUAL(c.send, 1);
	CU_ASSERT_EQUAL(c.sends_to[1], 1);
	free(page);
}

static void test_converter_writes_the_page_the_run_would_have(void)
{
	struct counts c;
	traced("conv.json", (char *[]){ "demos/hello/hello", "10ms", NULL }, NULL, 0, &c, err, sizeof err);
	char cmd[4 * PATH_MAX];
	snprintf(cmd, sizeof cmd, "%s/tools/gothreads-trace %s/conv.json %s/conv.html", builddir(), tmpdir, tmpdir);
	CU_ASSERT_EQUAL(system(cmd), 0);
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/conv.json", tmpdir);
	char *json = slurp(path);
	snprintf(path, sizeof path, "%s/conv.html", tmpdir);
	char *page = slurp(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(json);
	CU_ASSERT_PTR_NOT_NULL_FATAL(page);
	ASSERT_PREFIX(page, "<!DOCTYPE html>");
	/* the JSON goes in as it is (it holds no '<' to escape) */
	char *in = strstr(page, "application/json\">");
	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	CU_ASSERT_EQUAL(strncmp(in + strlen("application/json\">"), json, strlen(json)), 0);
	free(json);
	free(page);
	snprintf(cmd, sizeof cmd, "%s/tools/gothreads-trace /dev/null 2>/dev/null", builddir());
	CU_ASSERT_NOT_EQUAL(system(cmd), 0);   /* not a trace */
}

static void test_close_draws_an_arrow_to_every_goroutine_it_wakes(void)
{
	struct counts c;
	int st = traced("close.json", child("close_five"), NULL, 0, &c, err, sizeof err);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(c.close, 5);
	CU_ASSERT_EQUAL(c.go, 5);
	CU_ASSERT_EQUAL(c.goroutines, 6);
}

static void test_buffered_value_arrow_goes_from_its_send_to_its_receive(void)
{
	struct counts c;
	int st = traced("buffered.json", child("buffered"), NULL, 0, &c, err, sizeof err);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(c.send, 3);
	CU_ASSERT_EQUAL(c.sends_from[2], 3);
	CU_ASSERT_EQUAL(c.sends_to[1], 3);
}

static void test_timer_fire_draws_an_arrow_to_its_receiver(void)
{
	struct counts c;
	int st = traced("timer.json", child("timer"), NULL, 0, &c, err, sizeof err);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(c.timer, 1);
	CU_ASSERT_EQUAL(c.send, 0);
	CU_ASSERT_STRING_EQUAL(c.rowname[0], "timers the timer thread");
}

static void test_checker_rejects_what_the_format_forbids(void)
{
	static const char *bad[] = {
		"{\"traceEvents\":[{\"ph\":\"B\",\"pid\":1,\"tid\":1,\"ts\":1,\"name\":\"x\"}]}",   /* B never ends */
		"{\"traceEvents\":[{\"ph\":\"E\",\"pid\":1,\"tid\":1,\"ts\":1}]}",                 /* E without B */
		"{\"traceEvents\":[{\"ph\":\"s\",\"pid\":1,\"tid\":1,\"ts\":1,\"id\":1,\"cat\":\"send\",\"name\":\"send\"}]}",
		"{\"traceEvents\":[{\"ph\":\"M\",\"pid\":1,\"tid\":1,\"name\":\"thread_name\",\"args\":{\"name\":\"g1\"}},"
		"{\"ph\":\"s\",\"pid\":1,\"tid\":1,\"ts\":5,\"id\":1,\"cat\":\"send\",\"name\":\"send\"},"
		"{\"ph\":\"f\",\"pid\":1,\"tid\":1,\"ts\":4,\"id\":1,\"cat\":\"send\",\"name\":\"send\"}]}",   /* backwards */
		"{\"traceEvents\":[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1,\"name\":\"x\"}]}",   /* no dur */
		"{\"traceEvents\":[{\"ph\":\"B\",\"pid\":1,\"tid\":1,\"name\":\"x\"}]}",           /* no ts */
		"{\"traceEvents\":[{\"ph\":\"B\",\"pid\":1,\"tid\":1,\"ts\":1,\"name\":\"x\"},]}", /* not JSON */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct counts c;
		check(bad[i], &c);
		CU_ASSERT_STRING_NOT_EQUAL(c.err, "");
	}
	struct counts c;
	check("{\"traceEvents\":[]}", &c);
	CU_ASSERT_STRING_EQUAL(c.err, "");
}

void register_suites(void)
{
	ADD_SUITE("trace format",
	          TEST(test_checker_rejects_what_the_format_forbids),
	          TEST(test_pingpong_trace_shows_each_goroutine_and_each_hand_off),
	          TEST(test_html_page_is_the_viewer_with_the_trace_inside),
	          TEST(test_converter_writes_the_page_the_run_would_have));
	ADD_SUITE("trace arrows",
	          TEST(test_close_draws_an_arrow_to_every_goroutine_it_wakes),
	          TEST(test_buffered_value_arrow_goes_from_its_send_to_its_receive),
	          TEST(test_timer_fire_draws_an_arrow_to_its_receiver));
}
/* SPDX-License-Identifier: BSD-3-Clause */
