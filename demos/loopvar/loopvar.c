/*
 * loopvar: the loop-variable trap, avoided.  go_copy() copies i when the
 * goroutine is started, as Go evaluates a go statement's arguments.
 * The C twin of loopvar.go; ../closures/closures_broken.c is the trap itself.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin loopvar
static waitgroup wg = WAITGROUP_INIT;

static void worker(void *arg)
{
	int i = *(int *)arg;   /* arg points at this goroutine's own copy */
	printf("goroutine %d\n", i);
	waitgroup_done(&wg);
}

int main(void)
{
	for (int i = 0; i < 5; i++) {
		waitgroup_add(&wg, 1);
		go_copy(worker, &i, sizeof i);   /* i is copied now */
	}
	waitgroup_wait(&wg);
	return 0;
}
// doc:end loopvar
/* SPDX-License-Identifier: BSD-3-Clause */
