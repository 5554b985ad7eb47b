/*
 * errgroup: golang.org/x/sync/errgroup's Group, WithContext, Go, TryGo,
 * SetLimit and Wait.  Tests named after the Go behaviour they check;
 * those ported from x/sync's errgroup/errgroup_test.go name their origin.
 *
 * Groups are static, one per test or case, as test_sync.c's WaitGroups
 * are: DRD remembers a mutex or condvar at an address until it is
 * destroyed, and helgrind 3.19 reports memory reused right after another
 * thread's last unlock (tests/test_sync.c says more).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

static const char errdoom[] = "group_test: doomed";
static const char err1[] = "errgroup_test: 1";
static const char err2[] = "errgroup_test: 2";

/* Returns its argument: the error to give (NULL for nil). */
static const char *returnerr(void *arg)
{
	return arg;
}

/* Whether ctx's done channel is closed now, without waiting. */
static bool isdone(context *ctx)
{
	return SELECT_DEFAULT(NULL, recv_case(context_done(ctx), NULL)) == 0;
}

/*
 * errgroup_test.go TestZeroGroup: a zero Group needs no setup; after each
 * Go, Wait returns the first non-nil error any function returned so far.
 */
static void test_zero_group_wait_returns_the_first_error(void)
{
	const char *cases[][3] = {
		{ NULL }, { err1 }, { err1, NULL }, { err1, NULL, err2 }, { NULL, err2, err1 },
	};
	const int lens[] = { 1, 1, 2, 3, 3 };
	static errgroup gs[5] = { ERRGROUP_INIT, ERRGROUP_INIT, ERRGROUP_INIT, ERRGROUP_INIT,
	                          ERRGROUP_INIT };
	for (int c = 0; c < 5; c++) {
		errgroup *g = &gs[c];
		const char *first = NULL;
		for (int i = 0; i < lens[c]; i++) {
			CU_ASSERT_EQUAL(errgroup_go(g, returnerr, (void *)cases[c][i]), 0);
			if (first == NULL && cases[c][i] != NULL)
				first = cases[c][i];
			CU_ASSERT_PTR_EQUAL(errgroup_wait(g), first);
		}
	}
	static errgroup empty = ERRGROUP_INIT;   /* no Go at all: Wait returns nil at once */
	CU_ASSERT_PTR_NULL(errgroup_wait(&empty));
}

/*
 * errgroup_test.go TestWithContext: Wait returns the error, and the
 * derived context is cancelled after Wait, with or without an error.
 */
static void test_withcontext_wait_returns_the_error_and_cancels_the_context(void)
{
	const char *cases[][2] = { { NULL }, { NULL }, { errdoom }, { errdoom, NULL } };
	const int lens[] = { 0, 1, 1, 2 };
	const char *want[] = { NULL, NULL, errdoom, errdoom };
	for (int c = 0; c < 4; c++) {
		context *ctx = NULL;
		errgroup *g = errgroup_withcontext(context_background(), &ctx);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
		for (int i = 0; i < lens[c]; i++)
			CU_ASSERT_EQUAL(errgroup_go(g, returnerr, (void *)cases[c][i]), 0);
		CU_ASSERT_PTR_EQUAL(errgroup_wait(g), want[c]);
		CU_ASSERT_TRUE(isdone(ctx));   /* "ctx should be canceled" */
		CU_ASSERT_STRING_EQUAL(context_err(ctx), "context canceled");
		errgroup_free(g);
		context_free(ctx);
	}
}

/* Waits for ctx to be cancelled, then returns its error. */
static const char *waitcancel(void *arg)
{
	context *ctx = arg;
	chan_recv(context_done(ctx), NULL);
	return context_err(ctx);
}

/*
 * The first error cancels the context at once, before Wait: a function
 * that waits for that cancellation ends, and Wait returns the first
 * error, not the later "context canceled".
 */
static void test_first_error_cancels_the_context_for_the_other_goroutines(void)
{
	context *ctx;
	errgroup *g = errgroup_withcontext(context_background(), &ctx);
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(errgroup_go(g, waitcancel, ctx), 0);
	CU_ASSERT_FALSE(isdone(ctx));
	CU_ASSERT_EQUAL(errgroup_go(g, returnerr, (void *)errdoom), 0);
	CU_ASSERT_PTR_EQUAL(errgroup_wait(g), errdoom);
	CU_ASSERT_STRING_EQUAL(context_err(ctx), "context canceled");
	errgroup_free(g);
	context_free(ctx);
}

/* Cancelling the parent reaches WithContext's context, as any child's. */
static void test_cancelling_the_parent_cancels_the_group_context(void)
{
	context *parent = context_withcancel(context_background());
	context *ctx;
	errgroup *g = errgroup_withcontext(parent, &ctx);
	CU_ASSERT_EQUAL(errgroup_go(g, waitcancel, ctx), 0);
	context_cancel(parent);
	CU_ASSERT_STRING_EQUAL(errgroup_wait(g), "context canceled");
	errgroup_free(g);
	context_free(ctx);
	context_free(parent);
}

