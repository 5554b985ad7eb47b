/*
 * bench: gothreads against the bare-pthread code it is built from, and Go.
 *
 *   bench [-q] [-r RUNS] [-t ROW] [-x ours|base] [-g GOBENCH] [-o TSV]
 *
 * Every gothreads figure is timed in the same run as a baseline written
 * directly on pthreads (a mutex and condvars, as a student would write
 * it), the two interleaved run by run so that both see the same noise.
 * We print the median of RUNS runs of each, their ratio, and Go's median
 * for the same work when GOBENCH (bench/bench.go, built) is given.  The
 * Go program is started by this one, so `taskset -c 0 bench` pins it too.
 *
 * All times are nanoseconds per operation, lower is better; the ratio is
 * gothreads / baseline.  Beside each row, the context switches per
 * operation of each side (voluntary and involuntary, from getrusage):
 * a hand-off that costs more switches than its baseline shows it there.
 * -q runs tiny counts once (for CI: it checks that the benchmark still
 * builds and runs, not how fast anything is).
 *
 * Memory, the 10,000-goroutine chain and the burst of 10,000 blocking
 * goroutines run in a fresh process each (bench --mem K, --chain N,
 * --burst N), so that threads left in the pool by the other benchmarks
 * do not count.
 */
#define _GNU_SOURCE
#include "gothreads.h"
#include "runtime.h"   /* sizeof(struct hchan), for the make+free baseline */

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int runs = 5;
static const char *only;  /* -t: run only the rows whose names start so */
static int side = 3;      /* -x ours|base: run one side only (for perf, strace) */
static long scale = 1;   /* counts are divided by this under -q */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n);
	if (p == NULL) {
		perror("bench");
		exit(1);
	}
	return p;
}

static pthread_t spawn(void *(*fn)(void *), void *arg)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, fn, arg);
	if (err) {
		fprintf(stderr, "bench: pthread_create: %s\n", strerror(err));
		exit(1);
	}
	return t;
}

/* ---- unbuffered ping-pong ------------------------------------------------ */

struct pingpong {
	chan *ping, *pong;
	long n;
	waitgroup wg;
};

static void echo(void *arg)
{
	struct pingpong *p = arg;
	long v;
	for (long i = 0; i < p->n; i++) {
		chan_recv(p->ping, &v);
		chan_send(p->pong, &v);
	}
	waitgroup_done(&p->wg);
}

static double go_pingpong(long n)
{
	struct pingpong p = { make_chan(long, 0), make_chan(long, 0), n, WAITGROUP_INIT };
	waitgroup_add(&p.wg, 1);
	go(echo, &p);
	double t0 = now();
	for (long i = 0; i < n; i++) {
		chan_send(p.ping, &i);
		chan_recv(p.pong, &i);
	}
	double t = now() - t0;
	waitgroup_wait(&p.wg);
	chan_free(p.ping);
	chan_free(p.pong);
	return t / n;
}

/* The bare version: one mutex, one condvar per direction, a turn flag. */
struct barepp {
	pthread_mutex_t m;
	pthread_cond_t cond[2];
	int turn;   /* 1: the echo thread's turn, 0: main's */
	long n;
};

static void *bare_echo(void *arg)
{
	struct barepp *p = arg;
	for (long i = 0; i < p->n; i++) {
		pthread_mutex_lock(&p->m);
		while (p->turn != 1)
			pthread_cond_wait(&p->cond[1], &p->m);
		p->turn = 0;
		pthread_cond_signal(&p->cond[0]);
		pthread_mutex_unlock(&p->m);
	}
	return NULL;
}

static double bare_pingpong(long n)
{
	struct barepp p = { PTHREAD_MUTEX_INITIALIZER,
	                    { PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER }, 0, n };
	pthread_t th = spawn(bare_echo, &p);
	double t0 = now();
	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&p.m);
		p.turn = 1;
		pthread_cond_signal(&p.cond[1]);
		while (p.turn != 0)
			pthread_cond_wait(&p.cond[0], &p.m);
		pthread_mutex_unlock(&p.m);
	}
	double t = now() - t0;
	pthread_join(th, NULL);
	return t / n;
}

/*
 * What a careful pthreads programmer writes instead: the turn is handed
 * over under the mutex, but the condvar is signalled after unlocking, so
 * the woken thread never wakes only to wait for the mutex its waker still
 * holds (helgrind calls such a signal "dubious"; it is correct).  With
 * spin set, a thread whose turn it is not yet first watches the flag for
 * up to 10 us, as gothreads' semsleep does, and only then sleeps: the
 * same trade gothreads makes, and like gothreads only when another CPU
 * can run the partner meanwhile (bare_spin_ns is 0 on one CPU).
 */
static int64_t bare_spin_ns;   /* set in main: 10 us if more than one CPU is allowed */

struct turnpp {
	pthread_mutex_t m;
	pthread_cond_t cond[2];
	atomic_int turn;   /* whose turn: 1 the echo thread's, 0 main's; written under m */
	int64_t spin;      /* ns to watch turn before sleeping, 0: do not */
	long n;
};

