/*
 * Lab 8: dining philosophers.  Five philosophers sit at a round table
 * with a fork between each two; each eats three times, holding the forks
 * on both sides.  See README.md.
 *
 * labs-check: a plausible WRONG solution, kept to prove the checker honest.
 * It seats the philosophers through a buffered channel used as a
 * semaphore, the right idea with an off-by-one: five seats for five
 * philosophers (the fix needs at most four at the table).  It deadlocks
 * only sometimes, when all five pick up their left fork at once; the
 * checker's run that holds each mutex 10 ms (LAB_LOCK_PAUSE) makes that
 * happen every time.
 * expect-fail: run meals
 */
#include <stdio.h>

#include "lab.h"

enum { PHILOSOPHERS = 5, MEALS = 3 };

static mutex forks[PHILOSOPHERS] = { MUTEX_INIT, MUTEX_INIT, MUTEX_INIT, MUTEX_INIT, MUTEX_INIT };
static waitgroup wg = WAITGROUP_INIT;
static chan *seats;   /* a philosopher holds a seat (a value in it) while at the table */

static void philosopher(void *arg)
{
	int p = *(int *)arg;
	int left = p, right = (p + 1) % PHILOSOPHERS;   /* the forks beside p */
	for (int meal = 0; meal < MEALS; meal++) {
		chan_send(seats, &(char){ 1 });   /* sit down: waits while the table is full */
		mutex_lock(&forks[left]);
		mutex_lock(&forks[right]);
		lab_eat(p);                  /* 2 ms, holding both forks */
		mutex_unlock(&forks[right]);
		mutex_unlock(&forks[left]);
		chan_recv(seats, NULL);           /* stand up */
	}
	waitgroup_done(&wg);
}

int main(void)
{
	seats = make_chan(char, PHILOSOPHERS);   /* BUG: one seat per philosopher */
	waitgroup_add(&wg, PHILOSOPHERS);
	for (int p = 0; p < PHILOSOPHERS; p++)
		go_copy(philosopher, &p, sizeof p);
	waitgroup_wait(&wg);
	printf("every philosopher ate %d times\n", MEALS);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
