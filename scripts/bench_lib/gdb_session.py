"""One gdb session against one stub: start the stub, run gdb in batch
mode, time the workload's commands, sample the stub's CPU, tear down.

Timing is done from inside gdb: a `shell` command before and after the
timed commands writes the wall clock and the stub's CPU time (summed over
its threads from /proc) to small files. gdb runs `shell` synchronously,
so the stub is alive and idle at both samples, and gdb's own start-up and
symbol loading stay out of the measurement.
"""

import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import Optional

from . import procs

END_TAG = "@@bench-end@@"
# gdb lines that explain a failure better than a failed check does.
ERROR_RE = re.compile(
    r"(badly formatted|Remote connection closed|Remote failure reply|Could not load XML"
    r"|Couldn't|Cannot |[Nn]ot supported|error|Error|timed out|Connection refused"
    r"|Ignoring packet error|unknown architecture|Warning:)")


@dataclass
class SessionResult:
    wall_s: Optional[float] = None
    cpu_s: Optional[float] = None
    error: Optional[str] = None
    remark: Optional[str] = None
    log: str = ""


def _marker(path_prefix: str, stub_pid: int) -> str:
    return ("shell date +%%s%%N > %s.t; cat /proc/%d/task/*/schedstat > %s.cpu 2>/dev/null"
            % (path_prefix, stub_pid, path_prefix))


def _read_marker(path_prefix: str):
    """(wall ns, stub cpu ns) written by _marker, or None if never reached."""
    try:
        with open(path_prefix + ".t") as f:
            t = int(f.read().strip())
        with open(path_prefix + ".cpu") as f:
            cpu = sum(int(line.split()[0]) for line in f if line.strip())
        return t, cpu
    except (OSError, ValueError, IndexError):
        return None


# An unexpected stop says most about what went wrong: look for it first.
STOP_RE = re.compile(r"^(Program (received signal|terminated with signal)|\[Inferior \d+ .*exited)")


def first_error_line(out: str) -> Optional[str]:
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if STOP_RE.search(line):
            where = lines[i + 1].strip() if i + 1 < len(lines) else ""
            return (line.strip() + " " + where)[:200]
    for line in lines:
        if ERROR_RE.search(line):
            return line.strip()[:200]
    return None


