/*
 * When a trace is written (GOTHREADS_TRACE; lib/trace.c records it).
 *
 * DESIGN
 * trace_init() reads GOTHREADS_TRACE once, from schedinit, before main's
 * goroutine exists; from then on trace_on does not change.  The trace is
 * written once, by the first of:
 *
 *   - exit (an atexit handler: main returned, or exit() was called);
 *   - a deadlock, a panic or SIGQUIT: debug.c calls trace_flush() after
 *     its report, just before the process ends;
 *   - SIGINT or SIGTERM, if the program does not handle them itself: the
 *     handler writes a byte to a pipe (the same self-pipe trick as
 *     debug.c's SIGQUIT), and a thread of ours writes the trace, then
 *     lets the signal end the program as it would have.
 *
 * Later flushes wait for the first to finish and return, so a panic on
 * one thread during the exit of another still leaves a whole file.  The
 * other threads go on while it is written: what they record after the
 * flush has read their buffers is not in it.
 */
#define _GNU_SOURCE
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

bool trace_on;

static struct {
	/* read-only after trace_init: */
	char path[4096];
	bool html;
	long limit;
	pid_t pid;
	int64_t t0;
	int sigpipe[2];
	/* flushlock guards: */
	pthread_mutex_t flushlock;
	bool flushed;
} tr = { .flushlock = PTHREAD_MUTEX_INITIALIZER, .sigpipe = { -1, -1 } };

static void writefile(const struct trace *t)
{
	FILE *f = fopen(tr.path, "w");
	if (f == NULL) {
		fprintf(stderr, "gothreads: trace: cannot write %s: %s\n", tr.path, strerror(errno));
		return;
	}
	int err = 0;
	if (tr.html) {
		char *json = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&json, &len);
		err = m == NULL || trace_writejson(m, t) != 0;
		if (m && fclose(m) != 0)
			err = 1;
		if (!err)
			err = trace_writehtml(f, json, len) != 0;
		free(json);
	} else {
		err = trace_writejson(f, t) != 0;
	}
	if (fclose(f) != 0 || err)
		fprintf(stderr, "gothreads: trace: error writing %s\n", tr.path);
}

void trace_flush(const char *why)
{
	if (!trace_on || getpid() != tr.pid)   /* a fork()ed child keeps its parent's file alone */
		return;
	pthread_mutex_lock(&tr.flushlock);
	if (tr.flushed) {
		pthread_mutex_unlock(&tr.flushlock);
		return;
	}
	tr.flushed = true;
	struct trace t = { .t0 = tr.t0, .tend = time_now(), .why = why, .limit = tr.limit,
	                   .program = program_invocation_short_name };
	struct tev *ev = trace_collect(&t.n, &t.dropped, &t.droppedat);
	t.ev = ev;
	fflush(stdout);
	writefile(&t);
	fprintf(stderr, "\ngothreads: trace of %zu events written to %s\n", t.n, tr.path);
	if (t.dropped)
		fprintf(stderr, "gothreads: trace: the limit of %ld events was reached; %ld events "
		        "were dropped (GOTHREADS_TRACE_EVENTS raises it)\n", tr.limit, t.dropped);
	trace_summary(stderr, &t);
	fflush(stderr);
	free(ev);
	pthread_mutex_unlock(&tr.flushlock);
}

static void flushatexit(void)
{
	trace_flush("exit");
}

static void onsignal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	ssize_t r = write(tr.sigpipe[1], &b, 1);
	(void)r;
	errno = saved;
}

/* Flushes on SIGINT or SIGTERM, then lets the signal end the program. */
static void *sigwatcher(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "gothreads-trace");
	unsigned char b;
	ssize_t n;
	while ((n = read(tr.sigpipe[0], &b, 1)) != 1)
		if (n == 0 || errno != EINTR)
			return NULL;
	trace_flush(b == SIGINT ? "SIGINT" : "SIGTERM");
	signal(b, SIG_DFL);
	kill(getpid(), b);   /* to the process: a thread that does not block it takes it */
	return NULL;
}

/* Catches sig for a flush, unless the program already has a use for it. */
static void catch(int sig)
{
	struct sigaction old, sa = { .sa_handler = onsignal, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
		sigaction(sig, &sa, NULL);
}

/* From schedinit, before main's goroutine is made: tracing starts here. */
void trace_init(void)
{
	const char *path = getenv("GOTHREADS_TRACE");
	if (path == NULL || *path == '\0')
		return;
	if (strlen(path) >= sizeof tr.path) {
		fprintf(stderr, "gothreads: GOTHREADS_TRACE: path too long; not tracing\n");
		return;
	}
	strcpy(tr.path, path);
	size_t len = strlen(path);
	tr.html = len >= 5 && strcmp(path + len - 5, ".html") == 0;
	tr.limit = 1L << 20;
	const char *s = getenv("GOTHREADS_TRACE_EVENTS");
	if (s && *s) {
		char *end;
		long v = strtol(s, &end, 10);
		if (*end || v < 64)
			fprintf(stderr, "gothreads: ignoring GOTHREADS_TRACE_EVENTS=%s (want a number >= 64)\n", s);
		else
			tr.limit = v;
	}
	trace_budget(tr.limit);
	tr.pid = getpid();
	tr.t0 = time_now();
	trace_on = true;
	atexit(flushatexit);
	if (pipe2(tr.sigpipe, O_CLOEXEC) == 0 && internalthread(sigwatcher) == 0) {
		catch(SIGINT);
		catch(SIGTERM);
	}
}
/* SPDX-License-Identifier: BSD-3-Clause */
