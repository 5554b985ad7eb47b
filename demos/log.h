/*
 * demos/log.h: Go's log.Printf for the demos' C twins.  Header-only:
 * every demo is one .c file.
 */
#ifndef DEMOS_LOG_H
#define DEMOS_LOG_H

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "gothreads.h"

static mutex logmu = MUTEX_INIT;   /* Go's log.Logger serialises its writers too */

/* Go's log.Printf: "2009/11/10 23:00:00 " then the message, on stderr. */
__attribute__((format(printf, 1, 2), unused))
static void log_printf(const char *fmt, ...)
{
	char stamp[32], line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	mutex_lock(&logmu);   /* localtime_r's time zone state is shared */
	time_t now = time(NULL);
	struct tm tm;
	strftime(stamp, sizeof stamp, "%Y/%m/%d %H:%M:%S", localtime_r(&now, &tm));
	fprintf(stderr, "%s %s\n", stamp, line);
	mutex_unlock(&logmu);
}

#endif /* DEMOS_LOG_H */
/* SPDX-License-Identifier: BSD-3-Clause */
