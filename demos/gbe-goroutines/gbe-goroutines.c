/*
 * gbe-goroutines: a function run directly, then as goroutines beside main.
 * The C twin of gbe-goroutines.go.  After "Goroutines" in Go by Example
 * (https://gobyexample.com/goroutines), CC BY 3.0.
 */
#include <stdio.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;

// doc:begin goroutines
static void count(void *arg)
{
	const char *from = arg;
	for (int i = 0; i < 3; i++)
		printf("%s : %d\n", from, i);
}

static void func1(void *arg)   /* go func(msg string) { ... }("going") */
{
	const char *msg = arg;
	printf("%s\n", msg);
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	count("direct");   /* an ordinary call: all three lines come first */

	go(count, "goroutine");   /* returns at once; count runs beside main */

	go(func1, "going");   /* a string literal lives for the whole program: no copy needed */

	/*
	 * Give both goroutines time to finish (a WaitGroup, in
	 * gbe-waitgroups, is the sturdy way to wait).
	 */
	time_sleep(second);
	printf("done\n");
	return 0;
}
// doc:end goroutines
/* SPDX-License-Identifier: BSD-3-Clause */
