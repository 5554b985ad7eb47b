# gothreads: `make` builds the libraries, `make demo` runs the seed examples,
# `make test` runs the CUnit suite, `make check` runs it, the tool checks and
# the broken programs' expected reports.
# SPDX-License-Identifier: BSD-3-Clause

CC       ?= cc
CXX      ?= c++
CFLAGS   ?= -O2 -g
LDFLAGS  ?=

# Where `make install` puts things (GNU conventions; DESTDIR for staging).
PREFIX      ?= /usr/local
prefix      ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir      ?= $(exec_prefix)/bin
libdir      ?= $(exec_prefix)/lib
includedir  ?= $(prefix)/include
datadir     ?= $(prefix)/share
mandir      ?= $(datadir)/man

# The one version, from the header's GOTHREADS_VERSION_* macros: it names the
# shared library (libgothreads.so.MAJOR is the SONAME) and the .pc file.
vpart     = $(shell sed -n 's/^\#define GOTHREADS_VERSION_$(1)  *\([0-9][0-9]*\).*/\1/p' lib/gothreads.h)
MAJOR    := $(call vpart,MAJOR)
VERSION  := $(MAJOR).$(call vpart,MINOR).$(call vpart,PATCH)
SONAME   := libgothreads.so.$(MAJOR)

# -Werror is for CI and for us (WERROR=1); a student's newer compiler with a
# new warning still builds the library with the default.
WERROR   ?= 0
WARN     := -std=gnu11 -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror)
CPPFLAGS += -Ilib
DEPFLAGS  = -MMD -MP
ifdef DEBUG
CPPFLAGS += -DDEBUG
B        := build/debug
endif
LIBS     := -pthread
B        ?= build
# What `make install` installs is built here (see "gdb with no setup").
INSTLIB   = $(B)/inst-lib$(subst /,-,$(datadir))

# Dumps name each frame's file and line with elfutils' libdw (Debian
# libdw-dev), found with pkg-config; NO_LIBDW=1 builds without it (frames
# are then function+offset; the line of each blocking call is still
# shown).  Without libdw installed, NO_LIBDW is the default.
# The dependency step installs libdw-dev here, before the build is
# configured, so that a fresh machine's first build already has it.
ifndef NO_LIBDW
ifneq ($(shell pkg-config --exists libdw 2>/dev/null && echo y),y)
$(shell scripts/deps.sh libdw >&2)
endif
endif
NO_LIBDW ?= $(if $(shell pkg-config --exists libdw 2>/dev/null && echo y),,1)
ifeq ($(NO_LIBDW),1)
CPPFLAGS += -DGOTHREADS_NO_LIBDW
LIBDW    :=
else
CPPFLAGS += $(shell pkg-config --cflags libdw)
LIBDW    := $(shell pkg-config --libs libdw)
endif

LIB_SRC  := $(wildcard lib/*.c)
LIB_HDR  := $(wildcard lib/*.h)
LIB_OBJ  := $(LIB_SRC:lib/%.c=$(B)/obj/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(B)/tests/%)
DEMO_C   := $(wildcard demos/*/*.c)
DEMO_BIN := $(patsubst demos/%.c,$(B)/demos/%,$(DEMO_C))

.PHONY: all lib demos demo tests test check helgrind drd tsan memcheck tools install uninstall clean deps installcheck

all: lib demos traceconv

lib: $(B)/libgothreads.a $(B)/libgothreads.so

# Only what gothreads.h declares is exported from the shared library: the
# header wraps itself in `#pragma GCC visibility push(default)`, and
# everything else in lib/ is compiled hidden.
$(B)/obj/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden $(CPPFLAGS) $(DEPFLAGS) -c $< -o $@

$(B)/libgothreads.a: $(LIB_OBJ)
	rm -f $@; $(AR) rcs $@ $^   # a fresh archive: no member left from a removed file

$(B)/libgothreads.so.$(VERSION): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $^ $(LIBDW) $(LIBS)

$(B)/libgothreads.so: $(B)/libgothreads.so.$(VERSION)
	ln -sf libgothreads.so.$(VERSION) $(B)/$(SONAME)
	ln -sf $(SONAME) $@

# Programs link the static library; -rdynamic lets dumps name their functions.
$(B)/demos/%: demos/%.c $(B)/libgothreads.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(DEPFLAGS) -rdynamic $< -o $@ $(LDFLAGS) $(B)/libgothreads.a $(LIBDW) $(LIBS)

