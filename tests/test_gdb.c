/*
 * The gdb extension (lib/gothreads-gdb.py), run the way a student runs it:
 * `gdb -batch` on a program stopped where the deadlock detector fires
 * (break go_fatal_locked), then on a core file of the same moment.  The
 * extension must come in by auto-load from the program's own
 * .debug_gdb_scripts section: we never `source` it.
 *
 * Skipped, with a note, when gdb is not installed.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The program gdb looks at: two goroutines stuck on two channels. */
chan *gdb_rxchan, *gdb_txchan;   /* global, so that gdb can print them */
static waitgroup gdbwg = WAITGROUP_INIT;

static void receiver(void *arg)
{
	(void)arg;
	int v;
	chan_recv(gdb_rxchan, &v);
	waitgroup_done(&gdbwg);
}

static void sender(void *arg)
{
	(void)arg;
	long v = 7;
	chan_send(gdb_txchan, &v);
	waitgroup_done(&gdbwg);
}

CHILD(gdb_deadlock)
{
	gdb_rxchan = make_chan(int, 0);
	gdb_txchan = make_chan(long, 0);
	waitgroup_add(&gdbwg, 2);
	go_named("rx", receiver, NULL, 0);
	go_named("tx", sender, NULL, 0);
	waitgroup_wait(&gdbwg);
}

static char exe[PATH_MAX], dir[PATH_MAX];

static bool have_gdb(void)
{
	if (system("command -v gdb >/dev/null 2>&1") == 0)
		return true;
	fprintf(stderr, "\n  (gdb not installed: skipped)\n");
	return false;
}

/* Runs a shell command line and returns its output (stdout and stderr). */
static char *capture(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	if (p == NULL)
		return strdup("");
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while ((n = fread(buf + len, 1, cap - 1 - len, p)) > 0) {
		len += n;
		if (len == cap - 1) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	buf[len] = '\0';
	pclose(p);
	return buf;
}

static void paths(void)
{
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	snprintf(dir, sizeof dir, "%s", exe);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
}

/* What every session checks: the two goroutines, their states and channels. */
static void check_goroutines(const char *out)
{
	ASSERT_CONTAINS(out, "  Id   Name           State");
	ASSERT_CONTAINS(out, "main           sync.WaitGroup.Wait");
	ASSERT_CONTAINS(out, "rx             chan receive");
	ASSERT_CONTAINS(out, "tx             chan send");
	ASSERT_CONTAINS(out, "chan receive                     ");
	ASSERT_CONTAINS(out, "(elem 4, cap 0, len 0)");
	ASSERT_CONTAINS(out, "(elem 8, cap 0, len 0)");
	/* goroutine 2 bt: its own function on its own thread */
	ASSERT_CONTAINS(out, "goroutine 2 [chan receive] (LWP ");
	ASSERT_CONTAINS(out, " in receiver (");
	ASSERT_CONTAINS(out, "chan_recv_at (c=");   /* clang inlines it: no " in " */
	/* the channel pretty-printer */
	ASSERT_CONTAINS(out, "chan elem 4 bytes, cap 0, len 0, closed false, recvq [g2], sendq []");
	ASSERT_CONTAINS(out, "chan elem 8 bytes, cap 0, len 0, closed false, recvq [], sendq [g3]");
}

#define GDB "gdb -batch -nx -iex 'set debuginfod enabled off' -iex 'add-auto-load-safe-path %s' -iex 'set auto-load safe-path /' -ex 'set pagination off' "
#define LOOK "-ex 'info goroutines' -ex 'goroutine 2 bt' " \
             "-ex 'print *gdb_rxchan' -ex 'print *gdb_txchan' "

static void test_info_goroutines_on_live_process_names_blocked_goroutines_and_channels(void)
{
	if (!have_gdb())
		return;
	paths();
	char cmd[4 * PATH_MAX];
	snprintf(cmd, sizeof cmd, GDB "-ex 'break go_fatal_locked' -ex 'run --child gdb_deadlock' "
	         LOOK "-ex kill %s 2>&1", dir, exe);
	char *out = capture(cmd);
	ASSERT_CONTAINS(out, "hit Breakpoint 1, go_fatal_locked");
	check_goroutines(out);
	free(out);
}

static void test_info_goroutines_on_core_file(void)
{
	if (!have_gdb())
		return;
	/* ThreadSanitizer's shadow memory (terabytes of mappings) makes gcore fail. */
	if (under_tsan()) {
		fprintf(stderr, "\n  (no core files of ThreadSanitizer programs: skipped)\n");
		return;
	}
	paths();
	char core[PATH_MAX + 32], cmd[6 * PATH_MAX];
	snprintf(core, sizeof core, "%s/gdb-test-core.%d", dir, (int)getpid());
	snprintf(cmd, sizeof cmd, GDB "-ex 'break go_fatal_locked' -ex 'run --child gdb_deadlock' "
	         "-ex 'gcore %s' -ex kill %s >/dev/null 2>&1", dir, core, exe);
	CU_ASSERT_EQUAL(system(cmd), 0);
	if (access(core, R_OK) != 0) {
		CU_FAIL("gcore wrote no core file");
		unlink(core);
		return;
	}
	snprintf(cmd, sizeof cmd, GDB LOOK "%s %s 2>&1", dir, exe, core);
	char *out = capture(cmd);
	check_goroutines(out);
	free(out);
	unlink(core);
}

void register_suites(void)
{
	ADD_SUITE("gdb",
	          TEST(test_info_goroutines_on_live_process_names_blocked_goroutines_and_channels),
	          TEST(test_info_goroutines_on_core_file));
}
/* SPDX-License-Identifier: BSD-3-Clause */
