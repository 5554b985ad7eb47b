/*
 * Tracing: what lib/ tells lib/trace.c (which records), and what
 * traceflush.c (which decides when to write) hands to the writers,
 * tracejson.c and tracehtml.c.  Internal, like runtime.h.
 *
 * GOTHREADS_TRACE=FILE turns tracing on for the whole run: FILE.html gets
 * the viewer page, any other name Chrome's trace-event JSON.  It is read
 * once, before main, so trace_on never changes while goroutines run, and
 * every hook in lib/ is written
 *
 *     TRACE(trace_block(gp, reason, c));
 *
 * which, with tracing off, is one load of trace_on and one branch that the
 * CPU always predicts right (bench: docs/tracing.md).
 */
#ifndef GOTHREADS_TRACE_H
#define GOTHREADS_TRACE_H

#include "runtime.h"

extern bool trace_on __attribute__((visibility("hidden")));   /* read-only after init */

#define TRACE(call) do { if (__builtin_expect(trace_on, 0)) { call; } } while (0)

/* What an arrow stands for; a flow starts on one goroutine and ends on another. */
enum { FLOW_SEND = 1, FLOW_CLOSE, FLOW_TIMER, FLOW_GO };

/* The hooks.  Call them only inside TRACE(). */
void trace_go(struct g *child);                    /* go(): by the parent */
void trace_gostart(struct g *gp);                  /* gp starts on a pool thread */
void trace_goend(struct g *gp);                    /* gp's function returned, or go_exit */
void trace_setname(struct g *gp);                  /* go_setname */
void trace_block(struct g *gp, const char *reason, const void *on, size_t size);
void trace_unblock(struct g *gp, uint64_t flow, const struct hchan *c);
uint64_t trace_flow(int kind, const struct hchan *c);   /* an arrow starts here */
void trace_take(uint64_t flow);                    /* ... and ends here, running */
void trace_timerthread(void);                      /* the timer thread's own row */
void trace_flush(const char *why);                 /* deadlock, panic, exit, signal */
void trace_init(void);                             /* schedinit: reads GOTHREADS_TRACE */

/* ---- between trace.c and its writers ---- */

enum {
	EV_GO = 1,   /* g made goroutine a (fn p); name in the next event (EV_TEXT) */
	EV_TEXT,     /* text: the name for the event before it */
	EV_NAME,     /* g renamed itself; name in the next event */
	EV_START,    /* g starts running */
	EV_END,      /* g ends */
	EV_BLOCK,    /* g blocks: why (q, a wait reason), on p (channel or mutex), size */
	EV_UNBLOCK,  /* g runs again; a: the flow that woke it (0: none), p: its channel */
	EV_FLOW,     /* g starts flow a of kind q (FLOW_*) on channel p, elements of size */
	EV_TAKE,     /* g ends flow a while running (took a value) */
	EV_AT,       /* the EV_BLOCK before it was called at file p, line a */
};

struct tev {
	int64_t ts;      /* time_now(), nanoseconds */
	int64_t g;       /* the goroutine it happened on; 0: the timer thread */
	uint32_t kind;   /* EV_* */
	uint32_t size;   /* EV_BLOCK, EV_FLOW: size of the channel's elements */
	union {
		struct {
			uint64_t a;
			const void *p;
			const void *q;
		};
		char text[24];  /* EV_TEXT: a name, cut to 23 characters */
	};
};
_Static_assert(sizeof(struct tev) == 48, "struct tev is 48 bytes");

/* trace.c calls the writer with every event recorded, sorted by time. */
struct trace {
	const struct tev *ev;
	size_t n;
	int64_t t0, tend;        /* start of tracing, time of the flush */
	const char *why;         /* "exit", "deadlock", ... */
	long dropped;            /* events lost to the limit */
	int64_t droppedat;       /* when the first was lost */
	long limit;              /* GOTHREADS_TRACE_EVENTS */
	const char *program;
};
struct tev *trace_collect(size_t *n, long *dropped, int64_t *droppedat);   /* trace.c */
void trace_budget(long events);                                          /* trace.c */
int trace_writejson(FILE *f, const struct trace *t);   /* tracejson.c */
void trace_summary(FILE *f, const struct trace *t);    /* tracejson.c */

/* tracehtml.c (also linked into the converter, tools/gothreads-trace.c) */
int trace_writehtml(FILE *f, const char *json, size_t n);
char *trace_readjson(const char *who, const char *path, size_t *n);

/* traceback.c */
bool debug_funcname(const void *pc, char *name, size_t size);

#endif
/* SPDX-License-Identifier: BSD-3-Clause */
