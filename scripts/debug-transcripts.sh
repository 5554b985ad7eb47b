#!/bin/bash
# Regenerates the transcripts in docs/debugging.md from real runs: each
# block between "<!-- transcript NAME -->" and "<!-- end NAME -->" is
# replaced by what the commands below print today.
#   scripts/debug-transcripts.sh BUILD TSAN_BUILD [--check]
# Paths are shown relative to the default build directory ("build/").
# --check rewrites nothing: it fails, showing the difference, if a
# transcript no longer matches what its commands print (addresses, thread
# and process ids, offsets and frames outside our sources aside: every
# file:line of lib/, demos/ and tests/ must match).  CI runs it.
set -u
b=$1 tb=$2 check=${3:-}
cd "$(dirname "$0")/.."
doc=docs/debugging.md
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
demo=$b/demos/broken
gdbq=(gdb -batch -nx -iex 'set debuginfod enabled off' -iex "add-auto-load-safe-path $PWD/$b"
      -iex "add-auto-load-safe-path $PWD/lib")

# Shows a command as typed, then what it printed, with our build paths
# turned into the default ones and gdb's traced commands as prompts.
tidy() {
	sed -e "s|$tb/|build/tsan/|g" -e "s|$b/|build/|g" -e "s|$PWD/||g" \
	    -e 's/^+\([^+]\)/(gdb) \1/' -e '/^++/d' -e '/^(gdb) set /d'
}
record() {  # name, shown command, command...
	local name=$1 shown=$2; shift 2
	{ echo "\$ $shown"; "$@" 2>&1; echo "[exit status $?]"; } | tidy > "$out/$name"
}
gdbscript() {  # file, commands...
	local f=$1; shift
	printf '%s\n' "set pagination off" "set trace-commands on" "$@" > "$f"
}

# A new user's first session: make install, a program built with
# pkg-config, gdb with an empty HOME.  The install goes to scratch
# directories mounted over the system's in a mount namespace of our own,
# as in scripts/gdb-autoload-check.sh, so the machine is left as it was.
first_session() {
	cat > "$out/first.sh" <<'SH'
set -u
out=$1
tmp=$(mktemp -d)
datadir=$(gdb -nx -batch -ex 'show data-directory' | sed -n 's/.*"\(.*\)"\./\1/p')
for d in /usr/local "$datadir/auto-load" /etc/gdb/gdbinit.d; do
	mkdir -p "$tmp/root$d" "$d" && mount --bind "$tmp/root$d" "$d"
done
mkdir "$tmp/home" "$tmp/work"
cp demos/broken/deadlock_broken.c "$tmp/work/deadlock.c"
top=$PWD
{
	echo '$ sudo make -s install'
	make -s -C "$top" install PREFIX=/usr/local GDB_DATADIR="$datadir" 2>&1 | grep -v '^make'
	echo '$ cc -g deadlock.c -o deadlock $(pkg-config --cflags --libs gothreads)'
	cd "$tmp/work"
	PKG_CONFIG_PATH=/usr/local/lib/pkgconfig cc -g deadlock.c -o deadlock \
		$(PKG_CONFIG_PATH=/usr/local/lib/pkgconfig pkg-config --cflags --libs gothreads) 2>&1
	echo "\$ gdb -batch -ex start -ex 'break go_fatal_locked' -ex continue -ex 'info goroutines' ./deadlock"
	HOME=$tmp/home DEBUGINFOD_URLS= LD_LIBRARY_PATH=/usr/local/lib \
		gdb -batch -ex start -ex 'break go_fatal_locked' -ex continue -ex 'info goroutines' ./deadlock 2>&1 |
		sed -e '/^\[Thread debugging using/d' -e '/^Using host libthread_db/d' -e '/^\[New Thread/d'
} > "$out/first-session"
SH
	local flags=-m
	[ "$(id -u)" = 0 ] || flags=-rm
	unshare $flags bash "$out/first.sh" "$out" ||
		echo "(could not make a mount namespace here: unshare $flags)" > "$out/first-session"
}

