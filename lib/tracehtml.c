/*
 * The trace viewer page: lib/traceview.html with a trace's JSON inside.
 *
 * DESIGN
 * GOTHREADS_TRACE=run.html must give one file that opens offline, with
 * no network and no external script, so the viewer (HTML, CSS and
 * JavaScript in one file) is built into the library: .incbin copies
 * lib/traceview.html into this object, as debug.c does with the gdb
 * script, and the page is that text with the trace's JSON put where the
 * viewer's <script type="application/json"> holds TRACE_JSON_HERE.
 *
 * tools/gothreads-trace.c, the converter for a .json written earlier,
 * compiles this file too, without the rest of the library: reading such a
 * file back (trace_readjson) is here for it.
 */
#include "trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifndef GOTHREADS_TRACE_VIEWER
#define GOTHREADS_TRACE_VIEWER "lib/traceview.html"
#endif
__asm__(".pushsection .rodata\n"
        ".globl gothreads_traceview\n"
        ".hidden gothreads_traceview\n"
        "gothreads_traceview:\n"
        ".incbin \"" GOTHREADS_TRACE_VIEWER "\"\n"
        ".byte 0\n"
        ".popsection\n");
extern const char gothreads_traceview[] __attribute__((visibility("hidden")));

#define MARK "TRACE_JSON_HERE"

/*
 * Writes the page with json (n bytes) in it.  Every '<' becomes \u003c:
 * in valid JSON a '<' can only be inside a string, where that means the
 * same, and without one no "</script>" can end the viewer's script early.
 * Returns 0, or -1 if the viewer has lost its mark or a write failed.
 */
int trace_writehtml(FILE *f, const char *json, size_t n)
{
	const char *mark = strstr(gothreads_traceview, MARK);
	if (mark == NULL)
		return -1;
	fwrite(gothreads_traceview, 1, (size_t)(mark - gothreads_traceview), f);
	const char *p = json, *end = json + n;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		size_t k = lt ? (size_t)(lt - p) : (size_t)(end - p);
		fwrite(p, 1, k, f);
		p += k;
		if (lt) {
			fputs("\\u003c", f);
			p++;
		}
	}
	fputs(mark + strlen(MARK), f);
	return ferror(f) ? -1 : 0;
}

/*
 * Reads the trace-event JSON file at path whole, for the converter.
 * Returns its text, malloc'd and NUL-terminated, with *n its length; or
 * NULL after saying why on stderr, each line starting "who: ": the file
 * cannot be read, memory ran out, or the text is not a trace-event file
 * (no object with "traceEvents" in it).
 */
char *trace_readjson(const char *who, const char *path, size_t *n)
{
	FILE *in = fopen(path, "r");
	if (in == NULL) {
		fprintf(stderr, "%s: %s: %s\n", who, path, strerror(errno));
		return NULL;
	}
	char *json = NULL;
	size_t len = 0, cap = 0, k;
	do {
		if (len == cap) {   /* always room for the NUL after a short read */
			cap = cap ? 2 * cap : 1 << 16;
			char *p = realloc(json, cap);
			if (p == NULL) {
				fprintf(stderr, "%s: out of memory\n", who);
				free(json);
				fclose(in);
				return NULL;
			}
			json = p;
		}
		k = fread(json + len, 1, cap - len, in);
		len += k;
	} while (k > 0);
	bool bad = ferror(in);
	fclose(in);
	if (bad) {
		fprintf(stderr, "%s: %s: read error\n", who, path);
		free(json);
		return NULL;
	}
	json[len] = '\0';   /* len < cap: the loop ends on a short read */
	if (len == 0 || memchr(json, '{', len) == NULL || strstr(json, "traceEvents") == NULL) {
		fprintf(stderr, "%s: %s: not a trace-event JSON file\n", who, path);
		free(json);
		return NULL;
	}
	*n = len;
	return json;
}
/* SPDX-License-Identifier: BSD-3-Clause */
