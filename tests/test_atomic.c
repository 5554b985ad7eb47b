/*
 * sync/atomic: Go's typed atomics.  Tests named after the behaviour they
 * check; the ones ported from Go's sync/atomic/atomic_test.go name their
 * origin.  Data published through an atomic is plain memory, so helgrind,
 * DRD and ThreadSanitizer report a race if the atomic did not order it.
 */
#include "harness.h"

#include <stdio.h>

/* ---- suite "atomic" ------------------------------------------------------ */

/* The zero value is ready to use, as in Go: var x atomic.Int64. */
static void test_zero_value_atomics_load_zero(void)
{
	static atomic_int64 i64;
	static atomic_int32 i32;
	static atomic_uint64 u64;
	static atomic_boolean b;
	static atomic_pointer p;
	CU_ASSERT_EQUAL(atomic_int64_load(&i64), 0);
	CU_ASSERT_EQUAL(atomic_int32_load(&i32), 0);
	CU_ASSERT_EQUAL(atomic_uint64_load(&u64), 0);
	CU_ASSERT_FALSE(atomic_boolean_load(&b));
	CU_ASSERT_PTR_NULL(atomic_pointer_load(&p));
	atomic_int64 init = ATOMIC_INIT(42);
	CU_ASSERT_EQUAL(atomic_int64_load(&init), 42);
}

/* atomic_test.go TestAddInt64: Add returns the new value. */
static void test_add_returns_the_new_value(void)
{
	atomic_int64 x = ATOMIC_INIT(0);
	int64_t j = 0;
	for (int64_t delta = 1; delta + delta > delta; delta += delta) {
		int64_t k = atomic_int64_add(&x, delta);
		j += delta;
		CU_ASSERT_EQUAL(k, j);
		if (k != j)
			break;
	}
	CU_ASSERT_EQUAL(atomic_int64_load(&x), j);
	atomic_int32 y = ATOMIC_INIT(5);
	CU_ASSERT_EQUAL(atomic_int32_add(&y, -7), -2);
	/* Uint64: subtract c by adding ^(c-1), as Go's documentation says. */
	atomic_uint64 u = ATOMIC_INIT(10);
	CU_ASSERT_EQUAL(atomic_uint64_add(&u, ~(uint64_t)(3 - 1)), 7);
	CU_ASSERT_EQUAL(atomic_uint64_add(&u, ~(uint64_t)0), 6);
}

/* atomic_test.go TestSwapInt64: Swap stores and returns the old value. */
static void test_swap_returns_the_old_value(void)
{
	atomic_int64 x = ATOMIC_INIT(0);
	int64_t j = 0;
	for (int64_t delta = 1; delta + delta > delta; delta += delta) {
		int64_t k = atomic_int64_swap(&x, delta);
		CU_ASSERT_EQUAL(k, j);
		j = delta;
	}
	CU_ASSERT_EQUAL(atomic_int64_load(&x), j);
	atomic_boolean b = ATOMIC_INIT(false);
	CU_ASSERT_FALSE(atomic_boolean_swap(&b, true));
	CU_ASSERT_TRUE(atomic_boolean_swap(&b, true));
	CU_ASSERT_TRUE(atomic_boolean_load(&b));
}

/* atomic_test.go TestCompareAndSwapInt64: swaps only when old matches. */
static void test_compare_and_swap_swaps_only_when_old_matches(void)
{
	atomic_int64 x = ATOMIC_INIT(0);
	for (int64_t val = 1; val + val > val; val += val) {
		atomic_int64_store(&x, val);
		CU_ASSERT_TRUE(atomic_int64_cas(&x, val, val + 1));
		CU_ASSERT_EQUAL(atomic_int64_load(&x), val + 1);
		CU_ASSERT_FALSE(atomic_int64_cas(&x, val, val + 2));
		CU_ASSERT_EQUAL(atomic_int64_load(&x), val + 1);
	}
	atomic_boolean b = ATOMIC_INIT(false);
	CU_ASSERT_FALSE(atomic_boolean_cas(&b, true, false));
	CU_ASSERT_TRUE(atomic_boolean_cas(&b, false, true));
	CU_ASSERT_TRUE(atomic_boolean_load(&b));
	int a1, a2;
	atomic_pointer p = ATOMIC_INIT(&a1);
	CU_ASSERT_FALSE(atomic_pointer_cas(&p, &a2, NULL));
	CU_ASSERT_TRUE(atomic_pointer_cas(&p, &a1, &a2));
	CU_ASSERT_PTR_EQUAL(atomic_pointer_load(&p), &a2);
}