static void turn_wait(struct turnpp *p, int me)
{
	if (p->spin > 0) {
		double deadline = now() + p->spin;
		while (atomic_load_explicit(&p->turn, memory_order_acquire) != me && now() < deadline)
			for (int i = 0; i < 20; i++)
				cpu_relax();
	}
	pthread_mutex_lock(&p->m);
	while (atomic_load_explicit(&p->turn, memory_order_relaxed) != me)
		pthread_cond_wait(&p->cond[me], &p->m);
	pthread_mutex_unlock(&p->m);
}

static void turn_give(struct turnpp *p, int to)
{
	pthread_mutex_lock(&p->m);
	atomic_store_explicit(&p->turn, to, memory_order_release);
	pthread_mutex_unlock(&p->m);
	pthread_cond_signal(&p->cond[to]);   /* after unlocking; no system call if nobody sleeps */
}

static void *turn_echo(void *arg)
{
	struct turnpp *p = arg;
	for (long i = 0; i < p->n; i++) {
		turn_wait(p, 1);
		turn_give(p, 0);
	}
	return NULL;
}

static double turn_pingpong(long n, int64_t spin)
{
	struct turnpp p = { PTHREAD_MUTEX_INITIALIZER,
	                    { PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER }, 0, spin, n };
	pthread_t th = spawn(turn_echo, &p);
	double t0 = now();
	for (long i = 0; i < n; i++) {
		turn_give(&p, 1);
		turn_wait(&p, 0);
	}
	double t = now() - t0;
	pthread_join(th, NULL);
	return t / n;
}

static double bare_pingpong_unlocked(long n) { return turn_pingpong(n, 0); }
static double bare_pingpong_spin(long n) { return turn_pingpong(n, bare_spin_ns); }

/* ---- buffered producer/consumer ------------------------------------------ */

static long bufcap = 100;   /* the capacity being measured */
static int nproducers = 1;

struct prodcons {
	chan *c;
	long n;   /* per producer */
	waitgroup wg;
};

static void producer(void *arg)
{
	struct prodcons *p = arg;
	for (long i = 0; i < p->n; i++)
		chan_send(p->c, &i);
	waitgroup_done(&p->wg);
}

static double go_buffered(long n)
{
	struct prodcons p = { make_chan(long, bufcap), n / nproducers, WAITGROUP_INIT };
	long total = p.n * nproducers, v;
	waitgroup_add(&p.wg, nproducers);
	double t0 = now();
	for (int i = 0; i < nproducers; i++)
		go(producer, &p);
	for (long i = 0; i < total; i++)
		chan_recv(p.c, &v);
	double t = now() - t0;
	waitgroup_wait(&p.wg);
	chan_free(p.c);
	return t / total;
}

/* The bare version: the textbook bounded buffer (OSTEP's pc.c). */
struct ring {
	pthread_mutex_t m;
	pthread_cond_t notfull, notempty;
	long *buf;
	long cap, head, count;
	long n;   /* per producer */
};

static void *bare_producer(void *arg)
{
	struct ring *r = arg;
	for (long i = 0; i < r->n; i++) {
		pthread_mutex_lock(&r->m);
		while (r->count == r->cap)
			pthread_cond_wait(&r->notfull, &r->m);
		r->buf[(r->head + r->count) % r->cap] = i;
		r->count++;
		pthread_cond_signal(&r->notempty);
		pthread_mutex_unlock(&r->m);
	}
	return NULL;
}

static double bare_buffered(long n)
{
	struct ring r = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	                  PTHREAD_COND_INITIALIZER, xmalloc(bufcap * sizeof(long)),
	                  bufcap, 0, 0, n / nproducers };
	long total = r.n * nproducers;
	pthread_t t[16];
	double t0 = now();
	for (int i = 0; i < nproducers; i++)
		t[i] = spawn(bare_producer, &r);
	for (long i = 0; i < total; i++) {
		pthread_mutex_lock(&r.m);
		while (r.count == 0)
			pthread_cond_wait(&r.notempty, &r.m);
		r.head = (r.head + 1) % r.cap;
		r.count--;
		pthread_cond_signal(&r.notfull);
		pthread_mutex_unlock(&r.m);
	}
	double t1 = now() - t0;
	for (int i = 0; i < nproducers; i++)
		pthread_join(t[i], NULL);
	free(r.buf);
	return t1 / total;
}

/* ---- go + WaitGroup ------------------------------------------------------ */

static void done(void *arg)
{
	waitgroup_done(arg);
}

static double go_spawn(long n)
{
	waitgroup wg = WAITGROUP_INIT;
	waitgroup_add(&wg, n);
	double t0 = now();
	for (long i = 0; i < n; i++)
		go(done, &wg);
	waitgroup_wait(&wg);
	return (now() - t0) / n;
}

static void *nothing(void *arg)
{
	return arg;
}

static double bare_create_join(long n)
{
	double t0 = now();
	for (long i = 0; i < n; i++)
		pthread_join(spawn(nothing, NULL), NULL);
	return (now() - t0) / n;
}

/*
 * The bare task queue: two worker threads made in advance take tasks
 * from an array under one mutex; the last task done wakes main.  This is
 * the least a pool must do per task.
 */
struct taskq {
	pthread_mutex_t m;
	pthread_cond_t work, alldone;
	void (**task)(struct taskq *);
	long head, tail, left;
	bool quit;
};

