/*
 * The demos: each C twin prints what its page says it prints, and what
 * its Go original prints.
 *
 * Every demos/NAME/ holds NAME.go, NAME.c, `expected-output` (the C
 * program's real output, captured), `go-output` (the Go program's, also
 * captured), optionally `test-args` (one line: arguments for a short run)
 * and `unordered` (scheduling decides the order of the lines, so they are
 * compared sorted; a line `fixed: TEXT` in it names an output line that
 * keeps its place, the lines between such lines being sorted among
 * themselves).  Outputs are compared after normalising what changes from
 * run to run: durations ("1.000523s" becomes "<duration>"), times as
 * Go prints a time.Time ("2009-11-10 23:00:00 +0000 UTC m=+0.5" becomes
 * "<time>") and the date and time that Go's log package puts first.  A demo whose output holds
 * numbers that scheduling decides (which worker took which job, how many
 * operations ran in a second) has a file `masks`: each of its lines is a
 * text after which digits are replaced by "#" before comparing.
 *
 * The six seed demos (multiply, hello, waitgroup, closures, stopping,
 * pingpong) are the primer's programs, and each also holds
 * `primer-output`: what the primer's program prints, from the primer's
 * text.  Every output of theirs, captured or live, C or Go, is compared
 * with it too.
 *
 * Programs run with stdout and stderr on one pipe, from the build
 * directory this test binary lives in: BUILD/tests/test_demos runs
 * BUILD/demos/NAME/NAME.  Programs named *_broken and demos/broken/ are
 * the deliberately racy ones; tests/tool_reports.sh checks those.
 *
 * When `go` is on the PATH, each Go original is built (go build, into
 * BUILD/go/) and run with the same arguments; without go, those checks
 * say they skipped.
 *
 * The helpers for all of this are in demorun.h; the demos checked for
 * what they do beyond their output (timing, Ctrl-C, the pool bound) are
 * in test_demos_runs.c.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "demorun.h"

/* ---- finding the demos -------------------------------------------------- */

/* Reads a whole file; NULL if it cannot.  The caller frees it. */
static char *readfile(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	size_t k;
	while ((k = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += k;
		if (cap - len < 2)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* Splits demos/NAME/test-args into argv[first...]; returns the new argc. */
static int readargs(const char *demo, char **argv, int first, int max, char *store, size_t size)
{
	char path[PATH_MAX];
	pathf(path, sizeof path, "%s/demos/%s/test-args", srcdir, demo);
	FILE *f = fopen(path, "r");
	int argc = first;
	store[0] = '\0';
	if (f) {
		if (fgets(store, (int)size, f) == NULL)
			store[0] = '\0';
		fclose(f);
	}
	for (char *save, *tok = strtok_r(store, " \t\n", &save); tok && argc < max - 1;
	     tok = strtok_r(NULL, " \t\n", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return argc;
}

static int cmpname(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The demos, by directory name, sorted; returns how many. */
static int listdemos(char names[][64], int max)
{
	char path[PATH_MAX];
	pathf(path, sizeof path, "%s/demos", srcdir);
	DIR *d = opendir(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < max) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "broken") == 0 || strlen(e->d_name) >= 64)
			continue;
		char c[PATH_MAX];
		pathf(c, sizeof c, "%s/%s/%s.c", path, e->d_name, e->d_name);
		if (isfile(c))
			pathf(names[n++], 64, "%s", e->d_name);
	}
	closedir(d);
	qsort(names, n, 64, cmpname);
	return n;
}

/* ---- comparing outputs ------------------------------------------------------ */

/* If s starts a Go duration ("1.5s", "1m2.25s", "250µs"), returns its length. */
static size_t durationlen(const char *s)
{
	static const char *units[] = { "ns", "us", "\u00b5s", "ms", "s", "m", "h" };
	const char *p = s;
	bool any = false;
	while (isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '.' && isdigit((unsigned char)p[1]))
			for (p++; isdigit((unsigned char)*p); p++)
				;
		size_t best = 0;
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
			size_t l = strlen(units[i]);
			if (strncmp(p, units[i], l) == 0 && l > best)
				best = l;
		}
		if (best == 0)
			return 0;
		p += best;
		any = true;
	}
	return any && !isalnum((unsigned char)*p) ? (size_t)(p - s) : 0;
}

/* Go's log prefix: "2009/11/10 23:00:00 ". */
static bool logstamp(const char *s)
{
	const char *pat = "dddd/dd/dd dd:dd:dd ";
	for (int i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pat[i])
			return false;
	return true;
}

/*
 * If s starts a time as Go's Time.String prints it ("2009-11-10
 * 23:00:00.5 +0000 UTC m=+0.500000001", the fraction and the monotonic
 * reading optional), returns its length; else 0.
 */
static size_t timelen(const char *s)
{
	const char *pat = "dddd-dd-dd dd:dd:dd", *p = s;
	for (int i = 0; pat[i]; i++, p++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)*p) : *p != pat[i])
			return 0;
	if (*p == '.' && isdigit((unsigned char)p[1]))
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (p[0] != ' ' || (p[1] != '+' && p[1] != '-'))
		return 0;
	for (int i = 2; i < 6; i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	p += 6;
	if (*p != ' ' || !isalpha((unsigned char)p[1]))
		return 0;
	for (p++; isalpha((unsigned char)*p); p++)
		;
	if (strncmp(p, " m=", 3) == 0 && (p[3] == '+' || p[3] == '-') && isdigit((unsigned char)p[4])) {
		for (p += 4; isdigit((unsigned char)*p) || *p == '.'; p++)
			;
	}
	return (size_t)(p - s);
}

