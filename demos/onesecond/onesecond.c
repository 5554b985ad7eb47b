/*
 * onesecond: two goroutines that each take a second finish together,
 * after about one second, not two.  The C twin of onesecond.go.
 */
#include <stdio.h>

#include "gothreads.h"

static waitgroup wg = WAITGROUP_INIT;

// doc:begin onesecond
struct args {
	int x, y;
};

static void DoMultiply(void *arg)
{
	struct args *a = arg;   /* our own copy: go_copy made it */
	time_sleep(Second);     /* a second of "work" */
	printf("%d * %d = %d\n", a->x, a->y, a->x * a->y);
	waitgroup_done(&wg);
}

int main(void)
{
	int64_t start = time_now();
	waitgroup_add(&wg, 2);
	go_copy(DoMultiply, &(struct args){ 1, 2 }, sizeof(struct args));
	go_copy(DoMultiply, &(struct args){ 3, 4 }, sizeof(struct args));
	waitgroup_wait(&wg);
	char buf[64];
	printf("elapsed: %s\n", duration_string(buf, sizeof buf, time_now() - start));
	return 0;
}
// doc:end onesecond
/* SPDX-License-Identifier: BSD-3-Clause */
