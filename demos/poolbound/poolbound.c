/*
 * poolbound: Rob Pike's daisy chain of "whispers": n goroutines, each
 * waiting for its right neighbour before it can answer its left one, so
 * all n are blocked at once.  Usage: poolbound [n] (default 1000).
 * The C twin of poolbound.go.
 *
 * Each blocked goroutine holds a pool thread, so this needs n + 1
 * threads at once.  Run it with a smaller pool to see gothreads' own
 * deadlock message, which Go never needs:
 *     GOTHREADS_MAXTHREADS=100 build/demos/poolbound/poolbound 300
 */
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"

// doc:begin poolbound
struct whisper {
	chan *left, *right;
};

void whisper(void *arg);   /* not static: so goroutine dumps can name it */
void whisper(void *arg)
{
	struct whisper *w = arg;
	int v;
	chan_recv(w->right, &v);
	chan_send(w->left, &(int){ 1 + v });
}

void first(void *arg);
void first(void *arg)
{
	chan_send(arg, &(int){ 1 });
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	chan **chans = malloc((n + 1) * sizeof *chans);
	chans[0] = make_chan(int, 0);   /* leftmost */
	for (int i = 0; i < n; i++) {
		chans[i + 1] = make_chan(int, 0);
		go_copy(whisper, &(struct whisper){ chans[i], chans[i + 1] }, sizeof(struct whisper));
	}
	go(first, chans[n]);
	int v;
	chan_recv(chans[0], &v);
	printf("%d\n", v);
	for (int i = 0; i <= n; i++)   /* every whisper has answered: all free */
		chan_free(chans[i]);
	free(chans);
	return 0;
}
// doc:end poolbound
/* SPDX-License-Identifier: BSD-3-Clause */
