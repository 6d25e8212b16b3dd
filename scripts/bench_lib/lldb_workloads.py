"""The lldb-driven workloads: the gdb workloads' counterparts, as lldb
commands, for comparing zstub with lldb-server under lldb's own client.

Counting stops works as in gdb: a breakpoint or watchpoint with a huge
ignore count. lldb evaluates ignore counts in the client and resumes
itself, so each event is one real stop round trip. Checks read the
`@@bench` lines that lldb_inside prints from the SB API.
"""

from .workloads import BIG_IGNORE, Workload, _dump_check

STOP_AT_END = "breakpoint set -n bench_done"


def _want(name, expected, where="bench_done"):
    """A check that result `name` equals expected(n), and that the run
    ended in function `where`."""
    def check(n, out, ctx):
        got = ctx["results"].get(name)
        if got != str(expected(n)):
            return "%s = %s, expected %s" % (name, got, expected(n))
        func = ctx["results"].get("function")
        if where and func != where:
            return "stopped in %s, expected %s" % (func, where)
        return None
    return check


def _in_function(func, then=None):
    def check(n, out, ctx):
        got = ctx["results"].get("function")
        if got != func:
            return "stopped in %s, expected %s" % (got, func)
        return then(n, out, ctx) if then else None
    return check


def _watch(name, kind, mode):
    return Workload(
        name, "lldb: %s watchpoint hits on a global" % kind, "watch_loop", 2000, 100,
        lambda n: [str(n), mode], lambda n: n, "hit",
        setup=lambda n, ctx: [STOP_AT_END, "breakpoint set -n main", "process continue",
                              "watchpoint set variable -w %s watched" % kind,
                              "watchpoint ignore -i %s 1" % BIG_IGNORE],
        body=lambda n, ctx: ["process continue"],
        after=lambda n, ctx: ["script lldb_inside.report_watchpoint(0)",
                              "script lldb_inside.report_stop()"],
        check=_want("wp_hits", lambda n: n))


def _counting_bp(name, title, program, n_full, n_quick, args, want):
    """Breakpoint 1 on hit() with a huge ignore count; want(n) hits."""
    return Workload(
        name, "lldb: " + title, program, n_full, n_quick, args, lambda n: n, "hit",
        setup=lambda n, ctx: ["breakpoint set -n hit -i " + BIG_IGNORE, STOP_AT_END],
        body=lambda n, ctx: ["process continue"],
        after=lambda n, ctx: ["script lldb_inside.report_breakpoint(1)",
                              "script lldb_inside.report_stop()"],
        check=_want("bp1_hits", want))


LLDB_WORKLOADS = [
    Workload("lldb_launch_main", "lldb: launch to main", "bp_calls", 1, 1,
             lambda n: ["1"], lambda n: 1, "launch",
             setup=lambda n, ctx: ["breakpoint set -n main"],
             body=lambda n, ctx: ["gdb-remote %s" % ctx["addr"], "process continue"],
             after=lambda n, ctx: ["script lldb_inside.report_stop()"],
             check=_in_function("main"), timing="from_spawn", connect_in_body=True,
             notes="stub start-up to 'listening' plus gdb-remote, continue to main"),
    Workload("lldb_stepi", "lldb: thread step-inst -c N", "next_line", 5000, 300,
             lambda n: ["100000"], lambda n: n, "step",
             setup=lambda n, ctx: ["breakpoint set -n heavy_lines", "process continue"],
             body=lambda n, ctx: ["thread step-inst -c %d" % n],
             after=lambda n, ctx: ["script lldb_inside.report_stop()"],
             check=_in_function("heavy_lines")),
    _counting_bp("lldb_bp_hits", "breakpoint hits", "bp_calls", 5000, 200,
                 lambda n: [str(n)], lambda n: n),
    _watch("lldb_watch", "modify", "w"),
    _watch("lldb_rwatch", "read", "r"),
    _watch("lldb_awatch", "read_write", "a"),
    _counting_bp("lldb_threads8_bp", "8 threads hit one breakpoint", "threads_calls", 4000, 200,
                 lambda n: [str(n), "8"], lambda n: n - n % 8),
    Workload("lldb_read_mem", "lldb: memory read N MiB to a file", "big_memory", 64, 8,
             lambda n: [str(n)], lambda n: n, "MiB",
             setup=lambda n, ctx: [STOP_AT_END, "process continue",
                                   'script lldb_inside.remember_buffer("buf", "buf_len")'],
             body=lambda n, ctx: ['script lldb_inside.dump_buffer("%s")' % ctx["dump"]],
             check=_dump_check),
    # One `thread step-over` line per step: lldb's -c count works only
    # for the instruction steps.
    Workload("lldb_next_line", "lldb: thread step-over a ~1000-instruction line",
             "next_line", 200, 20, lambda n: [str(n)], lambda n: n, "step-over",
             setup=lambda n, ctx: ["breakpoint set -n heavy_lines", "process continue"],
             body=lambda n, ctx: ["thread step-over"] * n,
             after=lambda n, ctx: ["script lldb_inside.report_variable('r')",
                                   "script lldb_inside.report_stop()"],
             check=_want("var_r", lambda n: n // 2 - 1, where="heavy_lines"),
             notes="every other step-over runs the heavy line; r counts them"),
]
