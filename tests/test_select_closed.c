/*
 * select on closed channels (lib/select.c): a receive case is ready with
 * the zero value and false, a send case panics, even with a default, and
 * a close wakes a select blocked on the channel.  The rest of select is
 * in test_select.c.
 */
#include "harness.h"

/* ---- closed channels ---- */

/*
 * A receive case on a closed channel is ready: buffered values first,
 * with ok true, then the zero value with ok false, with or without default.
 */
static void test_select_recv_on_closed_channel_is_ready_with_zero_and_false(void)
{
	chan *never = make_chan(int, 0);
	chan *c = make_chan(int, 2);
	int v = 5, in = -1;
	bool ok = false;
	chan_send(c, &v);
	chan_close(c);
	CU_ASSERT_EQUAL(SELECT(&ok, recv_case(never, &in), recv_case(c, &in)), 1);
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_EQUAL(in, 5);
	for (int t = 0; t < 10; t++) {
		in = -1;
		ok = true;
		CU_ASSERT_EQUAL(SELECT(&ok, recv_case(never, &in), recv_case(c, &in)), 1);
		CU_ASSERT_FALSE(ok);
		CU_ASSERT_EQUAL(in, 0);
		in = -1;
		ok = true;
		CU_ASSERT_EQUAL(SELECT_DEFAULT(&ok, recv_case(c, &in), recv_case(never, &in)), 0);
		CU_ASSERT_FALSE(ok);
		CU_ASSERT_EQUAL(in, 0);
	}
	chan_free(never);
	chan_free(c);
}

struct closer {
	chan *c;
	chan *started;
};

static void recv_then_close(void *arg)
{
	struct closer *k = arg;
	chan_recv(k->started, NULL);
	chan_close(k->c);
}

/* A select blocked on receiving wakes with zero, false when the channel is closed. */
static void test_select_blocked_on_recv_wakes_with_zero_and_false_on_close(void)
{
	struct closer k = { make_chan(int, 0), make_chan(int, 0) };
	chan *never = make_chan(int, 0);
	go(recv_then_close, &k);
	int in = -1, zero = 0;
	bool ok = true;
	/* The closer closes only after our send to started: then we may be blocked. */
	CU_ASSERT_EQUAL(SELECT(&ok, send_case(k.started, &zero)), 0);
	CU_ASSERT_EQUAL(SELECT(&ok, recv_case(never, &in), recv_case(k.c, &in)), 1);
	CU_ASSERT_FALSE(ok);
	CU_ASSERT_EQUAL(in, 0);
	chan_free(never);
	chan_free(k.started);
	/* The closer is done with k.c once our receive above saw it closed. */
	chan_free(k.c);
}

/* A send case on a closed channel panics, even when a default exists. */
CHILD(select_send_on_closed_with_default)
{
	chan *c = make_chan(int, 1);
	chan_close(c);
	int v = 1;
	SELECT_DEFAULT(NULL, send_case(c, &v));
}

static void test_select_send_on_closed_channel_panics_even_with_default(void)
{
	struct child_result r;
	run_child(&r, "select_send_on_closed_with_default", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: send on closed channel\n\ngoroutine 1 [running]:\n");
}

/* A select blocked on sending panics when the channel is closed under it. */
static void close_it(void *arg)
{
	chan_close(arg);
}

CHILD(select_send_closed_while_blocked)
{
	chan *c = make_chan(int, 0);
	chan *never = make_chan(int, 0);
	int v = 1;
	go(close_it, c);
	SELECT(NULL, send_case(c, &v), recv_case(never, &v));
}

static void test_select_blocked_on_send_panics_when_channel_is_closed(void)
{
	struct child_result r;
	run_child(&r, "select_send_closed_while_blocked", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: send on closed channel\n\ngoroutine 1 [running]:\n");
}

void register_suites(void)
{
	ADD_SUITE("select on closed channels",
	          TEST(test_select_recv_on_closed_channel_is_ready_with_zero_and_false),
	          TEST(test_select_blocked_on_recv_wakes_with_zero_and_false_on_close),
	          TEST(test_select_send_on_closed_channel_panics_even_with_default),
	          TEST(test_select_blocked_on_send_panics_when_channel_is_closed));
}
/* SPDX-License-Identifier: BSD-3-Clause */