static void taskq_done(struct taskq *q)
{
	pthread_mutex_lock(&q->m);
	if (--q->left == 0)
		pthread_cond_signal(&q->alldone);
	pthread_mutex_unlock(&q->m);
}

static void *taskq_worker(void *arg)
{
	struct taskq *q = arg;
	pthread_mutex_lock(&q->m);
	for (;;) {
		while (q->head == q->tail && !q->quit)
			pthread_cond_wait(&q->work, &q->m);
		if (q->head == q->tail)
			break;
		void (*fn)(struct taskq *) = q->task[q->head++];
		pthread_mutex_unlock(&q->m);
		fn(q);
		pthread_mutex_lock(&q->m);
	}
	pthread_mutex_unlock(&q->m);
	return NULL;
}

static double bare_taskq(long n)
{
	struct taskq q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	                   PTHREAD_COND_INITIALIZER, xmalloc(n * sizeof *q.task), 0, 0, n, false };
	pthread_t w[2] = { spawn(taskq_worker, &q), spawn(taskq_worker, &q) };
	double t0 = now();
	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&q.m);
		q.task[q.tail++] = taskq_done;
		pthread_cond_signal(&q.work);
		pthread_mutex_unlock(&q.m);
	}
	pthread_mutex_lock(&q.m);
	while (q.left > 0)
		pthread_cond_wait(&q.alldone, &q.m);
	double t = now() - t0;
	q.quit = true;
	pthread_cond_broadcast(&q.work);
	pthread_mutex_unlock(&q.m);
	pthread_join(w[0], NULL);
	pthread_join(w[1], NULL);
	free(q.task);
	return t / n;
}

/* ---- select -------------------------------------------------------------- */

#define BATCH 1000

/*
 * Two buffered channels, both full: time only the draining, by a 2-case
 * select (sel) or by plain receives from each in turn.
 */
static double drain_ready(long n, bool sel)
{
	chan *a = make_chan(long, BATCH), *b = make_chan(long, BATCH);
	long v = 0;
	n = n < 2 * BATCH ? 2 * BATCH : n;
	double t = 0;
	for (long done = 0; done < n; done += 2 * BATCH) {
		for (int i = 0; i < BATCH; i++) {
			chan_send(a, &v);
			chan_send(b, &v);
		}
		double t0 = now();
		for (int i = 0; i < 2 * BATCH; i++) {
			if (sel)
				SELECT(NULL, recv_case(a, &v), recv_case(b, &v));
			else
				chan_recv(i & 1 ? b : a, &v);
		}
		t += now() - t0;
	}
	chan_free(a);
	chan_free(b);
	return t / (n / (2 * BATCH) * 2 * BATCH);
}

static double go_select_ready(long n) { return drain_ready(n, true); }
static double go_recv_ready(long n) { return drain_ready(n, false); }

/*
 * The floor under the select row: issue 3's select locks every channel it
 * names, so a two-case select takes two mutexes where a receive takes
 * one.  These time just that, on bare pthreads: take a value from one of
 * two queues holding both queues' mutexes, against holding only its own.
 */
struct lockedq {
	pthread_mutex_t m;
	long v[BATCH];
	int n;
};

static double bare_take(long n, int nlocks)
{
	volatile long sink = 0;   /* what is taken, so the loop is not optimised away */
	static struct lockedq q[2] = { { .m = PTHREAD_MUTEX_INITIALIZER },
	                               { .m = PTHREAD_MUTEX_INITIALIZER } };
	n = n < 2 * BATCH ? 2 * BATCH : n;
	double t = 0;
	for (long done = 0; done < n; done += 2 * BATCH) {
		q[0].n = q[1].n = BATCH;
		double t0 = now();
		for (int i = 0; i < 2 * BATCH; i++) {
			struct lockedq *from = &q[i & 1], *other = &q[!(i & 1)];
			if (nlocks == 2)
				pthread_mutex_lock(&q[0].m);   /* in address order */
			pthread_mutex_lock(nlocks == 2 ? &q[1].m : &from->m);
			sink += from->v[--from->n];
			pthread_mutex_unlock(&from->m);
			if (nlocks == 2)
				pthread_mutex_unlock(&other->m);
		}
		t += now() - t0;
	}
	(void)sink;
	return t / (n / (2 * BATCH) * 2 * BATCH);
}

static double bare_take2(long n) { return bare_take(n, 2); }
static double bare_take1(long n) { return bare_take(n, 1); }

/* Two producers on unbuffered channels of their own, one consumer selecting. */
static double go_select_2p(long n)
{
	struct prodcons pa = { make_chan(long, 0), n / 2, WAITGROUP_INIT };
	struct prodcons pb = { make_chan(long, 0), n / 2, WAITGROUP_INIT };
	long v;
	waitgroup_add(&pa.wg, 1);
	waitgroup_add(&pb.wg, 1);
	double t0 = now();
	go(producer, &pa);
	go(producer, &pb);
	for (long i = 0; i < 2 * (n / 2); i++)
		SELECT(NULL, recv_case(pa.c, &v), recv_case(pb.c, &v));
	double t = now() - t0;
	waitgroup_wait(&pa.wg);
	waitgroup_wait(&pb.wg);
	chan_free(pa.c);
	chan_free(pb.c);
	return t / (2 * (n / 2));
}

