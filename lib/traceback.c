/*
 * Goroutine stacks for dumps, with file:line on every frame (Go's
 * runtime/traceback.go).
 *
 * DESIGN
 * A frame prints as Go prints it: `function(args)`, then a tab and
 * `path/file.c:LINE +0xOFF`.  Only the goroutine's own function has
 * known args (its fn's argument); other frames show `(...)`.
 *
 * Which frames.  A parked goroutine's stack runs from the kernel wait
 * (libc), through the library (semsleep, gopark, chan_recv_at), to the
 * student's code, down to its function, and on to the library again
 * (execute, mstart) and libc (start_thread, clone).  As Go hides its
 * runtime frames, we show only the student's part, unless
 * GOTRACEBACK=system: from the frame whose pc is g->callpc (the return
 * address into the caller of the public function, recorded by setcall()
 * before it parked) down to the frame of g->fn (for main, of main()).
 * Without a callpc (a panic from deep inside the library), leading frames
 * whose source file is in the library's directory are hidden.
 *
 * Whose stack.  Our own thread's is backtrace()'s.  Another thread's
 * registers are only reachable through the kernel: ptrace() is refused
 * within one's own thread group, and a helper process tracing us fails
 * under gdb, valgrind and Yama.  So the dumper asks: it sends the parked
 * goroutine's thread a signal (STACKSIG), whose handler walks its own
 * stack with backtrace() into its slot and posts a semaphore.
 * The cost is paid at dump time only; nothing is recorded while programs
 * run, beyond setcall()'s three stores when a goroutine parks.  Only
 * goroutines parked in the library are asked: they are in sem_wait,
 * pthread_cond_wait or a mutex lock, which restart after the handler, and
 * hold no lock that backtrace() needs.  Every thread is asked at once
 * (stacks_collect).  A thread that does not answer within STACKWAIT (its
 * signals blocked) gets its recorded call only, and
 * so does every other thread under valgrind: helgrind and DRD see no
 * ordering in a signal, so each read of the handler's answer would be a
 * report.
 *
 * Names and lines come from symtab.c: elfutils' libdwfl (the DWARF line
 * table and the ELF symbol table of each loaded module), built in unless
 * the Makefile says NO_LIBDW=1.  Without it, or for code built without -g,
 * a frame is `function+0xOFF`, from dladdr() or the file's .symtab; the
 * line of the call a goroutine is parked in is still there, from the
 * __FILE__ and __LINE__ the public macros pass (g->callfile).
 * docs/internals.md says why libdw and not libbacktrace or addr2line.
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "trace.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef GOTHREADS_NO_LIBDW
#include <elfutils/libdwfl.h>
#endif

#define MAXFRAMES 64
#define STACKSIG  (SIGRTMIN + 3)         /* lib/gothreads-gdb.py passes it silently */
#define STACKWAIT (500 * Millisecond)    /* for all of a dump's answers */

/* ---- whose stack ---- */

/*
 * A dump asks every thread at once, then waits for the answers: a
 * thread's wake-up can take milliseconds on a busy machine, and 3,000 of
 * them one after the other would take seconds.  Each thread asked has a
 * slot, found by its tid in an open-addressed table the handler reads.
 * The slots are never freed (a late answer may still come; a larger dump
 * makes a larger batch and leaves the old one be), so a handler never
 * writes to freed memory.
 */
struct slot {
	atomic_int tid;        /* 0: free */
	atomic_int answered;
	int n;
	void *pcs[MAXFRAMES];
};
struct batch {
	int cap;               /* table size, a power of two */
	struct slot *slots;
};
static _Atomic(struct batch *) batch;   /* the current dump's, NULL between dumps */
static struct batch *spare;             /* kept for the next dump */
static sem_t answers;                   /* posted once per answer */
static bool stacksig_ok;                /* our handler is installed */

static struct slot *findslot(struct batch *bt, pid_t tid)
{
	for (int i = 0, h = (int)((unsigned)tid * 2654435761u) & (bt->cap - 1); i < bt->cap;
	     i++, h = (h + 1) & (bt->cap - 1)) {
		int t = atomic_load(&bt->slots[h].tid);
		if (t == tid)
			return &bt->slots[h];
		if (t == 0)
			return NULL;
	}
	return NULL;
}

