/*
 * Writing a trace: Chrome's trace-event JSON, and the summary on stderr.
 *
 * DESIGN
 * trace.c hands us every event recorded, sorted by time.  We replay them
 * once, keeping each goroutine's state (waiting for a pool thread,
 * running, or blocked and why), and write each stretch of one state as a
 * B/E pair on the goroutine's row (pid 1, tid = goroutine id; tid 0 is
 * the timer thread).  Arrows are flow events, an "s" and an "f" with one
 * id: go -> the goroutine's first run, a send -> the receive that took
 * its value, a close -> each goroutine it woke, a timer's fire -> its
 * receiver.  Only flows whose both ends were recorded are written, so
 * every id appears exactly twice.  Stretches still open when the trace
 * ends (a deadlock: everybody) end at the flush.
 *
 * The format is the one documented in "Trace Event Format" (Google,
 * docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU),
 * which Perfetto (ui.perfetto.dev) and chrome://tracing read; times are
 * microseconds since tracing began.  tests/test_trace.c checks what we
 * write against it.
 *
 * The same replay adds up, per goroutine, the time in each state: that is
 * the summary, go tool trace's "goroutine analysis" in a few lines.
 */
#define _GNU_SOURCE
#include "trace.h"

#include <inttypes.h>
#include <string.h>

#define NREASON 16   /* distinct wait reasons in one trace; runtime.h has 11 */

enum { G_NONE, G_RUNNABLE, G_RUNNING, G_BLOCKED, G_ENDED };

struct gstate {
	bool seen;
	char name[24];
	const void *fn;
	int64_t parent, created, gots;   /* gots: when go() made it (for the go arrow) */
	int state;
	int64_t since;                   /* start of the current stretch */
	int reason;                      /* index in reasons[] */
	int64_t total[NREASON];          /* time per state */
};

struct flowstart {
	uint64_t id;    /* 0: free slot */
	int64_t ts, g;
	int kind;
	const void *c;
	uint32_t size;
};

struct replay {
	FILE *f;
	const struct trace *t;
	struct gstate *gs;
	int64_t ng;                 /* gs[0] the timer thread, gs[ng - 1] threads without a g */
	const char *reasons[NREASON];
	int nreason;
	struct flowstart *flows;    /* open-addressed by id */
	size_t nflows;
	long nextid;                /* flow ids written: 1, 2, ... */
	bool first;                 /* no event written yet */
};

static const char *flowname[] = { "", "send", "close", "timer", "go" };

/* A JSON string; <, > and & escaped too, so the page that embeds it stays whole. */
static void jstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&')
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static double us(const struct replay *r, int64_t ts)
{
	return (double)(ts - r->t->t0) / 1000.0;
}

static void sep(struct replay *r)
{
	fputs(r->first ? "\n" : ",\n", r->f);
	r->first = false;
}

static struct gstate *gof(struct replay *r, int64_t id)
{
	if (id < 0 || id >= r->ng - 1)
		id = r->ng - 1;
	return &r->gs[id];
}

static int64_t tidof(struct replay *r, struct gstate *g)
{
	return g - r->gs;
}

static int reasonidx(struct replay *r, const char *reason)
{
	for (int i = 0; i < r->nreason; i++)
		if (strcmp(r->reasons[i], reason) == 0)
			return i;
	if (r->nreason == NREASON)
		return NREASON - 1;
	r->reasons[r->nreason] = reason;
	return r->nreason++;
}

/* The name of the stretch that starts: e.g. "running", "chan receive". */
static void begin(struct replay *r, struct gstate *g, int state, const char *reason,
                  int64_t ts, const void *on, uint32_t size, const struct tev *at)
{
	g->state = state;
	g->since = ts;
	g->reason = reasonidx(r, reason);
	sep(r);
	fprintf(r->f, "{\"ph\":\"B\",\"pid\":1,\"tid\":%" PRId64 ",\"ts\":%.3f,\"cat\":\"state\",\"name\":",
	        tidof(r, g), us(r, ts));
	jstr(r->f, reason);
	if (state != G_BLOCKED) {
		fputc('}', r->f);
		return;
	}
	fputs(",\"args\":{", r->f);
	if (on) {
		const char *what = strncmp(reason, "chan", 4) == 0 || strncmp(reason, "select", 6) == 0
		                   ? "chan" : strstr(reason, "Mutex") ? "mutex" : "waitgroup";
		fprintf(r->f, "\"%s\":\"%p\"", what, on);
		if (strcmp(what, "chan") == 0)
			fprintf(r->f, ",\"elem\":%" PRIu32, size);
		fputc(',', r->f);
	}
	char where[600] = "not known";
	if (at)
		snprintf(where, sizeof where, "%s:%" PRIu64, (const char *)at->p, at->a);
	fputs("\"at\":", r->f);
	jstr(r->f, where);
	fputs("}}", r->f);
}

