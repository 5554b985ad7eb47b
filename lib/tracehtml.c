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
 * compiles this file too, without the rest of the library.
 */
#include "trace.h"

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
