/*
 * gbe-channel-synchronization: main waits for a goroutine by receiving the value it sends when it is done.
 * The C twin of gbe-channel-synchronization.go.  After "Channel Synchronization" in Go by Example
 * (https://gobyexample.com/channel-synchronization), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;

// doc:begin channel-synchronization
/* work takes a while, then says on done that it has finished. */
static void work(void *arg)
{
	chan *done = arg;
	printf("working...");
	time_sleep(second);
	printf("done\n");
	chan_send(done, &(bool){ true });
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	chan *done = make_chan(bool, 1);
	go(work, done);
	chan_recv(done, NULL);   /* without this receive, main could end before work starts */
	chan_free(done);
	return 0;
}
// doc:end channel-synchronization
/* SPDX-License-Identifier: BSD-3-Clause */