/* ---- limits ---- */

struct limited {
	atomic_int32 active;   /* goroutines inside the function now */
	atomic_int32 ran;      /* functions that ran */
	int32_t limit;
};

static const char *countactive(void *arg)
{
	struct limited *l = arg;
	int32_t n = atomic_int32_add(&l->active, 1);
	atomic_int32_add(&l->ran, 1);
	if (n > l->limit)
		return "saw more active goroutines than the limit";
	go_yield();   /* give the others a chance to come in (Go's test sleeps 1µs) */
	atomic_int32_add(&l->active, -1);
	return NULL;
}

/*
 * errgroup_test.go TestGoLimit: with SetLimit(10), 1,025 calls of Go
 * never have more than 10 of their functions active at once.
 */
static void test_go_limit_never_has_more_than_limit_active(void)
{
	struct limited l = { ATOMIC_INIT(0), ATOMIC_INIT(0), 10 };
	static errgroup g = ERRGROUP_INIT;
	errgroup_setlimit(&g, l.limit);
	long n = scaled(1 << 10) + 1;
	for (long i = 0; i < n; i++)
		CU_ASSERT_EQUAL_FATAL(errgroup_go(&g, countactive, &l), 0);
	CU_ASSERT_PTR_NULL(errgroup_wait(&g));
	CU_ASSERT_EQUAL(atomic_int32_load(&l.ran), n);
	CU_ASSERT_EQUAL(atomic_int32_load(&l.active), 0);
}

/* Sends one token on the channel arg, then returns nil (TestTryGo's fn). */
static const char *sendone(void *arg)
{
	chan_send((chan *)arg, NULL);
	return NULL;
}

struct drain {
	chan *c;
	int n;
};

/*
 * Copied first: arg is on the test's stack, and the test returns once
 * the senders it waits for are done, which may be before this goroutine
 * has left its loop.
 */
static void drain(void *arg)
{
	struct drain d = *(struct drain *)arg;
	for (int i = 0; i < d.n; i++)
		chan_recv(d.c, NULL);
}

/*
 * errgroup_test.go TestTryGo: TryGo starts a goroutine while a slot is
 * free and returns false, starting nothing, at the limit; after Wait the
 * slots are free again; SetLimit(1) and SetLimit(0) between rounds.
 */
static void test_trygo_fails_at_the_limit_and_succeeds_below_it(void)
{
	static errgroup g = ERRGROUP_INIT;
	chan *ch = make_chan(char[0], 0);
	const int n = 42;
	errgroup_setlimit(&g, n);
	for (int i = 0; i < n; i++)
		CU_ASSERT_TRUE_FATAL(errgroup_trygo(&g, sendone, ch));
	CU_ASSERT_FALSE(errgroup_trygo(&g, sendone, ch));   /* the 43rd: at the limit */
	struct drain d = { ch, n };
	go(drain, &d);
	CU_ASSERT_PTR_NULL(errgroup_wait(&g));
	CU_ASSERT_TRUE(errgroup_trygo(&g, sendone, ch));   /* after all goroutines */
	struct drain d1 = { ch, 1 };
	go(drain, &d1);
	CU_ASSERT_PTR_NULL(errgroup_wait(&g));

	errgroup_setlimit(&g, 1);   /* switch limit */
	CU_ASSERT_TRUE(errgroup_trygo(&g, sendone, ch));
	CU_ASSERT_FALSE(errgroup_trygo(&g, sendone, ch));
	struct drain d2 = { ch, 1 };
	go(drain, &d2);
	CU_ASSERT_PTR_NULL(errgroup_wait(&g));

	errgroup_setlimit(&g, 0);   /* block all calls */
	for (int i = 0; i < 1 << 10; i++)
		CU_ASSERT_FALSE_FATAL(errgroup_trygo(&g, sendone, ch));
	CU_ASSERT_PTR_NULL(errgroup_wait(&g));
	chan_free(ch);   /* the drains may still be on their way out: chan_free is safe */
}

struct blockedgo {
	errgroup *g;
	chan *ch;        /* sendone's channel */
	chan *started;   /* told once the blocked Go has returned */
};

static void gothenreport(void *arg)
{
	struct blockedgo *b = arg;
	CU_ASSERT_EQUAL(errgroup_go(b->g, returnerr, (void *)err2), 0);
	chan_send(b->started, NULL);
}

/*
 * Go at the limit waits for a slot: with SetLimit(1) and one function
 * blocked, a second Go cannot return until the first function ends.
 * Deterministic, not timed: the second Go can only return (and report on
 * `started`) after main has taken the first function's send.
 */
