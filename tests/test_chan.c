/*
 * Channels: make, send, receive, close, len and cap, nil channels.
 * Each test is named after the Go behaviour it checks.
 */
#include "harness.h"

struct pair {
	chan *c;
	int value;
};

static void send_value(void *arg)
{
	struct pair *p = arg;
	chan_send(p->c, &p->value);
}

static void test_unbuffered_send_hands_value_to_receiver(void)
{
	chan *c = make_chan(int, 0);
	go_copy(send_value, &(struct pair){ c, 42 }, sizeof(struct pair));
	int v = 0;
	CU_ASSERT_TRUE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(v, 42);
	chan_free(c);
}

static void test_recv_on_closed_empty_channel_returns_zero_and_false(void)
{
	chan *c = make_chan(int, 0);
	chan_close(c);
	int v = 7;
	CU_ASSERT_FALSE(chan_recv(c, &v));
	CU_ASSERT_EQUAL(v, 0);
	chan_free(c);
}

CHILD(send_on_closed_channel)
{
	chan *c = make_chan(int, 1);
	chan_close(c);
	int v = 1;
	chan_send(c, &v);
}

static void test_send_on_closed_channel_panics(void)
{
	struct child_result r;
	run_child(&r, "send_on_closed_channel", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "panic: send on closed channel\n\ngoroutine 1 [running]:\n");
}

void register_suites(void)
{
	ADD_SUITE("channels",
	          TEST(test_unbuffered_send_hands_value_to_receiver),
	          TEST(test_recv_on_closed_empty_channel_returns_zero_and_false),
	          TEST(test_send_on_closed_channel_panics));
}