demos: $(DEMO_BIN)

demo: demos
	@scripts/run-demos.sh $(B)/demos

# ---- tests ---------------------------------------------------------------

deps:
	@scripts/deps.sh cunit libdw

# Each tests/test_*.c is a program of its own, linked with the harness.
$(B)/tests/harness.o: tests/harness.c | deps
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Itests $(DEPFLAGS) -c $< -o $@

$(B)/tests/%: tests/%.c $(B)/tests/harness.o $(B)/libgothreads.a | deps
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Itests $(DEPFLAGS) -rdynamic $< $(B)/tests/harness.o -o $@ \
	    $(LDFLAGS) $(B)/libgothreads.a -lcunit $(LIBDW) $(LIBS)

tests: $(TEST_BIN)

# test_trace and test_trace_endings run the demos and the converter, traced.
$(B)/tests/test_trace $(B)/tests/test_trace_endings: $(DEMO_BIN) $(B)/tools/gothreads-trace

test: tests demos abicheck
	@scripts/run-tests.sh $(B)

# The shared library exports exactly the header's functions; C++ can use it.
.PHONY: abicheck
abicheck: lib
	@scripts/deps.sh cxx
	@LIBDW="$(LIBDW)" scripts/abi-check.sh $(B)

# The same suite and demos under each tool, with zero reports required.
helgrind drd memcheck: tests demos
	@scripts/deps.sh valgrind
	scripts/tool.sh $@ $(B)

# ThreadSanitizer needs everything rebuilt with -fsanitize=thread.
TSAN := $(B)/tsan
tsan: | deps
	$(MAKE) --no-print-directory B=$(TSAN) CFLAGS="-O1 -g -fsanitize=thread" \
	    LIBS="-pthread -fsanitize=thread" tests demos
	scripts/tool.sh tsan $(TSAN)

tools: helgrind drd tsan memcheck

check: test man-check tools broken-reports labs-check trace-check

# ---- install ---------------------------------------------------------------

