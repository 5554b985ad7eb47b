/*
 * Lab 7: a bank with a mutex.  Four tellers move money between four
 * accounts at once; no money may be made or lost.  See README.md.
 *
 * The reference solution: remove this file before handing the lab out.
 */
#include <stdio.h>

#include "lab.h"

enum { ACCOUNTS = 4, TELLERS = 4, TRANSFERS = 2000 };

struct bank {
	mutex mu;                 /* guards balance */
	long balance[ACCOUNTS];
};

static struct bank bank = { MUTEX_INIT, { 100, 100, 100, 100 } };
static waitgroup wg = WAITGROUP_INIT;

/* Moves amount from one account to another, if from has enough. */
static void transfer(struct bank *b, int from, int to, long amount)
{
	mutex_lock(&b->mu);   /* the check and both updates: one step, as others see it */
	if (b->balance[from] >= amount) {
		b->balance[from] -= amount;
		b->balance[to] += amount;
	}
	mutex_unlock(&b->mu);
}

static void teller(void *arg)
{
	int t = *(int *)arg;
	for (int i = 0; i < TRANSFERS; i++) {
		int from = (t + i) % ACCOUNTS, to = (t + i + 1) % ACCOUNTS;
		transfer(&bank, from, to, 1 + i % 3);
	}
	waitgroup_done(&wg);
}

int main(void)
{
	waitgroup_add(&wg, TELLERS);
	for (int t = 0; t < TELLERS; t++)
		go_copy(teller, &t, sizeof t);
	waitgroup_wait(&wg);
	long total = 0;
	for (int a = 0; a < ACCOUNTS; a++) {
		printf("account %d: %ld\n", a, bank.balance[a]);
		total += bank.balance[a];
	}
	printf("total: %ld\n", total);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
