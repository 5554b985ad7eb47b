/* The test harness: see harness.h. */
#define _GNU_SOURCE
#include "harness.h"

#include <CUnit/Basic.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

static struct {
	const char *name;
	child_fn fn;
} children[256];
static int nchildren;
static const char *harness_argv0;

void register_child(const char *name, child_fn fn)
{
	if (nchildren == (int)(sizeof children / sizeof children[0])) {
		fprintf(stderr, "harness: too many CHILD scenarios\n");
		exit(1);
	}
	children[nchildren].name = name;
	children[nchildren].fn = fn;
	nchildren++;
}

/* Called from main() when this binary was exec'd as `--child NAME`. */
static int harness_run_child(const char *name)
{
	for (int i = 0; i < nchildren; i++) {
		if (strcmp(children[i].name, name) == 0) {
			children[i].fn();
			return 0;   /* returning from main ends the program, as in Go */
		}
	}
	fprintf(stderr, "harness: no CHILD(%s)\n", name);
	return 99;
}

bool under_valgrind(void)
{
	return RUNNING_ON_VALGRIND;
}

bool under_tsan(void)
{
#if defined(__SANITIZE_THREAD__)
	return true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
	return true;
#endif
#endif
	return false;
}

long scaled(long n)
{
	const char *s = getenv("GOTHREADS_TEST_SCALE");
	long div = s ? atol(s) : under_valgrind() ? 100 : under_tsan() ? 10 : 1;
	if (div < 1)
		div = 1;
	return n / div > 0 ? n / div : 1;
}

static int timescale(void)
{
	return under_valgrind() ? 20 : under_tsan() ? 5 : 1;
}

/* Reads whatever is available on fd into buf (keeping it NUL-terminated). */
static bool drain(int fd, char *buf, size_t size, size_t *len)
{
	char tmp[4096];
	ssize_t n = read(fd, tmp, sizeof tmp);
	if (n <= 0)
		return false;
	size_t room = size - 1 - *len;
	size_t k = (size_t)n < room ? (size_t)n : room;
	memcpy(buf + *len, tmp, k);
	*len += k;
	buf[*len] = '\0';
	return true;
}

static void run_child_v(struct child_result *r, const char *name, int seconds, long nproc, va_list ap);

void run_child(struct child_result *r, const char *name, int seconds, ...)
{
	va_list ap;
	va_start(ap, seconds);
	run_child_v(r, name, seconds, -1, ap);
	va_end(ap);
}

bool run_child_nproc(struct child_result *r, const char *name, int seconds, long nproc, ...)
{
	if (getuid() == 0 && getpwnam("nobody") == NULL)
		return false;
	va_list ap;
	va_start(ap, nproc);
	run_child_v(r, name, seconds, nproc, ap);
	va_end(ap);
	return true;
}

/*
 * In the forked child: lower RLIMIT_NPROC, and become a user the kernel
 * applies it to (uid, gid: nobody's, looked up before the fork) if root.
 */
static void limit_nproc(long nproc, uid_t uid, gid_t gid)
{
	struct rlimit rl = { (rlim_t)nproc, (rlim_t)nproc };
	if (setrlimit(RLIMIT_NPROC, &rl) != 0)
		_exit(97);
	if (getuid() == 0 && (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0))
		_exit(97);
}

static void run_child_v(struct child_result *r, const char *name, int seconds, long nproc, va_list ap)
{
	memset(r, 0, sizeof *r);
	int out[2], err[2];
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
		perror("harness: pipe");
		exit(1);
	}
	char *env[32];
	int ne = 0;
	for (const char *e; (e = va_arg(ap, const char *)) != NULL && ne < 30;)
		env[ne++] = (char *)e;
	env[ne] = NULL;
	struct passwd *pw = nproc >= 0 && getuid() == 0 ? getpwnam("nobody") : NULL;
	uid_t uid = pw ? pw->pw_uid : 0;
	gid_t gid = pw ? pw->pw_gid : 0;

	pid_t pid = fork();
	if (pid < 0) {
		perror("harness: fork");
		exit(1);
	}
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		for (int i = 0; i < ne; i++)
			putenv(env[i]);
		if (nproc >= 0)
			limit_nproc(nproc, uid, gid);
		/* The child is run natively even under valgrind: it is the parent's tool run that counts. */
		execl(harness_argv0, harness_argv0, "--child", name, (char *)NULL);
		_exit(98);
	}
	close(out[1]);
	close(err[1]);

	size_t nout = 0, nerr = 0;
	long deadline_ms = (long)seconds * 1000 * timescale();
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct pollfd fds[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
	int open = 2;
	bool timedout = false;
	while (open > 0) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		long left = deadline_ms - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0) {
			timedout = true;
			kill(pid, SIGKILL);
			break;
		}
		if (poll(fds, 2, (int)left) < 0 && errno != EINTR)
			break;
		if (fds[0].fd >= 0 && (fds[0].revents & (POLLIN | POLLHUP)) &&
		    !drain(out[0], r->out, sizeof r->out, &nout)) {
			fds[0].fd = -1;
			open--;
		}
		if (fds[1].fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP)) &&
		    !drain(err[0], r->err, sizeof r->err, &nerr)) {
			fds[1].fd = -1;
			open--;
		}
	}
	close(out[0]);
	close(err[0]);
	int status;
	if (!timedout) {
		/* Output closed; give it the rest of its time to exit. */
		while (waitpid(pid, &status, WNOHANG) == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			long used = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
			if (used > deadline_ms) {
				timedout = true;
				kill(pid, SIGKILL);
				break;
			}
			usleep(1000);   /* polling a dead child's exit, not synchronising threads */
		}
	}
	if (timedout) {
		waitpid(pid, &status, 0);
		r->status = -1;
	} else {
		r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
}