/* The same two producers sending on one unbuffered channel, plain receive. */
static double go_recv_2p(long n)
{
	struct prodcons p = { make_chan(long, 0), n / 2, WAITGROUP_INIT };
	long v;
	waitgroup_add(&p.wg, 2);
	double t0 = now();
	go(producer, &p);
	go(producer, &p);
	for (long i = 0; i < 2 * (n / 2); i++)
		chan_recv(p.c, &v);
	double t = now() - t0;
	waitgroup_wait(&p.wg);
	chan_free(p.c);
	return t / (2 * (n / 2));
}

/* ---- contended mutex ----------------------------------------------------- */

struct counter {
	mutex mu;
	pthread_mutex_t m;
	long n, count;
	waitgroup wg;
};

static void mutex_adder(void *arg)
{
	struct counter *c = arg;
	for (long i = 0; i < c->n; i++) {
		mutex_lock(&c->mu);
		c->count++;
		mutex_unlock(&c->mu);
	}
	waitgroup_done(&c->wg);
}

static double go_mutex(long n)
{
	struct counter c = { MUTEX_INIT, PTHREAD_MUTEX_INITIALIZER, n, 0, WAITGROUP_INIT };
	waitgroup_add(&c.wg, 2);
	double t0 = now();
	go(mutex_adder, &c);
	go(mutex_adder, &c);
	waitgroup_wait(&c.wg);
	return (now() - t0) / (2 * n);
}

static void *bare_locker(void *arg)
{
	struct counter *c = arg;
	for (long i = 0; i < c->n; i++) {
		pthread_mutex_lock(&c->m);
		c->count++;
		pthread_mutex_unlock(&c->m);
	}
	return NULL;
}

static double bare_mutex(long n)
{
	struct counter c = { MUTEX_INIT, PTHREAD_MUTEX_INITIALIZER, n, 0, WAITGROUP_INIT };
	double t0 = now();
	pthread_t a = spawn(bare_locker, &c), b = spawn(bare_locker, &c);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return (now() - t0) / (2 * n);
}

/* ---- make and free ------------------------------------------------------- */

static double go_chanmake(long n)
{
	double t0 = now();
	for (long i = 0; i < n; i++)
		chan_free(make_chan(long, 0));
	return (now() - t0) / n;
}

/* calloc, a mutex, free: what any channel must cost at least. */
static double bare_chanmake(long n)
{
	double t0 = now();
	for (long i = 0; i < n; i++) {
		struct hchan *volatile c = xmalloc(sizeof *c);
		pthread_mutex_init(&c->lock, NULL);
		pthread_mutex_destroy(&c->lock);
		free(c);
	}
	return (now() - t0) / n;
}

/*
 * What a pool thread pays each time it starts a goroutine: renaming
 * itself after it (pthread_setname_np, a prctl system call), so that gdb
 * and top -H show the goroutine.  Against the cheapest system call.
 */
static double bare_setname(long n)
{
	char name[16];
	double t0 = now();
	for (long i = 0; i < n; i++) {
		snprintf(name, sizeof name, "g%ld", i % 1000000);
		pthread_setname_np(pthread_self(), name);
	}
	double t = (now() - t0) / n;
	pthread_setname_np(pthread_self(), "bench");
	return t;
}

static double bare_getppid(long n)
{
	double t0 = now();
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return (now() - t0) / n;
}

/* ---- running, medians, Go's figures --------------------------------------- */

static int cmpdouble(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof *v, cmpdouble);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Go's figures, read from the Go program's "name value" lines. */
static struct gofig {
	char name[32];
	double v;
} gofigs[64];
static int ngofigs;

static void readgo(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	if (f == NULL)
		return;
	char name[32];
	double v;
	while (ngofigs < 64 && fscanf(f, "%31s %lf", name, &v) == 2) {
		snprintf(gofigs[ngofigs].name, sizeof gofigs[ngofigs].name, "%s", name);
		gofigs[ngofigs++].v = v;
	}
	if (pclose(f) != 0)
		fprintf(stderr, "bench: %s failed\n", cmd);
}

static double gofig(const char *name)
{
	for (int i = 0; i < ngofigs; i++)
		if (strcmp(gofigs[i].name, name) == 0)
			return gofigs[i].v;
	return -1;
}

static FILE *tsv;

/*
 * The baselines run under the normal scheduling policy, as a plain
 * pthreads program does: gothreads makes the threads that run goroutines,
 * main among them, SCHED_BATCH (the wake-up rule, lib/park.c), and
 * threads inherit their maker's policy.  So the calling thread switches
 * to SCHED_OTHER for a baseline, and back for gothreads.
 */
static int ourpolicy = -1;   /* main's policy, as gothreads left it */

static void baseline_policy(bool base)
{
	struct sched_param p = { 0 };
	if (ourpolicy < 0)
		ourpolicy = sched_getscheduler(0);   /* with SCHED_RESET_ON_FORK, if set */
	sched_setscheduler(0, base ? SCHED_OTHER : ourpolicy, &p);
}

/* Context switches of the whole process so far, voluntary and not. */
static long csw(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_nvcsw + ru.ru_nivcsw;
}

