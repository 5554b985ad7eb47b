/*
 * lockorder_broken: two mutexes taken in opposite orders.  transfer_ab
 * locks a then b; transfer_ba locks b then a.  Run at the same moment,
 * each can hold its first mutex and wait for ever for its second.  This
 * program runs them one after the other, so it always finishes, yet
 * helgrind ("lock order ... violated") and ThreadSanitizer
 * ("lock-order-inversion (potential deadlock)") report the cycle anyway:
 * they check the order, not the luck.  The fix: one global order (Go's
 * select and gothreads' lock channels by address, for this reason).
 * Run them concurrently and the deadlock detector reports the real thing
 * (tests/test_deadlock.c, mutexes_in_opposite_orders).
 *
 * expect-helgrind: lock order
 * expect-tsan: WARNING: ThreadSanitizer: lock-order-inversion
 */
#include <stdio.h>

#include "gothreads.h"

static mutex a = MUTEX_INIT, b = MUTEX_INIT;
static int balance_a = 100, balance_b = 100;   /* a guards balance_a, b balance_b */

static void transfer_ab(void *arg)
{
	waitgroup *wg = arg;
	mutex_lock(&a);
	mutex_lock(&b);   /* a, then b */
	balance_a -= 10;
	balance_b += 10;
	mutex_unlock(&b);
	mutex_unlock(&a);
	waitgroup_done(wg);
}

static void transfer_ba(void *arg)
{
	waitgroup *wg = arg;
	mutex_lock(&b);
	mutex_lock(&a);   /* BUG: b, then a: the opposite order */
	balance_b -= 10;
	balance_a += 10;
	mutex_unlock(&a);
	mutex_unlock(&b);
	waitgroup_done(wg);
}

int main(void)
{
	waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, 1);
	go(transfer_ab, &wg);
	waitgroup_wait(&wg);   /* one after the other: this run cannot deadlock */
	waitgroup_add(&wg, 1);
	go(transfer_ba, &wg);
	waitgroup_wait(&wg);
	printf("a = %d, b = %d\n", balance_a, balance_b);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
