/*
 * The machine's limits on threads: the pool's default bound, and which
 * limit the kernel hit when it refuses a thread.
 *
 * DESIGN
 * Go runs goroutines on a few threads; here each blocked goroutine holds
 * one, and every thread takes a process id.  A fixed default of 16,384
 * took half of the ids of a machine whose kernel.pid_max is the common
 * 32,768: two programs blocking goroutines in a loop, and nobody on the
 * machine could start a process.  So the default is derived from the
 * machine when the program starts, leaving the rest of the system at
 * least half of what is free under each limit:
 *
 *   bound = min(16384,
 *               (min(kernel.pid_max, kernel.threads-max) - threads now) / 2,
 *               RLIMIT_NPROC / 2              (ulimit -u; not for root),
 *               (pids.max - pids.current) / 2 (the cgroup's and its parents'))
 *
 * and at least 1.  16,384 is Go's own 10,000 (debug.SetMaxThreads) rounded
 * up to leave room around Go's test/chan/goroutines.go, which blocks
 * 10,001 goroutines at once; on a 32,768-id machine that needs fewer than
 * 12,760 threads elsewhere when the program starts.  "Threads now" is the
 * machine's count from /proc/loadavg; RLIMIT_NPROC counts every thread of
 * the user, which we cannot see cheaply, hence half of it.
 * GOTHREADS_MAXTHREADS or go_setmaxthreads() replaces the default.
 *
 * Even below the bound the kernel may refuse a thread (EAGAIN: another
 * program took the ids, or the limit is lower than it looked).  The pool
 * then runs with the threads it has (proc.c), and if that leaves
 * goroutines queued with every thread blocked, the deadlock report says
 * which limit was hit and what to set (limits_explain).
 */
#define _GNU_SOURCE
#include "runtime.h"

#include <limits.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define BOUNDMAX 16384   /* the default's ceiling; see DESIGN */

/* A number from the first line of path ("max" and unreadable: -1). */
static long long readnum(const char *path)
{
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return -1;
	long long v = -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Threads on the whole machine now: /proc/loadavg's "running/total". */
static long long machinethreads(void)
{
	FILE *f = fopen("/proc/loadavg", "re");
	if (f == NULL)
		return -1;
	long long total = -1;
	if (fscanf(f, "%*s %*s %*s %*d/%lld", &total) != 1)
		total = -1;
	fclose(f);
	return total;
}

/*
 * The tightest pids.max of our cgroup and its parents, in v2 (0::/path)
 * or the v1 pids controller (N:pids:/path): *max and that group's *cur.
 * False if no group limits us.
 */
static bool cgrouppids(long long *max, long long *cur)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	if (f == NULL)
		return false;
	char line[512], dir[600];
	bool found = false;
	long long best = LLONG_MAX;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		const char *path, *root;
		if (strncmp(line, "0::", 3) == 0) {
			path = line + 3;
			root = "/sys/fs/cgroup";
		} else {
			char *p = strchr(line, ':');
			if (p == NULL || strncmp(p + 1, "pids:", 5) != 0)
				continue;
			path = p + 6;
			root = "/sys/fs/cgroup/pids";
		}
		snprintf(dir, sizeof dir, "%s%s", root, path);
		/* Walk up to the root: a parent's limit binds us too. */
		for (;;) {
			char file[640];
			snprintf(file, sizeof file, "%s/pids.max", dir);
			long long m = readnum(file);
			snprintf(file, sizeof file, "%s/pids.current", dir);
			long long c = readnum(file);
			if (m >= 0 && c >= 0 && m - c < best) {
				best = m - c;
				*max = m;
				*cur = c;
				found = true;
			}
			char *slash = strrchr(dir, '/');
			if (slash == NULL || (size_t)(slash - dir) < strlen(root))
				break;
			*slash = '\0';
		}
	}
	fclose(f);
	return found;
}

/* RLIMIT_NPROC if the kernel applies it to us (it does not to root). */
static long long nproclimit(void)
{
	struct rlimit rl;
	if (getuid() == 0 || getrlimit(RLIMIT_NPROC, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return -1;
	return (long long)rl.rlim_cur;
}

/* min(pid_max, threads-max), the machine's own limit on threads. */
static long long machinelimit(void)
{
	long long pid = readnum("/proc/sys/kernel/pid_max");
	long long thr = readnum("/proc/sys/kernel/threads-max");
	if (pid < 0)
		return thr;
	return thr >= 0 && thr < pid ? thr : pid;
}

static char boundwhy[160];   /* which term set the default, for the report */

int limits_defaultbound(void)
{
	long long bound = BOUNDMAX, v;
	snprintf(boundwhy, sizeof boundwhy, "%d, the most by default", BOUNDMAX);
	long long lim = machinelimit(), now = machinethreads();
	if (lim > 0 && now >= 0 && (v = (lim - now) / 2) < bound) {
		bound = v;
		snprintf(boundwhy, sizeof boundwhy, "half the %lld thread ids the machine had free "
		         "(kernel.pid_max, kernel.threads-max)", lim - now);
	}
	if ((lim = nproclimit()) > 0 && (v = lim / 2) < bound) {
		bound = v;
		snprintf(boundwhy, sizeof boundwhy, "half of RLIMIT_NPROC, %lld (ulimit -u)", lim);
	}
	long long max, cur;
	if (cgrouppids(&max, &cur) && (v = (max - cur) / 2) < bound) {
		bound = v;
		snprintf(boundwhy, sizeof boundwhy, "half the %lld left under the cgroup's pids.max, %lld",
		         max - cur, max);
	}
	return bound < 1 ? 1 : (int)bound;
}

const char *limits_boundwhy(void) { return boundwhy; }

/*
 * Why the kernel refused a thread (err, with nthreads made), in a
 * sentence that ends with what to set.  Reads the limits again: they are
 * the ones that count now.
 */
void limits_explain(char *buf, size_t size, int err, int nthreads)
{
	long long max, cur, lim = machinelimit(), now = machinethreads(), np = nproclimit();
	int n = snprintf(buf, size, "the kernel refused thread %d (%s): ", nthreads + 1, strerror(err));
	if (n < 0 || (size_t)n >= size)
		return;
	buf += n;
	size -= (size_t)n;
	if (cgrouppids(&max, &cur) && cur + 1 >= max)
		snprintf(buf, size, "the cgroup's pids.max, %lld, is reached: raise it, or "
		         "block fewer goroutines at once", max);
	else if (lim > 0 && now >= 0 && now + 64 >= lim)
		snprintf(buf, size, "the machine has %lld of its %lld threads (kernel.pid_max, "
		         "kernel.threads-max): end other programs, or block fewer goroutines at once",
		         now, lim);
	else if (np > 0)
		snprintf(buf, size, "RLIMIT_NPROC is %lld threads for this user: raise it "
		         "(ulimit -u N), or block fewer goroutines at once", np);
	else
		snprintf(buf, size, "no thread limit is reached, so memory for the %zu-byte stacks "
		         "may be: lower GOTHREADS_STACKSIZE, or block fewer goroutines at once",
		         sched.stacksize);
}
/* SPDX-License-Identifier: BSD-3-Clause */
