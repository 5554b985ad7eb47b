/*
 * cancel: cancelling a tree of goroutines with context.  Two services
 * each run two workers, which wait for their context to be done; service b has a 50ms timeout, service a runs until
 * main cancels the root.  Each worker stops when its context is done and
 * says why (context_err).  The C twin of cancel.go.
 */
#include <stdio.h>

#include "gothreads.h"

// doc:begin cancel
struct worker {
	context *ctx;
	const char *name;
	waitgroup *wg;
};

static void worker(void *arg)
{
	struct worker *w = arg;
	chan_recv(context_done(w->ctx), NULL);   /* closed when ctx or any ancestor is cancelled */
	printf("worker %s stopped: %s\n", w->name, context_err(w->ctx));
	waitgroup_done(w->wg);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);   /* no buffer that workers printing at once would share: DRD cannot see stdio's lock */
	context *root = context_withcancel(context_background());
	context *a = context_withcancel(root);
	context *b = context_withtimeout(root, 50 * Millisecond);

	printf("main: services a and b, two workers each\n");
	static waitgroup wgA = WAITGROUP_INIT, wgB = WAITGROUP_INIT;
	const char *names[] = { "a1", "a2", "b1", "b2" };
	context *ctxs[4];
	for (int i = 0; i < 4; i++) {
		waitgroup *wg = i < 2 ? &wgA : &wgB;
		ctxs[i] = context_withcancel(i < 2 ? a : b);   /* a worker's own context */
		waitgroup_add(wg, 1);
		go_copy(worker, &(struct worker){ ctxs[i], names[i], wg }, sizeof(struct worker));
	}

	chan_recv(context_done(b), NULL);   /* b's deadline passes: it reaches b's workers, not a's */
	waitgroup_wait(&wgB);
	const char *aerr = context_err(a);
	printf("main: service b: %s - service a: %s\n", context_err(b), aerr ? aerr : "<nil>");

	context_cancel(root);   /* one call reaches every context below root */
	waitgroup_wait(&wgA);
	printf("main: service a: %s\n", context_err(a));

	/* Go's deferred cancels, and the memory C has no collector for. */
	for (int i = 0; i < 4; i++)
		context_free(ctxs[i]);
	context_free(b);
	context_free(a);
	context_free(root);
	return 0;
}
// doc:end cancel
/* SPDX-License-Identifier: BSD-3-Clause */
