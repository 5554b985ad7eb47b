/*
 * Channel directions: chan<- T and <-chan T (sendchan, recvchan).
 * Tests named after the Go behaviour they check.  Go's compiler rejects a
 * send on a receive-only channel and the reverse; here the C compiler
 * must, so two tests run it on small programs and expect it to refuse.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

/* Go: func producer(out chan<- int) and func consumer(in <-chan int). */
static void producer(void *arg)
{
	sendchan out = *(sendchan *)arg;
	for (int i = 1; i <= 5; i++)
		chan_send(out, &i);
	chan_close(out);   /* close is allowed on a send-only channel, as in Go */
}

static void test_send_only_and_receive_only_views_pass_values_and_close(void)
{
	chan *c = make_chan(int, 2);
	sendchan out = chan_sendonly(c);
	recvchan in = chan_recvonly(c);
	go_copy(producer, &out, sizeof out);
	int v, sum = 0, n = 0;
	chan_range(in, v) {
		sum += v;
		n++;
	}
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_EQUAL(sum, 15);
	CU_ASSERT_FALSE(chan_recv(in, &v));   /* closed and drained */
	chan_free(c);
}

/* len and cap work on either direction; try and select cases take them too. */
static void test_views_work_with_len_cap_try_and_select(void)
{
	chan *c = make_chan(int, 3);
	sendchan s = chan_sendonly(c);
	recvchan r = chan_recvonly(c);
	CU_ASSERT_TRUE(chan_trysend(s, &(int){ 7 }));
	CU_ASSERT_EQUAL(chan_len(s), 1);
	CU_ASSERT_EQUAL(chan_len(r), 1);
	CU_ASSERT_EQUAL(chan_cap(s), 3);
	CU_ASSERT_EQUAL(chan_cap(r), 3);
	int v = 0;
	bool ok;
	CU_ASSERT_EQUAL(SELECT(&ok, recv_case(r, &v)), 0);
	CU_ASSERT_EQUAL(v, 7);
	CU_ASSERT_EQUAL(SELECT(NULL, send_case(s, &(int){ 8 })), 0);
	CU_ASSERT_TRUE(chan_tryrecv(r, &v, &ok));
	CU_ASSERT_EQUAL(v, 8);
	CU_ASSERT_TRUE(ok);
	chan_free(c);
}

/* A view is a pointer's size: converting costs nothing, as in Go. */
static void test_views_are_as_cheap_as_the_channel(void)
{
	CU_ASSERT_EQUAL(sizeof(sendchan), sizeof(chan *));
	CU_ASSERT_EQUAL(sizeof(recvchan), sizeof(chan *));
	sendchan nil = chan_sendonly(NULL);
	CU_ASSERT_FALSE(chan_trysend(nil, &(int){ 1 }));   /* a nil channel is never ready */
	CU_ASSERT_EQUAL(chan_len(nil), 0);
}

/*
 * Compiles prog with the C compiler that built these tests (CC, or cc)
 * and returns its exit status; its messages go to *msgs.
 */
static int compile(const char *prog, char *msgs, size_t n)
{
	const char *cc = getenv("CC") ? getenv("CC") : "cc";
	char src[] = "/tmp/gothreads-chandir-XXXXXX";
	int fd = mkstemp(src);
	CU_ASSERT_FATAL(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs(prog, f);
	fclose(f);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%s -std=gnu11 -fsyntax-only -Ilib -x c %s 2>&1", cc, src);
	FILE *p = popen(cmd, "r");
	CU_ASSERT_FATAL(p != NULL);
	size_t got = fread(msgs, 1, n - 1, p);
	msgs[got] = '\0';
	int status = pclose(p);
	remove(src);
	return status;
}

#define PROLOGUE "#include \"gothreads.h\"\nvoid f(chan *c) {\n"

static void test_the_compiler_accepts_each_direction_where_go_does(void)
{
	char msgs[4096];
	int status = compile(PROLOGUE
	                     "\tsendchan s = chan_sendonly(c); recvchan r = chan_recvonly(c); int v = 1;\n"
	                     "\tchan_send(s, &v); chan_close(s); chan_recv(r, &v); chan_len(r);\n}\n",
	                     msgs, sizeof msgs);
	if (status != 0)
		fprintf(stderr, "compiler said:\n%s\n", msgs);
	CU_ASSERT_EQUAL(status, 0);   /* run from the top of the tree: -Ilib */
}

/* Go: "invalid operation: cannot send to receive-only channel". */
static void test_sending_on_a_receive_only_channel_does_not_compile(void)
{
	char msgs[4096];
	CU_ASSERT_NOT_EQUAL(compile(PROLOGUE "\trecvchan r = chan_recvonly(c); int v = 1;\n"
	                            "\tchan_send(r, &v);\n}\n", msgs, sizeof msgs), 0);
	ASSERT_CONTAINS(msgs, "incompatible type");
	CU_ASSERT_NOT_EQUAL(compile(PROLOGUE "\trecvchan r = chan_recvonly(c);\n"
	                            "\tchan_close(r);\n}\n", msgs, sizeof msgs), 0);
	ASSERT_CONTAINS(msgs, "incompatible type");
}

/* Go: "invalid operation: cannot receive from send-only channel". */
static void test_receiving_from_a_send_only_channel_does_not_compile(void)
{
	char msgs[4096];
	CU_ASSERT_NOT_EQUAL(compile(PROLOGUE "\tsendchan s = chan_sendonly(c); int v;\n"
	                            "\tchan_recv(s, &v);\n}\n", msgs, sizeof msgs), 0);
	ASSERT_CONTAINS(msgs, "incompatible type");
	/* and a send-only view where a receive-only one is wanted */
	CU_ASSERT_NOT_EQUAL(compile("#include \"gothreads.h\"\nvoid consumer(recvchan in);\n"
	                            "void f(chan *c) { consumer(chan_sendonly(c)); }\n", msgs, sizeof msgs), 0);
	ASSERT_CONTAINS(msgs, "incompatible type");
}

void register_suites(void)
{
	ADD_SUITE("chandir",
	          TEST(test_send_only_and_receive_only_views_pass_values_and_close),
	          TEST(test_views_work_with_len_cap_try_and_select),
	          TEST(test_views_are_as_cheap_as_the_channel),
	          TEST(test_the_compiler_accepts_each_direction_where_go_does),
	          TEST(test_sending_on_a_receive_only_channel_does_not_compile),
	          TEST(test_receiving_from_a_send_only_channel_does_not_compile));
}
/* SPDX-License-Identifier: BSD-3-Clause */