/* cs < 0: not measured (printed "-"). */
static void row(const char *name, const char *what, double ours, const char *basename,
                double base, const char *target, double csours, double csbase)
{
	double g = gofig(name);
	char gs[32] = "-", cs[2][16] = { "-", "-" };
	if (g >= 0)
		snprintf(gs, sizeof gs, "%.0f", g);
	if (csours >= 0)
		snprintf(cs[0], sizeof cs[0], "%.2f", csours);
	if (csbase >= 0)
		snprintf(cs[1], sizeof cs[1], "%.2f", csbase);
	printf("%-14s %-38s %9.0f %9.0f %7.2fx  %-7s %7s %6s %6s  vs %s\n",
	       name, what, ours, base, ours / base, target, gs, cs[0], cs[1], basename);
	if (tsv)
		fprintf(tsv, "%s\t%.1f\t%.1f\t%.3f\t%s\t%s\t%s\n", name, ours, base, ours / base,
		        gs, cs[0], cs[1]);
	fflush(stdout);
}

/*
 * Times ours and the baseline alternately, runs times each, and prints a
 * row: the median time of each, and the median context switches per
 * operation of each (the whole process's, so pool threads count).
 */
static void compare(const char *name, const char *what, double (*ours)(long),
                    const char *basename, double (*base)(long), long n, const char *target)
{
	double a[64], b[64], ca[64], cb[64];
	if (only && strcmp(name, only) != 0)
		return;
	n = n / scale > 2 ? n / scale : 2;
	for (int r = 0; r < runs; r++) {
		long c0 = csw();
		a[r] = side & 1 ? ours(n) : 1;
		long c1 = csw();
		baseline_policy(true);
		b[r] = side & 2 ? base(n) : 1;
		baseline_policy(false);
		ca[r] = (double)(c1 - c0) / n;
		cb[r] = (double)(csw() - c1) / n;
	}
	row(name, what, median(a, runs), basename, median(b, runs), target,
	    median(ca, runs), median(cb, runs));
}

/* ---- memory and the chain, each in a fresh process ------------------------ */

/* A field of /proc/self/status, in bytes. */
static long status(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	size_t len = strlen(field);
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, field, len) == 0 && line[len] == ':')
			kb = atol(line + len + 1);
	if (f)
		fclose(f);
	return kb * 1024;
}

struct blocker {
	chan *c;
	waitgroup started;
};

static void block_on(void *arg)
{
	struct blocker *b = arg;
	waitgroup_done(&b->started);
	chan_recv(b->c, NULL);
}

static void block_k(struct blocker *b, long k)
{
	waitgroup_add(&b->started, k);
	for (long i = 0; i < k; i++)
		go(block_on, b);
	waitgroup_wait(&b->started);
	time_sleep(20 * Millisecond);   /* let each reach chan_recv */
}

static void release_all(struct blocker *b)
{
	chan_close(b->c);
	while (go_numgoroutine() > 1)
		time_sleep(Millisecond);
	time_sleep(20 * Millisecond);   /* let each thread reach the idle list */
	chan_free(b->c);
	b->c = make_chan(char, 0);
}

/*
 * bench --mem k: what one more thread costs, blocked and then idle.
 * First k goroutines block and finish, so the pool holds k idle threads
 * and the process's fixed costs (glibc's malloc arenas: up to 8 per CPU,
 * 64 MiB of address space each, made as threads first free memory) are
 * paid.  Then 2k goroutines block at once, needing k threads more, and
 * finish.  Each figure is the growth over the first state, divided by k.
 */
static void memmode(long k)
{
	struct blocker b = { make_chan(char, 0), WAITGROUP_INIT };
	block_k(&b, k);
	release_all(&b);
	long rss0 = status("VmRSS"), vsz0 = status("VmSize");
	block_k(&b, 2 * k);
	printf("blocked_rss %ld\nblocked_vsz %ld\n",
	       (status("VmRSS") - rss0) / k, (status("VmSize") - vsz0) / k);
	release_all(&b);
	printf("idle_rss %ld\nidle_vsz %ld\n",
	       (status("VmRSS") - rss0) / k, (status("VmSize") - vsz0) / k);
	chan_free(b.c);
}

/* Go's test/chan/goroutines.go: a chain of n goroutines passing one value. */
struct link {
	chan *left, *right;
};

static void passon(void *arg)
{
	struct link *l = arg;
	long v;
	chan_recv(l->right, &v);
	v++;
	chan_send(l->left, &v);
}

static void send1(void *arg)
{
	long v = 1;
	chan_send(arg, &v);
}

static void chainmode(long n)
{
	double t0 = now();
	chan *leftmost = make_chan(long, 0), *left = leftmost, *right = leftmost;
	struct link *links = xmalloc(n * sizeof *links);
	for (long i = 0; i < n; i++) {
		right = make_chan(long, 0);
		links[i] = (struct link){ left, right };
		go(passon, &links[i]);
		left = right;
	}
	go(send1, right);
	long v;
	chan_recv(leftmost, &v);
	double t = now() - t0;
	if (v != n + 1)
		fprintf(stderr, "bench: chain passed %ld, want %ld\n", v, n + 1);
	printf("chain_ms %.1f\nchain_peak_rss %ld\nchain_peak_vsz %ld\n",
	       t / 1e6, status("VmHWM"), status("VmPeak"));
}

