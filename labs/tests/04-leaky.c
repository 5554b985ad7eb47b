/*
 * Lab 4: a pipeline.  gen sends 1..5, two sq stages square what they
 * receive, main prints what comes out.  See README.md.
 *
 * labs-check: a plausible WRONG solution, kept to prove the checker honest.
 * It "fixes" the starter's deadlock in main: it takes exactly five values
 * instead of ranging, and leaves the stages as they were, so nobody closes
 * ch2 or ch3 and both sq stages are still blocked when main returns.  The
 * output is right; the leak and close-order checks catch it.
 * expect-fail: leaks closes
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
	for (int i = 0; i < 5; i++) {   /* we know there are five */
		chan_recv(c3, &n);
		printf("%d\n", n);
	}
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