def _wait_ready(proc: subprocess.Popen, timeout: float):
    """Wait for the attach target's 'ready' line (all its threads exist)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r, _, _ = select.select([proc.stdout], [], [], 0.1)
        if r:
            line = proc.stdout.readline()
            if b"ready" in line:
                return
            if not line:
                break
    raise RuntimeError("attach target did not get ready")


def _gdb_commands(wl, n, ctx, stub_pid, mark):
    cmds = ["set pagination off", "set confirm off", "set width 0",
            # The stub runs on this machine: read shared libraries from the
            # local disk, not through the stub (vFile), so only ptrace and
            # the protocol are compared. --remote-files turns this off.
            *([] if ctx["remote_files"] else ["set sysroot /"]),
            "set remotetimeout %d" % ctx["remotetimeout"]]
    if not wl.connect_in_body:
        # extended-remote: gdb's `run` starts the program through the stub.
        if wl.multi:
            cmds += ["target extended-remote %s" % ctx["addr"],
                     "set remote exec-file %s" % ctx["binary"]]
        else:
            cmds.append("target remote %s" % ctx["addr"])
    cmds += wl.setup(n, ctx)
    cmds.append(_marker(mark + "start", stub_pid))
    cmds += wl.body(n, ctx)
    cmds.append(_marker(mark + "end", stub_pid))
    cmds.append("echo \\n%s\\n" % END_TAG)
    cmds += wl.after(n, ctx)
    cmds.append("kill")
    return cmds


# After the end marker only checks and `kill` remain: a stub that hangs
# there should not cost the whole session timeout.
TEARDOWN_GRACE = 20.0


def _wait_gdb(gdb, timeout, end_marker, who="gdb"):
    """(the debugger's output, error or None); kills it when it overruns.
    who names the debugger (gdb or lldb) in the error."""
    t0 = time.monotonic()
    end_seen = None
    chunks = []
    while True:
        try:
            out, _ = gdb.communicate(timeout=0.5)
            chunks.append(out)
            return b"".join(chunks).decode(errors="replace"), None
        except subprocess.TimeoutExpired:
            pass
        now = time.monotonic()
        if end_seen is None and os.path.exists(end_marker):
            end_seen = now
        late = end_seen is not None and now - end_seen > TEARDOWN_GRACE
        if now - t0 > timeout or late:
            states = procs.process_tree_states(os.getpid())
            procs.kill_quietly(gdb.pid)
            out, _ = gdb.communicate()
            chunks.append(out or b"")
            text = b"".join(chunks).decode(errors="replace")
            if late:
                why = "%s hung after the workload (checks or kill) for %.0f s" % (who, TEARDOWN_GRACE)
            else:
                why = "timed out after %.0f s" % timeout
            return text, "%s; threads then: %s" % (why, states)


def run_session(stub, wl, n, binary, work_dir, pin=None, timeout=300.0, remote_files=False,
                programs=None):
    """Run workload wl with size n against stub; never raises for a stub's
    failure, which is returned in SessionResult.error instead. An argument
    "@NAME" of the workload is the path of the built program NAME."""
    os.makedirs(work_dir, exist_ok=True)
    # A fresh directory per session: a marker left by an earlier session
    # must never be read as this one's.
    work_dir = tempfile.mkdtemp(dir=work_dir)
    port = procs.free_port()
    ctx = {"addr": "127.0.0.1:%d" % port, "dump": os.path.join(work_dir, "dump.bin"),
           "threads": 500, "remote_files": remote_files, "binary": binary,
           "remotetimeout": int(max(10, min(timeout, 120)))}
    mark = os.path.join(work_dir, "m-")
    stub_log = os.path.join(work_dir, "stub.log")
    res = SessionResult()
    try:
        if wl.attach:
            target = procs.spawn([binary] + wl.args(n), pin, stdout=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL)
            _wait_ready(target, 30)
            argv = stub.attach_argv(port, target.pid)
        elif wl.multi:
            argv = stub.multi_argv(port)
        else:
            args = [programs.get(a[1:], a) if programs and a.startswith("@") else a
                    for a in wl.args(n)]
            argv = stub.launch_argv(port, [binary] + args)
        stub_proc, listen_s = start_stub(argv, stub_log, port, pin, timeout)
        cmds = _gdb_commands(wl, n, ctx, stub_proc.pid, mark)
        gdb_argv = ["gdb", "-nx", "-batch"]
        for c in cmds:
            gdb_argv += ["-ex", c]
        gdb_argv.append(binary)
        gdb = procs.spawn(gdb_argv, pin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL)
        out, res.error = _wait_gdb(gdb, timeout, mark + "end.t")
        res.log = out
        ctx["tail"] = out.split(END_TAG, 1)[1] if END_TAG in out else ""
        judge(res, wl, n, out, ctx, mark, listen_s, first_error_line(out), "gdb")
    except (RuntimeError, OSError) as e:
        res.error = str(e) + _stub_log_hint(stub_log)
    finally:
        _teardown()
        shutil.rmtree(work_dir, ignore_errors=True)
    return res


def start_stub(argv, stub_log, port, pin, timeout):
    """(the stub's Popen, seconds until its port listened)."""
    with open(stub_log, "wb") as log:
        stub_proc = procs.spawn(argv, pin, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    return stub_proc, procs.wait_listening(port, stub_proc, min(timeout, 60))


def judge(res, wl, n, out, ctx, mark, listen_s, error_line, who):
    """Fill res from the debugger's output and the two markers: an error
    if the work was not done (error_line is the debugger's most telling
    line), else wall and stub CPU time. Shared by the gdb and lldb sessions."""
    start, end = _read_marker(mark + "start"), _read_marker(mark + "end")
    if res.error is None and (start is None or end is None):
        res.error = error_line or "%s never reached the end of the workload" % who
    if res.error is None:
        res.error = wl.check(n, out, ctx)
        if res.error and error_line:
            res.error += " (%s: %s)" % (who, error_line)
    if res.error is None:
        res.remark = wl.remark(out)
        if wl.timing == "from_spawn":
            res.wall_s = listen_s + (end[0] - start[0]) / 1e9
            res.cpu_s = end[1] / 1e9
        else:
            res.wall_s = (end[0] - start[0]) / 1e9
            res.cpu_s = (end[1] - start[1]) / 1e9


def _stub_log_hint(stub_log):
    tail = procs.read_tail(stub_log, 300).strip().splitlines()
    return (" [stub: %s]" % tail[-1]) if tail else ""


def _teardown():
    # gdb already said `kill`; give a --once stub a moment to exit on its
    # own (clean exits are part of being a good stub), then kill the rest.
    deadline = time.monotonic() + 1.0
    while procs.descendants(os.getpid()) and time.monotonic() < deadline:
        procs.reap()
        time.sleep(0.01)
    procs.kill_all_descendants()