/* The interrupted pc, where the handler's own frames end. */
static void *ucpc(void *uc)
{
#if defined(__x86_64__)
	return (void *)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	return (void *)((ucontext_t *)uc)->uc_mcontext.pc;
#else
	(void)uc;
	return NULL;
#endif
}

/* STACKSIG: the thread asked walks its own stack (async-signal-safe: see DESIGN). */
static void onstacksig(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si;
	int saved = errno;
	struct batch *bt = atomic_load(&batch);
	struct slot *sl = bt ? findslot(bt, gettid()) : NULL;
	if (sl && atomic_load(&sl->answered) == 0) {
		void *pcs[MAXFRAMES];
		int n = backtrace(pcs, MAXFRAMES);
		void *at = ucpc(uc);
		int skip = 0;
		for (int i = 0; at && i < n; i++)
			if (pcs[i] == at) {
				skip = i;
				break;
			}
		memcpy(sl->pcs, pcs + skip, (size_t)(n - skip) * sizeof *pcs);
		sl->n = n - skip;
		atomic_store(&sl->answered, 1);
		sem_post(&answers);
	}
	errno = saved;
}

/*
 * Installs the handler, unless the program has one of its own for that
 * signal.  backtrace() is called once first: its first call loads
 * libgcc_s, which must not happen inside a handler.
 */
static void stacksig_init(void)
{
	static bool tried;
	if (tried)
		return;
	tried = true;
	void *pcs[2];
	backtrace(pcs, 2);
	sym_findlibdir();
	sem_init(&answers, 0, 0);
	struct sigaction old, sa;
	if (ON_VALGRIND() || sigaction(STACKSIG, NULL, &old) != 0 ||
	    (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN))
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = onstacksig;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	stacksig_ok = sigaction(STACKSIG, &sa, NULL) == 0;
}

/* Whether gp's stack may be asked for (see printstack). */
static bool askable(struct g *gp, bool interrupt)
{
	return interrupt || atomic_load_explicit(&gp->waitreason, memory_order_relaxed) != NULL;
}

/*
 * Asks the thread of every goroutine whose stack the dump will show (only
 * `only`, if not NULL), and waits up to STACKWAIT for the answers.
 * asker: the thread that wants the dump (its goroutine is asked too).
 * sched.lock held (or only is the caller's own g).
 */
void stacks_collect(struct g *only, bool interrupt, pid_t asker)
{
	stacksig_init();
	if (!stacksig_ok)
		return;
	int n = 0;
	for (struct g *gp = only ? only : allgs; gp; gp = only ? NULL : gp->allnext)
		n++;
	int cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	struct batch *bt = spare;
	if (bt == NULL || bt->cap < cap) {
		bt = malloc(sizeof *bt);
		if (bt == NULL || (bt->slots = malloc((size_t)cap * sizeof *bt->slots)) == NULL) {
			free(bt);
			return;
		}
		bt->cap = cap;   /* the old one stays allocated: see above */
		spare = bt;
	}
	for (int i = 0; i < bt->cap; i++) {
		atomic_store(&bt->slots[i].tid, 0);
		atomic_store(&bt->slots[i].answered, 0);
	}
	while (sem_trywait(&answers) == 0)
		;   /* answers that came too late for an earlier dump */
	int asked = 0;
	pid_t *tids = malloc((size_t)(n ? n : 1) * sizeof *tids);
	for (struct g *gp = only ? only : allgs; gp && tids; gp = only ? NULL : gp->allnext) {
		int tid = atomic_load_explicit(&gp->tid, memory_order_relaxed);
		if (tid == 0 || tid == gettid() || (tid != asker && !askable(gp, interrupt)))
			continue;
		int h = (int)((unsigned)tid * 2654435761u) & (bt->cap - 1);
		while (atomic_load(&bt->slots[h].tid) != 0 && atomic_load(&bt->slots[h].tid) != tid)
			h = (h + 1) & (bt->cap - 1);
		if (atomic_load(&bt->slots[h].tid) == tid)
			continue;
		atomic_store(&bt->slots[h].tid, tid);
		tids[asked++] = tid;
	}
	atomic_store(&batch, bt);
	int sent = 0;
	for (int i = 0; i < asked; i++)
		sent += syscall(SYS_tgkill, getpid(), tids[i], STACKSIG) == 0;
	free(tids);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int64_t t = (int64_t)ts.tv_sec * Second + ts.tv_nsec + STACKWAIT;
	ts = (struct timespec){ .tv_sec = t / Second, .tv_nsec = t % Second };
	for (int got = 0; got < sent;) {
		if (sem_clockwait(&answers, CLOCK_MONOTONIC, &ts) == 0)
			got++;
		else if (errno != EINTR)
			break;
	}
}