/*
 * bench --burst n: n goroutines started at once, each of which blocks
 * (on a channel receive) and so needs a thread of its own.  Timed from
 * the first go() until every one of them is running (has checked in),
 * first with an empty pool (cold: every thread is made), then again with
 * the n threads the first burst left idle (warm).  The baseline is the
 * plain pthread_create loop: n threads, made with the pool's stack size,
 * each checking in and then waiting on a condvar.  Each is released and
 * ended between bursts, untimed.
 */
struct createburst {
	pthread_mutex_t m;
	pthread_cond_t allin, release;
	long in, n;
	bool released;
};

static void *burst_thread(void *arg)
{
	struct createburst *b = arg;
	pthread_mutex_lock(&b->m);
	if (++b->in == b->n)
		pthread_cond_signal(&b->allin);
	while (!b->released)
		pthread_cond_wait(&b->release, &b->m);
	pthread_mutex_unlock(&b->m);
	return NULL;
}

static double create_burst(long n, size_t stack)
{
	struct createburst b = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	                         PTHREAD_COND_INITIALIZER, 0, n, false };
	pthread_t *t = xmalloc(n * sizeof *t);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, stack);
	double t0 = now();
	for (long i = 0; i < n; i++) {
		int err = pthread_create(&t[i], &attr, burst_thread, &b);
		if (err) {
			fprintf(stderr, "bench: pthread_create: %s\n", strerror(err));
			exit(1);
		}
	}
	pthread_mutex_lock(&b.m);
	while (b.in < n)
		pthread_cond_wait(&b.allin, &b.m);
	double dt = now() - t0;
	b.released = true;
	pthread_cond_broadcast(&b.release);
	pthread_mutex_unlock(&b.m);
	for (long i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	pthread_attr_destroy(&attr);
	free(t);
	return dt;
}

static double go_burst(struct blocker *b, long n)
{
	waitgroup_add(&b->started, n);
	double t0 = now();
	for (long i = 0; i < n; i++)
		go(block_on, b);
	waitgroup_wait(&b->started);
	double dt = now() - t0;
	release_all(b);
	return dt;
}

/* CPU time of the whole process so far (user + system), ns. */
static double cputime(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e9 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e3;
}

static void burstmode(long n)
{
	struct blocker b = { make_chan(char, 0), WAITGROUP_INIT };
	size_t stack = go_setstacksize(0);
	go_setstacksize(stack);
	double cpu[4], cs[4];
	cpu[0] = cputime(), cs[0] = csw();
	double cold = go_burst(&b, n);
	cpu[1] = cputime(), cs[1] = csw();
	baseline_policy(true);
	double create = create_burst(n, stack);
	baseline_policy(false);
	cpu[2] = cputime(), cs[2] = csw();
	double warm = go_burst(&b, n);
	cpu[3] = cputime(), cs[3] = csw();
	printf("burst_cold %.1f\nburst_create %.1f\nburst_warm %.1f\n",
	       cold / n, create / n, warm / n);
	/* CPU time and context switches per goroutine, start and end included. */
	printf("burst_cold_cpu %.1f\nburst_create_cpu %.1f\nburst_warm_cpu %.1f\n",
	       (cpu[1] - cpu[0]) / n, (cpu[2] - cpu[1]) / n, (cpu[3] - cpu[2]) / n);
	printf("burst_cold_cs %.2f\nburst_create_cs %.2f\nburst_warm_cs %.2f\n",
	       (cs[1] - cs[0]) / n, (cs[2] - cs[1]) / n, (cs[3] - cs[2]) / n);
	chan_free(b.c);
}

/*
 * Runs this program again with args (and env, a VAR=value prefix, or ""),
 * and reads its "name value" lines.  Returns false, after printing the
 * first lines of its error output, if it failed.
 */
static bool subrun(const char *self, const char *env, const char *args,
                   const char **names, double *v, int nv)
{
	char cmd[4400], errpath[] = "/tmp/gothreads-bench-XXXXXX";
	int fd = mkstemp(errpath);
	if (fd < 0) {
		perror("bench: mkstemp");
		exit(1);
	}
	close(fd);
	snprintf(cmd, sizeof cmd, "%s '%s' %s 2>%s", env, self, args, errpath);
	FILE *f = popen(cmd, "r");
	char line[256], name[32];
	double x;
	for (int i = 0; i < nv; i++)
		v[i] = -1;
	while (f && fscanf(f, "%31s %lf", name, &x) == 2)
		for (int i = 0; i < nv; i++)
			if (strcmp(name, names[i]) == 0)
				v[i] = x;
	bool ok = f != NULL && pclose(f) == 0;
	if (!ok) {
		printf("  %s %s failed:\n", env, args);
		FILE *e = fopen(errpath, "r");
		for (int i = 0; e && i < 2 && fgets(line, sizeof line, e); i++)
			printf("    %s", line);
		if (e)
			fclose(e);
	}
	unlink(errpath);
	return ok;
}

