/*
 * waitgroup: main waits for ten goroutines with a WaitGroup.
 * The C twin of waitgroup.go.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin waitgroup
static waitgroup wg = WAITGROUP_INIT;

static void routine(void *arg)
{
	int i = *(int *)arg;
	printf("routine %d finished\n", i);
	waitgroup_done(&wg);   /* C has no defer: Done is the last thing we do */
}

int main(void)
{
	waitgroup_add(&wg, 10);   /* before any goroutine starts: Wait cannot miss one */
	for (int i = 0; i < 10; i++)
		go_copy(routine, &i, sizeof i);
	waitgroup_wait(&wg);
	printf("main finished\n");
	return 0;
}
// doc:end waitgroup
