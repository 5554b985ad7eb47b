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
	FILE *in = fopen(argv[1], "r");
	if (in == NULL) {
		fprintf(stderr, "gothreads-trace: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	char *json = NULL;
	size_t n = 0, cap = 0, k;
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			char *p = realloc(json, cap);
			if (p == NULL) {
				fprintf(stderr, "gothreads-trace: out of memory\n");
				return 1;
			}
			json = p;
		}
		k = fread(json + n, 1, cap - n, in);
		n += k;
	} while (k > 0);
	if (ferror(in)) {
		fprintf(stderr, "gothreads-trace: %s: read error\n", argv[1]);
		return 1;
	}
	fclose(in);
	json[n < cap ? n : cap - 1] = '\0';   /* cap > n: the loop ends on a short read */
	if (n == 0 || memchr(json, '{', n) == NULL || strstr(json, "traceEvents") == NULL) {
		fprintf(stderr, "gothreads-trace: %s: not a trace-event JSON file\n", argv[1]);
		return 1;
	}
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
