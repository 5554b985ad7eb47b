/*
 * prodcons: a producer and a consumer joined by a buffered channel.  The
 * producer runs up to three values ahead of the consumer, then blocks
 * until the consumer takes one; close tells the consumer there is no more.
 * The C twin of prodcons.go.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin prodcons
struct prodcons {
	chan *items, *done;
	int n;
};

static void producer(void *arg)
{
	struct prodcons *p = arg;
	for (int i = 1; i <= p->n; i++) {
		chan_send(p->items, &i);   /* blocks only while the buffer is full */
		printf("produced %d\n", i);
	}
	chan_close(p->items);
}

static void consumer(void *arg)
{
	struct prodcons *p = arg;
	int i, sum = 0;
	chan_range(p->items, i) {   /* until closed and drained */
		printf("consumed %d\n", i);
		sum += i;
	}
	chan_send(p->done, &sum);
}

int main(void)
{
	struct prodcons p = { make_chan(int, 3), make_chan(int, 0), 10 };
	go(producer, &p);
	go(consumer, &p);
	int sum;
	chan_recv(p.done, &sum);
	printf("sum %d\n", sum);
	chan_free(p.items);
	chan_free(p.done);
	return 0;
}
// doc:end prodcons
/* SPDX-License-Identifier: BSD-3-Clause */