static void test_go_at_the_limit_waits_until_a_function_returns(void)
{
	static errgroup g = ERRGROUP_INIT;
	chan *ch = make_chan(char[0], 0);
	chan *started = make_chan(char[0], 1);
	errgroup_setlimit(&g, 1);
	CU_ASSERT_EQUAL(errgroup_go(&g, sendone, ch), 0);
	struct blockedgo b = { &g, ch, started };
	go(gothenreport, &b);
	CU_ASSERT_FALSE(errgroup_trygo(&g, returnerr, NULL));
	CU_ASSERT_FALSE(SELECT_DEFAULT(NULL, recv_case(started, NULL)) == 0);
	chan_recv(ch, NULL);       /* the first function returns: its slot frees */
	chan_recv(started, NULL);  /* so the waiting Go returns */
	CU_ASSERT_PTR_EQUAL(errgroup_wait(&g), err2);
	chan_free(started);
	chan_free(ch);
}

/* A negative limit removes it: SetLimit(-1) after a limit lets Go run freely. */
static void test_negative_limit_means_no_limit(void)
{
	static errgroup g = ERRGROUP_INIT;
	chan *ch = make_chan(char[0], 0);
	errgroup_setlimit(&g, 1);
	errgroup_setlimit(&g, -1);
	for (int i = 0; i < 5; i++)
		CU_ASSERT_TRUE(errgroup_trygo(&g, sendone, ch));   /* all 5 at once */
	for (int i = 0; i < 5; i++)
		chan_recv(ch, NULL);
	CU_ASSERT_PTR_NULL(errgroup_wait(&g));
	chan_free(ch);
}

/* A group in heap memory: errgroup_init makes what ERRGROUP_INIT makes. */
static void test_errgroup_init_gives_a_zero_group(void)
{
	errgroup *g = malloc(sizeof *g);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	errgroup_init(g);
	errgroup_setlimit(g, 2);
	CU_ASSERT_TRUE(errgroup_trygo(g, returnerr, (void *)err1));
	CU_ASSERT_PTR_EQUAL(errgroup_wait(g), err1);
	free(g);
}

static const char *exitearly(void *arg)
{
	(void)arg;
	go_exit();
}

/* f ending its goroutine (runtime.Goexit) still counts as returned for Wait. */
static void test_function_ending_its_goroutine_still_lets_wait_return(void)
{
	static errgroup g = ERRGROUP_INIT;
	CU_ASSERT_EQUAL(errgroup_go(&g, exitearly, NULL), 0);
	CU_ASSERT_EQUAL(errgroup_go(&g, returnerr, (void *)err1), 0);
	CU_ASSERT_PTR_EQUAL(errgroup_wait(&g), err1);
}

/* ---- misuse, in children ---- */

CHILD(errgroup_setlimit_while_active)
{
	static errgroup g = ERRGROUP_INIT;
	chan *ch = make_chan(char[0], 0);
	errgroup_setlimit(&g, 1);
	errgroup_go(&g, sendone, ch);
	errgroup_setlimit(&g, 2);
	printf("not reached\n");
}

/* Go's SetLimit: "len(g.sem) != 0" panics with the count. */
static void test_modifying_the_limit_while_goroutines_are_active_panics(void)
{
	struct child_result r;
	run_child(&r, "errgroup_setlimit_while_active", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: errgroup: modify limit while 1 goroutines in the group "
	                     "are still active\n\ngoroutine 1 [running]:\n");
	CU_ASSERT_PTR_NULL(strstr(r.out, "not reached"));
}

CHILD(errgroup_zero_limit_go)
{
	static errgroup g = ERRGROUP_INIT;
	errgroup_setlimit(&g, 0);
	errgroup_go(&g, returnerr, NULL);
	printf("not reached\n");
}

/* SetLimit(0): Go blocks for ever; with nothing else running that is a deadlock. */
static void test_go_at_a_zero_limit_blocks_and_is_reported_as_a_deadlock(void)
{
	struct child_result r;
	run_child(&r, "errgroup_zero_limit_go", 20, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n");
	ASSERT_CONTAINS(r.err, "child_errgroup_zero_limit_go(");   /* the dump names the blocked Go's caller */
	CU_ASSERT_PTR_NULL(strstr(r.out, "not reached"));
}

void register_suites(void)
{
	ADD_SUITE("errgroup",
	          TEST(test_zero_group_wait_returns_the_first_error),
	          TEST(test_withcontext_wait_returns_the_error_and_cancels_the_context),
	          TEST(test_first_error_cancels_the_context_for_the_other_goroutines),
	          TEST(test_cancelling_the_parent_cancels_the_group_context),
	          TEST(test_go_limit_never_has_more_than_limit_active),
	          TEST(test_trygo_fails_at_the_limit_and_succeeds_below_it),
	          TEST(test_go_at_the_limit_waits_until_a_function_returns),
	          TEST(test_negative_limit_means_no_limit),
	          TEST(test_errgroup_init_gives_a_zero_group),
	          TEST(test_function_ending_its_goroutine_still_lets_wait_return),
	          TEST(test_modifying_the_limit_while_goroutines_are_active_panics),
	          TEST(test_go_at_a_zero_limit_blocks_and_is_reported_as_a_deadlock));
}
/* SPDX-License-Identifier: BSD-3-Clause */