static void end(struct replay *r, struct gstate *g, int64_t ts)
{
	if (g->state != G_RUNNABLE && g->state != G_RUNNING && g->state != G_BLOCKED)
		return;
	g->total[g->reason] += ts - g->since;
	sep(r);
	fprintf(r->f, "{\"ph\":\"E\",\"pid\":1,\"tid\":%" PRId64 ",\"ts\":%.3f}", tidof(r, g), us(r, ts));
	g->state = G_NONE;
}

/* A goroutine first seen already running (main, a thread adopted late). */
static void seen(struct replay *r, struct gstate *g, int64_t ts)
{
	if (g->seen)
		return;
	g->seen = true;
	g->created = ts;
	if (g != r->gs && g != &r->gs[r->ng - 1])
		begin(r, g, G_RUNNING, "running", ts, NULL, 0, NULL);
}

static void arrow(struct replay *r, int kind, int64_t from, int64_t t1, int64_t to, int64_t t2,
                  const void *c, uint32_t size)
{
	long id = ++r->nextid;
	sep(r);
	fprintf(r->f, "{\"ph\":\"s\",\"pid\":1,\"tid\":%" PRId64 ",\"ts\":%.3f,\"id\":%ld,"
	        "\"cat\":\"%s\",\"name\":\"%s\"", from, us(r, t1), id, flowname[kind], flowname[kind]);
	if (c)
		fprintf(r->f, ",\"args\":{\"chan\":\"%p\",\"elem\":%" PRIu32 "}", c, size);
	fputc('}', r->f);
	sep(r);
	fprintf(r->f, "{\"ph\":\"f\",\"bp\":\"e\",\"pid\":1,\"tid\":%" PRId64 ",\"ts\":%.3f,\"id\":%ld,"
	        "\"cat\":\"%s\",\"name\":\"%s\"}", to, us(r, t2), id, flowname[kind], flowname[kind]);
}

static struct flowstart *flowslot(struct replay *r, uint64_t id)
{
	size_t i = (size_t)(id * 0x9e3779b97f4a7c15ULL) & (r->nflows - 1);
	while (r->flows[i].id != 0 && r->flows[i].id != id)
		i = (i + 1) & (r->nflows - 1);
	return &r->flows[i];
}

/* The flow id ends on goroutine g at ts: an arrow, if its start was recorded. */
static void flowend(struct replay *r, uint64_t id, struct gstate *g, int64_t ts)
{
	if (id == 0)
		return;
	struct flowstart *s = flowslot(r, id);
	if (s->id != id)
		return;
	arrow(r, s->kind, s->g, s->ts, tidof(r, g), ts, s->c, s->size);
	s->id = UINT64_MAX;   /* taken: a tombstone keeps the probe chains */
}