static void usage(void)
{
	fprintf(stderr,
	        "usage: bench [-q] [-r runs] [-t row] [-x ours|base] [-g gobench] [-o file.tsv]\n"
	        "       bench --mem K | --chain N | --burst N\n"
	        "  -q, --quick        tiny counts, one run (CI: it runs, not how fast)\n"
	        "  -r, --runs N       runs of each side, 1 to 64 (default 5); medians are printed\n"
	        "  -t, --row NAME     only the row NAME (a table row, or burst)\n"
	        "  -x, --side SIDE    ours or base: time one side only (for perf, strace)\n"
	        "  -g, --gobench PATH Go's figures from bench/bench.go, built\n"
	        "  -o, --tsv FILE     the rows also as tab-separated values (make bench-chart)\n"
	        "      --mem K, --chain N, --burst N: one measurement, in this fresh process\n");
	exit(2);
}

/* The table: each gothreads row against its baseline, timed in this process. */
static void table(void)
{
	printf("\n%-14s %-38s %9s %9s %8s  %-7s %7s %6s %6s\n", "name", "operation (ns each)",
	       "gothreads", "baseline", "ratio", "target", "Go", "cs", "cs");
	printf("%-14s %-38s %9s %9s %8s  %-7s %7s %6s %6s\n", "", "", "", "", "", "", "",
	       "ours", "base");
	compare("pingpong", "unbuffered round trip", go_pingpong,
	        "mutex + 2 condvars, signal holding it", bare_pingpong, 20000, "<=1.15");
	compare("pingpong_su", "unbuffered round trip", go_pingpong,
	        "the same, signal after unlock", bare_pingpong_unlocked, 20000, "<=1");
	compare("pingpong_spin", "unbuffered round trip", go_pingpong,
	        "signal after unlock, spin 10 us first", bare_pingpong_spin, 20000, "<=1");
	static const long caps[] = { 1, 10, 100, 1000 };
	for (int i = 0; i < 4; i++) {
		char name[32], what[64];
		bufcap = caps[i];
		snprintf(name, sizeof name, "buf%ld", caps[i]);
		snprintf(what, sizeof what, "buffered cap %ld, 1 producer, per item", caps[i]);
		compare(name, what, go_buffered, "mutex + 2 condvars ring", bare_buffered,
		        200000, caps[i] == 100 ? "<=1.11" : "");
	}
	bufcap = 10;
	nproducers = 4;
	compare("buf10_4p", "buffered cap 10, 4 producers, per item", go_buffered,
	        "mutex + 2 condvars ring", bare_buffered, 200000, "");
	nproducers = 1;
	compare("spawn", "go + WaitGroup, per goroutine", go_spawn,
	        "pthread_create + pthread_join", bare_create_join, 100000, "<=0.05");
	compare("spawn_q", "go + WaitGroup, per goroutine", go_spawn,
	        "mutex/condvar task queue, 2 workers", bare_taskq, 100000, "<=4");
	compare("select_ready", "2-case select, both ready", go_select_ready,
	        "plain receive, ready", go_recv_ready, 200000, "<=2");
	compare("select_floor", "take from 1 of 2 queues, both locked", bare_take2,
	        "the same, its own lock only", bare_take1, 200000, "");
	compare("select_2p", "2 producers, select on 2 chans", go_select_2p,
	        "2 producers, receive on 1 chan", go_recv_2p, 50000, "");
	compare("mutex", "contended Mutex, 2 goroutines", go_mutex,
	        "pthread_mutex_t, 2 threads", bare_mutex, 500000, "<=1.3");
	compare("chanmake", "make_chan(long, 0) + chan_free", go_chanmake,
	        "calloc + mutex init/destroy + free", bare_chanmake, 500000, "");
	compare("setname", "pthread_setname_np (a pool thread's)", bare_setname,
	        "getppid(), the cheapest system call", bare_getppid, 100000, "");
}

/* The burst rows: medians of runs fresh processes (bench --burst n). */
static void bursts(const char *self, long n)
{
	const char *names[] = { "burst_cold", "burst_create", "burst_warm" };
	double v[3][64], med[3];
	char args[64];
	snprintf(args, sizeof args, "--burst %ld", n);
	int ok = 0;
	for (int r = 0; r < runs; r++) {
		double x[3];
		if (!subrun(self, "", args, names, x, 3))
			continue;
		for (int i = 0; i < 3; i++)
			v[i][ok] = x[i];
		ok++;
	}
	if (ok == 0)
		return;
	for (int i = 0; i < 3; i++)
		med[i] = median(v[i], ok);
	char what[64];
	snprintf(what, sizeof what, "burst of %ld blocking goroutines, cold", n);
	row("burst", what, med[0], "pthread_create loop, same stack", med[1], "<=1", -1, -1);
	snprintf(what, sizeof what, "the same, warm pool (%ld idle)", n);
	row("burst_warm", what, med[2], "pthread_create loop, same stack", med[1], "<=0.25", -1, -1);
}

