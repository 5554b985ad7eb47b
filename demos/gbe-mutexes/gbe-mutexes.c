/*
 * gbe-mutexes: a mutex guards a map of counters that three goroutines add to.
 * The C twin of gbe-mutexes.go.  After "Mutexes" in Go by Example
 * (https://gobyexample.com/mutexes), CC BY 3.0.
 */
#include <stdio.h>
#include <string.h>

#include "gothreads.h"

// doc:begin mutexes
/* Container holds counters by name; mu guards counters. */
struct Container {
	mutex mu;
	struct { const char *name; int n; } counters[2];   /* map[string]int, for two names */
};

static void inc(struct Container *c, const char *name)
{
	mutex_lock(&c->mu);
	for (int k = 0; k < 2; k++)
		if (strcmp(c->counters[k].name, name) == 0)
			c->counters[k].n++;
	mutex_unlock(&c->mu);
}

static struct Container c = { MUTEX_INIT, { { "a", 0 }, { "b", 0 } } };
static waitgroup wg = WAITGROUP_INIT;

struct add {
	const char *name;
	int n;
};

static void add(void *arg)
{
	struct add *a = arg;
	for (int i = 0; i < a->n; i++)
		inc(&c, a->name);
	waitgroup_done(&wg);
}

int main(void)
{
	waitgroup_add(&wg, 3);
	go_copy(add, &(struct add){ "a", 10000 }, sizeof(struct add));   /* two goroutines on the same counter, */
	go_copy(add, &(struct add){ "a", 10000 }, sizeof(struct add));
	go_copy(add, &(struct add){ "b", 10000 }, sizeof(struct add));   /* one on the other */

	waitgroup_wait(&wg);
	printf("map[%s:%d %s:%d]\n", c.counters[0].name, c.counters[0].n,
	       c.counters[1].name, c.counters[1].n);
	return 0;
}
// doc:end mutexes
/* SPDX-License-Identifier: BSD-3-Clause */