generate() {
first_session
# 1. The deadlock, as the program reports it.
record deadlock-run "build/demos/broken/deadlock_broken" "$demo/deadlock_broken"

# 2. The same deadlock in gdb, stopped where the detector fires.  On one
# CPU nothing spins, so the goroutines that did not find the deadlock are
# always in the kernel's wait; which one blocks last still varies (below).
gdbscript "$out/dl.gdb" "break go_fatal_locked" run "info threads" "info goroutines" \
	"goroutine 2 bt" "goroutine 2" "frame function play" "print *p" "print *p->in" \
	"print *p->out" kill
record deadlock-gdb "taskset -c 0 gdb -batch -x deadlock.gdb build/demos/broken/deadlock_broken" \
	taskset -c 0 "${gdbq[@]}" -x "$out/dl.gdb" "$demo/deadlock_broken"
sed -i -e '/^\[Thread debugging using/d' -e '/^Using host libthread_db/d' "$out/deadlock-gdb"

# 3. helgrind on the loop-variable race.
record race-helgrind "valgrind --tool=helgrind build/demos/closures/closures_broken" \
	valgrind --tool=helgrind --suppressions=scripts/valgrind.supp "$b/demos/closures/closures_broken"

# 4. ThreadSanitizer on the same race.
record race-tsan "build/tsan/demos/closures/closures_broken" \
	env TSAN_OPTIONS="exitcode=66" "$tb/demos/closures/closures_broken"

# 5. valgrind's gdbserver: gdb stops at the race.
prefix=$out/vgdb
valgrind --tool=helgrind --vgdb=yes --vgdb-error=0 --vgdb-prefix="$prefix" \
	--suppressions=scripts/valgrind.supp "$b/demos/closures/closures_broken" > "$out/vg.log" 2>&1 &
vpid=$!
for _ in $(seq 600); do   # wait until valgrind is listening for gdb (not a guess at a time)
	compgen -G "$prefix-from-vgdb-to-$vpid-*" >/dev/null && break
	kill -0 $vpid 2>/dev/null || break
	sleep 0.1
done
gdbscript "$out/vg.gdb" "target remote | vgdb --vgdb-prefix=$prefix --pid=$vpid" continue bt \
	"info threads" kill
"${gdbq[@]}" -x "$out/vg.gdb" "$b/demos/closures/closures_broken" > "$out/vg-gdb.log" 2>&1
wait $vpid
{
	echo "\$ valgrind --tool=helgrind --vgdb=yes --vgdb-error=0 build/demos/closures/closures_broken"
	sed -n '/TO DEBUG THIS PROCESS/,/--pid is optional/p' "$out/vg.log"
	echo
	echo "\$ gdb build/demos/closures/closures_broken      # in another terminal"
	sed -e "s|--vgdb-prefix=$prefix ||" -e '/^warning: remote target does not support/d' "$out/vg-gdb.log"
} | sed -e "s|--vgdb-prefix=$prefix ||" | tidy > "$out/race-vgdb"

# 6. A panic caught in gdb.
gdbscript "$out/panic.gdb" "break go_panic" run bt "info goroutines" kill
record panic-gdb "gdb -batch -x panic.gdb build/demos/broken/closed_broken" \
	"${gdbq[@]}" -x "$out/panic.gdb" "$demo/closed_broken"
sed -i -e '/^\[Thread debugging using/d' -e '/^Using host libthread_db/d' "$out/panic-gdb"

# 7. The same panic as a core file (GOTRACEBACK=crash), if the system writes cores here.
coredir=$out/core
mkdir -p "$coredir"
top=$PWD
( cd "$coredir" && ulimit -c unlimited && exec env GOTRACEBACK=crash "$top/$demo/closed_broken" ) > "$out/crash.log" 2>&1
rc=$?
core=$(ls "$coredir"/core* 2>/dev/null | head -n 1)
if [ -n "$core" ]; then
	gdbscript "$out/core.gdb" "info goroutines" "goroutine 2 bt"
	{
		echo "\$ GOTRACEBACK=crash build/demos/broken/closed_broken"
		cat "$out/crash.log"
		echo "[exit status $rc: killed by signal $((rc - 128)), SIGABRT; core dumped]"
		echo
		echo "\$ gdb build/demos/broken/closed_broken core"
		"${gdbq[@]}" -x "$out/core.gdb" "$demo/closed_broken" "$core" 2>&1 |
			sed -e '/^\[New LWP/d' -e '/^\[Thread debugging using/d' -e '/^Using host libthread_db/d' -e "s|$core|core|"
	} | tidy > "$out/panic-core"
else
	echo "(this system wrote no core file: see /proc/sys/kernel/core_pattern and ulimit -c)" > "$out/panic-core"
fi
}

