/*
 * hello: the primer's "Hello World Goroutine"; the C twin of hello.go,
 * line for line.  The goroutine's function literal becomes func1, the
 * name Go's tracebacks give it (main.func1), and gets ch as its argument
 * because C has no closures.
 *
 * Ours, not the primer's: the knob at the bottom, as in hello.go.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"

static duration second;
static void init(int argc, char **argv);

// doc:begin hello
static void func1(void *arg)
{
	chan *ch = arg;
	time_sleep(second);
	// send "Hello World" to channel
	chan_send(ch, &(const char *){ "Hello World" });
}

int main(int argc, char **argv)
{
	init(argc, argv);
	// create new channel of type string
	chan *ch = make_chan(const char *, 0);

	// start new anonymous goroutine
	go(func1, ch);
	// read from channel
	const char *msg;
	bool ok = chan_recv(ch, &msg);
	printf("msg='%s', ok='%s'\n", msg, ok ? "true" : "false");
	chan_free(ch);
	return 0;
}
// doc:end hello

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
