"""Ending a session: kill, detach from a launched program, attach and detach."""
import os
import re
import signal

import pytest

from harness import procs
from harness.expect import at_line, inferior_pid

SLEEPER_SECONDS = 4  # of its own running time: the stub attaches well within it
# SIGKILL the program from outside (from gdb's process, as any user could), at once or, from a
# timer thread, half a second later while `continue` waits.
KILL_NOW = "python import os; os.kill(gdb.selected_inferior().pid, 9)"
KILL_SOON = ("python import os, threading; "
             "threading.Timer(0.5, os.kill, (gdb.selected_inferior().pid, 9)).start()")
KILLED = "Program terminated with signal SIGKILL, Killed."


def test_kill_ends_the_program(e2e):
    stub = e2e.stub("spin")
    r = e2e.gdb("spin", stub, ["info inferiors", "kill", "info inferiors"])
    pid = int(re.search(r"process (\d+)", r.of(0)).group(1))
    assert f"[Inferior 1 (process {pid}) killed]" in r.of(1), r
    assert procs.wait_until(lambda: not procs.is_alive(pid), 10), f"{pid} still alive"


def test_detach_lets_a_launched_program_finish(e2e):
    stub = e2e.stub("sleeper", "1")
    r = e2e.gdb("sleeper", stub, ["break tick", "continue", "detach"])
    assert "Breakpoint 1, tick () at" in r.of(1), r
    pid = inferior_pid(r.of(2))
    assert f"[Inferior 1 (process {pid}) detached]" in r.of(2), r
    # Breakpoints are gone: the program runs to its normal end on its own.
    assert stub.wait_stdout("sleeper done after", timeout=20), stub.output()
    assert procs.wait_until(lambda: not procs.is_alive(pid), 10)


def start_sleeper(e2e):
    proc = e2e.spawn([e2e.program("sleeper"), SLEEPER_SECONDS], name="sleeper")
    assert procs.wait_until(lambda: "pid=" in proc.stdout_path.read_text(), 10)
    return proc


def test_attach_backtrace_detach(e2e):
    sleeper = start_sleeper(e2e)
    stub = e2e.stub(attach_pid=sleeper.pid)
    r = e2e.gdb("sleeper", stub, ["bt", "print ticks > 0", "detach"])
    assert re.search(r"#\d+\s+.*main \(argc=2, argv=0x[0-9a-f]+\) at .*sleeper.c:\d+", r.of(0)), r
    assert "$1 = 1" in r.of(1), r
    assert f"[Inferior 1 (process {sleeper.pid}) detached]" in r.of(2), r
    assert sleeper.wait(SLEEPER_SECONDS + 20) == 0
    assert "sleeper done after" in sleeper.stdout_path.read_text()


def test_attach_then_quit_leaves_program_running(e2e):
    """gdb quitting an attached session detaches (it does not kill)."""
    sleeper = start_sleeper(e2e)
    stub = e2e.stub(attach_pid=sleeper.pid)
    r = e2e.gdb("sleeper", stub, ["break tick", "continue", "info breakpoints"])
    assert "Breakpoint 1, tick () at" in r.of(1), r
    assert sleeper.wait(SLEEPER_SECONDS + 20) == 0
    assert "sleeper done after" in sleeper.stdout_path.read_text()


def test_attach_to_threaded_program_sees_every_thread(e2e):
    proc = e2e.spawn([e2e.program("threads"), "wait"], name="threads")
    assert procs.wait_until(lambda: "pid=" in proc.stdout_path.read_text(), 20)
    stub = e2e.stub(attach_pid=proc.pid)
    r = e2e.gdb("threads", stub, ["info threads", "thread apply all bt", "detach"])
    assert len(re.findall(r"^\*?\s+\d+\s+Thread ", r.of(0), re.M)) == 9, r
    assert r.of(1).count("worker (arg=") == 8, r
    assert f"[Inferior 1 (process {proc.pid}) detached]" in r.of(2), r
    os.kill(proc.pid, signal.SIGUSR2)  # let main stop the workers and exit
    assert proc.wait(20) == 0
    assert "joined 8 workers" in proc.stdout_path.read_text()


