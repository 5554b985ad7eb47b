/*
 * Goroutines: go, go_copy, ids, names, go_exit, NumGoroutine.  The pool
 * of threads that runs them is tested in test_pool.c.
 * Each test is named after the Go behaviour it checks.
 *
 * Tests that need to know exactly how many pool threads exist (the bound,
 * FIFO order of queued goroutines, a thread reused after go_exit) run in a
 * CHILD: a fresh process has no pool threads yet, while this one keeps
 * the idle threads of every earlier test.
 *
 * WaitGroups and mutexes in tests are static, one per test: they have no
 * destroy call (Go's have none), and DRD remembers a condvar or mutex at
 * an address until it is destroyed, so a later test's sync object on the
 * same stack address draws "wrong type of synchronization object".
 */
#define _GNU_SOURCE
#include "harness.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

/* Waits (yielding) until only the calling goroutine is left: goroutines
 * of earlier tests may still be between their last action and their end. */
static void wait_alone(void)
{
	while (go_numgoroutine() != 1)
		go_yield();
}

/* ---- suite "goroutines" ------------------------------------------------ */

struct blocker {
	chan *in;    /* the goroutine waits here */
	chan *out;   /* and answers here */
};

static void recv_then_answer(void *arg)
{
	struct blocker *b = arg;
	int v;
	chan_recv(b->in, &v);
	v++;
	chan_send(b->out, &v);
}

static void test_go_returns_while_goroutine_is_blocked(void)
{
	chan *in = make_chan(int, 0), *out = make_chan(int, 0);
	/* The goroutine blocks on `in`, which only we can feed: had go()
	 * waited for it, we would never get past this line. */
	CU_ASSERT_EQUAL(go_copy(recv_then_answer, &(struct blocker){ in, out }, sizeof(struct blocker)), 0);
	int v = 41;
	chan_send(in, &v);
	chan_recv(out, &v);
	CU_ASSERT_EQUAL(v, 42);
	chan_free(in);
	chan_free(out);
}

/* "The go statement that starts a new goroutine is synchronized before
 * the start of the goroutine's execution." (go_mem.html) */
static int before_go;   /* plain: a race detector sees it if go() did not order it */

static void read_before_go(void *arg)
{
	chan *c = arg;
	int v = before_go;
	chan_send(c, &v);
}

static void test_go_statement_happens_before_goroutine_starts(void)
{
	chan *c = make_chan(int, 0);
	before_go = 1234;
	go(read_before_go, c);
	int v = 0;
	chan_recv(c, &v);
	CU_ASSERT_EQUAL(v, 1234);
	chan_free(c);
}

struct loopvar {
	int i;
	int *seen;
	waitgroup *wg;
};

static void mark_seen(void *arg)
{
	struct loopvar *lv = arg;
	lv->seen[lv->i]++;   /* plain: two goroutines with the same i would race */
	waitgroup_done(lv->wg);
}

/* How many of seen[0..n-1] are not exactly 1: goroutines lost or run twice. */
static int not_once(const int *seen, int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++)
		bad += seen[i] != 1;
	return bad;
}

static void test_go_copy_evaluates_argument_when_go_is_called(void)
{
	enum { N = 200 };
	static int seen[N];
	memset(seen, 0, sizeof seen);
	static waitgroup wg = WAITGROUP_INIT;
	struct loopvar lv = { 0, seen, &wg };
	for (lv.i = 0; lv.i < N; lv.i++) {
		waitgroup_add(&wg, 1);
		CU_ASSERT_EQUAL(go_copy(mark_seen, &lv, sizeof lv), 0);
		lv.i += 1000;   /* mutate after go: the goroutine must not see this */
		lv.i -= 1000;
	}
	lv.i = -1;
	waitgroup_wait(&wg);
	CU_ASSERT_EQUAL(not_once(seen, N), 0);
}

/*
 * go_copy of small and large arguments, interleaved: the records of ended
 * goroutines are reused (lib/proc.c, galloc), and a large argument must
 * never land in a record with room only for a small one.  Each goroutine
 * checks every byte of its copy.
 */
struct bigarg {
	int i;
	int *seen;
	waitgroup *wg;
	unsigned char bytes[300];
};

