# gdb support for gothreads (cf. Go's runtime/runtime-gdb.py).
#
#   info goroutines        every goroutine: id, name, state (Go's wait
#                          reason), what it waits on, the LWP of its thread;
#                          "*" marks the goroutine of gdb's current thread
#   goroutine N bt         goroutine N's stack (any gdb command will do:
#                          goroutine N info locals, goroutine all bt)
#   goroutine N            switch to goroutine N's thread, as `thread` does
#   print *c               a channel (struct hchan): element size, cap, len,
#                          closed, the goroutines waiting to send and receive
#
# It reads the library's data structures (the allgs list of lib/goroutine.c,
# struct g and struct hchan of lib/runtime.h) from memory, so it works the
# same on a live process and on a core file.
#
# Loading: every program linked with gothreads names this file in its
# .debug_gdb_scripts section (lib/debug.c); `make install` installs it, a
# copy where gdb looks for libgothreads.so's own script, and a drop-in in
# /etc/gdb/gdbinit.d that trusts both, so gdb loads it with no setup.
# By hand:  (gdb) source /path/to/gothreads/lib/gothreads-gdb.py

import gdb


def _goroutines():
    """Yields every struct g * in allgs, oldest first."""
    try:
        gp = gdb.parse_and_eval("allgs")
    except gdb.error:
        raise gdb.GdbError("no gothreads here (no symbol allgs: is the program linked with gothreads, with -g?)")
    gs = []
    while int(gp) != 0:
        gs.append(gp)
        gp = gp["allnext"]
    return reversed(gs)


def _ptr(v):
    return int(v.cast(gdb.lookup_type("unsigned long")))


def _str(v):
    addr = _ptr(v)
    if addr == 0:
        return None
    return v.cast(gdb.lookup_type("char").const().pointer()).string()


def _gid_of(gptr):
    addr = _ptr(gptr)
    for gp in _goroutines():
        if int(gp) == addr:
            return int(gp["id"])
    return None


def _chan_summary(c):
    c = c.cast(gdb.lookup_type("struct hchan").pointer())
    return "chan 0x%x (elem %d, cap %d, len %d%s)" % (
        _ptr(c), int(c["elemsize"]), int(c["dataqsiz"]), int(c["qcount"]),
        ", closed" if bool(c["closed"]) else "")


def _waiting_on(gp):
    """What gp waits for, in words: a channel, a select's channels, a mutex."""
    c = gp["waitchan"]
    if _ptr(c):
        return _chan_summary(c)
    cases = gp["waitcases"]
    if _ptr(cases):
        n = int(gp["nwaitcases"])
        cases = cases.cast(gdb.lookup_type("select_case").pointer())
        parts = []
        for i in range(n):
            cs = cases[i]
            d = "send" if int(cs["dir"]) == int(gdb.parse_and_eval("SELECT_SEND")) else "recv"
            parts.append("%s chan 0x%x" % (d, _ptr(cs["c"])) if _ptr(cs["c"]) else "%s nil" % d)
        return "select: " + ", ".join(parts)
    mu = gp["waitmutex"]
    if _ptr(mu):
        mu = mu.cast(gdb.lookup_type("mutex").pointer())
        owner = _gid_of(mu["owner"]) if _ptr(mu["owner"]) else None
        return "mutex 0x%x%s" % (_ptr(mu), " held by goroutine %d" % owner if owner else "")
    return ""


def _current_lwp():
    th = gdb.selected_thread()
    return th.ptid[1] if th else 0


class InfoGoroutines(gdb.Command):
    """info goroutines: every goroutine, its state and what it waits on."""

    def __init__(self):
        super().__init__("info goroutines", gdb.COMMAND_STACK, gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        cur = _current_lwp()
        print("  %-4s %-14s %-32s %-8s %s" % ("Id", "Name", "State", "LWP", "Waiting on"))
        for gp in _goroutines():
            lwp = int(gp["tid"])
            reason = _str(gp["waitreason"]) or "running"
            name = gp["name"].string()
            mark = "*" if lwp and lwp == cur else " "
            print("%s %-4d %-14s %-32s %-8s %s" % (mark, int(gp["id"]), name or "-", reason,
                                                 lwp or "-", _waiting_on(gp)))


def _thread_of_lwp(lwp):
    for inf in gdb.inferiors():
        for th in inf.threads():
            if th.ptid[1] == lwp:
                return th
    return None


class Goroutine(gdb.Command):
    """goroutine N CMD: run gdb command CMD (bt, info locals, ...) in goroutine N's thread.
goroutine all CMD: the same for every goroutine.
goroutine N: switch to goroutine N's thread."""

    def __init__(self):
        super().__init__("goroutine", gdb.COMMAND_STACK, gdb.COMPLETE_COMMAND)

    def invoke(self, arg, from_tty):
        parts = arg.split(None, 1)
        if len(parts) == 1 and parts[0] != "all":
            # goroutine N: make goroutine N's thread the current one, as `thread` does.
            gs = [gp for gp in _goroutines() if str(int(gp["id"])) == parts[0]]
            th = _thread_of_lwp(int(gs[0]["tid"])) if gs and int(gs[0]["tid"]) else None
            if th is None:
                raise gdb.GdbError("no goroutine %s running on a thread" % parts[0])
            gdb.execute("thread %d" % th.num, from_tty)
            return
        if len(parts) < 2:
            raise gdb.GdbError("usage: goroutine N [CMD]  or  goroutine all CMD")
        which, cmd = parts
        gs = list(_goroutines())
        if which != "all":
            gs = [gp for gp in gs if str(int(gp["id"])) == which]
            if not gs:
                raise gdb.GdbError("no goroutine %s" % which)
        saved = gdb.selected_thread()
        try:
            for gp in gs:
                lwp = int(gp["tid"])
                th = _thread_of_lwp(lwp) if lwp else None
                reason = _str(gp["waitreason"]) or "running"
                print("goroutine %d [%s] (LWP %s):" % (int(gp["id"]), reason, lwp or "-"))
                if th is None:
                    print("  (no thread: it waits for a pool thread)")
                    continue
                th.switch()
                gdb.execute(cmd, from_tty)
        finally:
            if saved is not None and saved.is_valid():
                saved.switch()


class HchanPrinter:
    """A channel: element size, cap, len, closed, and who waits to send and receive."""

    def __init__(self, val):
        self.val = val

    def _waiters(self, q):
        ids = []
        sg = q["first"]
        while _ptr(sg):
            g = sg["g"]
            ids.append("g%d" % int(g["id"]) if _ptr(g) else "?")
            sg = sg["next"]
        return "[" + " ".join(ids) + "]"

    def to_string(self):
        c = self.val
        return "chan elem %d bytes, cap %d, len %d, closed %s, recvq %s, sendq %s" % (
            int(c["elemsize"]), int(c["dataqsiz"]), int(c["qcount"]),
            "true" if bool(c["closed"]) else "false",
            self._waiters(c["recvq"]), self._waiters(c["sendq"]))


def _lookup(val):
    t = val.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_STRUCT and t.tag == "hchan":
        return HchanPrinter(val)
    return None


if not getattr(gdb, "_gothreads_loaded", False):
    gdb._gothreads_loaded = True
    InfoGoroutines()
    Goroutine()
    gdb.pretty_printers.append(_lookup)
    # A goroutine dump asks each thread for its stack with SIGRTMIN+3
    # (lib/traceback.c): let it through without stopping.
    gdb.execute("handle SIG37 nostop noprint pass", to_string=True)
# SPDX-License-Identifier: BSD-3-Clause
