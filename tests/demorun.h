/*
 * What the demo tests share (test_demos.c, test_demos_runs.c): finding
 * the build and source directories, running a program with a time limit
 * (and Ctrl-C at a given line), and building the Go originals.  Included
 * by each of them: every test program is its own executable, linked with
 * harness.c only.
 */

#define DIRMAX 1024   /* our two directories; PATH_MAX holds either plus a file name */
static char builddir[DIRMAX];  /* BUILD: where this binary's tests/ is */
static char srcdir[DIRMAX];    /* the checkout: holds demos/ and scripts/ */

/* ---- finding things -------------------------------------------------------- */

/* snprintf for paths: a path too long for its buffer stops the test. */
__attribute__((format(printf, 3, 4)))
static void pathf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "test_demos: path too long: %s...\n", buf);
		exit(1);
	}
}

static bool isfile(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Sets builddir from /proc/self/exe and srcdir from the working directory or above. */
static void findpaths(void)
{
	if (builddir[0])
		return;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	CU_ASSERT_FATAL(n > 0);
	exe[n] = '\0';
	pathf(builddir, sizeof builddir, "%s", dirname(dirname(exe)));   /* BUILD/tests/x -> BUILD */

	char dir[DIRMAX], probe[PATH_MAX];
	if (getcwd(dir, sizeof dir) == NULL)
		dir[0] = '\0';
	for (int up = 0; up < 2; up++) {   /* the cwd, then the build dir, and their parents */
		char d[DIRMAX];
		pathf(d, sizeof d, "%s", up == 0 ? dir : builddir);
		for (;;) {
			pathf(probe, sizeof probe, "%s/lib/gothreads.h", d);
			if (isfile(probe)) {
				pathf(srcdir, sizeof srcdir, "%s", d);
				return;
			}
			if (strcmp(d, "/") == 0 || d[0] == '\0')
				break;
			pathf(d, sizeof d, "%s", dirname(d));
		}
	}
	fprintf(stderr, "test_demos: cannot find the checkout (lib/gothreads.h)\n");
	CU_FAIL_FATAL("no checkout");
}

/* Is `go` on the PATH? */
static bool have_go(void)
{
	const char *path = getenv("PATH");
	if (path == NULL)
		return false;
	char *copy = strdup(path), *save;
	bool found = false;
	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char p[PATH_MAX];
		pathf(p, sizeof p, "%s/go", d);
		found = access(p, X_OK) == 0;
	}
	free(copy);
	return found;
}

/* ---- running programs --------------------------------------------------------- */

struct run {
	int status;   /* exit status; 128+N if killed by signal N; -1 if timed out */
	char *out;    /* stdout and stderr, interleaved as written; malloc'd */
	duration at;  /* run_watch: when the output first held every watched line; -1 if never */
};

static bool hasall(const char *out, const char *const *lines)
{
	for (int i = 0; lines && lines[i]; i++)
		if (!strstr(out, lines[i]))
			return false;
	return true;
}

/*
 * Runs argv[0] with stdout and stderr on one pipe, and the environment
 * settings in env (NULL-terminated "NAME=value", may be NULL), for at
 * most `seconds`.  If `interrupt_at` is not NULL, sends SIGINT, once,
 * as soon as the output contains it: the test waits on the program's
 * own output, never on a clock.
 */
static void run_watch(struct run *r, char **argv, char **env, int seconds, const char *interrupt_at,
                      const char *const *watch)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0) {
		perror("test_demos: pipe");
		exit(1);
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("test_demos: fork");
		exit(1);
	}
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		signal(SIGINT, SIG_DFL);   /* as from a terminal, even if we were started in the background */
		signal(SIGALRM, SIG_DFL);
		for (int i = 0; env && env[i]; i++)
			putenv(env[i]);
		if (chdir(srcdir) != 0)
			_exit(97);
		execvp(argv[0], argv);
		fprintf(stderr, "test_demos: exec %s: %s\n", argv[0], strerror(errno));
		_exit(98);
	}
	close(p[1]);
	size_t len = 0, cap = 4096;
	r->out = malloc(cap);
	r->out[0] = '\0';
	bool interrupted = false, timedout = false;
	int64_t started = time_now(), deadline = started + (int64_t)seconds * Second;
	r->at = -1;
	for (;;) {
		int64_t left = deadline - time_now();
		if (left <= 0) {
			timedout = true;
			kill(pid, SIGKILL);
			break;
		}
		struct pollfd pfd = { p[0], POLLIN, 0 };
		int k = poll(&pfd, 1, (int)(left / Millisecond) + 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			continue;
		if (cap - len < 4096)
			r->out = realloc(r->out, cap *= 2);
		ssize_t n = read(p[0], r->out + len, cap - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
		r->out[len] = '\0';
		if (watch && r->at < 0 && hasall(r->out, watch))
			r->at = time_now() - started;
		if (interrupt_at && !interrupted && strstr(r->out, interrupt_at)) {
			kill(pid, SIGINT);
			interrupted = true;
		}
	}
	close(p[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timedout)
		r->status = -1;
	else
		r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * run_watch without watching: runs argv[0] for at most `seconds`,
 * interrupting it once the output holds interrupt_at (if not NULL).
 */
static void run(struct run *r, char **argv, char **env, int seconds, const char *interrupt_at)
{
	run_watch(r, argv, env, seconds, interrupt_at, NULL);
}

/* ---- Go --------------------------------------------------------------------- */

/*
 * The environment for the go command: a build cache it can write even
 * when HOME is unset or not writable (CI runs as root, sometimes
 * without a home).
 */
static char **goenv(void)
{
	static char cache[PATH_MAX], gopath[PATH_MAX], *env[4];
	if (env[0] == NULL) {
		const char *home = getenv("HOME");
		int n = 0;
		if (home == NULL || access(home, W_OK) != 0) {
			if (getenv("GOCACHE") == NULL) {
				pathf(cache, sizeof cache, "GOCACHE=%s/go/cache", builddir);
				env[n++] = cache;
			}
			if (getenv("GOPATH") == NULL) {
				pathf(gopath, sizeof gopath, "GOPATH=%s/go/path", builddir);
				env[n++] = gopath;
			}
		}
		env[n] = NULL;
	}
	return env;
}

/* Builds demos/NAME/NAME.go into BUILD/go/NAME unless that is newer; false if it fails. */
static bool gobuild(const char *demo, char *bin, size_t size)
{
	pathf(bin, size, "%s/go/%s", builddir, demo);
	char src[PATH_MAX], dir[PATH_MAX];
	pathf(src, sizeof src, "demos/%s/%s.go", demo, demo);
	pathf(dir, sizeof dir, "%s/go", builddir);
	mkdir(dir, 0777);
	struct stat sb, ss;
	char srcpath[PATH_MAX];
	pathf(srcpath, sizeof srcpath, "%s/%s", srcdir, src);
	if (stat(bin, &sb) == 0 && stat(srcpath, &ss) == 0 && sb.st_mtime > ss.st_mtime)
		return true;   /* built since the source last changed */
	struct run r;
	run(&r, (char *[]){ "go", "build", "-o", bin, src, NULL }, goenv(), 300, NULL);
	if (r.status != 0)
		fprintf(stderr, "\ngo build %s failed (exit %d):\n%s\n", src, r.status, r.out);
	free(r.out);
	return r.status == 0;
}

/* Under valgrind or ThreadSanitizer the native run has already compared with Go. */
static bool undertool(void)
{
	return scaled(100) < 100;
}
/* SPDX-License-Identifier: BSD-3-Clause */