static void check_bigarg(void *arg)
{
	struct bigarg *b = arg;
	int ok = 1;
	for (size_t k = 0; k < sizeof b->bytes; k++)
		ok &= b->bytes[k] == (unsigned char)(b->i + k);
	b->seen[b->i] += ok;   /* plain: each i has one goroutine */
	waitgroup_done(b->wg);
}

static void test_go_copy_copies_arguments_of_every_size(void)
{
	enum { N = 400 };
	static int seen[N];
	memset(seen, 0, sizeof seen);
	static waitgroup wg = WAITGROUP_INIT;
	struct loopvar lv = { 0, seen, &wg };
	struct bigarg b = { 0, seen, &wg, { 0 } };
	for (int i = 0; i < N; i++) {
		waitgroup_add(&wg, 1);
		if (i % 2) {
			lv.i = i;
			CU_ASSERT_EQUAL(go_copy(mark_seen, &lv, sizeof lv), 0);
		} else {
			b.i = i;
			for (size_t k = 0; k < sizeof b.bytes; k++)
				b.bytes[k] = (unsigned char)(i + k);
			CU_ASSERT_EQUAL(go_copy(check_bigarg, &b, sizeof b), 0);
		}
	}
	waitgroup_wait(&wg);
	CU_ASSERT_EQUAL(not_once(seen, N), 0);
}

static void test_main_is_goroutine_1(void)
{
	CU_ASSERT_EQUAL(go_id(), 1);
	CU_ASSERT_STRING_EQUAL(go_name(), "main");
}

struct idrec {
	int i;
	int64_t *ids;
	waitgroup *wg;
};

static void record_id(void *arg)
{
	struct idrec *r = arg;
	r->ids[r->i] = go_id();
	waitgroup_done(r->wg);
}

static void test_goroutine_ids_are_unique_and_increase(void)
{
	enum { N = 100 };
	int64_t ids[N];
	static waitgroup wg = WAITGROUP_INIT;
	for (int i = 0; i < N; i++) {
		waitgroup_add(&wg, 1);
		go_copy(record_id, &(struct idrec){ i, ids, &wg }, sizeof(struct idrec));
	}
	waitgroup_wait(&wg);
	CU_ASSERT_TRUE(ids[0] > 1);
	int bad = 0;
	for (int i = 1; i < N; i++)
		bad += ids[i] <= ids[i - 1];   /* started in this order: strictly increasing */
	CU_ASSERT_EQUAL(bad, 0);
}

struct names {
	int64_t id;
	char name[32];
	char thread[32];
	const char *setname;  /* if set, the goroutine names itself */
};

static void read_names(void *arg)
{
	struct names *n = *(struct names **)arg;
	if (n->setname)
		go_setname(n->setname);
	n->id = go_id();
	snprintf(n->name, sizeof n->name, "%s", go_name());
	if (pthread_getname_np(pthread_self(), n->thread, sizeof n->thread) != 0)
		strcpy(n->thread, "?");
}

static void names_and_signal(void *arg)
{
	struct {
		struct names *n;
		chan *done;
	} *a = arg;
	read_names(&a->n);
	chan_send(a->done, NULL);
}

static void start_named(struct names *n, const char *name)
{
	chan *done = chan_make(0, 0);
	struct {
		struct names *n;
		chan *done;
	} a = { n, done };
	if (name)
		CU_ASSERT_EQUAL(go_named(name, names_and_signal, &a, sizeof a), 0)
	else
		CU_ASSERT_EQUAL(go_copy(names_and_signal, &a, sizeof a), 0)
	chan_recv(done, NULL);
	chan_free(done);
}

static void test_go_named_names_goroutine_and_its_thread(void)
{
	struct names n = { 0 };
	start_named(&n, "pinger");
	CU_ASSERT_STRING_EQUAL(n.name, "pinger");
	char want[64];
	snprintf(want, sizeof want, "g%lld:pinger", (long long)n.id);
	want[15] = '\0';
	CU_ASSERT_STRING_EQUAL(n.thread, want);
}

