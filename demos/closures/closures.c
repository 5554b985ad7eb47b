/*
 * closures: the primer's "Using closures with goroutines in a loop"; the
 * C twin of closures.go, line for line, completed the same way (see
 * there).  Each function literal becomes a named function, func1 and
 * func2, the names Go's tracebacks give them (main.func1, main.func2).
 *
 * Ours, not the primer's: the knob at the bottom, as in closures.go.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"

static duration second;
static void init(int argc, char **argv);
static chan *newValues(void);

// doc:begin closures
static void func1(void *arg)
{
	const char *val = *(const char **)arg;
	printf("%s\n", val);
}

static void func2(void *arg)
{
	const char *val = *(const char **)arg;
	printf("%s\n", val);
}

int main(int argc, char **argv)
{
	init(argc, argv);
	const char *val;
	chan *values = newValues();
	chan_range(values, val) {
		go_copy(func1, &val, sizeof val);
	}

	chan_free(values);
	values = newValues();
	chan_range(values, val) {
		go_copy(func2, &val, sizeof val);
	}

	time_sleep(second);
	chan_free(values);
	return 0;
}

/* newValues returns a channel holding "one", "two" and "three", closed. */
static chan *newValues(void)
{
	chan *values = make_chan(const char *, 3);
	chan_send(values, &(const char *){ "one" });
	chan_send(values, &(const char *){ "two" });
	chan_send(values, &(const char *){ "three" });
	chan_close(values);
	return values;
}
// doc:end closures

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
