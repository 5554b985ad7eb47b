# gothreads: `make` builds the libraries, `make demo` runs the seed examples,
# `make test` runs the CUnit suite, `make check` runs it, the tool checks and
# the broken programs' expected reports.

CC       ?= cc
PREFIX   ?= /usr/local
CFLAGS   ?= -O2 -g
WARN     := -std=gnu11 -Wall -Wextra -Werror
CPPFLAGS += -Ilib
ifdef DEBUG
CPPFLAGS += -DDEBUG
B        := build/debug
endif
LIBS     := -pthread
B        ?= build

LIB_SRC  := $(wildcard lib/*.c)
LIB_HDR  := $(wildcard lib/*.h)
LIB_OBJ  := $(LIB_SRC:lib/%.c=$(B)/obj/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(B)/tests/%)
DEMO_C   := $(wildcard demos/*/*.c)
DEMO_BIN := $(patsubst demos/%.c,$(B)/demos/%,$(DEMO_C))

.PHONY: all lib demos demo tests test check helgrind drd tsan memcheck tools install uninstall clean deps installcheck

all: lib demos

lib: $(B)/libgothreads.a $(B)/libgothreads.so

$(B)/obj/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -fPIC $(CPPFLAGS) -c $< -o $@

$(B)/libgothreads.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(B)/libgothreads.so: $(LIB_OBJ)
	$(CC) -shared -o $@ $^ $(LIBS)

# Programs link the static library; -rdynamic lets dumps name their functions.
$(B)/demos/%: demos/%.c $(B)/libgothreads.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -rdynamic $< -o $@ $(B)/libgothreads.a $(LIBS)

demos: $(DEMO_BIN)

demo: demos
	@scripts/run-demos.sh $(B)/demos

# ---- tests ---------------------------------------------------------------

deps:
	@scripts/deps.sh cunit

# Each tests/test_*.c is a program of its own, linked with the harness.
$(B)/tests/%: tests/%.c tests/harness.c tests/harness.h $(B)/libgothreads.a | deps
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Itests -rdynamic $< tests/harness.c -o $@ \
	    $(B)/libgothreads.a -lcunit $(LIBS)

tests: $(TEST_BIN)

test: tests demos
	@scripts/run-tests.sh $(B)

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

check: test tools broken-reports

# ---- install ---------------------------------------------------------------

install: lib
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 lib/gothreads.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(B)/libgothreads.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/libgothreads.so $(DESTDIR)$(PREFIX)/lib/
	sed 's|@PREFIX@|$(PREFIX)|' gothreads.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/gothreads.pc

# Installs into a scratch directory and builds a program the way a user
# would, with pkg-config, against the shared library.
installcheck:
	rm -rf $(B)/inst
	$(MAKE) --no-print-directory install DESTDIR=$(abspath $(B)/inst) PREFIX=/usr
	PKG_CONFIG_SYSROOT_DIR=$(abspath $(B)/inst) PKG_CONFIG_LIBDIR=$(abspath $(B)/inst)/usr/lib/pkgconfig \
	    sh -c '$(CC) $(WARN) demos/hello/hello.c -o $(B)/inst/hello $$(pkg-config --cflags --libs gothreads)'
	LD_LIBRARY_PATH=$(abspath $(B)/inst)/usr/lib $(B)/inst/hello | grep -q "msg='Hello World', ok='true'"
	@echo "installcheck: header, libraries and pkg-config file work"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/include/gothreads.h $(DESTDIR)$(PREFIX)/lib/libgothreads.a \
	      $(DESTDIR)$(PREFIX)/lib/libgothreads.so $(DESTDIR)$(PREFIX)/lib/pkgconfig/gothreads.pc

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
	$(CC) $(WARN) -O2 -g $(CPPFLAGS) $< -o $@ $(B)/libgothreads.a $(LIBS)

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

# lib/debug.c embeds the gdb extension (.incbin): rebuild it when that changes.
$(B)/obj/debug.o: lib/gothreads-gdb.py

# Each deliberately broken program (demos/*/*_broken.c) must draw the report
# its source names, from helgrind and from ThreadSanitizer.
.PHONY: broken-reports
BROKEN   := $(filter %_broken,$(DEMO_BIN))
broken-reports: $(BROKEN) | deps
	@scripts/deps.sh valgrind
	$(MAKE) --no-print-directory B=$(TSAN) CFLAGS="-O1 -g -fsanitize=thread" \
	    LIBS="-pthread -fsanitize=thread" $(patsubst $(B)/%,$(TSAN)/%,$(BROKEN))
	scripts/broken-reports.sh $(B) $(TSAN)

# Reruns the sessions shown in docs/debugging.md and rewrites its transcripts.
.PHONY: debug-transcripts
debug-transcripts: $(BROKEN) $(filter %/closures_broken,$(DEMO_BIN)) | deps
	@scripts/deps.sh valgrind
	$(MAKE) --no-print-directory B=$(TSAN) CFLAGS="-O1 -g -fsanitize=thread" \
	    LIBS="-pthread -fsanitize=thread" $(patsubst $(B)/%,$(TSAN)/%,$(BROKEN))
	scripts/debug-transcripts.sh $(B) $(TSAN)