static int cmpline(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is line one of the `fixed: ` lines of the unordered file's text? */
static bool isfixed(const char *line, const char *unordered)
{
	for (const char *f = unordered; f && (f = strstr(f, "fixed: ")) != NULL; f++) {
		if (f != unordered && f[-1] != '\n')
			continue;
		size_t k = strcspn(f + 7, "\n");
		if (strlen(line) == k && strncmp(line, f + 7, k) == 0)
			return true;
	}
	return false;
}

/*
 * Returns a malloc'd copy of out with durations replaced by "<duration>",
 * log date-and-time prefixes removed and, if unordered (the text of the
 * demo's unordered file) is not NULL, its lines sorted, except that the
 * file's fixed lines stay in place and the lines between them are sorted
 * among themselves.
 */
static char *normalise(const char *out, const char *unordered)
{
	bool sorted = unordered != NULL;
	size_t size = strlen(out) * 2 + 64;
	char *t = malloc(size), *w = t;
	bool linestart = true;
	for (const char *s = out; *s;) {
		if (linestart && logstamp(s)) {
			s += 20;
			continue;
		}
		size_t k;
		if ((s == out || !isalnum((unsigned char)s[-1])) && (k = timelen(s)) > 0) {
			w += sprintf(w, "<time>");
			s += k;
			linestart = false;
			continue;
		}
		if ((s == out || !isalnum((unsigned char)s[-1])) && (k = durationlen(s)) > 0) {
			w += sprintf(w, "<duration>");
			s += k;
			linestart = false;
			continue;
		}
		linestart = *s == '\n';
		*w++ = *s++;
	}
	*w = '\0';
	if (!sorted)
		return t;

	int n = 0;
	char **lines = malloc((strlen(t) + 2) * sizeof *lines), *save;
	for (char *l = strtok_r(t, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	for (int from = 0, i = 0; i <= n; i++)   /* sort each run between fixed lines */
		if (i == n || isfixed(lines[i], unordered)) {
			qsort(lines + from, i - from, sizeof *lines, cmpline);
			from = i + 1;
		}
	char *u = malloc(size), *x = u;
	for (int i = 0; i < n; i++)
		x += sprintf(x, "%s\n", lines[i]);
	*x = '\0';
	free(lines);
	free(t);
	return u;
}

/*
 * Returns a malloc'd copy of out in which, after each line of masks (the
 * text of a demo's masks file; may be NULL), the digits that follow are
 * replaced by one "#".
 */
static char *mask(const char *out, const char *masks)
{
	char *t = malloc(strlen(out) + 1), *w = t;
	for (const char *p = out; *p;) {
		size_t hit = 0;
		for (const char *m = masks; m && *m; m += strcspn(m, "\n"), m += *m == '\n') {
			size_t k = strcspn(m, "\n");
			if (k > 0 && strncmp(p, m, k) == 0 && isdigit((unsigned char)p[k])) {
				hit = k;
				break;
			}
		}
		if (hit == 0) {
			*w++ = *p++;
			continue;
		}
		memcpy(w, p, hit);
		w += hit;
		p += hit;
		*w++ = '#';
		while (isdigit((unsigned char)*p))
			p++;
	}
	*w = '\0';
	return t;
}

/* Compares two outputs as the demo says to; prints both if they differ. */
static bool same(const char *demo, const char *what, const char *want, const char *got)
{
	char path[PATH_MAX];
	pathf(path, sizeof path, "%s/demos/%s/unordered", srcdir, demo);
	char *unordered = readfile(path);
	pathf(path, sizeof path, "%s/demos/%s/masks", srcdir, demo);
	char *masks = readfile(path);
	char *mwant = mask(want, masks), *mgot = mask(got, masks);
	char *a = normalise(mwant, unordered), *b = normalise(mgot, unordered);
	free(mwant);
	free(mgot);
	free(masks);
	bool eq = strcmp(a, b) == 0;
	if (!eq)
		fprintf(stderr, "\ndemo %s: %s differs%s\n--- want:\n%s--- got:\n%s---\n", demo, what,
		        unordered ? " (lines sorted)" : "", a, b);
	free(a);
	free(b);
	free(unordered);
	return eq;
}

static char *demofile(const char *demo, const char *file)
{
	char path[PATH_MAX];
	pathf(path, sizeof path, "%s/demos/%s/%s", srcdir, demo, file);
	return readfile(path);
}

/* ---- the tests -------------------------------------------------------------- */

static void test_every_demo_has_go_original_c_twin_page_and_outputs(void)
{
	findpaths();
	char names[64][64];
	int n = listdemos(names, 64);
	CU_ASSERT(n >= 39);   /* six seeds, fourteen patterns, nineteen Go by Example chapters */
	const char *files[] = { ".go", ".c", "README.md", "expected-output", "go-output" };
	for (int i = 0; i < n; i++)
		for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
			char path[PATH_MAX];
			if (files[f][0] == '.')
				pathf(path, sizeof path, "%s/demos/%s/%s%s", srcdir, names[i], names[i], files[f]);
			else
				pathf(path, sizeof path, "%s/demos/%s/%s", srcdir, names[i], files[f]);
			if (!isfile(path)) {
				fprintf(stderr, "\nmissing: %s\n", path);
				CU_FAIL("a demo file is missing");
			}
		}
}

/*
 * Runs demo `name`'s program bin (C or Go) with the demo's test-args and
 * checks that it exits 0 printing the demo's expected-output.
 */
static void run_and_compare(const char *name, char *bin, const char *label)
{
	char store[256], *argv[32];
	argv[0] = bin;
	readargs(name, argv, 1, 32, store, sizeof store);
	struct run r;
	run(&r, argv, NULL, 60, NULL);
	char *want = demofile(name, "expected-output");
	char *primer = demofile(name, "primer-output");
	if (r.status != 0)
		fprintf(stderr, "\n%s of demo %s exited %d:\n%s\n", label, name, r.status, r.out);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(want);
	if (want)
		CU_ASSERT_TRUE(same(name, label, want, r.out));
	if (primer) {
		char what[64];
		pathf(what, sizeof what, "%s beside primer-output", label);
		CU_ASSERT_TRUE(same(name, what, primer, r.out));
	}
	free(want);
	free(primer);
	free(r.out);
}

static void test_every_c_demo_prints_its_expected_output(void)
{
	findpaths();
	char names[64][64];
	int n = listdemos(names, 64);
	for (int i = 0; i < n; i++) {
		char bin[PATH_MAX];
		pathf(bin, sizeof bin, "%s/demos/%s/%s", builddir, names[i], names[i]);
		run_and_compare(names[i], bin, "C output");
	}
}

static void test_captured_go_output_matches_expected_output(void)
{
	findpaths();
	char names[64][64];
	int n = listdemos(names, 64);
	for (int i = 0; i < n; i++) {
		char *want = demofile(names[i], "expected-output");
		char *got = demofile(names[i], "go-output");
		char *primer = demofile(names[i], "primer-output");
		if (want && got)
			CU_ASSERT_TRUE(same(names[i], "go-output beside expected-output", want, got));
		if (primer && want)
			CU_ASSERT_TRUE(same(names[i], "expected-output beside primer-output", primer, want));
		free(want);
		free(got);
		free(primer);
	}
}

static void test_every_go_original_prints_what_its_c_twin_prints(void)
{
	findpaths();
	if (!have_go()) {
		printf("\n    skipped: go is not on the PATH, so the Go originals were not run ");
		return;
	}
	if (undertool()) {
		printf("\n    skipped under a checking tool: the native run compares with Go ");
		return;
	}
	char names[64][64];
	int n = listdemos(names, 64);
	for (int i = 0; i < n; i++) {
		char bin[PATH_MAX];
		if (gobuild(names[i], bin, sizeof bin))
			run_and_compare(names[i], bin, "Go output");
		else
			CU_FAIL("go build failed");
	}
}

/* The six seed demos: the primer's programs, in the primer's order. */
static const char *const seeds[] = { "multiply", "hello", "waitgroup", "closures", "stopping", "pingpong" };

static void test_seed_demos_hold_the_primers_output_and_name_its_section(void)
{
	findpaths();
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		char *primer = demofile(seeds[i], "primer-output");
		char *page = demofile(seeds[i], "README.md");
		if (primer == NULL)
			fprintf(stderr, "\nseed demo %s has no primer-output\n", seeds[i]);
		CU_ASSERT_PTR_NOT_NULL(primer);
		CU_ASSERT_PTR_NOT_NULL(page);
		if (page && !strstr(page, "This is the program of the primer's section **"))
			fprintf(stderr, "\nseed demo %s: its page does not name the primer's section\n", seeds[i]);
		CU_ASSERT(page && strstr(page, "This is the program of the primer's section **"));
		free(primer);
		free(page);
	}
}

/* Each gbe-NAME page credits Go by Example, its licence and its chapter. */
static void test_go_by_example_pages_credit_the_chapter_and_its_licence(void)
{
	findpaths();
	char names[64][64];
	int n = listdemos(names, 64), gbe = 0;
	for (int i = 0; i < n; i++) {
		if (strncmp(names[i], "gbe-", 4) != 0)
			continue;
		gbe++;
		char *page = demofile(names[i], "README.md");
		char chapter[128];
		pathf(chapter, sizeof chapter, "(https://gobyexample.com/%s)", names[i] + 4);
		bool ok = page && strstr(page, "[Go by Example](https://gobyexample.com)") &&
		          strstr(page, "CC BY 3.0") && strstr(page, chapter);
		if (!ok)
			fprintf(stderr, "\n%s: its page does not credit Go by Example, CC BY 3.0 and %s\n",
			        names[i], chapter);
		CU_ASSERT(ok);
		free(page);
	}
	CU_ASSERT(gbe >= 19);   /* every concurrency chapter, Goroutines to Context */
}

static void test_docs_samples_match_the_sources_they_come_from(void)
{
	findpaths();
	char script[PATH_MAX];
	pathf(script, sizeof script, "%s/scripts/docs.sh", srcdir);
	struct run r;
	run(&r, (char *[]){ script, "--check", NULL }, NULL, 60, NULL);
	if (r.status != 0)
		fprintf(stderr, "\nscripts/docs.sh --check (exit %d):\n%s\n", r.status, r.out);
	CU_ASSERT_EQUAL(r.status, 0);
	free(r.out);
}

void register_suites(void)
{
	ADD_SUITE("demos",
	          TEST(test_every_demo_has_go_original_c_twin_page_and_outputs),
	          TEST(test_every_c_demo_prints_its_expected_output),
	          TEST(test_captured_go_output_matches_expected_output),
	          TEST(test_every_go_original_prints_what_its_c_twin_prints),
	          TEST(test_seed_demos_hold_the_primers_output_and_name_its_section),
	          TEST(test_go_by_example_pages_credit_the_chapter_and_its_licence),
	          TEST(test_docs_samples_match_the_sources_they_come_from));
}
/* SPDX-License-Identifier: BSD-3-Clause */
