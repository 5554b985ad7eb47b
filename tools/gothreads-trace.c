/*
 * gothreads-trace: turns a trace written with GOTHREADS_TRACE=run.json
 * into the page GOTHREADS_TRACE=run.html would have written.
 *
 *   gothreads-trace run.json [run.html]     (no second name: stdout)
 *
 * It is lib/tracehtml.c and this file only: no goroutines, no tracing of
 * its own, whatever GOTHREADS_TRACE says.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: gothreads-trace TRACE.json [PAGE.html]\n");
		return 2;
	}
	size_t n;
	char *json = trace_readjson("gothreads-trace", argv[1], &n);
	if (json == NULL)
		return 1;
	FILE *out = argc == 3 ? fopen(argv[2], "w") : stdout;
	if (out == NULL) {
		fprintf(stderr, "gothreads-trace: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	int err = trace_writehtml(out, json, n);
	if (fclose(out) != 0 || err) {
		fprintf(stderr, "gothreads-trace: error writing %s\n", argc == 3 ? argv[2] : "stdout");
		return 1;
	}
	free(json);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
