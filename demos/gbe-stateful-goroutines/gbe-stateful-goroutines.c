/*
 * gbe-stateful-goroutines: one goroutine owns a map; a hundred readers
 * and ten writers reach it only by sending it requests.
 * The C twin of gbe-stateful-goroutines.go.  After "Stateful Goroutines"
 * in Go by Example (https://gobyexample.com/stateful-goroutines), CC BY 3.0.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "gothreads.h"
#include "../duration.h"

static duration second;

// doc:begin stateful-goroutines
/* A request to read state[key]; the answer comes back on resp. */
struct readOp {
	int key;
	chan *resp;
};

/* A request to set state[key] = val; resp says when it is done. */
struct writeOp {
	int key;
	int val;
	chan *resp;
};

/* What main's function literals capture, in Go; globals here. */
static atomic_uint64 readOps, writeOps;
static chan *reads, *writes, *quit;
static waitgroup wg = WAITGROUP_INIT;

static void owner(void *arg)   /* the only goroutine that ever touches state */
{
	(void)arg;
	int state[5] = { 0 };   /* map[int]int, for the keys 0 to 4 */
	for (;;) {
		struct readOp read;
		struct writeOp write;
		switch (SELECT(NULL, recv_case(reads, &read), recv_case(writes, &write), recv_case(quit, NULL))) {
		case 0:
			chan_send(read.resp, &state[read.key]);
			break;
		case 1:
			state[write.key] = write.val;
			chan_send(write.resp, &(bool){ true });
			break;
		case 2:
			waitgroup_done(&wg);
			return;
		}
	}
}

static void reader(void *arg)
{
	chan *resp = arg;   /* this reader's: main makes it, and frees it once everybody has returned */
	unsigned seed = (unsigned)go_id();   /* each goroutine its own random numbers */
	for (;;) {
		struct readOp op = { rand_r(&seed) % 5, resp };
		switch (SELECT(NULL, send_case(reads, &op), recv_case(quit, NULL))) {
		case 1:
			waitgroup_done(&wg);
			return;
		}
		chan_recv(resp, NULL);
		atomic_uint64_add(&readOps, 1);
		time_sleep(second / 1000);
	}
}

static void writer(void *arg)
{
	chan *resp = arg;
	unsigned seed = (unsigned)go_id();
	for (;;) {
		struct writeOp op = { rand_r(&seed) % 5, rand_r(&seed) % 100, resp };
		switch (SELECT(NULL, send_case(writes, &op), recv_case(quit, NULL))) {
		case 1:
			waitgroup_done(&wg);
			return;
		}
		chan_recv(resp, NULL);
		atomic_uint64_add(&writeOps, 1);
		time_sleep(second / 1000);
	}
}

int main(int argc, char **argv)
{
	second = duration_arg(argc, argv, 1, Second);
	reads = make_chan(struct readOp, 0);
	writes = make_chan(struct writeOp, 0);
	quit = make_chan(struct {}, 0);   /* closed to stop everybody */

	waitgroup_add(&wg, 1);
	go(owner, NULL);

	chan *readResps[100], *writeResps[10];
	for (int r = 0; r < 100; r++) {
		waitgroup_add(&wg, 1);
		go(reader, readResps[r] = make_chan(int, 1));
	}

	for (int w = 0; w < 10; w++) {
		waitgroup_add(&wg, 1);
		go(writer, writeResps[w] = make_chan(bool, 1));
	}

	time_sleep(second);   /* let them work for a second */
	chan_close(quit);
	waitgroup_wait(&wg);

	printf("readOps: %" PRIu64 "\n", atomic_uint64_load(&readOps));
	printf("writeOps: %" PRIu64 "\n", atomic_uint64_load(&writeOps));
	for (int r = 0; r < 100; r++)
		chan_free(readResps[r]);
	for (int w = 0; w < 10; w++)
		chan_free(writeResps[w]);
	chan_free(reads);
	chan_free(writes);
	chan_free(quit);
	return 0;
}
// doc:end stateful-goroutines
/* SPDX-License-Identifier: BSD-3-Clause */
