/*
 * stuck_broken: a program that hangs with no deadlock report.  The worker
 * waits for a job that main never sends (BUG: main forgot to send it),
 * and main waits for the worker's answer by polling a flag with
 * time_sleep.  A sleeping goroutine wakes by itself, so, as in Go,
 * nothing here is a deadlock: the program just hangs.  Press Ctrl-\
 * (SIGQUIT) and gothreads prints every goroutine's stack, each with the
 * line it is stuck on, and exits with status 2, as Go does.  Here a
 * thread of the program's own (not a goroutine) sends that SIGQUIT after
 * a second, as if you had pressed it.
 * The fix: main sends the job (or receives the answer on a channel, and
 * the deadlock is reported at once).
 *
 * expect-helgrind: SIGQUIT: quit
 * expect-tsan: SIGQUIT: quit
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "gothreads.h"

static chan *jobs;
static atomic_int answer;

static void worker(void *arg)
{
	(void)arg;
	int job;
	chan_recv(jobs, &job);   /* BUG: nobody ever sends a job */
	atomic_store(&answer, 2 * job);
}

/* Presses Ctrl-\ for you, a second from now. */
static void *press_ctrl_backslash(void *arg)
{
	(void)arg;
	sleep(1);
	kill(getpid(), SIGQUIT);
	return NULL;
}

int main(void)
{
	jobs = make_chan(int, 0);
	go_named("worker", worker, NULL, 0);
	pthread_t presser;
	pthread_create(&presser, NULL, press_ctrl_backslash, NULL);
	while (atomic_load(&answer) == 0)
		time_sleep(100 * Millisecond);   /* polling: never reported as a deadlock */
	printf("answer %d\n", atomic_load(&answer));
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
