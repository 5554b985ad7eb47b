/*
 * context: Background, WithCancel, WithDeadline, WithTimeout.  Tests
 * named after the Go behaviour they check; those ported from Go's
 * context/context_test.go name their origin.
 */
#include "harness.h"

#include <stdio.h>

/* Whether ctx's done channel is closed now, without waiting. */
static bool isdone(context *ctx)
{
	return SELECT_DEFAULT(NULL, recv_case(context_done(ctx), NULL)) == 0;
}

/* context_test.go XTestBackground: never done, no error, no deadline. */
static void test_background_is_never_cancelled(void)
{
	context *c = context_background();
	CU_ASSERT_PTR_NOT_NULL(c);
	CU_ASSERT_PTR_NULL(context_done(c));   /* nil: never chosen by a select */
	CU_ASSERT_PTR_NULL(context_err(c));
	CU_ASSERT_FALSE(context_deadline(c, NULL));
	CU_ASSERT_FALSE(isdone(c));
	context_cancel(c);   /* not a cancellable context: nothing happens */
	CU_ASSERT_PTR_NULL(context_err(c));
	CU_ASSERT_PTR_EQUAL(context_todo(), c);
}

/*
 * context_test.go XTestWithCancel: cancelling the parent closes every
 * child's done channel; each Err is "context canceled".
 */
static void test_cancel_reaches_every_child_and_grandchild(void)
{
	context *c1 = context_withcancel(context_background());
	context *c2 = context_withcancel(c1);
	context *c3 = context_withcancel(c2);
	context *side = context_withcancel(c1);
	context *all[] = { c1, c2, c3, side };
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_FALSE(isdone(all[i]));
		CU_ASSERT_PTR_NULL(context_err(all[i]));
	}
	context_cancel(c1);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_TRUE(isdone(all[i]));
		CU_ASSERT_STRING_EQUAL(context_err(all[i]), "context canceled");
	}
	for (int i = 3; i >= 0; i--)
		context_free(all[i]);
}

/* context_test.go XTestChildFinishesFirst: a child's cancel stays below it. */
static void test_cancelling_a_child_leaves_its_parent_running(void)
{
	context *parent = context_withcancel(context_background());
	context *child = context_withcancel(parent);
	context_cancel(child);
	CU_ASSERT_TRUE(isdone(child));
	CU_ASSERT_FALSE(isdone(parent));
	CU_ASSERT_PTR_NULL(context_err(parent));
	context *late = context_withcancel(parent);   /* the parent still makes children */
	context_cancel(parent);
	CU_ASSERT_TRUE(isdone(late));
	context_free(late);
	context_free(child);
	context_free(parent);
}

/* A child of a cancelled context is born cancelled, with its parent's error. */
static void test_child_of_a_cancelled_context_is_born_cancelled(void)
{
	context *parent = context_withtimeout(context_background(), -1);
	CU_ASSERT_STRING_EQUAL(context_err(parent), "context deadline exceeded");
	context *child = context_withcancel(parent);
	CU_ASSERT_TRUE(isdone(child));
	CU_ASSERT_STRING_EQUAL(context_err(child), "context deadline exceeded");
	context_free(child);
	context_free(parent);
}

/* context_test.go XTestDeadline / XTestTimeout: Done closes at the deadline. */
static void test_timeout_closes_done_at_the_deadline_with_deadline_exceeded(void)
{
	int64_t t0 = time_now();
	context *c = context_withtimeout(context_background(), 20 * Millisecond);
	int64_t dl;
	CU_ASSERT_TRUE(context_deadline(c, &dl));
	CU_ASSERT(dl >= t0 + 20 * Millisecond);
	CU_ASSERT_FALSE(chan_recv(context_done(c), NULL));   /* closed: false */
	CU_ASSERT(time_since(t0) >= 20 * Millisecond);
	CU_ASSERT_STRING_EQUAL(context_err(c), "context deadline exceeded");
	context_free(c);

	/* A deadline already passed: done at once. */
	c = context_withdeadline(context_background(), time_now() - Second);
	CU_ASSERT_TRUE(isdone(c));
	CU_ASSERT_STRING_EQUAL(context_err(c), "context deadline exceeded");
	context_free(c);
}