/*
 * How many loads a waiting side spins between yields: under valgrind only
 * one thread runs at a time, and each load is a client request (the
 * annotations), so there it yields at once.
 */
static int spinyield(void)
{
	return under_valgrind() ? 1 : 1000;
}

/* atomic_test.go's hammer tests: concurrent Adds lose no update. */
struct hammer {
	atomic_int64 n;
	atomic_uint64 casn;   /* incremented by CompareAndSwap loops */
	long iters;
	waitgroup wg;
};

static void hammer_add_and_cas(void *arg)
{
	struct hammer *h = arg;
	for (long i = 0; i < h->iters; i++) {
		atomic_int64_add(&h->n, 1);
		uint64_t v;
		do
			v = atomic_uint64_load(&h->casn);
		while (!atomic_uint64_cas(&h->casn, v, v + 1));
	}
	waitgroup_done(&h->wg);
}

static void test_concurrent_add_and_compare_and_swap_lose_no_update(void)
{
	enum { G = 8 };
	static struct hammer h = { .wg = WAITGROUP_INIT };
	h.iters = scaled(20000);
	waitgroup_add(&h.wg, G);
	for (int i = 0; i < G; i++)
		go(hammer_add_and_cas, &h);
	waitgroup_wait(&h.wg);
	CU_ASSERT_EQUAL(atomic_int64_load(&h.n), G * h.iters);
	CU_ASSERT_EQUAL(atomic_uint64_load(&h.casn), (uint64_t)(G * h.iters));
}

/*
 * atomic_test.go TestStoreLoadSeqCst64 (Dekker): each goroutine stores
 * its own X then loads the other's.  Under sequential consistency at
 * least one of them sees the other's store of round i.
 */
struct dekker {
	atomic_int64 x[2];
	atomic_int64 ack[2][3];
	long n;
	atomic_int64 errors;
	chan *done;
};

static struct dekker dk;

static void dekker_side(void *arg)
{
	int me = (int)(intptr_t)arg, he = 1 - me;
	for (int64_t i = 1; i < dk.n; i++) {
		atomic_int64_store(&dk.x[me], i);
		int64_t my = atomic_int64_load(&dk.x[he]);
		atomic_int64_store(&dk.ack[me][i % 3], my);
		for (int w = 1; atomic_int64_load(&dk.ack[he][i % 3]) == -1; w++)
			if (w % spinyield() == 0)
				go_yield();
		int64_t his = atomic_int64_load(&dk.ack[he][i % 3]);
		if ((my != i && my != i - 1) || (his != i && his != i - 1)) {
			fprintf(stderr, "invalid values: %lld/%lld (%lld)\n", (long long)my, (long long)his, (long long)i);
			atomic_int64_add(&dk.errors, 1);
			break;
		}
		if (my != i && his != i) {
			fprintf(stderr, "store/load are not sequentially consistent: %lld/%lld (%lld)\n",
			        (long long)my, (long long)his, (long long)i);
			atomic_int64_add(&dk.errors, 1);
			break;
		}
		atomic_int64_store(&dk.ack[me][(i - 1) % 3], -1);
	}
	chan_send(dk.done, &(bool){ true });
}

