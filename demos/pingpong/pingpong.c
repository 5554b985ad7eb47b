/*
 * pingpong: the primer's "Ping pong with two goroutines"; the C twin of
 * pingpong.go, line for line: it plays until Ctrl-C.  Each player's two
 * channels travel in a struct that go_copy copies.
 *
 * Ours, not the primer's: the knobs at the bottom, as in pingpong.go.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"

static duration second;
static void turn(void);
static void waitForTurns(void);
static void init(int argc, char **argv);

// doc:begin pingpong
struct pinger_args {
	recvchan pinger;
	sendchan ponger;
};

// The pinger prints a ping and waits for a pong
static void pinger(void *arg)
{
	struct pinger_args *a = arg;
	recvchan pinger = a->pinger;
	sendchan ponger = a->ponger;
	for (;;) {
		chan_recv(pinger, NULL);
		printf("ping\n");
		turn(); // the knob
		time_sleep(second);
		chan_send(ponger, &(int){ 1 });
	}
}

struct ponger_args {
	sendchan pinger;
	recvchan ponger;
};

// The ponger prints a pong and waits for a ping
static void ponger(void *arg)
{
	struct ponger_args *a = arg;
	sendchan pinger = a->pinger;
	recvchan ponger = a->ponger;
	for (;;) {
		chan_recv(ponger, NULL);
		printf("pong\n");
		turn(); // the knob
		time_sleep(second);
		chan_send(pinger, &(int){ 1 });
	}
}

int main(int argc, char **argv)
{
	init(argc, argv);
	setvbuf(stdout, NULL, _IONBF, 0);
	chan *ping = make_chan(int, 0);
	chan *pong = make_chan(int, 0);

	go_copy(pinger, &(struct pinger_args){ chan_recvonly(ping), chan_sendonly(pong) }, sizeof(struct pinger_args));
	go_copy(ponger, &(struct ponger_args){ chan_sendonly(ping), chan_recvonly(pong) }, sizeof(struct ponger_args));

	// The main goroutine starts the ping/pong by sending into the ping channel
	chan_send(ping, &(int){ 1 });

	waitForTurns(); // the knob
	for (;;) {
		// Block the main thread until an interrupt
		time_sleep(second);
	}
}
// doc:end pingpong

// doc:begin knob
/*
 * The knobs (ours): a turn count (0, the primer's game, plays for ever)
 * and the primer's time.Second, or the two arguments.  Go runs init()
 * before main by itself; C's main calls it first.
 */
static int turns = 0;
static duration second = Second;
static int played = 0;   /* turns played so far: only the player holding the ball touches it */
static chan *done;

/*
 * turn counts a turn.  After the last one it reports on done and stops
 * this player for good.
 */
static void turn(void)
{
	played++;
	if (played == turns) {
		chan_send(done, &played);
		chan_select(NULL, 0, NULL);   /* select {} */
	}
}

/*
 * waitForTurns returns at once if there is no turn count; otherwise it
 * waits for the report of the last turn and ends the program.
 */
static void waitForTurns(void)
{
	if (turns > 0) {
		chan_recv(done, NULL);
		exit(0);
	}
}

static void init(int argc, char **argv)
{
	done = make_chan(int, 0);
	if (argc > 1)
		turns = atoi(argv[1]);
	char err[128];
	if (argc > 2 && !duration_parse(argv[2], &second, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
}
// doc:end knob
/* SPDX-License-Identifier: CC-BY-SA-3.0 */
