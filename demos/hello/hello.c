/*
 * hello: one goroutine sends a string on an unbuffered channel; main
 * receives it.  The C twin of hello.go.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin hello
static void sender(void *arg)
{
	chan *messages = arg;
	const char *msg = "Hello World";
	chan_send(messages, &msg);   /* blocks until main has taken it */
}

int main(void)
{
	chan *messages = make_chan(const char *, 0);
	go(sender, messages);
	const char *msg;
	bool ok = chan_recv(messages, &msg);
	printf("msg='%s', ok='%s'\n", msg, ok ? "true" : "false");
	chan_free(messages);
	return 0;
}
// doc:end hello