static void step(struct replay *r, const struct tev *e, const struct tev *next)
{
	struct gstate *g = gof(r, e->g);
	seen(r, g, e->ts);
	switch (e->kind) {
	case EV_GO: {
		struct gstate *c = gof(r, (int64_t)e->a);
		c->seen = true;
		c->fn = e->p;
		c->parent = e->g;
		c->created = c->gots = e->ts;
		if (next && next->kind == EV_TEXT && next->g == e->g)
			snprintf(c->name, sizeof c->name, "%s", next->text);
		begin(r, c, G_RUNNABLE, WAIT_THREAD, e->ts, NULL, 0, NULL);
		break;
	}
	case EV_NAME:
		if (next && next->kind == EV_TEXT && next->g == e->g)
			snprintf(g->name, sizeof g->name, "%s", next->text);
		break;
	case EV_START:
		if (g->fn == NULL)
			g->fn = e->p;
		if (g->state == G_RUNNABLE) {
			end(r, g, e->ts);
			arrow(r, FLOW_GO, g->parent, g->gots, tidof(r, g), e->ts, NULL, 0);
			begin(r, g, G_RUNNING, "running", e->ts, NULL, 0, NULL);
		}
		break;
	case EV_END:
		end(r, g, e->ts);
		g->state = G_ENDED;
		break;
	case EV_BLOCK:
		end(r, g, e->ts);
		begin(r, g, G_BLOCKED, e->q, e->ts, e->p, e->size,
		      next && next->kind == EV_AT && next->g == e->g ? next : NULL);
		break;
	case EV_UNBLOCK:
		end(r, g, e->ts);
		begin(r, g, G_RUNNING, "running", e->ts, NULL, 0, NULL);
		flowend(r, e->a, g, e->ts);
		break;
	case EV_FLOW: {
		struct flowstart *s = flowslot(r, e->a);
		*s = (struct flowstart){ e->a, e->ts, tidof(r, g), (int)(intptr_t)e->q, e->p, e->size };
		if (g == r->gs) {   /* the timer thread: a mark for the arrow to leave from */
			sep(r);
			fprintf(r->f, "{\"ph\":\"X\",\"pid\":1,\"tid\":0,\"ts\":%.3f,\"dur\":0,"
			        "\"cat\":\"timer\",\"name\":\"timer fires\",\"args\":{\"chan\":\"%p\"}}",
			        us(r, e->ts), e->p);
		}
		break;
	}
	case EV_TAKE:
		flowend(r, e->a, g, e->ts);
		break;
	}
}

/* "g7:worker", or "g7" for a goroutine with no name. */
static void rowname(char *buf, size_t size, const struct replay *r, int64_t id)
{
	const struct gstate *g = &r->gs[id];
	if (id == 0)
		snprintf(buf, size, "timers");
	else if (id == r->ng - 1)
		snprintf(buf, size, "other threads");
	else if (g->name[0])
		snprintf(buf, size, "g%" PRId64 ":%s", id, g->name);
	else
		snprintf(buf, size, "g%" PRId64 "%s", id, id == 1 ? ":main" : "");
}

static void funcname(char *buf, size_t size, const struct replay *r, int64_t id)
{
	const struct gstate *g = &r->gs[id];
	if (id == 1 && g->fn == NULL)
		snprintf(buf, size, "main");
	else if (g->fn == NULL || !debug_funcname(g->fn, buf, size))
		snprintf(buf, size, "%s", id == 0 ? "the timer thread" : g->fn ? "?" : "");
}