/* context_test.go XTestCanceledTimeout: cancel before the deadline wins. */
static void test_cancel_before_the_deadline_gives_context_canceled(void)
{
	context *c = context_withtimeout(context_background(), Hour);
	context *child = context_withcancel(c);
	int64_t dl;
	CU_ASSERT_TRUE(context_deadline(child, &dl));   /* inherited */
	context_cancel(c);
	CU_ASSERT_TRUE(isdone(child));
	CU_ASSERT_STRING_EQUAL(context_err(c), "context canceled");
	CU_ASSERT_STRING_EQUAL(context_err(child), "context canceled");
	context_free(child);
	context_free(c);
}

/* A child's deadline is never later than its parent's, as in Go. */
static void test_child_deadline_is_the_earlier_of_its_own_and_its_parents(void)
{
	context *parent = context_withtimeout(context_background(), 10 * Millisecond);
	context *child = context_withtimeout(parent, Hour);
	int64_t pd, cd;
	context_deadline(parent, &pd);
	context_deadline(child, &cd);
	CU_ASSERT_EQUAL(cd, pd);
	CU_ASSERT_FALSE(chan_recv(context_done(child), NULL));
	CU_ASSERT_STRING_EQUAL(context_err(child), "context deadline exceeded");
	context_free(child);
	context_free(parent);
}

/* Cancellation reaches goroutines blocked in a select on Done. */
struct worker {
	context *ctx;
	chan *work;         /* nobody sends: they wait for cancellation */
	waitgroup *wg;
	atomic_int32 *stopped;
};

static void worker(void *arg)
{
	struct worker *w = arg;
	int job;
	for (;;) {
		switch (SELECT(NULL, recv_case(w->work, &job), recv_case(context_done(w->ctx), NULL))) {
		case 0:
			continue;
		case 1:
			if (context_err(w->ctx))
				atomic_int32_add(w->stopped, 1);
			waitgroup_done(w->wg);
			return;
		}
	}
}

static void test_cancel_wakes_every_goroutine_selecting_on_done(void)
{
	enum { N = 16 };
	static waitgroup wg = WAITGROUP_INIT;
	static atomic_int32 stopped;
	context *root = context_withcancel(context_background());
	context *mid = context_withcancel(root);
	chan *work = make_chan(int, 0);
	for (int i = 0; i < N; i++) {
		waitgroup_add(&wg, 1);
		struct worker w = { i % 2 ? root : mid, work, &wg, &stopped };
		go_copy(worker, &w, sizeof w);
	}
	context_cancel(root);
	waitgroup_wait(&wg);
	CU_ASSERT_EQUAL(atomic_int32_load(&stopped), N);
	context_free(mid);
	context_free(root);
	chan_free(work);
}

/* A pending deadline is a timer: not a deadlock, as in Go. */
CHILD(wait_for_deadline)
{
	context *c = context_withtimeout(context_background(), 20 * Millisecond);
	chan_recv(context_done(c), NULL);
	printf("%s\n", context_err(c));
	context_free(c);
}

static void test_waiting_for_a_deadline_is_not_a_deadlock(void)
{
	struct child_result r;
	run_child(&r, "wait_for_deadline", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "context deadline exceeded\n");
}

/* Freeing a context whose deadline goroutine is on its way is safe. */
static void test_free_while_the_deadline_fires_is_safe(void)
{
	for (int i = 0; i < scaled(200); i++) {
		context *c = context_withtimeout(context_background(), (i % 5) * Microsecond);
		if (i % 2)
			time_sleep((i % 3) * Microsecond);
		context_free(c);
	}
}

void register_suites(void)
{
	ADD_SUITE("context",
	          TEST(test_background_is_never_cancelled),
	          TEST(test_cancel_reaches_every_child_and_grandchild),
	          TEST(test_cancelling_a_child_leaves_its_parent_running),
	          TEST(test_child_of_a_cancelled_context_is_born_cancelled),
	          TEST(test_timeout_closes_done_at_the_deadline_with_deadline_exceeded),
	          TEST(test_cancel_before_the_deadline_gives_context_canceled),
	          TEST(test_child_deadline_is_the_earlier_of_its_own_and_its_parents),
	          TEST(test_cancel_wakes_every_goroutine_selecting_on_done),
	          TEST(test_waiting_for_a_deadline_is_not_a_deadlock),
	          TEST(test_free_while_the_deadline_fires_is_safe));
}
/* SPDX-License-Identifier: BSD-3-Clause */
