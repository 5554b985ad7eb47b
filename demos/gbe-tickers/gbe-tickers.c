/*
 * gbe-tickers: a ticker ticks every half second until it is stopped.
 * The C twin of gbe-tickers.go.  After "Tickers" in Go by Example
 * (https://gobyexample.com/tickers), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;

// doc:begin tickers
struct chans {
	chan *ticker, *done;
};

static void func1(void *arg)
{
	struct chans *c = arg;
	for (;;) {
		int64_t t;
		switch (SELECT(NULL, recv_case(c->done, NULL), recv_case(c->ticker, &t))) {
		case 0:
			return;
		case 1: {   /* a value every half second, the time of the tick */
			char buf[64];
			printf("Tick at %s\n", time_string(buf, sizeof buf, t));
			break;
		}
		}
	}
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	chan *ticker = time_newticker(second / 2);
	chan *done = make_chan(bool, 0);

	go_copy(func1, &(struct chans){ ticker, done }, sizeof(struct chans));

	time_sleep(second * 16 / 10);   /* long enough for three ticks */
	time_stop(ticker);              /* no more ticks from now on */
	chan_send(done, &(bool){ true });
	printf("Ticker stopped\n");
	chan_free(ticker);   /* done with both, even if func1's select is still leaving them */
	chan_free(done);
	return 0;
}
// doc:end tickers
/* SPDX-License-Identifier: BSD-3-Clause */
