/*
 * gbe-context: a request handler that gives up when its request's
 * context is cancelled.
 * The C twin of gbe-context.go.  After "Context" in Go by Example
 * (https://gobyexample.com/context), CC BY 3.0.  As in the Go program,
 * main plays both the server and the client, which gives up after two
 * seconds (the chapter's Ctrl-C on curl).
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;

// doc:begin context
/* hello answers after ten seconds, unless ctx is cancelled first. */
static void hello(context *ctx)
{
	printf("server: hello handler started\n");

	switch (SELECT(NULL, after_case(10 * second, NULL), recv_case(context_done(ctx), NULL))) {
	case 0:   /* the work the handler does */
		/* (the chapter's handler writes "hello" to the client here) */
		break;
	case 1: {   /* the client went away */
		const char *err = context_err(ctx);
		printf("server: %s\n", err);   /* (and the chapter's sends it back as an HTTP 500) */
		break;
	}
	}
	printf("server: hello handler ended\n");   /* Go's defer: the last thing hello does */
}

struct request {
	context *ctx;
	chan *handled;
};

static void func1(void *arg)   /* the server, handling one request */
{
	struct request *r = arg;
	hello(r->ctx);
	chan_close(r->handled);
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	/* The request's context: cancelled when the client goes away. */
	context *ctx = context_withcancel(context_background());
	chan *handled = make_chan(struct {}, 0);
	go_copy(func1, &(struct request){ ctx, handled }, sizeof(struct request));

	time_sleep(2 * second);   /* the client waits two seconds, then gives up (Ctrl-C on curl) */
	context_cancel(ctx);
	chan_recv(handled, NULL);   /* the server is done with ctx: it closes handled last */
	chan_free(handled);
	context_free(ctx);
	return 0;
}
// doc:end context
/* SPDX-License-Identifier: BSD-3-Clause */
