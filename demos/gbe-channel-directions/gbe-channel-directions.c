/*
 * gbe-channel-directions: parameters that may only send, or only
 * receive, on a channel; the compiler holds them to it.
 * The C twin of gbe-channel-directions.go.  After "Channel Directions" in
 * Go by Example (https://gobyexample.com/channel-directions), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin channel-directions
/* ping may only send on pings: a receive from it would not compile. */
static void ping(sendchan pings, const char *msg)
{
	chan_send(pings, &msg);
}

/* pong may only receive from pings and only send on pongs. */
static void pong(recvchan pings, sendchan pongs)
{
	const char *msg;
	chan_recv(pings, &msg);
	chan_send(pongs, &msg);
}

int main(void)
{
	chan *pings = make_chan(const char *, 1);
	chan *pongs = make_chan(const char *, 1);
	ping(chan_sendonly(pings), "passed message");   /* a chan converts to either direction, said out loud */
	pong(chan_recvonly(pings), chan_sendonly(pongs));
	const char *msg;
	chan_recv(pongs, &msg);
	printf("%s\n", msg);
	chan_free(pings);
	chan_free(pongs);
	return 0;
}
// doc:end channel-directions
/* SPDX-License-Identifier: BSD-3-Clause */