install: lib man traceconv $(INSTLIB)/libgothreads.a $(INSTLIB)/libgothreads.so.$(VERSION)
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(includedir) $(DESTDIR)$(libdir)/pkgconfig \
	    $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man3 $(DESTDIR)$(mandir)/man7 $(DESTDIR)$(GDB_SCRIPT_DIR) \
	    $(DESTDIR)$(dir $(GDB_AUTOLOAD)) $(DESTDIR)$(GDB_SYSINIT_DIR)
	install -m 644 lib/gothreads-gdb.py $(DESTDIR)$(GDB_SCRIPT_DIR)/
	install -m 644 lib/gothreads-gdb.py $(DESTDIR)$(GDB_AUTOLOAD)
	printf '%s\n' "# gothreads (make install): trust the gdb extension that programs" \
	    "# linked with gothreads name in their .debug_gdb_scripts section." \
	    "add-auto-load-safe-path $(GDB_SCRIPT_DIR)" "add-auto-load-safe-path $(abspath lib)" \
	    > $(DESTDIR)$(GDB_SYSINIT_DIR)/gothreads.gdb
	install -m 644 lib/gothreads.h $(DESTDIR)$(includedir)/
	install -m 755 $(B)/tools/gothreads-trace $(DESTDIR)$(bindir)/
	install -m 644 $(INSTLIB)/libgothreads.a $(DESTDIR)$(libdir)/
	install -m 755 $(INSTLIB)/libgothreads.so.$(VERSION) $(DESTDIR)$(libdir)/
	ln -sf libgothreads.so.$(VERSION) $(DESTDIR)$(libdir)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(libdir)/libgothreads.so
	sed -e 's|@PREFIX@|$(prefix)|' -e 's|@LIBDIR@|$(libdir)|' -e 's|@INCLUDEDIR@|$(includedir)|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@LIBDW@|$(LIBDW)|' gothreads.pc.in > $(DESTDIR)$(libdir)/pkgconfig/gothreads.pc
	cp -P $(B)/man/man1/*.1 $(DESTDIR)$(mandir)/man1/
	cp -P $(B)/man/man3/*.3 $(DESTDIR)$(mandir)/man3/
	cp -P $(B)/man/man7/*.7 $(DESTDIR)$(mandir)/man7/

# Installs into a scratch directory and builds a program the way a user
# would, with pkg-config, against the shared library; then uninstalls and
# checks that nothing is left behind.
installcheck:
	rm -rf $(B)/inst
	$(MAKE) --no-print-directory install DESTDIR=$(abspath $(B)/inst) PREFIX=/usr
	PKG_CONFIG_SYSROOT_DIR=$(abspath $(B)/inst) PKG_CONFIG_LIBDIR=$(abspath $(B)/inst)/usr/lib/pkgconfig \
	    sh -c '$(CC) $(WARN) demos/hello/hello.c -o $(B)/inst/hello $$(pkg-config --cflags --libs gothreads)'
	readelf -d $(B)/inst/hello | grep -q 'NEEDED.*\[$(SONAME)\]'
	LD_LIBRARY_PATH=$(abspath $(B)/inst)/usr/lib $(B)/inst/hello | grep -q "msg='Hello World', ok='true'"
	MANPATH=$(abspath $(B)/inst)/usr/share/man man -w chan_trysend | grep -q 'man3/chan_send.3'
	rm -f $(B)/inst/hello
	$(MAKE) --no-print-directory uninstall DESTDIR=$(abspath $(B)/inst) PREFIX=/usr
	@left=$$(find $(B)/inst ! -type d); if [ -n "$$left" ]; then \
	    echo "installcheck: uninstall left behind:"; echo "$$left"; exit 1; fi
	@echo "installcheck: header, libraries, pkg-config file and man pages work; uninstall removes them"

uninstall:
	rm -f $(DESTDIR)$(bindir)/gothreads-trace
	rm -f $(DESTDIR)$(GDB_SCRIPT_DIR)/gothreads-gdb.py $(DESTDIR)$(GDB_AUTOLOAD) \
	      $(DESTDIR)$(GDB_SYSINIT_DIR)/gothreads.gdb
	rm -f $(DESTDIR)$(includedir)/gothreads.h $(DESTDIR)$(libdir)/libgothreads.a \
	      $(DESTDIR)$(libdir)/libgothreads.so $(DESTDIR)$(libdir)/$(SONAME) \
	      $(DESTDIR)$(libdir)/libgothreads.so.$(VERSION) $(DESTDIR)$(libdir)/pkgconfig/gothreads.pc
	rm -f $(patsubst $(B)/man/%,$(DESTDIR)$(mandir)/%,$(wildcard $(B)/man/man1/*.1 $(B)/man/man3/*.3 $(B)/man/man7/*.7))

clean:
	rm -rf $(B)

# ---- benchmarks (docs/performance.md) -------------------------------------

# bench/bench.c against bare pthreads, and bench/bench.go (Go) when go is
# on the PATH: each pinned to one CPU, then unpinned.  bench-smoke runs
# tiny counts once, for CI: it checks the benchmark runs, not its speed.
GO       := $(shell command -v go 2>/dev/null)
BENCH    := $(B)/bench/bench
GOBENCH  := $(if $(GO),$(B)/bench/gobench)

$(BENCH): bench/bench.c $(B)/libgothreads.a
	@mkdir -p $(@D)
	$(CC) $(WARN) -O2 -g $(CPPFLAGS) $< -o $@ $(B)/libgothreads.a $(LIBDW) $(LIBS)

$(B)/bench/gobench: bench/bench.go
	@mkdir -p $(@D)
	cd bench && GO111MODULE=off $(GO) build -o $(abspath $@) bench.go

.PHONY: bench bench-smoke bench-chart
bench: $(BENCH) $(GOBENCH)
	taskset -c 0 $(BENCH) $(if $(GOBENCH),-g $(GOBENCH)) -o $(B)/bench/pinned.tsv
	@echo
	$(BENCH) $(if $(GOBENCH),-g $(GOBENCH)) -o $(B)/bench/unpinned.tsv

bench-smoke: $(BENCH) $(GOBENCH)
	taskset -c 0 $(BENCH) -q $(if $(GOBENCH),-g $(GOBENCH))
	$(BENCH) -q $(if $(GOBENCH),-g $(GOBENCH))

# The chart in docs/performance.md, from the last `make bench`.
bench-chart:
	awk -f bench/chart.awk $(B)/bench/pinned.tsv $(B)/bench/unpinned.tsv > docs/bench.svg

# ---- debugging (docs/debugging.md) ------------------------------------------

# gdb with no setup.  lib/debug.c records the path of the gdb extension in
# .debug_gdb_scripts: the tree's lib/gothreads-gdb.py for the libraries in
# $(B), the installed copy for the ones `make install` installs (built in
# $(INSTLIB), with only debug.o compiled again; one directory per place the
# extension is installed to, so that installing to another PREFIX never
# reuses a debug.o that names the last one).  `make install` also puts
# the extension where gdb looks for a shared library's own script (as
# libstdc++ does) and a drop-in in gdb's system init directory that trusts
# both places.  Directories gdb itself was built with (gdb --configuration):
GDB_DATADIR     ?= /usr/share/gdb
GDB_SYSINIT_DIR ?= /etc/gdb/gdbinit.d
GDB_SCRIPT_DIR  := $(datadir)/gothreads
GDB_AUTOLOAD    := $(GDB_DATADIR)/auto-load$(libdir)/libgothreads.so.$(VERSION)-gdb.py
$(B)/obj/debug.o: CPPFLAGS += -DGOTHREADS_GDB_SCRIPT='"$(abspath lib/gothreads-gdb.py)"'

INST_OBJ := $(filter-out $(B)/obj/debug.o,$(LIB_OBJ)) $(INSTLIB)/debug.o
$(INSTLIB)/debug.o: lib/debug.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden $(CPPFLAGS) $(DEPFLAGS) \
	    -DGOTHREADS_GDB_SCRIPT='"$(GDB_SCRIPT_DIR)/gothreads-gdb.py"' -c $< -o $@
$(INSTLIB)/libgothreads.a: $(INST_OBJ)
	rm -f $@
	$(AR) rcs $@ $^
$(INSTLIB)/libgothreads.so.$(VERSION): $(INST_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $^ $(LIBDW) $(LIBS)

# The other build: without libdw (NO_LIBDW=1), and a static binary, whose
# dumps still name every blocking call's line (tests/test_traceback.c runs
# on both).  About 40 s.
.PHONY: traceback-check
traceback-check:
	$(MAKE) --no-print-directory NO_LIBDW=1 B=$(B)/nolibdw $(B)/nolibdw/tests/test_traceback \
	    $(patsubst $(B)/%,$(B)/nolibdw/%,$(BROKEN))
	@mkdir -p $(B)/nolibdw/static
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -static demos/broken/deadlock_broken.c \
	    -o $(B)/nolibdw/static/deadlock_broken $(B)/nolibdw/libgothreads.a -pthread
	$(B)/nolibdw/tests/test_traceback

# make install on a scratch root, then gdb started as a new user would
# (an empty HOME): `info goroutines` must work with no setup, for programs
# linked with the installed static and shared libraries and for one built
# in the tree.  About 10 s.
.PHONY: gdb-autoload-check
gdb-autoload-check: $(filter %/deadlock_broken,$(DEMO_BIN))
	scripts/gdb-autoload-check.sh $(B)

# Each deliberately broken program (demos/*/*_broken.c) must draw the report
# its source names, from helgrind and from ThreadSanitizer.
.PHONY: broken-reports
BROKEN   := $(filter %_broken,$(DEMO_BIN))
broken-reports: $(BROKEN) | deps
	@scripts/deps.sh valgrind
	$(MAKE) --no-print-directory B=$(TSAN) CFLAGS="-O1 -g -fsanitize=thread" \
	    LIBS="-pthread -fsanitize=thread" $(patsubst $(B)/%,$(TSAN)/%,$(BROKEN))
	scripts/broken-reports.sh $(B) $(TSAN)

