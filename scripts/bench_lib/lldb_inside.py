"""Loaded into lldb's own Python with `command script import`; never
imported by the harness. lldb sessions call these from `script` lines.

Why Python inside lldb: lldb's command output is meant for people
(`watchpoint list` does not even show hit counts), so the checks print
one machine-readable `@@bench NAME VALUE` line from the SB API instead.
The timing markers write the same files as the gdb sessions' `shell`
markers, so gdb_session._read_marker reads both.
"""

import glob
import time

import lldb

_saved = {}


def mark(prefix, stub_pid):
    """Wall clock (ns), then the stub's CPU from its threads' schedstat."""
    with open(prefix + ".t", "w") as f:
        f.write(str(time.time_ns()))
    text = ""
    for path in glob.glob("/proc/%d/task/*/schedstat" % stub_pid):
        try:
            with open(path) as f:
                text += f.read()
        except OSError:
            pass  # a thread that just exited
    with open(prefix + ".cpu", "w") as f:
        f.write(text)


def _target():
    return lldb.debugger.GetSelectedTarget()


def report(name, value):
    print("@@bench %s %s" % (name, value))


def report_stop():
    """Where the selected thread stopped: function, and how many threads."""
    proc = _target().GetProcess()
    thread = proc.GetSelectedThread()
    report("function", thread.GetFrameAtIndex(0).GetFunctionName())
    report("threads", proc.GetNumThreads())
    report("state", lldb.SBDebugger.StateAsCString(proc.GetState()))


def report_breakpoint(bp_id):
    report("bp%d_hits" % bp_id, _target().FindBreakpointByID(bp_id).GetHitCount())


def report_watchpoint(index):
    report("wp_hits", _target().GetWatchpointAtIndex(index).GetHitCount())


def report_variable(name):
    frame = _target().GetProcess().GetSelectedThread().GetFrameAtIndex(0)
    report("var_" + name, frame.FindVariable(name).GetValueAsSigned())


def remember_buffer(ptr_name, len_name):
    """Resolve the buffer before the timed part, so that no expression
    evaluation (which runs clang inside lldb) lands in the timing."""
    target = _target()
    _saved["addr"] = target.FindFirstGlobalVariable(ptr_name).GetValueAsUnsigned()
    _saved["len"] = target.FindFirstGlobalVariable(len_name).GetValueAsUnsigned()


def dump_buffer(path):
    """The real `memory read` command, on the remembered numbers."""
    lldb.debugger.HandleCommand("memory read --force --binary --outfile %s --count %d 0x%x"
                                % (path, _saved["len"], _saved["addr"]))
