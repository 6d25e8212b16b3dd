"""Starting, watching and always killing the processes of a benchmark run.

Every stub, gdb and workload program is a descendant of the harness. The
harness makes itself a child subreaper, so an inferior whose stub died is
re-parented to us rather than to init; killing "all our descendants" after
each session therefore leaves nothing behind.
"""

import ctypes
import glob
import os
import signal
import socket
import subprocess
import time

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except OSError:
        pass  # best effort: the /proc walk below still finds most orphans


def free_port() -> int:
    """A TCP port that was free a moment ago (the kernel picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ppid_map():
    parents = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                text = f.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: split after
        # the last ')' to reach the state and ppid fields.
        fields = text.rsplit(")", 1)[1].split()
        parents[int(stat.split("/")[2])] = int(fields[1])
    return parents


def descendants(pid: int):
    """All live descendants of pid, children before grandchildren."""
    parents = _ppid_map()
    found, frontier = [], [pid]
    while frontier:
        kids = [p for p, pp in parents.items() if pp in frontier and p not in found]
        found.extend(kids)
        frontier = kids
    return found


def kill_quietly(pid: int):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def reap():
    """Collect exit statuses so killed children do not stay zombies."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_all_descendants(settle: float = 2.0):
    """SIGKILL every process below the harness, until none is left."""
    deadline = time.monotonic() + settle
    while True:
        pids = [p for p in descendants(os.getpid()) if not _is_zombie(p)]
        for p in pids:
            kill_quietly(p)
        reap()
        if not pids or time.monotonic() > deadline:
            return pids
        time.sleep(0.02)


def _is_zombie(pid: int) -> bool:
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def cpu_ns(pid: int):
    """Nanoseconds on CPU of all threads of pid (None once it is gone).

    schedstat is per thread and exact to the nanosecond; /proc/PID/stat
    counts clock ticks (10 ms), too coarse for short workloads.
    """
    total, seen = 0, False
    for path in glob.glob("/proc/%d/task/*/schedstat" % pid):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
                seen = True
        except (OSError, ValueError, IndexError):
            continue
    return total if seen else None


def is_listening(port: int) -> bool:
    """Whether some socket listens on port (reads /proc, never connects:
    a probe connection would be taken by a one-shot stub as its debugger)."""
    hexport = ":%04X" % port
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    cols = line.split()
                    if cols[1].endswith(hexport) and cols[3] == "0A":
                        return True
        except OSError:
            continue
    return False


def wait_listening(port: int, proc: subprocess.Popen, timeout: float):
    """Seconds until port listens; raises RuntimeError if proc dies or
    the timeout passes first."""
    t0 = time.monotonic()
    while not is_listening(port):
        if proc.poll() is not None:
            raise RuntimeError("stub exited with status %s before listening" % proc.returncode)
        if time.monotonic() - t0 > timeout:
            raise RuntimeError("stub did not listen within %.0f s" % timeout)
        time.sleep(0.0005)
    return time.monotonic() - t0


def spawn(argv, pin=None, **kw):
    """Popen argv, pinned to one CPU when pin is set."""
    if pin is not None:
        argv = ["taskset", "-c", str(pin)] + list(argv)
    return subprocess.Popen(argv, **kw)


def read_tail(path: str, limit: int = 4000) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - limit))
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def thread_states(pid: int) -> str:
    """'t x8, S x1 (futex_wait_queue)': what the threads of pid are doing.
    Said when a session hangs, to tell a stuck stub from a stuck inferior."""
    counts = {}
    for task in glob.glob("/proc/%d/task/*" % pid):
        try:
            with open(task + "/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            with open(task + "/wchan") as f:
                wchan = f.read().strip()
        except (OSError, IndexError):
            continue
        key = "%s (%s)" % (state, wchan) if wchan not in ("", "0") else state
        counts[key] = counts.get(key, 0) + 1
    return ", ".join("%s x%d" % (k, v) for k, v in sorted(counts.items()))


def process_tree_states(root: int) -> str:
    """thread_states of every descendant of root, named by command."""
    parts = []
    for pid in descendants(root):
        try:
            with open("/proc/%d/comm" % pid) as f:
                comm = f.read().strip()
        except OSError:
            continue
        parts.append("%s[%d]: %s" % (comm, pid, thread_states(pid)))
    return "; ".join(parts)
