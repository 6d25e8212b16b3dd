"""The gdb-driven workloads: which program runs, which gdb commands are
timed, and how the result is checked.

Timed commands sit between two markers (see gdb_session). A check reads
gdb's own output (hit counts, values) so that a stub which "finishes fast"
by skipping events is reported as failed, not as a winner.
"""

import os
import re
from dataclasses import dataclass, field
from typing import Callable, List, Optional

BIG_IGNORE = "100000000"  # gdb auto-resumes each ignored hit: one real stop each


@dataclass
class Workload:
    name: str
    title: str
    program: str
    n_full: int
    n_quick: int
    args: Callable[[int], List[str]]
    events: Callable[[int], int]  # events in the timed window, for CPU/event
    unit: str  # what one event is
    setup: Callable[[int, dict], List[str]] = lambda n, ctx: []
    body: Callable[[int, dict], List[str]] = lambda n, ctx: []
    after: Callable[[int, dict], List[str]] = lambda n, ctx: []
    check: Callable[[int, str, dict], Optional[str]] = lambda n, out, ctx: None
    # A remark on a valid run that explains its number (e.g. a fallback).
    remark: Callable[[str], Optional[str]] = lambda out: None
    # "markers": time only the body; "from_spawn": time from starting the
    # stub, because launching or attaching is the stub's own work.
    timing: str = "markers"
    connect_in_body: bool = False
    attach: bool = False
    # extended-remote: the stub starts with --multi and no program, gdb
    # connects with `target extended-remote` and `set remote exec-file`.
    multi: bool = False
    notes: str = ""
    tags: list = field(default_factory=list)


def hits_of(out: str, number: int) -> Optional[int]:
    """'breakpoint already hit N times' of breakpoint `number` in `info breakpoints`."""
    m = re.search(r"^%d\s+\S.*?\n(?:\t.*\n)*?\tbreakpoint already hit (\d+) time" % number,
                  out, re.M)
    return int(m.group(1)) if m else None


def expect_hits(number: int, want: Callable[[int], int]):
    def check(n, out, ctx):
        got = hits_of(out, number)
        if got != want(n):
            return "breakpoint %d hit %s times, expected %d" % (number, got, want(n))
        if "bench_done ()" not in out:
            return "never reached bench_done"
        return None
    return check


def counting_breakpoint(spec: str, number: int = 1):
    """Stop at spec on every hit; `break bench_done` ends the run."""
    return [spec, "ignore %d %s" % (number, BIG_IGNORE), "break bench_done"]


def _value_check(expr_re: str, want: Callable[[int], int]):
    def check(n, out, ctx):
        m = re.search(expr_re, out)
        if not m or int(m.group(1)) != want(n):
            return "expected %d, gdb printed %s" % (want(n), m.group(1) if m else "nothing")
        return None
    return check


def _threads_check(n, out, ctx):
    count = len(re.findall(r"^[ *]\s*\d+\s+Thread ", out, re.M))
    if count < ctx["threads"] + 1:
        return "gdb saw %d threads, expected %d" % (count, ctx["threads"] + 1)
    return None


def _dump_check(n, out, ctx):
    size = os.path.getsize(ctx["dump"]) if os.path.exists(ctx["dump"]) else -1
    if size != n << 20:
        return "dump file has %d bytes, expected %d" % (size, n << 20)
    return None


COND_EVERY = 100  # conditional breakpoints are true once per this many calls


