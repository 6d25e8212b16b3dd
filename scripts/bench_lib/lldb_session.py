"""One lldb session against one stub: the lldb twin of gdb_session.

lldb-19 runs in batch mode on a command file (`lldb -x -b -s FILE`), so a
workload of hundreds of `thread step-over` lines needs no huge argv.
lldb_inside.py is imported into lldb's Python: its markers write the
same files as gdb's `shell` markers, and its checks print `@@bench` lines
from the SB API. Stub start, teardown and the hang report are shared with
gdb_session, so both debuggers are measured the same way.
"""

import os
import re
import shutil
import subprocess
import tempfile

from . import gdb_session, procs
from .gdb_session import END_TAG, SessionResult

LLDB = "lldb-19"
INSIDE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lldb_inside.py")
RESULT_RE = re.compile(r"^@@bench (\S+) (.*)$", re.M)
ERROR_RE = re.compile(r"^(error: .*|.*stop reason = (signal SIG(?!TRAP|STOP)|exception).*"
                      r"|Process \d+ exited with status .*)$", re.M)


def results_of(out):
    """{name: value} of the `@@bench` lines after the end tag."""
    tail = out.split(END_TAG, 1)[1] if END_TAG in out else ""
    return {k: v.strip() for k, v in RESULT_RE.findall(tail)}


def first_error_line(out):
    m = ERROR_RE.search(out)
    return m.group(1).strip()[:200] if m else None


def _lldb_commands(wl, n, ctx, stub_pid, mark):
    cmds = [
        # Keep stop reports to one line: printing source and disassembly
        # at every stop is client work that would dilute the stub's share.
        "settings set stop-line-count-before 0",
        "settings set stop-line-count-after 0",
        "settings set stop-disassembly-display never",
        "command script import " + INSIDE,
    ]
    if not wl.connect_in_body:
        cmds.append("gdb-remote %s" % ctx["addr"])
    cmds += wl.setup(n, ctx)
    cmds.append('script lldb_inside.mark("%sstart", %d)' % (mark, stub_pid))
    cmds += wl.body(n, ctx)
    cmds.append('script lldb_inside.mark("%send", %d)' % (mark, stub_pid))
    cmds.append('script print("%s")' % END_TAG)
    cmds += wl.after(n, ctx)
    cmds.append("process kill")
    return cmds


def run_session(stub, wl, n, binary, work_dir, pin=None, timeout=300.0, lldb=LLDB):
    """Run lldb workload wl with size n against stub; a stub's failure is
    returned in SessionResult.error, never raised."""
    os.makedirs(work_dir, exist_ok=True)
    work_dir = tempfile.mkdtemp(dir=work_dir)  # no stale marker from an earlier session
    port = procs.free_port()
    ctx = {"addr": "127.0.0.1:%d" % port, "dump": os.path.join(work_dir, "dump.bin")}
    mark = os.path.join(work_dir, "m-")
    stub_log = os.path.join(work_dir, "stub.log")
    res = SessionResult()
    try:
        argv = stub.launch_argv(port, [binary] + wl.args(n))
        stub_proc, listen_s = gdb_session.start_stub(argv, stub_log, port, pin, timeout)
        script = os.path.join(work_dir, "cmds.lldb")
        with open(script, "w") as f:
            f.write("\n".join(_lldb_commands(wl, n, ctx, stub_proc.pid, mark)) + "\n")
        # No debuginfod: a network lookup would time the internet, not the stub.
        env = dict(os.environ, DEBUGINFOD_URLS="")
        dbg = procs.spawn([lldb, "-x", "-b", "-s", script, binary], pin, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL)
        out, res.error = gdb_session._wait_gdb(dbg, timeout, mark + "end.t", who="lldb")
        res.log = out
        ctx["results"] = results_of(out)
        gdb_session.judge(res, wl, n, out, ctx, mark, listen_s, first_error_line(out), "lldb")
    except (RuntimeError, OSError) as e:
        res.error = str(e) + gdb_session._stub_log_hint(stub_log)
    finally:
        gdb_session._teardown()
        shutil.rmtree(work_dir, ignore_errors=True)
    return res
