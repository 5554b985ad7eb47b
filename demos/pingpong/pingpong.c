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
struct args {
	chan *pinger, *ponger;
};

// The pinger prints a ping and waits for a pong
static void pinger(void *arg)
{
	struct args *a = arg;
	chan *pinger = a->pinger, *ponger = a->ponger;
	for (;;) {
		chan_recv(pinger, NULL);
		printf("ping\n");
		turn(); // the knob
		time_sleep(second);
		chan_send(ponger, &(int){ 1 });
	}
}

// The ponger prints a pong and waits for a ping
static void ponger(void *arg)
{
	struct args *a = arg;
	chan *pinger = a->pinger, *ponger = a->ponger;
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

	go_copy(pinger, &(struct args){ ping, pong }, sizeof(struct args));
	go_copy(ponger, &(struct args){ ping, pong }, sizeof(struct args));

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