def _cond(mode):
    return Workload(
        "cond_bp_" + mode, "conditional breakpoint, evaluated by " + mode, "bp_calls",
        20000, 2000, lambda n: [str(n)], lambda n: n, "call",
        setup=lambda n, ctx: ["set breakpoint condition-evaluation " + mode]
        + counting_breakpoint("break hit if i %% %d == %d" % (COND_EVERY, COND_EVERY - 1)),
        body=lambda n, ctx: ["continue"],
        after=lambda n, ctx: ["info breakpoints"],
        check=expect_hits(1, lambda n: n // COND_EVERY),
        remark=lambda out: ("gdb fell back to host evaluation (stub lacks ConditionalBreakpoints)"
                            if mode == "target" and "(target evals)" not in out else None),
        notes="true once in %d calls; events = calls of the function" % COND_EVERY)


MT_THREADS = 8


def _mt_true_hits(n):
    return (n // MT_THREADS) // COND_EVERY * MT_THREADS


def _never_hit(n, out, ctx):
    if hits_of(out, 1) is not None:
        return "breakpoint 1 stopped %d times, expected never" % hits_of(out, 1)
    if "bench_done ()" not in out:
        return "never reached bench_done"
    return None


def _watch(kind, mode):
    return Workload(
        kind, "%s hits on a global" % kind, "watch_loop", 2000, 100,
        lambda n: [str(n), mode], lambda n: n, "hit",
        setup=lambda n, ctx: counting_breakpoint("%s watched" % kind),
        body=lambda n, ctx: ["continue"],
        after=lambda n, ctx: ["info breakpoints"],
        check=_hardware_watch_check)


def _hardware_watch_check(n, out, ctx):
    # A software watchpoint would single-step the whole program: a
    # different (and far slower) workload, so it counts as a failure.
    if "Hardware" not in out:
        return "gdb did not get a hardware watchpoint"
    return expect_hits(1, lambda m: m)(n, out, ctx)


def _catch_check(want: Callable[[int], int]):
    def check(n, out, ctx):
        m = re.search(r"catchpoint already hit (\d+) time", out)
        got = int(m.group(1)) if m else None
        if got != want(n):
            return "catchpoint hit %s times, expected %d" % (got, want(n))
        if "bench_done ()" not in out:
            return "never reached bench_done"
        return None
    return check


OTHER_CALLS = 100  # catch_write_subset: calls the client did not ask for, per write


def _catch_write(name, title, others, notes, n_full=5000, n_quick=200):
    return Workload(
        name, title, "syscall_calls", n_full, n_quick, lambda n: [str(n), str(others)],
        lambda n: 2 * n, "stop",
        setup=lambda n, ctx: ["catch syscall write", "ignore 1 " + BIG_IGNORE, "break bench_done"],
        body=lambda n, ctx: ["continue"],
        after=lambda n, ctx: ["info breakpoints"],
        check=_catch_check(lambda n: 2 * n), notes=notes)


def _dlopen_check(n, out, ctx):
    count = len(set(re.findall(r"libcopy\d+\.so", out)))
    if count != n:
        return "info sharedlibrary listed %d of the %d copies" % (count, n)
    return None


def _runs_check(n, out, ctx):
    got = out.count("Breakpoint 1, main")
    return None if got == n else "stopped at main %d times in %d runs" % (got, n)


def _forks_check(n, out, ctx):
    # Every child reported and detached, no stop lost, and the program ran to its end.
    why = expect_hits(2, lambda m: m)(n, out, ctx)
    if why is None and not re.search(r"\[Inferior 1 \(process \d+\) exited normally\]", out):
        why = "the program did not exit normally after the last fork"
    return why


STOP_ALL_THREADS = 500

WORKLOADS = [
    Workload("launch_main", "launch to main", "bp_calls", 1, 1,
             lambda n: ["1"], lambda n: 1, "launch",
             setup=lambda n, ctx: ["break main"],
             body=lambda n, ctx: ["target remote %s" % ctx["addr"], "continue"],
             check=lambda n, out, ctx: None if "Breakpoint 1, main" in out else "did not stop at main",
             timing="from_spawn", connect_in_body=True,
             notes="stub start-up to 'listening' plus gdb connect, break main, continue"),
    Workload("stepi", "stepi N", "next_line", 5000, 300,
             lambda n: ["100000"], lambda n: n, "step",
             setup=lambda n, ctx: ["break heavy_lines", "continue"],
             body=lambda n, ctx: ["stepi %d" % n],
             after=lambda n, ctx: ["info symbol $pc"],
             check=lambda n, out, ctx: None if "heavy_lines" in ctx["tail"] else "lost while stepping"),
    Workload("bp_hits", "breakpoint hits", "bp_calls", 5000, 200,
             lambda n: [str(n)], lambda n: n, "hit",
             setup=lambda n, ctx: counting_breakpoint("break hit"),
             body=lambda n, ctx: ["continue"],
             after=lambda n, ctx: ["info breakpoints"],
             check=expect_hits(1, lambda n: n)),
    _cond("target"),
    _cond("host"),
    _watch("watch", "w"),
    _watch("rwatch", "r"),
    _watch("awatch", "a"),
    Workload("threads8_bp", "8 threads hit one breakpoint", "threads_calls", 4000, 200,
             lambda n: [str(n), "8"], lambda n: n, "hit",
             setup=lambda n, ctx: counting_breakpoint("break hit"),
             body=lambda n, ctx: ["continue"],
             after=lambda n, ctx: ["info breakpoints"],
             check=expect_hits(1, lambda n: n - n % 8)),
    # The stub's own step overs with other threads running: out of line (zstub), in place with
    # every thread stopped (zstub-inplace = --no-displaced-stepping), gdbserver's.
    Workload("mt_bp", "8 threads, one breakpoint, false target-side condition", "threads_calls",
             20000, 2000, lambda n: [str(n), str(MT_THREADS)], lambda n: n, "call",
             setup=lambda n, ctx: ["set breakpoint condition-evaluation target"]
             + counting_breakpoint("break hit if i %% %d == %d" % (COND_EVERY, COND_EVERY - 1)),
             body=lambda n, ctx: ["continue"],
             after=lambda n, ctx: ["info breakpoints"],
             check=expect_hits(1, _mt_true_hits),
             notes="each thread's condition is true once in %d calls; events = calls"
             % COND_EVERY),
    # Only false hits, one thread: what one hit the stub handles alone costs (no gdb round trip).
    Workload("cond_false", "breakpoint whose target-side condition is never true", "bp_calls",
             20000, 2000, lambda n: [str(n)], lambda n: n, "false hit",
             setup=lambda n, ctx: ["set breakpoint condition-evaluation target",
                                   "break hit if i < 0", "break bench_done"],
             body=lambda n, ctx: ["continue"],
             after=lambda n, ctx: ["info breakpoints"],
             check=_never_hit,
             notes="every call is a false hit the stub passes by itself"),
    Workload("stop_all_500", "breakpoint hits with 500 idle threads", "idle_threads", 200, 20,
             lambda n: [str(STOP_ALL_THREADS), "calls", str(n)], lambda n: n - 1, "hit",
             # The first hit happens after all threads exist: creating them is not timed.
             setup=lambda n, ctx: ["break hit", "continue", "ignore 1 " + BIG_IGNORE,
                                   "break bench_done"],
             body=lambda n, ctx: ["continue"],
             after=lambda n, ctx: ["info breakpoints"],
             check=expect_hits(1, lambda n: n),
             notes="each stop must stop and resume 501 threads"),
    _catch_write("catch_write", "catch syscall write over N writes", 0,
                 "events = entry and return stops of write (2 per write)"),
    _catch_write("catch_write_subset", "catch syscall write among %d other calls per write"
                 % OTHER_CALLS, OTHER_CALLS,
                 "%d getppid calls per write the client did not ask for: filtered in the stub"
                 % OTHER_CALLS, 1000, 50),
    Workload("dlopen_50", "dlopen N libraries, then info sharedlibrary", "dlopen_many", 50, 10,
             lambda n: ["@dlopen_lib", str(n)], lambda n: n, "library",
             setup=lambda n, ctx: ["break ready", "break bench_done", "continue"],
             body=lambda n, ctx: ["continue", "info sharedlibrary"],
             check=_dlopen_check,
             notes="each load is a dynamic-linker event (gdb re-reads the library list)"),
    Workload("attach_500", "attach to 500 threads", "idle_threads", 1, 1,
             lambda n: [str(STOP_ALL_THREADS), "attach"], lambda n: 1, "attach",
             body=lambda n, ctx: ["target remote %s" % ctx["addr"]],
             after=lambda n, ctx: ["info threads"],
             check=_threads_check, timing="from_spawn", connect_in_body=True, attach=True,
             notes="stub start (attach happens there) to 'listening', plus gdb connect"),
    Workload("read_mem", "dump N MiB of memory", "big_memory", 64, 8,
             lambda n: [str(n)], lambda n: n, "MiB",
             setup=lambda n, ctx: ["break bench_done", "continue"],
             body=lambda n, ctx: ["dump binary memory %s buf buf+buf_len" % ctx["dump"]],
             check=_dump_check),
    Workload("next_line", "next over a ~1000-instruction line", "next_line", 200, 20,
             lambda n: [str(n)], lambda n: n, "next",
             setup=lambda n, ctx: ["break heavy_lines", "continue"],
             body=lambda n, ctx: ["next %d" % n],
             after=lambda n, ctx: ["print r"],
             check=_value_check(r"\$1 = (\d+)", lambda n: n // 2 - 1),
             notes="every other `next` runs the heavy line; r counts them"),
    # The same with gdb's range stepping turned off: one vCont;s round trip per instruction.
    # next_line / next_line_norange is what range stepping buys on each stub.
    Workload("next_line_norange", "next over the same line, range stepping off", "next_line",
             200, 20, lambda n: [str(n)], lambda n: n, "next",
             setup=lambda n, ctx: ["set range-stepping off", "break heavy_lines", "continue"],
             body=lambda n, ctx: ["next %d" % n],
             after=lambda n, ctx: ["print r"],
             check=_value_check(r"\$1 = (\d+)", lambda n: n // 2 - 1),
             notes="baseline for range stepping: gdb steps each instruction itself"),
    # The extended-remote session of a user: one stub, `run` to main again and again.
    Workload("run_main", "extended-remote: run to main, kill, N times", "bp_calls", 20, 3,
             lambda n: [], lambda n: n, "run",
             setup=lambda n, ctx: ["break main"],
             body=lambda n, ctx: ["run", "kill"] * n,
             check=_runs_check, multi=True,
             notes="stub --multi; gdb `run` (through the shell, gdb's default) to `break main`"),
    # Fork events with gdb's defaults (follow-fork-mode parent, detach-on-fork on): each fork
    # is a stop, breakpoints removed from the child's copy, the child detached.
    Workload("fork_200", "fork N children, each detached by gdb", "fork_calls", 200, 20,
             lambda n: [str(n)], lambda n: n, "fork",
             # Run to main first: gdb reading libc's symbols is not timed.
             setup=lambda n, ctx: ["tbreak main", "continue"] + counting_breakpoint("break hit", 2),
             body=lambda n, ctx: ["continue"],
             after=lambda n, ctx: ["info breakpoints", "delete", "continue"],
             check=_forks_check,
             notes="one fork event plus one breakpoint stop in the parent per child"),
]


def by_name():
    return {w.name: w for w in WORKLOADS}
