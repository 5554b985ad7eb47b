/*
 * Lab 8: dining philosophers.  Five philosophers sit at a round table
 * with a fork between each two; each eats three times, holding the forks
 * on both sides.  See README.md.
 */
#include <stdio.h>

#include "lab.h"

enum { PHILOSOPHERS = 5, MEALS = 3 };

static mutex forks[PHILOSOPHERS] = { MUTEX_INIT, MUTEX_INIT, MUTEX_INIT, MUTEX_INIT, MUTEX_INIT };
static waitgroup wg = WAITGROUP_INIT;

static void philosopher(void *arg)
{
	int p = *(int *)arg;
	int left = p, right = (p + 1) % PHILOSOPHERS;   /* the forks beside p */
	for (int meal = 0; meal < MEALS; meal++) {
		mutex_lock(&forks[left]);
		mutex_lock(&forks[right]);
		lab_eat(p);                  /* 2 ms, holding both forks */
		mutex_unlock(&forks[right]);
		mutex_unlock(&forks[left]);
	}
	waitgroup_done(&wg);
}

int main(void)
{
	waitgroup_add(&wg, PHILOSOPHERS);
	for (int p = 0; p < PHILOSOPHERS; p++)
		go_copy(philosopher, &p, sizeof p);
	waitgroup_wait(&wg);
	printf("every philosopher ate %d times\n", MEALS);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
