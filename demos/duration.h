/*
 * demos/duration.h: the knob of the Go by Example twins.  Duration text
 * itself is the library's (duration_parse and duration_string in
 * gothreads.h, lib/duration.c), as Go's is the time package's.
 */
#ifndef DEMOS_DURATION_H
#define DEMOS_DURATION_H

#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"

/*
 * argv[i] read as a duration if there is one, else def.  A bad one stops
 * the program with Go's message and exit status 1, as Go's log.Fatal does.
 */
static inline duration duration_arg(int argc, char **argv, int i, duration def)
{
	duration d = def;
	char err[128];
	if (argc > i && !duration_parse(argv[i], &d, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	return d;
}

#endif
/* SPDX-License-Identifier: BSD-3-Clause */
