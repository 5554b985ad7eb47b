/*
 * Where: every report names the file and line of each goroutine (the
 * stacks of lib/traceback.c), and a value of the wrong size is caught.
 *
 * The broken programs of demos/broken are run as a student runs them; the
 * expected lines are found in their sources with a search for the call
 * (never written here as numbers), so an edit of a demo cannot make this
 * test check a stale line.  The same checks pass with NO_LIBDW=1 (the
 * call-site macros give the lines) and in a static binary, when the
 * Makefile's traceback-check target has built one.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char builddir[PATH_MAX], srcdir[PATH_MAX];

static bool isfile(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* builddir from /proc/self/exe (BUILD/tests/x); srcdir: the checkout above the cwd or BUILD. */
static void findpaths(void)
{
	if (builddir[0])
		return;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	CU_ASSERT_FATAL(n > 0);
	exe[n] = '\0';
	snprintf(builddir, sizeof builddir, "%s", dirname(dirname(exe)));
	char starts[2][PATH_MAX];
	if (getcwd(starts[0], sizeof starts[0]) == NULL)
		starts[0][0] = '\0';
	snprintf(starts[1], sizeof starts[1], "%s", builddir);
	for (int i = 0; i < 2; i++) {
		char d[PATH_MAX], probe[PATH_MAX + 32];
		memcpy(d, starts[i], sizeof d);
		while (d[0]) {
			snprintf(probe, sizeof probe, "%s/lib/gothreads.h", d);
			if (isfile(probe)) {
				memcpy(srcdir, d, sizeof srcdir);
				return;
			}
			if (strcmp(d, "/") == 0)
				break;
			memmove(d, dirname(d), strlen(dirname(d)) + 1);
		}
	}
	CU_FAIL_FATAL("cannot find the checkout (lib/gothreads.h)");
}

/* The number of the first line of srcdir/path that contains needle; 0 if none. */
static int srcline(const char *path, const char *needle)
{
	char full[2 * PATH_MAX], line[1024];
	snprintf(full, sizeof full, "%s/%s", srcdir, path);
	FILE *f = fopen(full, "r");
	if (f == NULL)
		return 0;
	int n = 0, found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		n++;
		if (strstr(line, needle))
			found = n;
	}
	fclose(f);
	if (!found)
		fprintf(stderr, "\n%s: no line with \"%s\"\n", path, needle);
	return found;
}

/* "\tdemos/broken/x.c:28 +0x": a frame's second line, as every report prints it. */
static void expect_frame(const char *out, const char *path, const char *needle)
{
	int n = srcline(path, needle);
	CU_ASSERT_TRUE_FATAL(n > 0);
	char want[PATH_MAX];
	snprintf(want, sizeof want, "%s:%d +0x", path, n);
	ASSERT_CONTAINS(out, want);
}

