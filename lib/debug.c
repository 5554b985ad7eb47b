/*
 * Panics, fatal errors and goroutine dumps (Go's runtime/panic.go and
 * runtime/traceback.go, much reduced).
 *
 * Two kinds of stop, as in Go:
 *   go_panic(msg)  a caller mistake: "panic: msg", the panicking goroutine,
 *                  exit status 2.
 *   go_fatal(msg)  unrecoverable: "fatal error: msg", every goroutine,
 *                  exit status 2.
 * Both are ordinary functions so that `break go_panic` / `break go_fatal`
 * in gdb stops with the caller's stack intact.  GOTRACEBACK=crash makes
 * them abort() instead, for a core file, as it does in Go.
 * go_throw() is for gothreads' own bugs: it always aborts.
 *
 * Dumps.  Go prints each goroutine's stack; we print what a student needs
 * to see why it is stuck, from the fields the goroutine keeps up to date
 * (lib/runtime.h): its wait reason in Go's words, its function, its name,
 * the channel, select cases or mutex it waits on, the LWP of its thread
 * (gdb's `thread find LWP`, `info goroutines`) and where it was started.
 * The stacks themselves are gdb's business: lib/gothreads-gdb.py adds
 * `goroutine N bt`.
 *
 * A fatal dump runs with the world stopped (every goroutine parked), so it
 * may read the channels the goroutines wait on.  go_dump() runs while
 * they move: it prints addresses only, never dereferencing a channel that
 * may just have been freed.
 *
 * SIGQUIT (Ctrl-\) prints "SIGQUIT: quit", the dump, and exits with
 * status 2, as Go does.  The handler only writes a byte to a pipe; a
 * thread of our own ("gothreads-sigq", started before main) reads it and
 * prints the dump, so no stdio or locking ever runs inside a signal
 * handler.
 */
#define _GNU_SOURCE
#include "runtime.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * The name of the function holding pc, and pc's offset in it.  dladdr()
 * knows only exported symbols; a student's worker functions are usually
 * static, so we look in the file's full symbol table (.symtab) as well,
 * unless the program was stripped.  Returns false if neither knows.
 */
static bool symbolize(void *pc, char *name, size_t size, unsigned long *off)
{
	Dl_info info;
	if (pc == NULL || !dladdr(pc, &info))
		return false;
	if (info.dli_sname && info.dli_saddr) {
		snprintf(name, size, "%s", info.dli_sname);
		*off = (unsigned long)((char *)pc - (char *)info.dli_saddr);
		return true;
	}
	const char *path = info.dli_fname && info.dli_fname[0] ? info.dli_fname : "/proc/self/exe";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && (fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	struct stat st;
	bool found = false;
	void *map = fstat(fd, &st) == 0 ? mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	close(fd);
	if (map == MAP_FAILED)
		return false;
	const char *base = map;
	const ElfW(Ehdr) *eh = map;
	if ((size_t)st.st_size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_shoff == 0 || eh->e_shoff + (size_t)eh->e_shnum * sizeof(ElfW(Shdr)) > (size_t)st.st_size)
		goto out;
	uintptr_t addr = (uintptr_t)pc - (eh->e_type == ET_DYN ? (uintptr_t)info.dli_fbase : 0);
	const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(base + eh->e_shoff);
	const ElfW(Sym) *best = NULL;
	const char *strtab = NULL;
	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		const ElfW(Sym) *sym = (const ElfW(Sym) *)(base + sh[i].sh_offset);
		size_t n = sh[i].sh_size / sizeof *sym;
		for (size_t k = 0; k < n; k++)
			if (ELF64_ST_TYPE(sym[k].st_info) == STT_FUNC && sym[k].st_value <= addr &&
			    addr < sym[k].st_value + (sym[k].st_size ? sym[k].st_size : 1)) {
				best = &sym[k];
				strtab = base + sh[sh[i].sh_link].sh_offset;
			}
	}
	if (best) {
		snprintf(name, size, "%s", strtab + best->st_name);
		*off = (unsigned long)(addr - best->st_value);
		found = true;
	}
out:
	munmap(map, st.st_size);
	return found;
}

/*
 * lib/gothreads-gdb.py rides in the .debug_gdb_scripts section of every
 * program linked with gothreads (debug.c is always linked in), so gdb
 * loads `info goroutines` and friends by itself once auto-load trusts the
 * program (docs/debugging.md).  The path is relative to the directory make
 * runs in; the Makefile rebuilds debug.o when the script changes.
 */
