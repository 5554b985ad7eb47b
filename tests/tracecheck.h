/*
 * What the trace tests share (test_trace.c, test_trace_endings.c): a
 * small JSON parser, the trace-event checker check() that test_trace.c's
 * opening comment describes, and the running of traced programs.
 * Included by each of them: every test program is its own executable,
 * linked with harness.c only.
 */
/* ---- a small JSON parser ------------------------------------------------- */

enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	int type;
	double num;
	char *str;            /* J_STR; the key, for members of an object */
	struct jv *kids;      /* J_ARR, J_OBJ: n values */
	int n;
	char *key;
};

struct jp {
	const char *s;
	const char *err;
};

static void jws(struct jp *p)
{
	while (*p->s == ' ' || *p->s == '\n' || *p->s == '\r' || *p->s == '\t')
		p->s++;
}

static bool jvalue(struct jp *p, struct jv *v);

static char *jstring(struct jp *p)
{
	if (*p->s != '"') {
		p->err = "expected a string";
		return NULL;
	}
	p->s++;
	size_t cap = 16, n = 0;
	char *out = malloc(cap);
	for (;;) {
		char ch = *p->s++;
		if (ch == '\0' || (unsigned char)ch < 0x20) {
			p->err = "unterminated string or control character in one";
			free(out);
			return NULL;
		}
		if (ch == '"')
			break;
		if (ch == '\\') {
			char e = *p->s++;
			if (e == 'u') {
				for (int i = 0; i < 4; i++)
					if (!isxdigit((unsigned char)p->s[i])) {
						p->err = "bad \\u escape";
						free(out);
						return NULL;
					}
				unsigned u = (unsigned)strtoul((char[5]){ p->s[0], p->s[1], p->s[2], p->s[3], 0 }, NULL, 16);
				p->s += 4;
				ch = u < 0x80 ? (char)u : '?';
			} else if (strchr("\"\\/bfnrt", e) && e) {
				ch = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e;
			} else {
				p->err = "bad escape";
				free(out);
				return NULL;
			}
		}
		if (n + 2 > cap)
			out = realloc(out, cap *= 2);
		out[n++] = ch;
	}
	out[n] = '\0';
	return out;
}

static bool jlist(struct jp *p, struct jv *v, char close, bool obj)
{
	p->s++;
	jws(p);
	int cap = 0;
	if (*p->s == close) {
		p->s++;
		return true;
	}
	for (;;) {
		if (v->n == cap)
			v->kids = realloc(v->kids, (cap = cap ? 2 * cap : 8) * sizeof *v->kids);
		struct jv *k = &v->kids[v->n++];
		memset(k, 0, sizeof *k);
		jws(p);
		if (obj) {
			if ((k->key = jstring(p)) == NULL)
				return false;
			jws(p);
			if (*p->s++ != ':') {
				p->err = "expected ':'";
				return false;
			}
		}
		if (!jvalue(p, k))
			return false;
		jws(p);
		if (*p->s == ',') {
			p->s++;
			continue;
		}
		if (*p->s++ == close)
			return true;
		p->err = obj ? "expected ',' or '}'" : "expected ',' or ']'";
		return false;
	}
}

static bool jvalue(struct jp *p, struct jv *v)
{
	jws(p);
	switch (*p->s) {
	case '{': v->type = J_OBJ; return jlist(p, v, '}', true);
	case '[': v->type = J_ARR; return jlist(p, v, ']', false);
	case '"': v->type = J_STR; return (v->str = jstring(p)) != NULL;
	}
	if (strncmp(p->s, "true", 4) == 0 || strncmp(p->s, "null", 4) == 0) {
		v->type = p->s[0] == 't' ? J_BOOL : J_NULL;
		p->s += 4;
		return true;
	}
	if (strncmp(p->s, "false", 5) == 0) {
		v->type = J_BOOL;
		p->s += 5;
		return true;
	}
	char *end;
	v->num = strtod(p->s, &end);
	if (end == p->s || !(isdigit((unsigned char)*p->s) || *p->s == '-')) {
		p->err = "expected a value";
		return false;
	}
	v->type = J_NUM;
	p->s = end;
	return true;
}

static void jfree(struct jv *v)
{
	for (int i = 0; i < v->n; i++)
		jfree(&v->kids[i]);
	free(v->kids);
	free(v->str);
	free(v->key);
}

static struct jv *jget(const struct jv *o, const char *key)
{
	if (o == NULL || o->type != J_OBJ)
		return NULL;
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->kids[i].key, key) == 0)
			return &o->kids[i];
	return NULL;
}

static const char *jgetstr(const struct jv *o, const char *key)
{
	struct jv *v = jget(o, key);
	return v && v->type == J_STR ? v->str : NULL;
}

/* ---- the trace-event checker -------------------------------------------- */