static void test_long_goroutine_name_is_cut_to_15_characters_for_the_kernel(void)
{
	struct names n = { 0 };
	start_named(&n, "a-rather-long-goroutine-name");
	CU_ASSERT_STRING_EQUAL(n.name, "a-rather-long-goroutine-name");
	char want[64];
	snprintf(want, sizeof want, "g%lld:a-rather-long-goroutine-name", (long long)n.id);
	want[15] = '\0';
	CU_ASSERT_STRING_EQUAL(n.thread, want);
	CU_ASSERT_EQUAL(strlen(n.thread), 15);
}

struct blockname {
	chan *c;
	char before[32], after[32];
};

static void name_around_a_block(void *arg)
{
	struct blockname *b = arg;
	pthread_getname_np(pthread_self(), b->before, sizeof b->before);
	time_sleep(Millisecond);   /* always blocks (a channel may find its partner ready) */
	pthread_getname_np(pthread_self(), b->after, sizeof b->after);
	chan_send(b->c, NULL);
}

/*
 * An unnamed goroutine's thread takes its name ("g7") when the goroutine
 * first blocks, where gdb and a deadlock find it; before that it is
 * "gothreads" (the rename is a system call, lib/goroutine.c), except
 * under valgrind and ThreadSanitizer, whose reports name threads, where
 * it is named as it starts.
 */
static void test_unnamed_goroutine_thread_is_named_by_id_once_it_blocks(void)
{
	struct blockname b = { .c = chan_make(0, 0) };
	CU_ASSERT_EQUAL(go(name_around_a_block, &b), 0);
	chan_recv(b.c, NULL);
	chan_free(b.c);
	int64_t id = 0;
	CU_ASSERT_EQUAL(sscanf(b.after, "g%lld", (long long *)&id), 1);
	CU_ASSERT_TRUE(id > 1);
	char want[32];
	snprintf(want, sizeof want, "g%lld", (long long)id);
	CU_ASSERT_STRING_EQUAL(b.after, want);
	CU_ASSERT_STRING_EQUAL(b.before, under_valgrind() || under_tsan() ? want : "gothreads");
}

static void test_go_setname_renames_goroutine_and_its_thread(void)
{
	struct names n = { .setname = "worker" };
	start_named(&n, NULL);
	CU_ASSERT_STRING_EQUAL(n.name, "worker");
	char want[32];
	snprintf(want, sizeof want, "g%lld:worker", (long long)n.id);
	CU_ASSERT_STRING_EQUAL(n.thread, want);
}

static int after_exit_ran;   /* plain: only a broken go_exit would write it */

static void deep(int depth)
{
	if (depth < 0)
		return;
	if (depth == 0)
		go_exit();
	deep(depth - 1);
	after_exit_ran = 1;
}

static void exit_from_deep(void *arg)
{
	waitgroup *wg = arg;
	waitgroup_done(wg);
	deep(5);
	after_exit_ran = 1;
}

static void test_go_exit_ends_only_the_calling_goroutine(void)
{
	static waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, 10);
	for (int i = 0; i < 10; i++)
		go(exit_from_deep, &wg);
	waitgroup_wait(&wg);
	wait_alone();   /* every one of them has ended (and we have not) */
	CU_ASSERT_EQUAL(after_exit_ran, 0);
	CU_ASSERT_EQUAL(go_id(), 1);
}

static int send_tid_and_exit_tids[8];
static chan *send_tid_and_exit_done;

static void tid_then_exit(void *arg)
{
	send_tid_and_exit_tids[*(int *)arg] = gettid();
	chan_send(send_tid_and_exit_done, NULL);
	go_exit();
}

/* One pool thread: each goroutine go_exits, and the next runs on the same thread. */
CHILD(goexit_thread_is_reused)
{
	enum { N = 5 };
	send_tid_and_exit_done = chan_make(0, 0);
	for (int i = 0; i < N; i++)
		go_copy(tid_then_exit, &i, sizeof i);
	for (int i = 0; i < N; i++)
		chan_recv(send_tid_and_exit_done, NULL);
	int same = 1;
	for (int i = 1; i < N; i++)
		same &= send_tid_and_exit_tids[i] == send_tid_and_exit_tids[0];
	printf("ran %d, one thread %d, main's thread %d\n", N, same, send_tid_and_exit_tids[0] == gettid());
}

