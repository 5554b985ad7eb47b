/*
 * Lab 4: a pipeline.  gen sends 1..5, two sq stages square what they
 * receive, main prints what comes out.  See README.md.
 */
#include <stdio.h>

#include "lab.h"

static void gen_run(void *arg)
{
	chan *out = *(chan **)arg;
	for (int n = 1; n <= 5; n++)
		chan_send(out, &n);
	chan_close(out);   /* no more numbers */
}

static chan *gen(void)   /* ch1 */
{
	chan *out = make_chan(int, 0);
	go_copy(gen_run, &out, sizeof out);
	return out;
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
}

static chan *sq(chan *in)   /* ch2, ch3 */
{
	struct stage s = { in, make_chan(int, 0) };
	go_copy(sq_run, &s, sizeof s);
	return s.out;
}

int main(void)
{
	chan *c1 = gen();
	chan *c2 = sq(c1);
	chan *c3 = sq(c2);
	int n;
	chan_range(c3, n)
		printf("%d\n", n);
	chan_free(c1);   /* every stage has finished with them */
	chan_free(c2);
	chan_free(c3);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