struct counts {
	char err[256];     /* empty if the trace is well formed */
	int rows, goroutines;
	int arrows, go, send, close, timer;
	int stretches;
	long dropped;
	bool limitnote;    /* the "trace limit reached" event */
	char end[256];     /* otherData.end: why the trace was written */
	char rowname[64][48];   /* thread_name of tid 0..63 */
	int sends_from[64], sends_to[64];
};

#define BAD(...) do { snprintf(c->err, sizeof c->err, __VA_ARGS__); goto out; } while (0)

struct flowend {
	double id;
	const char *cat;
	int s, f;
	double ts0, ts1;
	int tid0, tid1;
};

static void check(const char *json, struct counts *c)
{
	memset(c, 0, sizeof *c);
	struct jv root = { 0 };
	struct jp p = { json, NULL };
	struct flowend *fl = NULL;
	int nfl = 0;
	enum { MAXTID = 1 << 16 };
	static int depth[MAXTID];
	static bool named[MAXTID];
	memset(depth, 0, sizeof depth);
	memset(named, 0, sizeof named);
	if (!jvalue(&p, &root))
		BAD("not JSON: %s at offset %ld", p.err, (long)(p.s - json));
	jws(&p);
	if (*p.s)
		BAD("text after the JSON value at offset %ld", (long)(p.s - json));
	struct jv *evs = jget(&root, "traceEvents");
	if (evs == NULL || evs->type != J_ARR)
		BAD("no traceEvents array");
	fl = calloc(evs->n + 1, sizeof *fl);
	for (int i = 0; i < evs->n; i++) {
		struct jv *e = &evs->kids[i];
		const char *ph = jgetstr(e, "ph"), *name = jgetstr(e, "name");
		struct jv *ts = jget(e, "ts"), *pid = jget(e, "pid"), *tid = jget(e, "tid");
		if (e->type != J_OBJ || ph == NULL || strlen(ph) != 1)
			BAD("event %d: no ph", i);
		if (pid == NULL || pid->type != J_NUM || tid == NULL || tid->type != J_NUM)
			BAD("event %d (%s): no pid or tid", i, ph);
		int t = (int)tid->num;
		if (t < 0 || t >= MAXTID)
			BAD("event %d: tid %d out of range", i, t);
		if (*ph != 'M' && (ts == NULL || ts->type != J_NUM || ts->num < 0))
			BAD("event %d (%s): no ts", i, ph);
		if (strchr("BXisfM", *ph) && name == NULL)
			BAD("event %d (%s): no name", i, ph);
		switch (*ph) {
		case 'M':
			if (strcmp(name, "thread_name") == 0) {
				const char *rn = jgetstr(jget(e, "args"), "name");
				if (rn == NULL)
					BAD("event %d: thread_name without args.name", i);
				named[t] = true;
				c->rows++;
				if (rn[0] == 'g' && isdigit((unsigned char)rn[1]))
					c->goroutines++;
				if (t < 64)
					snprintf(c->rowname[t], sizeof c->rowname[t], "%s", rn);
			}
			break;
		case 'B':
			depth[t]++;
			c->stretches++;
			break;
		case 'E':
			if (depth[t]-- == 0)
				BAD("event %d: E on tid %d closes no B", i, t);
			break;
		case 'X': {
			struct jv *dur = jget(e, "dur");
			if (dur == NULL || dur->type != J_NUM || dur->num < 0)
				BAD("event %d: X without a dur >= 0", i);
			break;
		}
		case 'i':
			if (strstr(name, "trace limit reached"))
				c->limitnote = true;
			break;
		case 's': case 'f': {
			struct jv *id = jget(e, "id");
			const char *cat = jgetstr(e, "cat");
			if (id == NULL || id->type != J_NUM || cat == NULL)
				BAD("event %d: flow without id or cat", i);
			int k = 0;
			while (k < nfl && !(fl[k].id == id->num && strcmp(fl[k].cat, cat) == 0))
				k++;
			if (k == nfl)
				fl[nfl++] = (struct flowend){ .id = id->num, .cat = cat };
			if (*ph == 's') {
				fl[k].s++;
				fl[k].ts0 = ts->num;
				fl[k].tid0 = t;
			} else {
				fl[k].f++;
				fl[k].ts1 = ts->num;
				fl[k].tid1 = t;
			}
			break;
		}
		case 'I': case 'n': case 'C': case 'b': case 'e':
			break;
		default:
			BAD("event %d: unknown ph %s", i, ph);
		}
	}
	for (int t = 0; t < MAXTID; t++)
		if (depth[t] != 0)
			BAD("tid %d: %d B events never end", t, depth[t]);
	for (int k = 0; k < nfl; k++) {
		struct flowend *f = &fl[k];
		if (f->s != 1 || f->f != 1)
			BAD("flow %s %.0f: %d starts and %d ends", f->cat, f->id, f->s, f->f);
		if (f->ts1 < f->ts0)
			BAD("flow %s %.0f points back in time: %.3f -> %.3f", f->cat, f->id, f->ts0, f->ts1);
		if (!named[f->tid0] || !named[f->tid1])
			BAD("flow %s %.0f: tid %d or %d has no thread_name", f->cat, f->id, f->tid0, f->tid1);
		c->arrows++;
		if (strcmp(f->cat, "go") == 0)
			c->go++;
		else if (strcmp(f->cat, "send") == 0) {
			c->send++;
			if (f->tid0 < 64 && f->tid1 < 64) {
				c->sends_from[f->tid0]++;
				c->sends_to[f->tid1]++;
			}
		} else if (strcmp(f->cat, "close") == 0)
			c->close++;
		else if (strcmp(f->cat, "timer") == 0)
			c->timer++;
		else
			BAD("flow %.0f: unknown kind %s", f->id, f->cat);
	}
	struct jv *od = jget(&root, "otherData");
	const char *end = jgetstr(od, "end");
	struct jv *dropped = jget(od, "dropped");
	snprintf(c->end, sizeof c->end, "%s", end ? end : "");
	c->dropped = dropped && dropped->type == J_NUM ? (long)dropped->num : -1;
out:
	free(fl);
	jfree(&root);
}