/* Ends the dump's asking: later answers are dropped. */
void stacks_done(void)
{
	atomic_store(&batch, NULL);
}

/* The stack thread tid gave, if it answered; 0 if not. */
static int remotestack(pid_t tid, void **pcs)
{
	struct batch *bt = atomic_load(&batch);
	struct slot *sl = bt ? findslot(bt, tid) : NULL;
	if (sl == NULL || !atomic_load(&sl->answered))
		return 0;
	memcpy(pcs, sl->pcs, (size_t)sl->n * sizeof *pcs);
	return sl->n;
}

static __attribute__((noinline)) int selfstack(void **pcs)
{
	return backtrace(pcs, MAXFRAMES);
}

/* The dump's own frames, above the function that asked for the dump. */
static bool dumpframe(const struct sym *s)
{
	static const char *const names[] = { "selfstack", "printframes", "printstack", "dumpg", "dumpall" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s->name, names[i]) == 0)
			return true;
	return false;
}

/* ---- printing ---- */

/* GOTRACEBACK=system (or crash) shows the library's frames too, as Go shows its runtime's. */
static bool systemframes(void)
{
	const char *tb = getenv("GOTRACEBACK");
	return tb && (strcmp(tb, "system") == 0 || strcmp(tb, "crash") == 0);
}

/* "\tfile:line +0xOFF", or "\tfunction+0xOFF" with no line to show. */
static void printwhere(FILE *f, const struct sym *s, void *pc, const char *file, int line)
{
	unsigned long off = s->start ? (unsigned long)((uintptr_t)pc - s->start) : 0;
	if (s->file[0])
		fprintf(f, "\t%s:%d +%#lx\n", s->file, s->line, off);
	else if (file)
		fprintf(f, "\t%s:%d +%#lx\n", file, line, off);
	else if (s->name[0])
		fprintf(f, "\t%s+%#lx\n", s->name, off);
	else {
		Dl_info info;
		if (dladdr(pc, &info) && info.dli_fname && info.dli_fname[0]) {
			const char *base = strrchr(info.dli_fname, '/');
			fprintf(f, "\t%s+%#lx\n", base ? base + 1 : info.dli_fname,
			        (unsigned long)((char *)pc - (char *)info.dli_fbase));
		} else {
			fprintf(f, "\t%p\n", pc);
		}
	}
}

/* gp's function and its argument, as Go shows the goroutine's top frame. */
static void printfn(FILE *f, struct g *gp, const char *name)
{
	if (gp->id == 1 && gp->adopted)
		fprintf(f, "main()\n");
	else
		fprintf(f, "%s(0x%lx)\n", name, (unsigned long)(uintptr_t)gp->arg);
}

/*
 * The frames of gp's stack, in Go's form.  self: gp runs on the calling
 * thread.  Returns false if no stack could be had (then the caller shows
 * what the g records).
 */
