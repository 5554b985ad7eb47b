/*
 * The signals the library catches (Go's runtime/signal_unix.go): a SIGSEGV
 * that is a goroutine's stack overflow (Go's "fatal error: stack
 * overflow"), and SIGQUIT, which dumps every goroutine.
 *
 * DESIGN
 * Stack overflow.  Go grows a goroutine's stack until a limit (1 GB on
 * 64-bit) and then prints `runtime: goroutine stack exceeds
 * 1000000000-byte limit` and `fatal error: stack overflow`.  A pool
 * thread's stack here is fixed (GOTHREADS_STACKSIZE, 256 KiB by
 * default), with a guard page below it: running into the guard page used
 * to end the program with a bare SIGSEGV.  Now each pool thread has a
 * small alternate signal stack, and a SIGSEGV handler, running on it,
 * looks at the faulting address: in or just below the thread's guard
 * page, it is this goroutine's overflow, reported in Go's words with the
 * goroutine, its stack size and how to raise it, exit status 2.  Any
 * other SIGSEGV is the program's own: the handler puts the default
 * action back and returns, so the fault happens again and the program
 * dies of it as before (a core file, in gdb the faulting line).  The
 * handler is installed only if the program has none.
 *
 * What the handler does is not async-signal-safe (it prints a dump): it
 * runs only on the way out, on a thread that faulted in its own code.
 * main and threads gothreads did not start keep the kernel's handling.
 *
 * SIGQUIT (Ctrl-\) prints what Go prints: "SIGQUIT: quit", every
 * goroutine's stack, exit status 2.  The handler only writes a byte to a
 * pipe (the self-pipe trick: nothing else it could do is
 * async-signal-safe); a watcher thread of ours reads it and calls
 * debug.c's go_sigquit(), which dumps and exits.
 */
#define _GNU_SOURCE
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- SIGSEGV: a goroutine's stack overflow ---- */

#define ALTSTACK (64 * 1024)   /* the handler's own stack; the dump runs on a thread of its own */
#define REACH    (64 * 1024)   /* a frame this large may jump past the guard page */

static __thread char *stacklo;       /* lowest usable address of this pool thread's stack */
static __thread size_t stacksize, guardsize;
static __thread void *altstack;

static void onsegv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	char *a = si->si_addr;
	struct g *gp = getg_noadopt();
	if (stacklo && gp && a < stacklo + 4096 && a + guardsize + REACH >= stacklo)
		go_stackoverflow(gp, stacksize);
	/* Not an overflow of ours: let the fault happen again, unhandled. */
	signal(sig, SIG_DFL);
}

/* Called by each pool thread as it starts: its stack's bounds and an alternate stack. */
void stackguard_init(void)
{
	pthread_attr_t attr;
	void *addr;
	if (pthread_getattr_np(pthread_self(), &attr) != 0)
		return;
	if (pthread_attr_getstack(&attr, &addr, &stacksize) == 0 &&
	    pthread_attr_getguardsize(&attr, &guardsize) == 0) {
		void *alt = mmap(NULL, ALTSTACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		stack_t ss = { .ss_sp = alt, .ss_size = ALTSTACK };
		if (alt != MAP_FAILED && sigaltstack(&ss, NULL) == 0) {
			altstack = alt;
			stacklo = addr;
		} else if (alt != MAP_FAILED) {
			munmap(alt, ALTSTACK);
		}
	}
	pthread_attr_destroy(&attr);
}

/* Called as a pool thread ends (pthread_exit from its goroutine). */
void stackguard_exit(void)
{
	if (altstack == NULL)
		return;
	stack_t ss = { .ss_flags = SS_DISABLE };
	sigaltstack(&ss, NULL);
	munmap(altstack, ALTSTACK);
	altstack = NULL;
	stacklo = NULL;
}

__attribute__((constructor)) static void stackguardinit(void)
{
	struct sigaction old;
	if (sigaction(SIGSEGV, NULL, &old) != 0 || (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
		return;   /* the program (or a sanitizer) handles SIGSEGV itself */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = onsegv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
}

/* ---- SIGQUIT: a dump of every goroutine ---- */

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
	go_sigquit();
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
/* SPDX-License-Identifier: BSD-3-Clause */
