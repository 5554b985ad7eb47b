/*
 * Channel lifetime: chan_free says "I am done with it", and is always
 * safe; the memory goes once nothing can touch the channel (lib/chanalloc.c).
 * In Go the garbage collector decides; these tests check that a C program
 * written the way its Go twin reads, freeing each channel as soon as it is
 * done with it, neither crashes nor draws a report from memcheck, helgrind,
 * DRD or ThreadSanitizer.
 *
 * The first three are the programs that crashed before (issue 11): each
 * runs many times, so that the partner is caught at every point of its way
 * out.  tests/test_chan.c has the white-box ones: a goroutine left blocked
 * on a freed channel, and a free too many.  A WaitGroup appears only where the test itself must know that every
 * goroutine has finished before it counts; the programs do not use it to
 * decide when to free.
 */
#include "harness.h"

#include <stdatomic.h>

/* ---- a goroutine frees its ticker right after done <- true ------------- */

struct tickspec {
	chan *ticker, *done;
	bool late;          /* yield first: main's select is then more often parked, and runs its pass 3 */
};

void stop_ticking(void *arg);
void stop_ticking(void *arg)
{
	struct tickspec *s = arg;
	for (int i = 0; s->late && i < 3; i++)
		go_yield();
	bool t = true;
	chan_send(s->done, &t);
	chan_free(s->ticker);   /* main's select may still be leaving the ticker's queue */
}

static void test_a_goroutine_may_free_a_ticker_right_after_sending_done(void)
{
	long n = scaled(300);
	for (long i = 0; i < n; i++) {
		chan *ticker = time_newticker(Millisecond / 4);
		chan *done = make_chan(bool, 0);
		go_copy(stop_ticking, &(struct tickspec){ ticker, done, i % 2 == 0 }, sizeof(struct tickspec));
		for (bool stop = false; !stop;) {
			int64_t t;
			switch (SELECT(NULL, recv_case(done, NULL), recv_case(ticker, &t))) {
			case 0:
				stop = true;
				break;
			case 1:
				CU_ASSERT_TRUE(t > 0);
				break;
			}
		}
		chan_free(done);   /* the sender has returned from its send, or nearly */
	}
}

/* ---- main frees done right after its send, and goes on working -------- */

struct workspec {
	chan *done, *work;
	bool timeout;       /* the select has a time.After case too */
};
static atomic_long worked, finished;
static waitgroup workers = WAITGROUP_INIT;   /* for the count only */

void work_until_done(void *arg);
void work_until_done(void *arg)
{
	struct workspec *s = arg;
	for (;;) {
		int v = 0;
		int i = s->timeout ? SELECT(NULL, recv_case(s->done, NULL), recv_case(s->work, &v),
		                            after_case(Hour, NULL))
		                   : SELECT(NULL, recv_case(s->done, NULL), recv_case(s->work, &v));
		if (i == 0)
			break;
		CU_ASSERT_EQUAL(i, 1);
		atomic_fetch_add(&worked, v);
	}
	atomic_fetch_add(&finished, 1);
	waitgroup_done(&workers);
}

static void test_main_may_free_done_right_after_its_send_and_go_on(void)
{
	long n = scaled(300);
	atomic_store(&worked, 0);
	atomic_store(&finished, 0);
	waitgroup_add(&workers, (int)n);
	for (long i = 0; i < n; i++) {
		chan *done = make_chan(bool, 0), *work = make_chan(int, 0);
		go_copy(work_until_done, &(struct workspec){ done, work, i % 2 == 1 }, sizeof(struct workspec));
		for (int v = 1; v <= 3; v++)
			chan_send(work, &v);
		bool t = true;
		chan_send(done, &t);
		chan_free(done);   /* the worker's select may still be locking both */
		chan_free(work);
	}
	waitgroup_wait(&workers);
	CU_ASSERT_EQUAL(atomic_load(&finished), n);
	CU_ASSERT_EQUAL(atomic_load(&worked), 6 * n);
}

/* ---- a worker pool: each goroutine frees its own reference ------------- */

/* Go by Example's worker pool: func worker(id int, jobs <-chan int, results chan<- int) */
struct poolworker {
	int id;
	recvchan jobs;
	sendchan results;
};

void pool_worker(void *arg);
void pool_worker(void *arg)
{
	struct poolworker *w = arg;
	int j;
	chan_range(w->jobs, j) {
		int r = j * 2;
		chan_send(w->results, &r);
	}
	chan_free(w->jobs);      /* this goroutine's references, from chan_dup */
	chan_free(w->results);
}

static void test_a_worker_pool_frees_its_channels_as_each_goroutine_is_done(void)
{
	enum { NJOBS = 5, NWORKERS = 3 };
	long n = scaled(200), bad = 0;
	for (long i = 0; i < n; i++) {
		chan *jobs = make_chan(int, NJOBS), *results = make_chan(int, NJOBS);
		for (int w = 1; w <= NWORKERS; w++)
			go_copy(pool_worker, &(struct poolworker){ w, chan_recvonly(chan_dup(jobs)),
			                                           chan_sendonly(chan_dup(results)) },
			        sizeof(struct poolworker));
		for (int j = 1; j <= NJOBS; j++)
			chan_send(jobs, &j);
		chan_close(jobs);
		int sum = 0;
		for (int a = 1; a <= NJOBS; a++) {
			int r;
			chan_recv(results, &r);
			sum += r;
		}
		bad += sum != 2 * (NJOBS * (NJOBS + 1) / 2);
		chan_free(jobs);      /* a worker may still be in its last receive */
		chan_free(results);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* ---- references --------------------------------------------------------- */

static void test_a_channel_lives_until_its_last_reference_is_freed(void)
{
	chan *c = make_chan(int, 1);
	chan *d = chan_dup(c);
	CU_ASSERT_PTR_EQUAL(d, c);
	chan_free(c);
	int v = 7, w = 0;
	chan_send(d, &v);     /* memcheck: still c's memory, still a channel */
	CU_ASSERT_TRUE(chan_recv(d, &w));
	CU_ASSERT_EQUAL(w, 7);
	chan_free(d);
	CU_ASSERT_PTR_NULL(chan_dup(NULL));   /* nil, as Go's nil channel */
}

void register_suites(void)
{
	ADD_SUITE("channel lifetime",
	          TEST(test_a_goroutine_may_free_a_ticker_right_after_sending_done),
	          TEST(test_main_may_free_done_right_after_its_send_and_go_on),
	          TEST(test_a_worker_pool_frees_its_channels_as_each_goroutine_is_done),
	          TEST(test_a_channel_lives_until_its_last_reference_is_freed));
}
/* SPDX-License-Identifier: BSD-3-Clause */