static void test_go_exit_frees_the_thread_for_the_next_goroutine(void)
{
	struct child_result r;
	run_child(&r, "goexit_thread_is_reused", 10, "GOTHREADS_MAXTHREADS=1", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "ran 5, one thread 1, main's thread 0\n");
}

static void wait_gate(void *arg)
{
	struct blocker *b = arg;
	chan_send(b->out, NULL);   /* started */
	chan_recv(b->in, NULL);    /* returns false once the gate is closed */
}

static void test_numgoroutine_counts_main_and_live_goroutines(void)
{
	enum { N = 20 };
	wait_alone();
	CU_ASSERT_EQUAL(go_numgoroutine(), 1);
	chan *gate = chan_make(0, 0), *started = chan_make(0, N);
	for (int i = 0; i < N; i++)
		go_copy(wait_gate, &(struct blocker){ gate, started }, sizeof(struct blocker));
	for (int i = 0; i < N; i++)
		chan_recv(started, NULL);
	CU_ASSERT_EQUAL(go_numgoroutine(), N + 1);
	chan_close(gate);
	wait_alone();
	CU_ASSERT_EQUAL(go_numgoroutine(), 1);
	chan_free(gate);
	chan_free(started);
}

static void block_forever(void *arg)
{
	(void)arg;
	chan_recv(NULL, NULL);
}

CHILD(main_returns_while_goroutines_block)
{
	for (int i = 0; i < 3; i++)
		go(block_forever, NULL);
	chan *c = make_chan(int, 0);
	go(block_forever, c);
	printf("main returns\n");
}

static void test_return_from_main_ends_program_with_blocked_goroutines(void)
{
	struct child_result r;
	run_child(&r, "main_returns_while_goroutines_block", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "main returns\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

struct goexit_pair {
	chan *c;
};

static void send_after_main_exits(void *arg)
{
	chan *c = arg;
	while (go_numgoroutine() != 2)   /* main and we and the receiver: wait for main to go */
		go_yield();
	printf("goroutine runs after main's go_exit\n");
	fflush(stdout);
	int v = 1;
	chan_send(c, &v);
}

static void recv_one(void *arg)
{
	int v;
	chan_recv(arg, &v);
}

CHILD(main_goexit_then_goroutines_finish)
{
	chan *c = make_chan(int, 0);
	go(send_after_main_exits, c);
	go(recv_one, c);
	go_exit();
}

/* Go: a program whose main calls runtime.Goexit runs its other goroutines
 * to the end, then dies "no goroutines (main called runtime.Goexit)". */
static void test_main_goexit_waits_for_goroutines_then_reports_deadlock(void)
{
	struct child_result r;
	run_child(&r, "main_goexit_then_goroutines_finish", 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_STRING_EQUAL(r.out, "goroutine runs after main's go_exit\n");
	ASSERT_PREFIX(r.err, "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n");
}

void register_suites(void)
{
	ADD_SUITE("goroutines",
	          TEST(test_go_returns_while_goroutine_is_blocked),
	          TEST(test_go_statement_happens_before_goroutine_starts),
	          TEST(test_go_copy_evaluates_argument_when_go_is_called),
	          TEST(test_go_copy_copies_arguments_of_every_size),
	          TEST(test_main_is_goroutine_1),
	          TEST(test_goroutine_ids_are_unique_and_increase),
	          TEST(test_go_named_names_goroutine_and_its_thread),
	          TEST(test_long_goroutine_name_is_cut_to_15_characters_for_the_kernel),
	          TEST(test_unnamed_goroutine_thread_is_named_by_id_once_it_blocks),
	          TEST(test_go_setname_renames_goroutine_and_its_thread),
	          TEST(test_go_exit_ends_only_the_calling_goroutine),
	          TEST(test_go_exit_frees_the_thread_for_the_next_goroutine),
	          TEST(test_numgoroutine_counts_main_and_live_goroutines),
	          TEST(test_return_from_main_ends_program_with_blocked_goroutines),
	          TEST(test_main_goexit_waits_for_goroutines_then_reports_deadlock));
}
/* SPDX-License-Identifier: BSD-3-Clause */
