/*
 * gbe-range-over-channels: for ... range receives until the channel is closed and drained.
 * The C twin of gbe-range-over-channels.go.  After "Range over Channels" in Go by Example
 * (https://gobyexample.com/range-over-channels), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin range-over-channels
int main(void)
{
	chan *queue = make_chan(const char *, 2);
	chan_send(queue, &(const char *){ "one" });
	chan_send(queue, &(const char *){ "two" });
	chan_close(queue);   /* closed, but its two values can still be received */

	const char *elem;
	chan_range(queue, elem)
		printf("%s\n", elem);
	chan_free(queue);
	return 0;
}
// doc:end range-over-channels
/* SPDX-License-Identifier: BSD-3-Clause */