# Reruns the sessions shown in docs/debugging.md and rewrites its
# transcripts; `make debug-transcripts CHECK=1` (in CI) rewrites nothing
# and fails if one no longer matches what its commands print (30 s a run;
# concurrent sessions get up to 6 runs).
.PHONY: debug-transcripts
debug-transcripts: $(BROKEN) $(filter %/closures_broken,$(DEMO_BIN)) | deps
	@scripts/deps.sh valgrind
	$(MAKE) --no-print-directory B=$(TSAN) CFLAGS="-O1 -g -fsanitize=thread" \
	    LIBS="-pthread -fsanitize=thread" $(patsubst $(B)/%,$(TSAN)/%,$(BROKEN))
	scripts/debug-transcripts.sh $(B) $(TSAN) $(if $(CHECK),--check)

# ---- tracing (docs/tracing.md) ----------------------------------------------

# lib/tracehtml.c embeds the viewer page (.incbin), as debug.o the gdb script;
# the converter (json -> html) is that file and its own main, nothing else.
.PHONY: traceconv trace-check trace-pictures trace-bench
$(B)/obj/tracehtml.o: lib/traceview.html

traceconv: $(B)/tools/gothreads-trace

$(B)/tools/gothreads-trace: tools/gothreads-trace.c lib/tracehtml.c lib/traceview.html lib/trace.h
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) tools/gothreads-trace.c lib/tracehtml.c -o $@