# Splice every transcript into the document, or (--check) compare.
cat > "$out/splice.py" <<'PY'
import difflib, os, re, sys
doc, out, check = sys.argv[1], sys.argv[2], sys.argv[3] == "--check"
okfile = os.path.join(out, "matched")   # --check: names that matched in an earlier attempt
done = set(open(okfile).read().split()) if os.path.exists(okfile) else set()
text = open(doc).read()

def norm(t):
    """What may change from run to run, made equal."""
    t = re.sub(r"0x[0-9a-fA-F]+", "0x?", t)
    t = re.sub(r"==\d+==", "==PID==", t)
    t = re.sub(r"\b(LWP|pid=|tid=|--pid=|process|Thread|thread|T)\s?\d+", r"\1 N", t)
    t = re.sub(r"\(suppressed: \d+ from \d+\)", "(suppressed: N)", t)
    t = re.sub(r"\.reg-xstate/\d+", ".reg-xstate/N", t)
    t = re.sub(r"\+0x\?|\+\d+", "+?", t)
    t = re.sub(r"(?<![:\w.])\d{4,7}\b", "N", t)   # LWPs in tables, pids
    keep = []
    for line in t.splitlines():
        if re.fullmatch(r"goroutine \d+", line):
            continue   # closures_broken's own output: racy by design
        if re.match(r"\[New (Thread|LWP)", line):
            continue   # the order threads appear in
        # gdb frames outside our sources (libc, the kernel wait or spin)
        if re.match(r"#\d+\s", line) and not re.search(r"\b(lib|demos|tests)/[\w/.-]+:\d+", line):
            continue
        keep.append(re.sub(r"[ \t]+", " ", re.sub(r"^#\d+\s+", "#N ", line)).rstrip())
    return "\n".join(keep)

bad = []
def put(m):
    name = m.group(1)
    path = os.path.join(out, name)
    if not os.path.exists(path):
        sys.exit("debug-transcripts: no transcript %s" % name)
    body = open(path).read().rstrip("\n")
    if check:
        old = m.group(2).strip("\n")
        if old.startswith("```"):
            old = old[3:].lstrip("\n")
        if old.endswith("```"):
            old = old[:-3].rstrip("\n")
        a, b = norm(old), norm(body)
        if name.startswith("race-"):
            # Which of two racing accesses a tool reports first changes from
            # run to run: compare the source lines named, not their order.
            refs = lambda t: "\n".join(sorted(set(re.findall(r"\b(?:lib|demos|tests)/[\w/.-]+:\d+", t))))
            a, b = refs(a), refs(b)
        if a == b:
            done.add(name)
        elif name not in done:
            bad.append(name)
            sys.stdout.writelines(difflib.unified_diff(
                [l + "\n" for l in a.splitlines()], [l + "\n" for l in b.splitlines()],
                "%s: %s (docs)" % (doc, name), "%s (now)" % name))
        return m.group(0)
    return "<!-- transcript %s -->\n```\n%s\n```\n<!-- end %s -->" % (name, body, name)
new = re.sub(r"<!-- transcript (\S+) -->(.*?)<!-- end \1 -->", put, text, flags=re.S)
if check:
    open(okfile, "w").write("\n".join(sorted(done)))
    if bad:
        sys.exit("debug-transcripts: %s no longer match what the commands print: "
                 "run make debug-transcripts" % ", ".join(bad))
    print("debug-transcripts: every transcript in %s matches what its commands print" % doc)
else:
    open(doc, "w").write(new)
    print("debug-transcripts: %s regenerated" % doc)
PY
if [ "$check" != --check ]; then
	generate
	python3 "$out/splice.py" "$doc" "$out" ""
	exit
fi
# The programs are concurrent: which goroutine parks last, or which of two
# racing accesses a tool names first, changes from run to run.  A
# transcript passes if one of a few runs matches it.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
	generate
	python3 "$out/splice.py" "$doc" "$out" --check && exit 0
	echo "debug-transcripts: run $attempt differs (above); running the sessions again"
done
exit 1
# SPDX-License-Identifier: BSD-3-Clause
