/*
 * fanin: fan-out and fan-in.  Two sq workers read the same input channel
 * (fan-out: each value goes to exactly one of them); merge joins their
 * outputs into one channel (fan-in) and closes it when both are done.
 * The C twin of fanin.go.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"

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

// doc:begin merge
struct merge {
	waitgroup wg;
	chan *out;
};

struct output {
	struct merge *m;
	chan *c;
};

static void output(void *arg)   /* copies c's values to out until c is closed */
{
	struct output *o = arg;
	int n;
	chan_range(o->c, n)
		chan_send(o->m->out, &n);
	waitgroup_done(&o->m->wg);
}

static void closer(void *arg)   /* closes out once every output goroutine is done */
{
	struct merge *m = arg;
	waitgroup_wait(&m->wg);
	chan_close(m->out);
}

/* The caller frees the result with merge_free() once it is drained. */
static struct merge *merge(int n, chan **cs)
{
	struct merge *m = malloc(sizeof *m);
	*m = (struct merge){ WAITGROUP_INIT, make_chan(int, 0) };
	waitgroup_add(&m->wg, n);
	for (int i = 0; i < n; i++)
		go_copy(output, &(struct output){ m, cs[i] }, sizeof(struct output));
	go(closer, m);
	return m;
}

static void merge_free(struct merge *m)
{
	chan_free(m->out);
	free(m);
}

int main(void)
{
	chan *in = gen(6, (int[]){ 1, 2, 3, 4, 5, 6 });
	chan *c1 = sq(in);   /* fan out: two workers share in */
	chan *c2 = sq(in);
	struct merge *m = merge(2, (chan *[]){ c1, c2 });   /* fan in */
	int n, sum = 0;
	chan_range(m->out, n) {
		printf("%d\n", n);
		sum += n;
	}
	printf("sum %d\n", sum);
	merge_free(m);
	chan_free(in);
	chan_free(c1);
	chan_free(c2);
	return 0;
}
// doc:end merge
/* SPDX-License-Identifier: BSD-3-Clause */