def kill_at_a_breakpoint_then_continue(e2e, stub, pause=0.3):
    """With a pause the stub has seen the death when gdb resumes; without, it may not have."""
    r = e2e.gdb("threads", stub, [f"break {at_line('threads.c', 'threads_ready')}", "continue",
                                  KILL_NOW, f"python import time; time.sleep({pause})",
                                  "continue", "info threads"])
    assert "hit Breakpoint 1, threads_ready" in r.of(1), r
    return r


@pytest.mark.parametrize("pause", [0.3, 0], ids=["death-seen", "no-pause"])
def test_program_killed_while_stopped_at_a_breakpoint(e2e, pause):
    """The next continue reports the termination, as with gdbserver, not a failure to read
    registers."""
    r = kill_at_a_breakpoint_then_continue(e2e, e2e.stub("threads"), pause)
    assert KILLED in r.of(4), r
    assert "Could not read registers" not in r.output, r
    assert "No threads." in r.of(5), r


@pytest.mark.parametrize("end, said", [("detach", "detached]"), ("kill", "killed]")])
def test_program_killed_while_stopped_then_detach_or_kill(e2e, end, said):
    """The program is gone before its end was reported: letting it go or killing it is done,
    not an error (gdb.threads/process-dies-while-detaching: "Can't detach process")."""
    r = e2e.gdb("threads", e2e.stub("threads"),
                [f"break {at_line('threads.c', 'threads_ready')}", "continue", KILL_NOW,
                 "python import time; time.sleep(0.3)", end, "info inferiors"])
    assert "hit Breakpoint 1, threads_ready" in r.of(1), r
    assert said in r.of(4), r
    assert "Can't" not in r.output, r
    assert re.search(r"^\*\s+1\s+<null>", r.of(5), re.M), r


@pytest.mark.zstub_only  # gdbserver exits with its program
def test_program_killed_while_stopped_then_the_next_client_is_served(e2e):
    stub = e2e.stub("threads")
    kill_at_a_breakpoint_then_continue(e2e, stub)
    r = e2e.gdb("threads", stub, ["break worker", "continue"])
    assert "hit Breakpoint 1, worker (arg=" in r.of(1), r


def test_program_killed_while_running(e2e):
    stub = e2e.stub("threads", "wait")
    r = e2e.gdb("threads", stub, [KILL_SOON, "continue", "info threads"])
    assert KILLED in r.of(1), r
    assert "No threads." in r.of(2), r


def test_detached_program_outlives_the_stub_as_terminal_session_leader(e2e, tmp_path):
    """The stub runs in a terminal session it leads (as under expect, or a terminal that runs
    only it). A launched program is in a process group of its own that has the terminal, so
    when the stub exits after a detach (--once) the hang-up goes to the stub's group and the
    detached program finishes (it was killed by SIGHUP; gdb.threads/pending-fork-event-detach-ns).
    """
    import fcntl
    import pty
    import subprocess
    import termios
    import threading

    from harness import config
    from harness.stub import free_port

    master, slave = pty.openpty()
    port = free_port()
    argv = [config.stub_binary(), "--once", f"127.0.0.1:{port}", str(e2e.program("sleeper")),
            "3"]
    stub = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True, env=procs.env_with_token(e2e.token),
                            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(slave)
    seen = bytearray()

    def drain():
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            if not chunk:
                return
            seen.extend(chunk)

    threading.Thread(target=drain, daemon=True).start()
    try:
        assert procs.wait_until(lambda: b"Listening on port" in seen, config.scaled(20)), seen
        r = e2e.gdb("sleeper", f"127.0.0.1:{port}", ["break tick", "continue", "detach"])
        assert "detached]" in r.output, r
        assert procs.wait_until(lambda: stub.poll() is not None, config.scaled(20)), "stub lives"
        pid = int(re.search(rb"pid=(\d+)", bytes(seen)).group(1))
        assert procs.wait_until(lambda: b"sleeper done" in seen or not procs.is_alive(pid),
                                config.scaled(30))
        assert b"sleeper done after" in seen, bytes(seen)
    finally:
        if stub.poll() is None:
            stub.kill()
        stub.wait()
        os.close(master)