/* Replays t into r; with r->f writing the JSON as it goes. */
static int replay(struct replay *r, const struct trace *t, FILE *f)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->t = t;
	r->first = true;
	int64_t maxg = 1;
	for (size_t i = 0; i < t->n; i++) {
		if (t->ev[i].g > maxg)
			maxg = t->ev[i].g;
		if (t->ev[i].kind == EV_GO && (int64_t)t->ev[i].a > maxg)
			maxg = (int64_t)t->ev[i].a;
	}
	r->ng = maxg + 2;
	r->nflows = 64;
	while (r->nflows < 2 * t->n)
		r->nflows *= 2;
	r->gs = calloc(r->ng, sizeof *r->gs);
	r->flows = calloc(r->nflows, sizeof *r->flows);
	if (r->gs == NULL || r->flows == NULL) {
		free(r->gs);
		free(r->flows);
		return -1;
	}
	r->reasons[r->nreason++] = "running";
	r->reasons[r->nreason++] = WAIT_THREAD;
	fputs("{\"traceEvents\":[", f);
	for (size_t i = 0; i < t->n; i++)
		step(r, &t->ev[i], i + 1 < t->n ? &t->ev[i + 1] : NULL);
	for (int64_t id = 0; id < r->ng; id++)
		end(r, &r->gs[id], t->tend);
	if (t->dropped) {
		sep(r);
		fprintf(f, "{\"ph\":\"i\",\"s\":\"g\",\"pid\":1,\"tid\":0,\"ts\":%.3f,\"cat\":\"limit\","
		        "\"name\":\"trace limit reached: %ld events dropped from here on\"}",
		        us(r, t->droppedat), t->dropped);
	}
	sep(r);
	fputs("{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":", f);
	jstr(f, t->program ? t->program : "gothreads");
	fputs("}}", f);
	for (int64_t id = 0; id < r->ng; id++) {
		if (!r->gs[id].seen)
			continue;
		char row[48], fn[128];
		rowname(row, sizeof row, r, id);
		funcname(fn, sizeof fn, r, id);
		sep(r);
		fprintf(f, "{\"ph\":\"M\",\"pid\":1,\"tid\":%" PRId64 ",\"name\":\"thread_name\",\"args\":{\"name\":", id);
		char both[200];
		snprintf(both, sizeof both, "%s %s", row, fn);
		jstr(f, both);
		fputs(",\"goroutine\":", f);
		jstr(f, row);
		fputs(",\"function\":", f);
		jstr(f, fn);
		fprintf(f, ",\"parent\":%" PRId64 "}}", r->gs[id].parent);
		sep(r);
		fprintf(f, "{\"ph\":\"M\",\"pid\":1,\"tid\":%" PRId64 ",\"name\":\"thread_sort_index\","
		        "\"args\":{\"sort_index\":%" PRId64 "}}", id, id == 0 ? r->ng : id);
	}
	fprintf(f, "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{\"producer\":\"gothreads\","
	        "\"end\":\"%s\",\"duration_us\":%.3f,\"events\":%zu,\"dropped\":%ld,\"limit\":%ld}}\n",
	        t->why, us(r, t->tend), t->n, t->dropped, t->limit);
	return 0;
}

int trace_writejson(FILE *f, const struct trace *t)
{
	struct replay r;
	if (replay(&r, t, f) != 0)
		return -1;
	free(r.gs);
	free(r.flows);
	return ferror(f) ? -1 : 0;
}

/* Go's way of printing a duration, near enough: 1.5s, 12.3ms, 45.6µs, 789ns. */
static const char *dur(char *buf, size_t size, int64_t ns)
{
	if (ns >= Second)
		snprintf(buf, size, "%.3gs", (double)ns / Second);
	else if (ns >= Millisecond)
		snprintf(buf, size, "%.3gms", (double)ns / Millisecond);
	else if (ns >= Microsecond)
		snprintf(buf, size, "%.3gµs", (double)ns / Microsecond);
	else
		snprintf(buf, size, "%" PRId64 "ns", ns);
	return buf;
}

/*
 * Per goroutine: how long it lived in the trace, how long it ran, and how
 * long it was blocked, by reason.  "running" includes system calls and
 * anything else outside gothreads, as in the goroutine dumps.
 */
void trace_summary(FILE *f, const struct trace *t)
{
	struct replay r;
	FILE *null = fopen("/dev/null", "w");
	if (null == NULL || replay(&r, t, null) != 0) {
		if (null)
			fclose(null);
		return;
	}
	fclose(null);
	char b1[32], b2[32];
	fprintf(f, "%-20s %-20s %10s %10s  %s\n", "goroutine", "function", "in trace", "running",
	        "blocked or waiting (by reason)");
	for (int64_t id = 1; id < r.ng - 1; id++) {
		struct gstate *g = &r.gs[id];
		if (!g->seen)
			continue;
		char row[48], fn[128];
		rowname(row, sizeof row, &r, id);
		funcname(fn, sizeof fn, &r, id);
		int64_t life = 0;
		for (int k = 0; k < r.nreason; k++)
			life += g->total[k];
		fprintf(f, "%-20s %-20s %10s %10s ", row, fn, dur(b1, sizeof b1, life),
		        dur(b2, sizeof b2, g->total[0]));
		bool any = false;
		for (int k = 1; k < r.nreason; k++)
			if (g->total[k]) {
				fprintf(f, "%s %s %s", any ? "," : "", r.reasons[k], dur(b1, sizeof b1, g->total[k]));
				any = true;
			}
		fprintf(f, "%s\n", any ? "" : " -");
	}
	free(r.gs);
	free(r.flows);
}
/* SPDX-License-Identifier: BSD-3-Clause */
