/*
 * pipeline: stages joined by channels.  gen sends numbers, sq squares
 * them, main prints them; each stage closes its output when its input
 * runs out, so the close flows down the pipeline.  The C twin of
 * pipeline.go.
 *
 * Where C differs: C frees what Go's collector reclaims.  Each stage
 * returns its channel as in Go, and main, which asked for the stages,
 * frees them all once the last one is drained: by then every stage has
 * closed its output and is done with its channels.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin pipeline
struct gen {
	chan *out;
	int n;
	int nums[8];
};

static void gen_run(void *arg)
{
	struct gen *g = arg;
	for (int i = 0; i < g->n; i++)
		chan_send(g->out, &g->nums[i]);
	chan_close(g->out);
}

static chan *gen(int n, const int *nums)
{
	struct gen g = { make_chan(int, 0), n, { 0 } };
	for (int i = 0; i < n && i < 8; i++)
		g.nums[i] = nums[i];
	go_copy(gen_run, &g, sizeof g);
	return g.out;
}

struct stage {
	chan *in, *out;
};

static void sq_run(void *arg)
{
	struct stage *s = arg;
	int n;
	chan_range(s->in, n)
		chan_send(s->out, &(int){ n * n });
	chan_close(s->out);
}

static chan *sq(chan *in)
{
	struct stage s = { in, make_chan(int, 0) };
	go_copy(sq_run, &s, sizeof s);
	return s.out;
}

int main(void)
{
	chan *c1 = gen(4, (int[]){ 1, 2, 3, 4 });
	chan *c2 = sq(c1);
	chan *c3 = sq(c2);
	int n;
	chan_range(c3, n)
		printf("%d\n", n);
	chan_free(c1);
	chan_free(c2);
	chan_free(c3);
	return 0;
}
// doc:end pipeline
/* SPDX-License-Identifier: BSD-3-Clause */