#ifndef GOTHREADS_GDB_SCRIPT
#define GOTHREADS_GDB_SCRIPT "lib/gothreads-gdb.py"
#endif
__asm__(".pushsection \".debug_gdb_scripts\", \"MS\", @progbits, 1\n"
        ".byte 4\n"   /* an inlined Python script */
        ".ascii \"gdb.inlined-script.gothreads\\n\"\n"
        ".incbin \"" GOTHREADS_GDB_SCRIPT "\"\n"
        ".byte 0\n"
        ".popsection\n");

/* Prints "fn(arg)" for gp's function, by name where the symbol is known. */
static void printfunc(FILE *f, struct g *gp)
{
	char name[128];
	unsigned long off;
	if (gp->id == 1 && gp->adopted)
		fprintf(f, "main()\n");
	else if (gp->fn == NULL)
		fprintf(f, "(a thread not started by go())\n");
	else if (symbolize((void *)gp->fn, name, sizeof name, &off))
		fprintf(f, "%s(%p)\n", name, gp->arg);
	else
		fprintf(f, "%p(%p)\n", (void *)gp->fn, gp->arg);
}

/* "created by main in goroutine 1", and the return address of the go() call. */
static void printcreator(FILE *f, struct g *gp)
{
	char name[128];
	unsigned long off;
	if (symbolize(gp->createpc, name, sizeof name, &off))
		fprintf(f, "created by %s in goroutine %lld\n\t%s+%#lx\n", name,
		        (long long)gp->parent, name, off);
	else
		fprintf(f, "created by %p in goroutine %lld\n", gp->createpc, (long long)gp->parent);
}

/* The goroutine in allgs whose g is gp, or NULL.  sched.lock held. */
static struct g *findg(void *gp)
{
	for (struct g *p = allgs; p; p = p->allnext)
		if (p == gp)
			return p;
	return NULL;
}

/* "chan 0x... (elem 4 bytes, cap 0)": the details only when nothing moves. */
static void printchan(FILE *f, struct hchan *c, bool stopped)
{
	fprintf(f, "chan %p", (void *)c);
	if (stopped && c)
		fprintf(f, " (elem %zu bytes, cap %zu)", c->elemsize, c->dataqsiz);
}

/* What gp waits on: a channel, a select's channels or a mutex. */
static void printwait(FILE *f, struct g *gp, bool stopped)
{
	struct hchan *c = atomic_load_explicit(&gp->waitchan, memory_order_acquire);
	select_case *cases = atomic_load_explicit(&gp->waitcases, memory_order_acquire);
	mutex *mu = atomic_load_explicit(&gp->waitmutex, memory_order_acquire);
	if (c) {
		fprintf(f, "\twaiting on: ");
		printchan(f, c, stopped);
		fputc('\n', f);
	}
	if (cases) {
		int n = atomic_load_explicit(&gp->nwaitcases, memory_order_relaxed);
		for (int i = 0; i < n; i++) {
			fprintf(f, "\tcase %d: %s ", i, cases[i].dir == SELECT_SEND ? "send to" : "receive from");
			if (cases[i].c)
				printchan(f, cases[i].c, stopped);
			else
				fprintf(f, "nil chan");
			fputc('\n', f);
		}
	}
	if (mu) {
		struct g *owner = findg(atomic_load_explicit(&mu->owner, memory_order_acquire));
		fprintf(f, "\twaiting on: mutex %p", (void *)mu);
		if (owner)
			fprintf(f, ", held by goroutine %lld", (long long)owner->id);
		else if (atomic_load_explicit(&mu->owner, memory_order_relaxed))
			fprintf(f, ", held by a goroutine that has ended");
		fputc('\n', f);
	}
}

/* Prints one goroutine in Go's traceback form.  sched.lock held, or gp is us. */
static void dumpg(FILE *f, struct g *gp, bool running, bool stopped)
{
	const char *reason = atomic_load_explicit(&gp->waitreason, memory_order_relaxed);
	fprintf(f, "goroutine %lld [%s]:\n", (long long)gp->id,
	        running || reason == NULL ? "running" : reason);
	printfunc(f, gp);
	if (gp->name[0])
		fprintf(f, "\tname: %s\n", gp->name);
	if (!running)
		printwait(f, gp, stopped);
	int tid = atomic_load_explicit(&gp->tid, memory_order_relaxed);
	if (tid)
		fprintf(f, "\tthread: LWP %d\n", tid);
	if (gp->parent)
		printcreator(f, gp);
	fputc('\n', f);
}