/* ---- running traced programs ------------------------------------------- */

static char tmpdir[PATH_MAX];

/* At exit: the traces go, with their directory. */
static void rmtmp(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	char path[2 * PATH_MAX];
	while (d && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.') {
			snprintf(path, sizeof path, "%s/%s", tmpdir, de->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
	rmdir(tmpdir);
}

static const char *tmpfile_(const char *name)
{
	static char path[PATH_MAX + 64];
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/test_trace.XXXXXX");
		CU_ASSERT_FATAL(mkdtemp(tmpdir) != NULL);
		atexit(rmtmp);
	}
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	size_t cap = 1 << 16, n = 0, k;
	char *s = malloc(cap);
	while ((k = fread(s + n, 1, cap - n - 1, f)) > 0)
		if ((n += k) + 1 == cap)
			s = realloc(s, cap *= 2);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* BUILD, from /proc/self/exe: BUILD/tests/test_trace (or test_trace_endings). */
static const char *builddir(void)
{
	static char dir[PATH_MAX];
	if (!dir[0]) {
		char exe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		CU_ASSERT_FATAL(n > 0);
		exe[n] = '\0';
		snprintf(dir, sizeof dir, "%s", dirname(dirname(exe)));
	}
	return dir;
}

/*
 * Runs argv (a path below BUILD, then its arguments) with GOTHREADS_TRACE
 * and the extra "NAME=value" settings in env, stdout to /dev/null and
 * stderr into err; with sig, sends it once the program has printed its
 * first line on stdout.  Returns the exit status (128 + N if killed by
 * signal N).
 */
static int run(const char *trace, char *const argv[], const char *env, int sig, char *err, size_t errsize)
{
	char prog[PATH_MAX + 64];
	snprintf(prog, sizeof prog, "%s/%s", builddir(), argv[0]);
	int out[2], errp[2];
	CU_ASSERT_FATAL(pipe(out) == 0 && pipe(errp) == 0);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(errp[1], 2);
		close(out[0]);
		close(errp[0]);
		setenv("GOTHREADS_TRACE", trace, 1);
		if (env)
			putenv((char *)env);
		alarm(60 * (under_valgrind() ? 5 : 1));   /* a hang is a failure, not a stuck test */
		execv(prog, argv);
		_exit(98);
	}
	close(out[1]);
	close(errp[1]);
	char buf[4096];
	ssize_t k;
	bool signalled = false;
	while ((k = read(out[0], buf, sizeof buf)) > 0)
		if (sig && !signalled && memchr(buf, '\n', (size_t)k)) {
			kill(pid, sig);
			signalled = true;
		}
	close(out[0]);
	size_t n = 0;
	while (n + 1 < errsize && (k = read(errp[0], err + n, errsize - n - 1)) > 0)
		n += (size_t)k;
	err[n] = '\0';
	while (read(errp[0], buf, sizeof buf) > 0)
		;
	close(errp[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Runs argv traced into NAME.json and checks the JSON; *c gets the counts. */
static int traced(const char *name, char *const argv[], const char *env, int sig, struct counts *c, char *err, size_t errsize)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s", tmpfile_(name));
	unlink(path);
	int st = run(path, argv, env, sig, err, errsize);
	char *json = slurp(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(json);
	check(json, c);
	if (c->err[0])
		printf("\n%s: %s\n", path, c->err);
	CU_ASSERT_STRING_EQUAL(c->err, "");
	free(json);
	return st;
}

/* TRACE_SELF: the including program, as the build directory names it. */
static char *self[] = { TRACE_SELF, "--child", NULL, NULL };

static char **child(const char *name)
{
	self[2] = (char *)name;
	return self;
}
/* SPDX-License-Identifier: BSD-3-Clause */
