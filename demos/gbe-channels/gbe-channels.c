/*
 * gbe-channels: one value handed from a goroutine to main over a channel.
 * The C twin of gbe-channels.go.  After "Channels" in Go by Example
 * (https://gobyexample.com/channels), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin channels
static void func1(void *arg)   /* go func() { messages <- "ping" }() */
{
	chan *messages = arg;
	chan_send(messages, &(const char *){ "ping" });
}

int main(void)
{
	chan *messages = make_chan(const char *, 0);   /* unbuffered: a send waits for its receiver */

	go(func1, messages);

	const char *msg;
	chan_recv(messages, &msg);   /* waits here until the goroutine has sent */
	printf("%s\n", msg);
	chan_free(messages);   /* main is done with it */
	return 0;
}
// doc:end channels
/* SPDX-License-Identifier: BSD-3-Clause */
