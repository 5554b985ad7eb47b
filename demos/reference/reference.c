/*
 * reference: one small example of each construct that the other demos do
 * not show; docs/go-to-c.md quotes it beside its Go original.
 * The C twin of reference.go.
 */
#include <stdio.h>

#include "gothreads.h"

static void say_once(void *arg)
{
	printf("%s\n", (const char *)arg);
}

static void exiter(void *arg)
{
	chan *done = arg;
	chan_send(done, &(bool){ true });
	go_exit();   /* ends this goroutine, and only it */
}

int main(void)
{
	// doc:begin numgoroutine
	printf("goroutines at start: %d\n", go_numgoroutine());
	// doc:end numgoroutine

	// doc:begin buffered
	chan *c = make_chan(int, 3);
	chan_send(c, &(int){ 1 });
	chan_send(c, &(int){ 2 });
	printf("len %ld cap %ld\n", chan_len(c), chan_cap(c));
	chan_close(c);
	int v;
	chan_range(c, v)   /* the buffered values first, then the loop ends */
		printf("got %d\n", v);
	bool ok = chan_recv(c, &v);
	printf("after close: %d %s\n", v, ok ? "true" : "false");
	chan_free(c);
	// doc:end buffered

	// doc:begin nonblocking
	chan *messages = make_chan(const char *, 0);
	const char *msg;
	switch (SELECT_DEFAULT(NULL, recv_case(messages, &msg))) {
	case 0:
		printf("received %s\n", msg);
		break;
	default:   /* -1 */
		printf("no message received\n");
	}
	msg = "hi";
	switch (SELECT_DEFAULT(NULL, send_case(messages, &msg))) {
	case 0:
		printf("sent %s\n", msg);
		break;
	default:
		printf("no message sent\n");
	}
	chan_free(messages);
	// doc:end nonblocking

	// doc:begin timer
	chan *timer = time_newtimer(Hour);
	printf("stopped before it fired: %s\n", time_stop(timer) ? "true" : "false");
	chan_free(timer);
	chan *ticker = time_newticker(10 * Millisecond);
	for (int i = 1; i <= 3; i++) {
		chan_recv(ticker, NULL);
		printf("tick %d\n", i);
	}
	chan_free(ticker);   /* stops it, and frees it */
	// doc:end timer

	// doc:begin once
	once o = ONCE_INIT;
	for (int i = 0; i < 3; i++)
		once_do(&o, say_once, "once");
	// doc:end once

	// doc:begin goexit
	chan *done = make_chan(bool, 0);
	go(exiter, done);
	chan_recv(done, NULL);
	printf("main goes on\n");
	chan_free(done);
	// doc:end goexit
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
