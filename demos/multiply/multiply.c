/*
 * multiply: the primer's "Creating goroutines"; the C twin of
 * multiply.go, line for line, completed the same way (see there).
 *
 * Ours, not the primer's: the knob at the bottom, as in multiply.go.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"

static duration second;
static void init(int argc, char **argv);

// doc:begin multiply
struct args {
	int x,y;
};

static void DoMultiply(void *arg)
{
	struct args *a = arg;
	int x = a->x, y = a->y;
	// Simulate some hard work
	time_sleep(second * 1);
	printf("Result: %d\n", x * y);
}

int main(int argc, char **argv)
{
	init(argc, argv);
	setvbuf(stdout, NULL, _IONBF, 0);
	go_copy(DoMultiply, &(struct args){ 1,2 }, sizeof(struct args)); // first execution, non-blocking
	go_copy(DoMultiply, &(struct args){ 3,4 }, sizeof(struct args)); // second execution, also non-blocking

	// Results are printed after a single second only,
	// not 2 seconds because they execute concurrently:
	// Result: 2
	// Result: 12
	time_sleep(second * 2);
	return 0;
}
// doc:end multiply

// doc:begin knob
/*
 * The knob (ours): the primer's time.Second, or the duration given as
 * the first argument.  Go runs init() before main by itself; C's main
 * calls it first.
 */
static duration second = Second;

static void init(int argc, char **argv)
{
	char err[128];
	if (argc > 1 && !duration_parse(argv[1], &second, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
}
// doc:end knob
/* SPDX-License-Identifier: CC-BY-SA-3.0 */