bool assert_prefix(const char *s, const char *prefix, const char *file, int line)
{
	if (strncmp(s, prefix, strlen(prefix)) == 0)
		return true;
	fprintf(stderr, "\n%s:%d: expected output starting with:\n%s\n--- got:\n%s\n---\n",
	        file, line, prefix, s);
	return false;
}

bool assert_contains(const char *s, const char *part, const char *file, int line)
{
	if (strstr(s, part))
		return true;
	fprintf(stderr, "\n%s:%d: expected output containing:\n%s\n--- got:\n%s\n---\n",
	        file, line, part, s);
	return false;
}

static void test_start(void);
static void test_complete(void);

void add_suite(const char *name, const test_entry *tests, int n)
{
	/* Each test's setup arms the watchdog and its teardown disarms it. */
	CU_pSuite s = CU_add_suite_with_setup_and_teardown(name, NULL, NULL, test_start, test_complete);
	if (s == NULL) {
		fprintf(stderr, "harness: CU_add_suite: %s\n", CU_get_error_msg());
		exit(1);
	}
	for (int i = 0; i < n; i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL) {
			fprintf(stderr, "harness: CU_add_test: %s\n", CU_get_error_msg());
			exit(1);
		}
}

/* ---- the watchdog ---- */

static const char *current_test = "?";

static void watchdog(int sig)
{
	static volatile sig_atomic_t fired;
	(void)sig;
	if (fired)   /* the dump below hung (a lock held by the stuck thread) */
		_exit(3);
	fired = 1;
	char msg[256];
	int n = snprintf(msg, sizeof msg, "\nharness: test %s did not finish in time; goroutines:\n\n",
	                 current_test);
	if (write(2, msg, (size_t)n) < 0)
		_exit(3);
	/*
	 * go_dump() is not async-signal-safe: it takes locks the stuck
	 * program may hold.  A second alarm ends us if it blocks.
	 */
	alarm(10);
	go_dump();
	_exit(3);
}

/*
 * Suite setup and teardown around every test (CUnit's basic runner keeps
 * its test-start handlers for itself, so these are the hooks we have).
 */
static void test_start(void)
{
	CU_pTest t = CU_get_current_test();
	current_test = t ? t->pName : "?";
	alarm(TEST_TIMEOUT * timescale());
}

static void test_complete(void)
{
	alarm(0);
}

static void harness_init(const char *argv0)
{
	harness_argv0 = argv0;
	/* SA_NODEFER: the watchdog's own second alarm must get through. */
	struct sigaction sa = { .sa_handler = watchdog, .sa_flags = SA_NODEFER };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
}

/*
 * Each tests/test_*.c is its own program: this main() runs its suites.
 *   build/tests/test_chan                 every suite in the file
 *   build/tests/test_chan SUITE [TEST]    one suite, or one test
 */
int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--child") == 0)
		return harness_run_child(argv[2]);

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	harness_init(argv[0]);
	register_suites();

	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (argc >= 2) {
		CU_pSuite s = CU_get_suite(argv[1]);
		if (s == NULL) {
			fprintf(stderr, "no suite %s\n", argv[1]);
			return 1;
		}
		if (argc >= 3) {
			CU_pTest t = CU_get_test(s, argv[2]);
			if (t == NULL) {
				fprintf(stderr, "no test %s in %s\n", argv[2], argv[1]);
				return 1;
			}
			CU_basic_run_test(s, t);
		} else {
			CU_basic_run_suite(s);
		}
	} else {
		CU_basic_run_tests();
	}
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
