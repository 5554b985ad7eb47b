/*
 * Symbols and lines: the name, start, file and line of a pc, for the
 * frames of a goroutine dump (Go's runtime/symtab.go: funcname, funcline).
 *
 * DESIGN
 * Names and lines come from elfutils' libdwfl (the DWARF line table and
 * the ELF symbol table of each loaded module), built in unless the
 * Makefile says NO_LIBDW=1.  Without it, or for code built without -g,
 * a frame is `function+0xOFF`, from dladdr() or the file's .symtab.
 * Lookups are cached, since the goroutines of a dump share most of their
 * pcs.  The directory of the library's own sources (sym_findlibdir) is
 * how traceback.c tells the library's frames from the student's.
 * docs/internals.md says why libdw and not libbacktrace or addr2line.
 */
#define _GNU_SOURCE
#include "runtime.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GOTHREADS_NO_LIBDW
#include <elfutils/libdwfl.h>
#endif

/*
 * The name of the function holding pc, and its start.  dladdr() knows
 * only exported symbols; a student's worker functions are usually
 * static, so we look in the file's full symbol table (.symtab) as well,
 * unless the program was stripped.  The fallback when libdw is missing.
 */
/* The load address of the program itself (dl_iterate_phdr works in static binaries too). */
static int firstobj(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	*(void **)data = (void *)info->dlpi_addr;
	return 1;
}

static bool elfsym(void *pc, struct sym *s)
{
	Dl_info info;
	if (pc == NULL)
		return false;
	if (!dladdr(pc, &info)) {
		/* A static binary has no dynamic symbols: look in its own file. */
		memset(&info, 0, sizeof info);
		dl_iterate_phdr(firstobj, &info.dli_fbase);
	}
	if (info.dli_sname && info.dli_saddr) {
		snprintf(s->name, sizeof s->name, "%s", info.dli_sname);
		s->start = (uintptr_t)info.dli_saddr;
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
	uintptr_t bias = eh->e_type == ET_DYN ? (uintptr_t)info.dli_fbase : 0;
	uintptr_t addr = (uintptr_t)pc - bias;
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
		snprintf(s->name, sizeof s->name, "%s", strtab + best->st_name);
		s->start = best->st_value + bias;
		found = true;
	}
out:
	munmap(map, st.st_size);
	return found;
}

#ifndef GOTHREADS_NO_LIBDW
/*
 * One Dwfl for the process, made at the first dump (dumps are one at a
 * time: debug.c).  No separate debug files are looked for: that could
 * ask a debuginfod server on the network in the middle of a panic.
 */
static Dwfl *dwfl;

static int nodebuginfo(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
                       const char *file_name, const char *debuglink_file, GElf_Word debuglink_crc,
                       char **debuginfo_file_name)
{
	(void)mod, (void)userdata, (void)modname, (void)base, (void)file_name;
	(void)debuglink_file, (void)debuglink_crc, (void)debuginfo_file_name;
	return -1;
}

static const Dwfl_Callbacks callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = nodebuginfo,
};

/*
 * The process's modules, from /proc/TID/maps of the calling thread: not
 * /proc/PID, which is the main thread's and says ESRCH once main has
 * ended by go_exit() (the deadlock report that follows came out without
 * file:line, and with the library's frames, in half the runs).
 */
static Dwfl *getdwfl(void)
{
	if (dwfl == NULL && (dwfl = dwfl_begin(&callbacks)) != NULL) {
		if (dwfl_linux_proc_report(dwfl, gettid()) != 0 ||
		    dwfl_report_end(dwfl, NULL, NULL) != 0) {
			dwfl_end(dwfl);
			dwfl = NULL;
		}
	}
	return dwfl;
}

static bool dwsym(void *pc, struct sym *s)
{
	Dwfl *d = getdwfl();
	Dwfl_Module *mod = d ? dwfl_addrmodule(d, (Dwarf_Addr)(uintptr_t)pc) : NULL;
	if (mod == NULL)
		return false;
	GElf_Off off;
	GElf_Sym esym;
	const char *name = dwfl_module_addrinfo(mod, (GElf_Addr)(uintptr_t)pc, &off, &esym,
	                                        NULL, NULL, NULL);
	if (name) {
		snprintf(s->name, sizeof s->name, "%s", name);
		s->start = (uintptr_t)pc - off;
	}
	Dwfl_Line *line = dwfl_module_getsrc(mod, (Dwarf_Addr)(uintptr_t)pc);
	int lineno = 0;
	const char *file = line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
	if (file && lineno > 0) {
		snprintf(s->file, sizeof s->file, "%s", file);
		s->line = lineno;
	}
	return name != NULL || s->file[0];
}
#endif

/*
 * What is known of pc: for a return address (ret), the call before it,
 * whose line is the one to show.
 */
static void lookup1(void *at, struct sym *s)
{
	memset(s, 0, sizeof *s);
#ifndef GOTHREADS_NO_LIBDW
	if (dwsym(at, s) && s->name[0])
		return;
#endif
	elfsym(at, s);
}

/* For a trace's rows (tracejson.c): the name of the function at pc, from the symbol table. */
bool debug_funcname(const void *pc, char *name, size_t size)
{
	struct sym s;
	memset(&s, 0, sizeof s);
	if (!elfsym((void *)pc, &s) || !s.name[0])
		return false;
	snprintf(name, size, "%s", s.name);
	return true;
}

/*
 * Goroutines parked in the same place share their pcs, so lookups are
 * cached (direct-mapped, made at the first dump; dumps take turns): a
 * dump of 3,000 goroutines then looks up a few dozen pcs, not 30,000.
 */
#define NCACHE 1024
static struct cached {
	void *at;
	struct sym s;
} *cache;

void sym_lookup(void *pc, bool ret, struct sym *s)
{
	void *at = ret && pc ? (char *)pc - 1 : pc;
	if (cache == NULL)
		cache = calloc(NCACHE, sizeof *cache);
	struct cached *c = cache ? &cache[((uintptr_t)at >> 2) % NCACHE] : NULL;
	if (c && c->at == at && at) {
		*s = c->s;
		return;
	}
	lookup1(at, s);
	if (c) {
		c->at = at;
		c->s = *s;
	}
}

/* The directory of the library's own sources, as its line table names them. */
static char libdir[sizeof ((struct sym *)0)->file];

bool sym_libknown(void) { return libdir[0] != '\0'; }

void sym_findlibdir(void)
{
	struct sym s;
	sym_lookup((void *)(uintptr_t)sym_findlibdir, false, &s);
	char *slash = strrchr(s.file, '/');
	if (slash) {
		slash[1] = '\0';
		memcpy(libdir, s.file, sizeof libdir);
	}
}

bool sym_inlib(const struct sym *s)
{
	return sym_libknown() && strncmp(s->file, libdir, strlen(libdir)) == 0;
}
/* SPDX-License-Identifier: BSD-3-Clause */