static void test_store_and_load_are_sequentially_consistent(void)
{
	dk.n = scaled(10000) > 200 ? scaled(10000) : 200;
	for (int p = 0; p < 2; p++) {
		atomic_int64_store(&dk.x[p], 0);
		for (int k = 0; k < 3; k++)
			atomic_int64_store(&dk.ack[p][k], -1);
	}
	atomic_int64_store(&dk.errors, 0);
	dk.done = make_chan(bool, 2);
	go(dekker_side, (void *)(intptr_t)0);
	go(dekker_side, (void *)(intptr_t)1);
	chan_recv(dk.done, NULL);
	chan_recv(dk.done, NULL);
	CU_ASSERT_EQUAL(atomic_int64_load(&dk.errors), 0);
	chan_free(dk.done);
}

/*
 * atomic_test.go TestStoreLoadRelAcq64: plain data written before a
 * Store is seen by whoever Loads the stored value.  The two goroutines
 * take turns publishing round i through signal.
 */
struct relacq {
	atomic_int64 signal;
	long data1;     /* plain: signal orders it */
	double data2;   /* plain */
	long n;
	atomic_int64 errors;
	chan *done;
};

static struct relacq ra;

static void relacq_side(void *arg)
{
	long p = (long)(intptr_t)arg;
	for (long i = 1; i < ra.n; i++) {
		if ((i + p) % 2 == 0) {
			ra.data1 = i;
			ra.data2 = (double)i;
			atomic_int64_store(&ra.signal, i);
		} else {
			for (int w = 1; atomic_int64_load(&ra.signal) != i; w++)
				if (w % spinyield() == 0)
					go_yield();
			long d1 = ra.data1;
			double d2 = ra.data2;
			if (d1 != i || d2 != (double)i) {
				fprintf(stderr, "incorrect data: %ld/%g (%ld)\n", d1, d2, i);
				atomic_int64_add(&ra.errors, 1);
				break;
			}
		}
	}
	chan_send(ra.done, &(bool){ true });
}

static void test_store_publishes_plain_data_to_the_load_that_sees_it(void)
{
	ra.n = scaled(10000) > 200 ? scaled(10000) : 200;
	atomic_int64_store(&ra.signal, 0);
	atomic_int64_store(&ra.errors, 0);
	ra.done = make_chan(bool, 2);
	go(relacq_side, (void *)(intptr_t)0);
	go(relacq_side, (void *)(intptr_t)1);
	chan_recv(ra.done, NULL);
	chan_recv(ra.done, NULL);
	CU_ASSERT_EQUAL(atomic_int64_load(&ra.errors), 0);
	chan_free(ra.done);
}

/* atomic.Pointer: a struct built in plain memory, published by Store. */
struct config {
	int version;
	char name[16];
};

static atomic_pointer current;
static atomic_boolean reader_saw_it;

static void read_config(void *arg)
{
	chan *done = arg;
	struct config *c;
	while ((c = atomic_pointer_load(&current)) == NULL)
		go_yield();
	atomic_boolean_store(&reader_saw_it, c->version == 7 && strcmp(c->name, "seven") == 0);
	chan_send(done, &(char){ 0 });
}

static void test_pointer_store_publishes_the_struct_it_points_to(void)
{
	static struct config cfg;
	chan *done = make_chan(char, 0);
	go(read_config, done);
	cfg.version = 7;
	strcpy(cfg.name, "seven");
	atomic_pointer_store(&current, &cfg);
	chan_recv(done, NULL);
	CU_ASSERT_TRUE(atomic_boolean_load(&reader_saw_it));
	chan_free(done);
}

void register_suites(void)
{
	ADD_SUITE("atomic",
	          TEST(test_zero_value_atomics_load_zero),
	          TEST(test_add_returns_the_new_value),
	          TEST(test_swap_returns_the_old_value),
	          TEST(test_compare_and_swap_swaps_only_when_old_matches),
	          TEST(test_concurrent_add_and_compare_and_swap_lose_no_update),
	          TEST(test_store_and_load_are_sequentially_consistent),
	          TEST(test_store_publishes_plain_data_to_the_load_that_sees_it),
	          TEST(test_pointer_store_publishes_the_struct_it_points_to));
}
/* SPDX-License-Identifier: BSD-3-Clause */