/* Runs a program (with env, "" or "NAME=value"), returns its stderr (malloc'd) and exit status. */
static char *runenv(const char *env, const char *prog, int *status)
{
	char cmd[3 * PATH_MAX];
	snprintf(cmd, sizeof cmd, "cd '%s' && env %s timeout 30 '%s' 2>&1 >/dev/null", srcdir, env, prog);
	FILE *p = popen(cmd, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	size_t cap = 1 << 16, len = 0, k;
	char *buf = malloc(cap);
	while ((k = fread(buf + len, 1, cap - 1 - len, p)) > 0)
		if ((len += k) == cap - 1)
			buf = realloc(buf, cap *= 2);
	buf[len] = '\0';
	int rc = pclose(p);
	*status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	return buf;
}

static char *run(const char *prog, int *status) { return runenv("", prog, status); }

static void check_deadlock_broken(const char *prog)
{
	int status;
	char *err = run(prog, &status);
	const char *src = "demos/broken/deadlock_broken.c";
	CU_ASSERT_EQUAL(status, 2);
	ASSERT_PREFIX(err, "fatal error: all goroutines are asleep - deadlock!\n\n"
	                   "goroutine 1 [sync.WaitGroup.Wait]:\nmain()\n\t");
	ASSERT_CONTAINS(err, "goroutine 2 [chan receive]:\nplay(0x");
	ASSERT_CONTAINS(err, "goroutine 3 [chan receive]:\nplay(0x");
	expect_frame(err, src, "waitgroup_wait(&wg)");
	expect_frame(err, src, "chan_recv(p->in, &ball)");
	ASSERT_CONTAINS(err, "created by main in goroutine 1\n\t");
	expect_frame(err, src, "go_named(\"ping\"");
	expect_frame(err, src, "go_named(\"pong\"");
	/* gothreads' own lines come after the frames */
	ASSERT_CONTAINS(err, "\tname: ping\n\twaiting on: chan 0x");
	free(err);
}

static void test_deadlock_report_names_each_goroutines_file_and_line(void)
{
	findpaths();
	char prog[PATH_MAX + 64];
	snprintf(prog, sizeof prog, "%s/demos/broken/deadlock_broken", builddir);
	check_deadlock_broken(prog);
}

static void test_panic_report_names_the_sending_line_and_the_go_statement(void)
{
	findpaths();
	char prog[PATH_MAX + 64];
	snprintf(prog, sizeof prog, "%s/demos/broken/closed_broken", builddir);
	int status;
	char *err = run(prog, &status);
	const char *src = "demos/broken/closed_broken.c";
	CU_ASSERT_EQUAL(status, 2);
	ASSERT_PREFIX(err, "panic: send on closed channel\n\ngoroutine 2 [running]:\nhelper(0x");
	expect_frame(err, src, "chan_send(results, &v)");
	ASSERT_CONTAINS(err, "created by main in goroutine 1\n\t");
	expect_frame(err, src, "go_named(\"helper\"");
	CU_ASSERT_PTR_NULL(strstr(err, "lib/"));   /* library frames are hidden */
	free(err);
}

static void test_sigquit_dump_names_the_line_each_goroutine_is_stuck_on(void)
{
	findpaths();
	char prog[PATH_MAX + 64];
	snprintf(prog, sizeof prog, "%s/demos/broken/stuck_broken", builddir);
	int status;
	char *err = run(prog, &status);
	const char *src = "demos/broken/stuck_broken.c";
	CU_ASSERT_EQUAL(status, 2);
	ASSERT_PREFIX(err, "SIGQUIT: quit\n\ngoroutine 1 [sleep]:\nmain()\n\t");
	expect_frame(err, src, "time_sleep(100 * Millisecond)");
	ASSERT_CONTAINS(err, "goroutine 2 [chan receive]:\nworker(0x0)\n\t");
	expect_frame(err, src, "chan_recv(jobs, &job)");
	expect_frame(err, src, "go_named(\"worker\"");
	free(err);
}

static void test_gotraceback_system_shows_the_library_frames_too(void)
{
	findpaths();
	char prog[PATH_MAX + 64];
	snprintf(prog, sizeof prog, "%s/demos/broken/deadlock_broken", builddir);
	int status;
	char *err = runenv("GOTRACEBACK=system", prog, &status);
	CU_ASSERT_EQUAL(status, 2);
	ASSERT_CONTAINS(err, "waitgroup_wait_at(...)\n\t");
	ASSERT_CONTAINS(err, "gopark(...)\n\t");
	expect_frame(err, "demos/broken/deadlock_broken.c", "chan_recv(p->in, &ball)");
	free(err);
}

/* A static binary (NO_LIBDW=1 -static, built by `make traceback-check`), if there is one. */
static void test_static_binary_still_names_every_blocking_line(void)
{
	findpaths();
	char prog[PATH_MAX + 64];
	snprintf(prog, sizeof prog, "%s/static/deadlock_broken", builddir);
	if (!isfile(prog)) {
		fprintf(stderr, "\n  (no %s: make traceback-check builds it; skipped)\n", prog);
		return;
	}
	check_deadlock_broken(prog);
}

/* ---- a dump of 3,000 goroutines ---- */

static chan *never;

static void blocked(void *arg)
{
	(void)arg;
	chan_recv(never, NULL);
}

/*
 * 3,000 goroutines parked on one channel, dumped to a file: prints how
 * many goroutines and file:line frames the dump has, and how long it took.
 */
CHILD(dump_3000)
{
	int n = under_tsan() ? 300 : 3000;
	never = make_chan(int, 0);
	for (int i = 0; i < n; i++)
		go(blocked, NULL);
	while (go_numgoroutine() < n + 1)
		go_yield();
	char path[] = "/tmp/gothreads-dump-XXXXXX";
	int fd = mkstemp(path);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	for (int tries = 0; tries < 1000; tries++) {   /* until all have parked */
		if (lseek(fd, 0, SEEK_SET) != 0 || ftruncate(fd, 0) != 0)
			break;
		int64_t t0 = time_now();
		go_dump();
		int64_t t = time_now() - t0;
		fflush(stderr);
		FILE *f = fopen(path, "r");
		char line[512];
		int gs = 0, parked = 0, lines = 0;
		while (f && fgets(line, sizeof line, f)) {
			gs += strncmp(line, "goroutine ", 10) == 0;
			parked += strstr(line, "[chan receive]:") != NULL;
			lines += strstr(line, "tests/test_traceback.c:") != NULL;
		}
		if (f)
			fclose(f);
		if (parked == n || tries == 999) {
			dup2(saved, 2);
			unlink(path);
			printf("goroutines %d parked %d lines %d ms %lld\n", gs, parked, lines,
			       (long long)(t / Millisecond));
			exit(0);
		}
		time_sleep(10 * Millisecond);
	}
}

static void test_dump_of_3000_goroutines_takes_under_a_second(void)
{
	if (under_valgrind()) {
		fprintf(stderr, "\n  (3,000 threads: not under valgrind; skipped)\n");
		return;
	}
	struct child_result r;
	run_child(&r, "dump_3000", 60, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	int gs = 0, parked = 0, lines = 0;
	long long ms = -1;
	CU_ASSERT_EQUAL(sscanf(r.out, "goroutines %d parked %d lines %d ms %lld", &gs, &parked, &lines, &ms), 4);
	int n = under_tsan() ? 300 : 3000;
	CU_ASSERT_EQUAL(gs, n + 1);
	CU_ASSERT_EQUAL(parked, n);
	/* each parked one: its frame in blocked() and the "created by" line */
	CU_ASSERT_TRUE(lines >= 2 * n);
	CU_ASSERT_TRUE(ms >= 0 && (ms < 1000 || under_tsan()));
	fprintf(stderr, "\n  (%d goroutines dumped in %lld ms)\n", gs, ms);
}

/* RWMutex and Cond waits record their line too (rwmutex_lock & co are macros). */
static rwmutex tb_rw = RWMUTEX_INIT;
static mutex tb_mu = MUTEX_INIT;
static cond tb_cond = COND_INIT(&tb_mu);

static void tb_writer(void *arg)
{
	(void)arg;
	rwmutex_lock(&tb_rw);   /* main holds a read lock for ever */
	rwmutex_unlock(&tb_rw);
}

CHILD(rwmutex_and_cond_deadlock)
{
	rwmutex_rlock(&tb_rw);
	go(tb_writer, NULL);
	mutex_lock(&tb_mu);
	cond_wait(&tb_cond);    /* nobody signals */
	mutex_unlock(&tb_mu);
}

static void test_rwmutex_and_cond_waits_name_their_lines(void)
{
	findpaths();
	struct child_result r;
	run_child(&r, "rwmutex_and_cond_deadlock", 30, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	ASSERT_PREFIX(r.err, "fatal error: all goroutines are asleep - deadlock!\n\n");
	ASSERT_CONTAINS(r.err, "goroutine 1 [sync.Cond.Wait]:\n");
	ASSERT_CONTAINS(r.err, "goroutine 2 [sync.RWMutex.Lock]:\n");
	expect_frame(r.err, "tests/test_traceback.c", "cond_wait(&tb_cond);");
	expect_frame(r.err, "tests/test_traceback.c", "rwmutex_lock(&tb_rw);   /* main");
}

/* ---- wrong-sized values ---- */

/* Runs CHILD(name): it must panic naming both sizes and the line of `call` in this file. */
static void expect_badsize(const char *name, const char *op, const char *call, int size, int elem)
{
	findpaths();
	struct child_result r;
	run_child(&r, name, 10, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	int line = srcline("tests/test_traceback.c", call);
	char want[512];
	snprintf(want, sizeof want, "panic: gothreads: %s: a %d-byte value on a channel of %d-byte "
	         "elements (tests/test_traceback.c:%d)\n\ngoroutine 1 [running]:\n", op, size, elem, line);
	ASSERT_PREFIX(r.err, want);
}

CHILD(send_int_on_int64)
{
	chan *c = make_chan(int64_t, 1);
	int x = 1;
	chan_send(c, &x);   /* WRONG-SEND */
}

CHILD(recv_int64_into_int)
{
	chan *c = make_chan(int64_t, 1);
	int64_t v = 1;
	chan_send(c, &v);
	int x;
	chan_recv(c, &x);   /* WRONG-RECV */
}

CHILD(trysend_short)
{
	chan *c = make_chan(int, 1);
	short x = 1;
	chan_trysend(c, &x);   /* WRONG-TRYSEND */
}

CHILD(tryrecv_char)
{
	chan *c = make_chan(double, 1);
	char x;
	chan_tryrecv(c, &x, NULL);   /* WRONG-TRYRECV */
}

CHILD(send_case_long)
{
	chan *c = make_chan(char, 1);
	long x = 1;
	SELECT_DEFAULT(NULL, send_case(c, &x));   /* WRONG-SEND-CASE */
}

CHILD(recv_case_struct)
{
	struct pair { int a, b; } p;
	chan *c = make_chan(int, 1);
	SELECT(NULL, recv_case(c, &p));   /* WRONG-RECV-CASE */
}

CHILD(sized_mismatch)
{
	chan *c = make_chan(int, 1);
	char buf[16] = { 0 };
	chan_send_sized(c, buf, 16);   /* WRONG-SIZED */
}

static void test_send_of_an_int_on_an_int64_channel_panics_with_both_sizes(void)
{
	expect_badsize("send_int_on_int64", "chan_send", "/* WRONG-SEND */", 4, 8);
}

static void test_receive_into_a_smaller_variable_panics_with_both_sizes(void)
{
	expect_badsize("recv_int64_into_int", "chan_recv", "/* WRONG-RECV */", 4, 8);
}

static void test_trysend_and_tryrecv_check_the_size(void)
{
	expect_badsize("trysend_short", "chan_trysend", "/* WRONG-TRYSEND */", 2, 4);
	expect_badsize("tryrecv_char", "chan_tryrecv", "/* WRONG-TRYRECV */", 1, 8);
}

static void test_select_cases_check_the_size(void)
{
	expect_badsize("send_case_long", "send_case (select case 0)", "/* WRONG-SEND-CASE */", 8, 1);
	expect_badsize("recv_case_struct", "recv_case (select case 0)", "/* WRONG-RECV-CASE */", 8, 4);
}

static void test_generic_code_states_the_size_and_is_checked(void)
{
	expect_badsize("sized_mismatch", "chan_send", "/* WRONG-SIZED */", 16, 4);
}

/* What must keep working: NULL to discard, a void *, the right size. */
static void test_null_void_pointer_and_right_sizes_pass(void)
{
	chan *c = make_chan(int64_t, 4);
	int64_t v = 7, w = 0;
	void *generic = &v;
	chan_send(c, &v);
	chan_send(c, generic);                    /* void *: the size is not known, not checked */
	chan_send_sized(c, generic, sizeof v);
	CU_ASSERT_TRUE(chan_trysend(c, &v));
	CU_ASSERT_TRUE(chan_recv(c, NULL));       /* NULL discards */
	CU_ASSERT_TRUE(chan_recv(c, (void *)&w));
	CU_ASSERT_EQUAL(w, 7);
	CU_ASSERT_TRUE(chan_recv_sized(c, &w, sizeof w));
	bool ok;
	CU_ASSERT_TRUE(chan_tryrecv(c, NULL, &ok));
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_EQUAL(SELECT_DEFAULT(NULL, send_case(c, &v), recv_case(NULL, &w)), 0);
	CU_ASSERT_EQUAL(SELECT(&ok, recv_case(c, NULL)), 0);
	chan_send(c, &v);
	CU_ASSERT_EQUAL(SELECT(&ok, recv_case_sized(c, generic, sizeof v), send_case(NULL, &v)), 0);
	chan_free(c);
}

/* The compiler catches a value passed where its address belongs. */
static void test_a_value_instead_of_its_address_fails_to_compile(void)
{
	findpaths();
	char dir[] = "/tmp/gothreads-cc-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	const char *bodies[2] = { "int x = 1; chan_send(c, &x);", "int x = 1; chan_send(c, x);" };
	for (int i = 0; i < 2; i++) {
		char path[64], cmd[4 * PATH_MAX];
		snprintf(path, sizeof path, "%s/t%d.c", dir, i);
		FILE *f = fopen(path, "w");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		fprintf(f, "#include \"gothreads.h\"\nvoid f(chan *c) { %s }\n", bodies[i]);
		fclose(f);
		snprintf(cmd, sizeof cmd, "cc -std=gnu11 -fsyntax-only -I'%s/lib' %s 2>/dev/null", srcdir, path);
		int rc = system(cmd);
		CU_ASSERT_EQUAL(rc == 0, i == 0);
		unlink(path);
	}
	rmdir(dir);
}

void register_suites(void)
{
	ADD_SUITE("stacks",
	          TEST(test_deadlock_report_names_each_goroutines_file_and_line),
	          TEST(test_panic_report_names_the_sending_line_and_the_go_statement),
	          TEST(test_sigquit_dump_names_the_line_each_goroutine_is_stuck_on),
	          TEST(test_gotraceback_system_shows_the_library_frames_too),
	          TEST(test_static_binary_still_names_every_blocking_line),
	          TEST(test_dump_of_3000_goroutines_takes_under_a_second),
	          TEST(test_rwmutex_and_cond_waits_name_their_lines));
	ADD_SUITE("sizes",
	          TEST(test_send_of_an_int_on_an_int64_channel_panics_with_both_sizes),
	          TEST(test_receive_into_a_smaller_variable_panics_with_both_sizes),
	          TEST(test_trysend_and_tryrecv_check_the_size),
	          TEST(test_select_cases_check_the_size),
	          TEST(test_generic_code_states_the_size_and_is_checked),
	          TEST(test_null_void_pointer_and_right_sizes_pass),
	          TEST(test_a_value_instead_of_its_address_fails_to_compile));
}
/* SPDX-License-Identifier: BSD-3-Clause */
