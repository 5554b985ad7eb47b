/*
 * sieve: the concurrent prime sieve, a daisy chain of filter goroutines,
 * one per prime found.  Usage: sieve [n] prints the first n primes
 * (default 10).  The C twin of Go's doc/play/sieve.go.
 *
 * Where C differs: every filter is a thread, blocked most of the time,
 * so n primes hold n + 1 threads (see ../poolbound).  When main returns
 * the program ends with the filters still blocked, as in Go, and their
 * channels are never freed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"

// doc:begin sieve
/* Send the sequence 2, 3, 4, ... to channel 'ch'. */
static void Generate(void *arg)
{
	chan *ch = arg;
	for (int i = 2;; i++)
		chan_send(ch, &i);   /* Send 'i' to channel 'ch'. */
}

struct filter {
	chan *in, *out;
	int prime;
};

/* Copy the values from channel 'in' to channel 'out', removing those divisible by 'prime'. */
static void Filter(void *arg)
{
	struct filter *f = arg;
	for (;;) {
		int i;
		chan_recv(f->in, &i);   /* Receive value from 'in'. */
		if (i % f->prime != 0)
			chan_send(f->out, &i);   /* Send 'i' to 'out'. */
	}
}

/* The prime sieve: Daisy-chain Filter processes. */
int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10;
	chan *ch = make_chan(int, 0);   /* Create a new channel. */
	go(Generate, ch);               /* Launch Generate goroutine. */
	for (int i = 0; i < n; i++) {
		int prime;
		chan_recv(ch, &prime);
		printf("%d\n", prime);
		chan *ch1 = make_chan(int, 0);
		go_copy(Filter, &(struct filter){ ch, ch1, prime }, sizeof(struct filter));
		ch = ch1;
	}
	return 0;
}
// doc:end sieve
