/*
 * gbe-channel-buffering: a buffered channel holds two values with nobody receiving yet.
 * The C twin of gbe-channel-buffering.go.  After "Channel Buffering" in Go by Example
 * (https://gobyexample.com/channel-buffering), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin channel-buffering
int main(void)
{
	chan *queue = make_chan(const char *, 2);   /* room for two values */

	chan_send(queue, &(const char *){ "buffered" });   /* neither send waits: the buffer takes them */
	chan_send(queue, &(const char *){ "channel" });

	const char *s;
	chan_recv(queue, &s);   /* first in, first out */
	printf("%s\n", s);
	chan_recv(queue, &s);
	printf("%s\n", s);
	chan_free(queue);
	return 0;
}
// doc:end channel-buffering
/* SPDX-License-Identifier: BSD-3-Clause */