/* The chain and memory figures, each from a fresh process. */
static void chain_and_memory(const char *self, long chainn, long memk)
{
	char args[64];
	double mem[4], chain[3];
	const char *memnames[] = { "blocked_rss", "blocked_vsz", "idle_rss", "idle_vsz" };
	const char *chainnames[] = { "chain_ms", "chain_peak_rss", "chain_peak_vsz" };
	snprintf(args, sizeof args, "--mem %ld", memk);
	subrun(self, "", args, memnames, mem, 4);
	printf("\nchain of %ld goroutines (Go's test/chan/goroutines.go):\n", chainn);
	snprintf(args, sizeof args, "--chain %ld", chainn);
	const char *env = "";
	char envbuf[64];
	if (!subrun(self, env, args, chainnames, chain, 3)) {
		/* It needs chainn + 1 threads at once: say so, and measure with that. */
		snprintf(envbuf, sizeof envbuf, "GOTHREADS_MAXTHREADS=%ld", chainn + 1);
		env = envbuf;
		subrun(self, env, args, chainnames, chain, 3);
	}
	printf("  gothreads %8.1f ms  peak RSS %6.1f MiB  peak virtual %8.1f MiB  %s\n",
	       chain[0], chain[1] / 1048576, chain[2] / 1048576, *env ? env : "default settings");
	if (gofig("chain_ms") >= 0)
		printf("  Go        %8.1f ms  peak RSS %6.1f MiB  peak virtual %8.1f MiB\n",
		       gofig("chain_ms"), gofig("chain_peak_rss") / 1048576,
		       gofig("chain_peak_vsz") / 1048576);

	size_t stack = go_setstacksize(0);
	go_setstacksize(stack);   /* we only wanted to read it */
	printf("\nmemory, bytes each (%ld goroutines; stack size %zu KiB)\n", memk, stack / 1024);
	printf("  %-40s RSS %8.0f  virtual %10.0f\n", "blocked goroutine (its pool thread)",
	       mem[0], mem[1]);
	printf("  %-40s RSS %8.0f  virtual %10.0f\n", "idle pooled thread", mem[2], mem[3]);
	printf("  %-40s %8d bytes, not in RSS (kernel memory)\n", "+ each thread's kernel stack",
	       16384);
	if (gofig("g_rss") >= 0)
		printf("  %-40s RSS %8.0f  virtual %10.0f\n", "Go: blocked goroutine",
		       gofig("g_rss"), gofig("g_vsz"));
	if (tsv) {
		const char *gn[] = { "g_rss", "g_vsz", "", "" };
		for (int i = 0; i < 4; i++)
			fprintf(tsv, "mem_%s\t%.0f\t\t\t%.0f\n", memnames[i], mem[i],
			        i < 2 ? gofig(gn[i]) : -1);
		fprintf(tsv, "chain_ms\t%.1f\t\t\t%.1f\n", chain[0], gofig("chain_ms"));
		fprintf(tsv, "chain_peak_rss\t%.0f\t\t\t%.0f\n", chain[1], gofig("chain_peak_rss"));
	}
}

int main(int argc, char **argv)
{
	enum { MEM = 256, CHAIN, BURST };
	static const struct option longopts[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "runs", required_argument, NULL, 'r' },
		{ "row", required_argument, NULL, 't' },
		{ "side", required_argument, NULL, 'x' },
		{ "gobench", required_argument, NULL, 'g' },
		{ "tsv", required_argument, NULL, 'o' },
		{ "mem", required_argument, NULL, MEM },
		{ "chain", required_argument, NULL, CHAIN },
		{ "burst", required_argument, NULL, BURST },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *gobench = NULL, *tsvpath = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "qr:t:x:g:o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case MEM:   memmode(atol(optarg)); return 0;
		case CHAIN: chainmode(atol(optarg)); return 0;
		case BURST: burstmode(atol(optarg)); return 0;
		case 'q':   scale = 1000; runs = 1; break;
		case 'r':
			runs = atoi(optarg);
			if (runs < 1 || runs > 64)
				usage();
			break;
		case 'g':   gobench = optarg; break;
		case 'o':   tsvpath = optarg; break;
		case 't':   only = optarg; break;
		case 'x':
			side = strcmp(optarg, "ours") == 0 ? 1 : strcmp(optarg, "base") == 0 ? 2 : 0;
			if (side == 0)
				usage();
			break;
		default:    usage();
		}
	}
	if (optind < argc)
		usage();

	char self[4096];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len < 0) {
		perror("bench: /proc/self/exe");
		return 1;
	}
	self[len] = '\0';
	long memk = scale > 1 ? 20 : 1000, chainn = scale > 1 ? 100 : 10000;
	long burstn = scale > 1 ? 100 : 10000;

	cpu_set_t cpus;
	sched_getaffinity(0, sizeof cpus, &cpus);
	bare_spin_ns = CPU_COUNT(&cpus) > 1 ? 10 * Microsecond : 0;
	printf("gothreads bench: %d run(s) each, median; %d CPU(s) allowed%s\n", runs,
	       CPU_COUNT(&cpus), CPU_COUNT(&cpus) == 1 ? " (pinned)" : " (unpinned)");
	if (gobench) {
		char cmd[4200];
		snprintf(cmd, sizeof cmd, "'%s' -runs %d -scale %ld -memk %ld -chain %ld -burst %ld",
		         gobench, runs, scale, memk, chainn, burstn);
		readgo(cmd);
		printf("Go figures from %s\n", gobench);
	}
	if (tsvpath && (tsv = fopen(tsvpath, "w")) == NULL) {
		perror(tsvpath);
		return 1;
	}
	table();
	if (!only || strncmp(only, "burst", 5) == 0)
		bursts(self, burstn);
	if (!only)
		chain_and_memory(self, chainn, memk);
	if (tsv)
		fclose(tsv);
	return 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