# The page of a known run, rendered by headless Chromium: its rows and arrows
# as the page itself counted them (scripts/trace-browser.sh).
trace-check: $(DEMO_BIN) traceconv
	@scripts/deps.sh chromium
	scripts/trace-browser.sh $(B)

# docs/trace-*.png, from traced runs of the seed examples, rendered by the same
# headless Chromium.
trace-pictures: $(DEMO_BIN) traceconv
	@scripts/deps.sh chromium
	scripts/trace-pictures.sh $(B)

# The benchmark's channel rows untraced and traced, alternately; the table is
# quoted in docs/tracing.md.
trace-bench: $(BENCH)
	scripts/trace-bench.sh $(B) | tee docs/trace-bench.txt
	scripts/docs.sh

# ---- man pages -------------------------------------------------------------

# man/NAME.SECTION.scd, one small source per page (scdoc), and an alias page
# for every other name a page's NAME line gives.  man-check renders each
# page with warnings fatal and checks that every public name has one.
.PHONY: man man-check
man:
	@scripts/deps.sh scdoc
	@scripts/man.sh $(B)

man-check:
	@scripts/deps.sh scdoc man
	@scripts/man.sh $(B) --check

# ---- labs (labs/README.md, labs/INSTRUCTORS.md) ------------------------------

# make lab L=3 FILE=my.c   checks a student's program for lab 3 (labs/check);
# make labs-check          proves every checker honest: each starter fails for
#                          its stated reason, each solution passes, each wrong
#                          solution in labs/tests fails (about a minute);
# make labs-dist           the student tarball, without solutions or tests.
# The checker builds the library natively in $(B) and with ThreadSanitizer in
# $(B)/labs-tsan.
.PHONY: lab labs-check labs-dist
lab:
	@test -n "$(L)" || { echo "usage: make lab L=N FILE=path/to/program.c" >&2; exit 2; }
	@B=$(B) CC=$(CC) labs/check $(L) $(or $(FILE),$(wildcard labs/$(shell printf %02d $(L) 2>/dev/null)-*/starter.c))

# What a program linked with the static library needs besides it (labs/check).
.PHONY: print-libdw
print-libdw:
	@echo $(LIBDW)

labs-check:
	@scripts/deps.sh valgrind
	@B=$(B) CC=$(CC) labs/selftest

# labs/sample-check.txt, the real run labs/README.md shows.
.PHONY: labs-sample
labs-sample:
	B=$(B) CC=$(CC) labs/check 3 labs/03-pingpong/starter.c | sed 's|$(CURDIR)/||' > labs/sample-check.txt || true

LABS_DIST := $(B)/gothreads-labs
labs-dist:
	@mkdir -p $(B)
	rm -rf $(LABS_DIST) $(LABS_DIST).tar.gz
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then git ls-files; else find . -path ./build -prune -o -path ./.git -prune -o -type f -print | sed 's|^\./||'; fi | \
	    grep -vE '^labs/([0-9][0-9]-[^/]*/solution\.(c|go)|tests/)' | \
	    tar -cf - -T - --transform 's|^|gothreads-labs/|' | gzip -9 > $(LABS_DIST).tar.gz
	@if tar -tzf $(LABS_DIST).tar.gz | grep -E '^gothreads-labs/labs/(tests/|.*/solution\.(c|go))'; then \
	    echo "labs-dist: a solution got into the tarball" >&2; rm -f $(LABS_DIST).tar.gz; exit 1; fi
	@echo "labs-dist: $(LABS_DIST).tar.gz ($$(tar -tzf $(LABS_DIST).tar.gz | grep -c '^gothreads-labs/labs/') files in labs/, no solutions)"

# ---- editors ------------------------------------------------------------------

# clangd reads compile_flags.txt for every file below this directory, so it
# finds gothreads.h from tests/, demos/ and labs/ alike.
.PHONY: compile_flags.txt
compile_flags.txt:
	printf '%s\n' -std=gnu11 -Wall -Wextra -Ilib -Itests -pthread -D_GNU_SOURCE > $@

-include $(wildcard $(B)/obj/*.d $(B)/inst-lib*/*.d $(B)/tests/*.d $(B)/demos/*/*.d $(B)/bench/*.d)
