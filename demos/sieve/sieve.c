/*
 * sieve: the concurrent prime sieve, a daisy chain of filter goroutines,
 * one per prime found.  Usage: sieve [n] prints the first n primes
 * (default 10).  The C twin of sieve.go.
 *
 * Go's own sieve.go simply returns from main with the chain still running,
 * which ends the program.  In C that can catch a filter in the middle of a
 * channel operation, holding the channel's lock, and helgrind reports the
 * thread as exiting with a lock held.  So both versions here stop the
 * chain: main closes done, every goroutine returns, main waits for them.
 * Every filter is a thread while it lives, so n primes hold n + 1
 * threads (see ../poolbound).
 */
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"

// doc:begin sieve
static chan *done;                       /* closed when main has its primes */
static waitgroup wg = WAITGROUP_INIT;    /* static: see ../stopping */

/* Send the sequence 2, 3, 4, ... to channel 'ch' until done is closed. */
static void Generate(void *arg)
{
	chan *ch = arg;
	for (int i = 2;; i++)
		if (SELECT(NULL, send_case(ch, &i), recv_case(done, NULL)) == 1)
			break;   /* Send 'i' to channel 'ch', or stop. */
	waitgroup_done(&wg);
}

struct filter {
	chan *in, *out;
	int prime;
};

/*
 * Copy the values from channel 'in' to channel 'out', removing those
 * divisible by 'prime', until done is closed.
 */
static void Filter(void *arg)
{
	struct filter *f = arg;
	for (;;) {
		int i;
		if (SELECT(NULL, recv_case(f->in, &i), recv_case(done, NULL)) == 1)
			break;   /* Receive value from 'in', or stop. */
		if (i % f->prime != 0 &&
		    SELECT(NULL, send_case(f->out, &i), recv_case(done, NULL)) == 1)
			break;   /* Send 'i' to 'out', or stop. */
	}
	waitgroup_done(&wg);
}

/* The prime sieve: Daisy-chain Filter processes. */
int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10;
	done = make_chan(char, 0);
	chan **chans = malloc((n + 1) * sizeof *chans);   /* to free them at the end */
	chan *ch = chans[0] = make_chan(int, 0);          /* Create a new channel. */
	waitgroup_add(&wg, 1);
	go(Generate, ch);                                 /* Launch Generate goroutine. */
	for (int i = 0; i < n; i++) {
		int prime;
		chan_recv(ch, &prime);
		printf("%d\n", prime);
		chan *ch1 = chans[i + 1] = make_chan(int, 0);
		waitgroup_add(&wg, 1);
		go_copy(Filter, &(struct filter){ ch, ch1, prime }, sizeof(struct filter));
		ch = ch1;
	}
	chan_close(done);   /* stop the chain, */
	waitgroup_wait(&wg);   /* and wait until it has */
	for (int i = 0; i <= n; i++)
		chan_free(chans[i]);
	free(chans);
	chan_free(done);
	return 0;
}
// doc:end sieve
/* SPDX-License-Identifier: BSD-3-Clause */
