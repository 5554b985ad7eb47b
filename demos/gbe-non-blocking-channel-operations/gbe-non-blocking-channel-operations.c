/*
 * gbe-non-blocking-channel-operations: select with a default case: try a send or receive without waiting.
 * The C twin of gbe-non-blocking-channel-operations.go.  After "Non-Blocking Channel Operations" in Go by Example
 * (https://gobyexample.com/non-blocking-channel-operations), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin non-blocking-channel-operations
int main(void)
{
	chan *messages = make_chan(const char *, 0);
	chan *signals = make_chan(bool, 0);

	const char *msg;
	switch (SELECT_DEFAULT(NULL, recv_case(messages, &msg))) {   /* nobody is sending: default, at once */
	case 0:
		printf("received message %s\n", msg);
		break;
	default:
		printf("no message received\n");
	}

	msg = "hi";
	switch (SELECT_DEFAULT(NULL, send_case(messages, &msg))) {   /* nobody is receiving on the unbuffered channel: default */
	case 0:
		printf("sent message %s\n", msg);
		break;
	default:
		printf("no message sent\n");
	}

	bool sig;
	switch (SELECT_DEFAULT(NULL, recv_case(messages, &msg), recv_case(signals, &sig))) {   /* still nothing is ready */
	case 0:
		printf("received message %s\n", msg);
		break;
	case 1:
		printf("received signal %s\n", sig ? "true" : "false");
		break;
	default:
		printf("no activity\n");
	}
	chan_free(messages);
	chan_free(signals);
	return 0;
}
// doc:end non-blocking-channel-operations
/* SPDX-License-Identifier: BSD-3-Clause */
