/*
 * rally: a pinger and a ponger pass a ball over two unbuffered
 * channels until Ctrl-C.  Usage: rally [turns [delay]]: stop after
 * that many turns (default 0: play until interrupted), waiting delay
 * (default 500ms) before each hit.  The C twin of rally.go.
 *
 * Ctrl-C: Go's signal.Notify turns SIGINT into a value on a channel.  We
 * do the same with the self-pipe trick: the handler does the one thing
 * that is safe in a handler, write() a byte to a pipe, and a goroutine
 * that reads the pipe sends the signal on the interrupt channel, where
 * main selects on it.  (Go's runtime works the same way: its handler
 * queues the signal and a goroutine delivers it.)  sigwait() in a
 * goroutine would need SIGINT blocked in every thread of the process,
 * including any a library starts before main, so the pipe is the
 * sturdier choice.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gothreads.h"

// doc:begin rally-player
struct player {
	const char *name;
	chan *in, *out, *done;
	int turns;
	duration delay;
};

/*
 * Hits every ball that comes in back out; the one that plays the last
 * turn reports on done instead.
 */
static void player(void *arg)
{
	struct player *p = arg;
	for (;;) {
		int ball;
		chan_recv(p->in, &ball);   /* the number of turns played so far */
		time_sleep(p->delay);
		printf("%s\n", p->name);
		ball++;
		if (ball == p->turns) {
			chan_send(p->done, &ball);
			return;
		}
		chan_send(p->out, &ball);
	}
}
// doc:end rally-player

// doc:begin rally-signal
static int sigpipe[2];

/* Runs on whatever thread the kernel picks: only async-signal-safe calls. */
static void onsignal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	ssize_t r = write(sigpipe[1], &b, 1);
	(void)r;
	errno = saved;
}

/* signal.Notify(interrupt, os.Interrupt): delivers each SIGINT on interrupt. */
static void notify(void *arg)
{
	chan *interrupt = arg;
	unsigned char b;
	while (read(sigpipe[0], &b, 1) == 1) {
		int sig = b;
		chan_send(interrupt, &sig);
	}
}
// doc:end rally-signal

// doc:begin rally-main
int main(int argc, char **argv)
{
	int turns = 0;
	duration delay = 500 * Millisecond;
	if (argc > 1)
		turns = atoi(argv[1]);
	char err[128];
	if (argc > 2 && !duration_parse(argv[2], &delay, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	/*
	 * Unbuffered, as Go's os.Stdout is: a player may still be printing
	 * when main returns, and exit() flushes stdout without taking its
	 * lock, so a buffered line could come out twice.
	 */
	setvbuf(stdout, NULL, _IONBF, 0);
	chan *interrupt = make_chan(int, 1);
	if (pipe(sigpipe) != 0) {
		perror("pipe");
		return 1;
	}
	struct sigaction sa = { .sa_handler = onsignal, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);   /* Ctrl-C now arrives on interrupt */
	go(notify, interrupt);

	chan *ping = make_chan(int, 0), *pong = make_chan(int, 0);
	chan *done = make_chan(int, 0);
	go_copy(player, &(struct player){ "ping", ping, pong, done, turns, delay },
	        sizeof(struct player));
	go_copy(player, &(struct player){ "pong", pong, ping, done, turns, delay },
	        sizeof(struct player));
	int ball = 0;
	chan_send(ping, &ball);   /* serve */

	int sig, n;
	switch (SELECT(NULL, recv_case(interrupt, &sig), recv_case(done, &n))) {
	case 0:
		printf("interrupted: game over\n");
		break;
	case 1:
		printf("game over after %d turns\n", n);
		break;
	}
	/*
	 * Returning from main ends the program, the goroutines still blocked
	 * included, as in Go; the channels they wait on are not freed.
	 */
	return 0;
}
// doc:end rally-main
/* SPDX-License-Identifier: BSD-3-Clause */