static bool printframes(FILE *f, struct g *gp, bool self, bool parked)
{
	void *pcs[MAXFRAMES];
	int tid = atomic_load_explicit(&gp->tid, memory_order_relaxed);
	bool own = tid == gettid();   /* the dump could not get a thread of its own */
	int n = own ? selfstack(pcs) : tid ? remotestack(tid, pcs) : 0;
	if (n == 0)
		return false;
	/* The recorded call is current only while gp is parked in it, or panicking. */
	void *callpc = self || parked ? atomic_load_explicit(&gp->callpc, memory_order_relaxed) : NULL;
	const char *callfile = atomic_load_explicit(&gp->callfile, memory_order_relaxed);
	int callline = atomic_load_explicit(&gp->callline, memory_order_relaxed);
	bool all = systemframes();
	struct sym syms[MAXFRAMES];
	for (int i = 0; i < n; i++)
		sym_lookup(pcs[i], i > 0 || own, &syms[i]);   /* pcs[0] of another thread: where it stopped */

	int first = 0, last = n - 1;
	/* The asker's own frames, up to the dump it asked for. */
	for (int i = 0; self && i < n - 1; i++)
		if (strcmp(syms[i].name, "rundump") == 0)
			first = i + 1;
	while (first < n - 1 && dumpframe(&syms[first]))
		first++;
	if (!all) {
		int k = -1;
		for (int i = 0; callpc && i < n; i++)
			if (pcs[i] == callpc) {
				k = i;
				break;
			}
		if (k >= 0) {
			first = k;
			/*
			 * The library itself called the blocking function (once_do),
			 * or the caller's frame is gone (a tail call: `chan_recv(c,
			 * &v);` ending a function returns straight into the pool).
			 */
			while (first < n && (sym_inlib(&syms[first]) || (sym_libknown() && !syms[first].file[0])))
				first++;
			if (first == n)
				return false;   /* the caller shows the recorded call */
		} else {
			int f0 = first;
			while (first < n - 1 && (sym_inlib(&syms[first]) || syms[first].file[0] == '\0'))
				first++;
			if (first == n - 1)
				first = f0;   /* nothing told library from program: show it all */
		}
		bool found = false;
		for (int i = first; i < n && !found; i++) {
			bool mainfn = gp->id == 1 && gp->adopted && strcmp(syms[i].name, "main") == 0;
			if (mainfn || (gp->fn && syms[i].start == (uintptr_t)(void *)gp->fn)) {
				last = i;
				found = true;
			}
		}
		/* Its function's frame is gone (a tail call): drop the pool's and libc's. */
		while (!found && last >= first &&
		       (sym_inlib(&syms[last]) || (sym_libknown() && syms[last].file[0] == '\0')))
			last--;
		if (last < first)
			return false;
	}
	for (int i = first; i <= last; i++) {
		struct sym *s = &syms[i];
		if ((gp->fn && s->start == (uintptr_t)(void *)gp->fn) ||
		    (gp->id == 1 && gp->adopted && strcmp(s->name, "main") == 0))
			printfn(f, gp, s->name);
		else
			fprintf(f, "%s(...)\n", s->name[0] ? s->name : "?");
		bool atcall = pcs[i] == callpc;
		printwhere(f, s, pcs[i], atcall ? callfile : NULL, callline);
	}
	return true;
}

/*
 * gp's stack, as Go prints it below the goroutine's header line.
 * running: gp is not parked in the library.  self: gp is the calling
 * thread's goroutine.  interrupt: a running goroutine may be signalled
 * for its stack too (the program is about to end: a system call of its
 * own may then return EINTR, which no longer matters).
 */
void printstack(FILE *f, struct g *gp, bool running, bool self, bool interrupt)
{
	if ((self || !running || interrupt) && printframes(f, gp, self, !running))
		return;
	/* No stack: its function, and the call it is parked in if known. */
	struct sym s;
	const char *callfile = atomic_load_explicit(&gp->callfile, memory_order_relaxed);
	if (gp->fn == NULL && !(gp->id == 1 && gp->adopted)) {
		fprintf(f, "(a thread not started by go())\n");
	} else {
		sym_lookup((void *)gp->fn, false, &s);
		if (s.name[0] || gp->adopted)
			printfn(f, gp, s.name);
		else
			fprintf(f, "%p(0x%lx)\n", (void *)gp->fn, (unsigned long)(uintptr_t)gp->arg);
	}
	if (running && !self)
		fprintf(f, "\tgoroutine running on other thread; stack unavailable\n");
	else if (callfile)
		fprintf(f, "\t%s:%d\n", callfile, atomic_load_explicit(&gp->callline, memory_order_relaxed));
}

/* "created by main in goroutine 1", then where the go() call is. */
void printcreator(FILE *f, struct g *gp)
{
	struct sym s;
	sym_lookup(gp->createpc, true, &s);
	fprintf(f, "created by %s in goroutine %lld\n", s.name[0] ? s.name : "?", (long long)gp->parent);
	printwhere(f, &s, gp->createpc, gp->createfile, gp->createline);
}
/* SPDX-License-Identifier: BSD-3-Clause */