/* Every goroutine, oldest first.  sched.lock held. */
static void dumpall(FILE *f, bool stopped)
{
	struct g *last = allgs;
	while (last && last->allnext)
		last = last->allnext;
	for (struct g *gp = last; gp; gp = gp->allprev)
		dumpg(f, gp, false, stopped);
}

/*
 * Callable from gdb (`call go_dump()`), where a stopped thread may hold
 * sched.lock: after a second without it we dump anyway, and say so.
 */
void go_dump(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	bool locked = pthread_mutex_timedlock(sched_lockp(), &ts) == 0;
	if (!locked)
		fprintf(stderr, "gothreads: go_dump: sched.lock is held; dumping without it\n\n");
	dumpall(stderr, false);
	fflush(stderr);
	if (locked)
		sched_unlock();
}

/*
 * Only one goroutine reports: a second panic or fatal error, from another
 * thread, waits here until the first has ended the process, so reports
 * never interleave (Go's paniclk).  A panic while reporting one ends the
 * process at once.  The first to come claims dyingtid; the others sleep
 * for ever.  (A mutex taken and never released did the same, but then
 * every panic ended with helgrind's "Exiting thread still holds 1 lock".)
 */
static _Atomic(pid_t) dyingtid;

static void startdying(void)
{
	pid_t self = gettid(), none = 0;
	if (atomic_load(&dyingtid) == self)
		_exit(2);
	if (!atomic_compare_exchange_strong(&dyingtid, &none, self))
		for (;;)
			pause();   /* the first reporter ends the process */
	fflush(stdout);
}

static void stop(void) __attribute__((noreturn));
static void stop(void)
{
	fflush(stdout);
	const char *tb = getenv("GOTRACEBACK");
	if (tb && strcmp(tb, "crash") == 0)
		abort();
	_exit(2);
}

void go_panic(const char *msg)
{
	struct g *gp = getg();
	startdying();
	fprintf(stderr, "panic: %s\n\n", msg);
	dumpg(stderr, gp, true, false);
	stop();
}

void go_fatal_locked(const char *msg)
{
	startdying();
	/* With no goroutine left to show, Go prints the line alone. */
	fprintf(stderr, allgs ? "fatal error: %s\n\n" : "fatal error: %s\n", msg);
	dumpall(stderr, true);
	sched_unlock();   /* nobody else reports now; exit holding no lock of ours */
	stop();
}

void go_fatal(const char *msg)
{
	sched_lock();
	go_fatal_locked(msg);
}

void go_poolbound_locked(int maxthreads, int queued)
{
	char msg[256];
	snprintf(msg, sizeof msg,
	         "all %d pool threads are blocked and %d goroutine%s wait%s for a thread - deadlock!\n"
	         "(raise the bound: GOTHREADS_MAXTHREADS=N or go_setmaxthreads(N))",
	         maxthreads, queued, queued == 1 ? "" : "s", queued == 1 ? "s" : "");
	go_fatal_locked(msg);
}

void go_throw(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fatal error: gothreads: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

/* ---- SIGQUIT ---- */

static int quitpipe[2] = { -1, -1 };
static pid_t quitpid;   /* the process the watcher thread belongs to */

static void onquit(int sig)
{
	int saved = errno;
	if (getpid() != quitpid) {
		/* A fork()ed child has no watcher thread: die as SIGQUIT would. */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	char b = 'q';
	ssize_t r = write(quitpipe[1], &b, 1);
	(void)r;
	errno = saved;
}

static void *quitwatcher(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "gothreads-sigq");
	char b;
	for (;;) {
		ssize_t n = read(quitpipe[0], &b, 1);
		if (n == 1)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		return NULL;
	}
	sched_lock();
	startdying();
	fprintf(stderr, "SIGQUIT: quit\n\n");
	dumpall(stderr, false);
	sched_unlock();
	stop();
}

__attribute__((constructor)) static void quitinit(void)
{
	if (pipe2(quitpipe, O_CLOEXEC) != 0)
		return;   /* no dump on SIGQUIT; nothing else changes */
	quitpid = getpid();
	if (internalthread(quitwatcher) != 0) {
		close(quitpipe[0]);
		close(quitpipe[1]);
		return;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = onquit;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGQUIT, &sa, NULL);
}
