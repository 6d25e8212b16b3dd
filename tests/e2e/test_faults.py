"""Faults in the middle of a session: the client SIGKILLed while a stop-all is in flight in a
program of 300 busy threads hitting a breakpoint, the stub itself told to stop (SIGTERM, SIGHUP,
SIGINT) while the program runs, is stopped, is being stopped, or a thread steps over a breakpoint.
An attached program must be left as it was found (every thread released, its code identical to
the file, no debug register armed, no trap signal pending: it runs on and exits 0); a launched
one is killed and reaped.

The client-kill test runs ZSTUB_FAULT_RUNS times per mode (2 in the suite; scripts/faults runs
it 20 times in a row, loaded and not, and sends every stop signal in every state)."""
import os
import random
import re
import signal
import time

import pytest

from harness import config, procs
from harness.expect import at_line
from test_leave_no_trace import assert_text_intact

PROGRAM = "busy_threads"
MANY = 300  # busy threads for the client-kill test
SOME = 8  # for the stub-signal tests: every state is reached as well with few
NAP_MS = 400  # the sleeper thread's nanosleep
DONE = "busy_threads done"
SIGTRAP_BIT = 1 << (signal.SIGTRAP - 1)
STOP_SIGNALS = {"SIGTERM": signal.SIGTERM, "SIGHUP": signal.SIGHUP, "SIGINT": signal.SIGINT}
# gdb continues through every hit of hit() by itself; hw_site and watched are passed only after
# the go file appears (when the debugger is gone), so they check that nothing stayed armed.
POINTS = ["set breakpoint always-inserted on", "hbreak hw_site", "watch watched"]
HIT_MARK = "@hit@"
LOOP = ["break hit", f"commands\nsilent\necho {HIT_MARK}\\n\ncontinue\nend"]


def fault_runs():
    return int(os.environ.get("ZSTUB_FAULT_RUNS", "2"))


def task_status(pid):
    """{tid: {field: value}} from /proc/PID/task/*/status."""
    found = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                found[int(tid)] = dict(line.rstrip("\n").split(":\t", 1) for line in f
                                       if ":\t" in line)
        except OSError:
            continue  # exited meanwhile
    return found


def assert_left_clean(program, context):
    """Every thread released and nothing of the debugger left; then the program finishes."""
    pid = program.pid
    untraced = procs.wait_until(
        lambda: all(s.get("TracerPid") == "0" for s in task_status(pid).values()), 10)
    assert untraced, f"still traced: {task_status(pid)}\n{context}"
    tasks = task_status(pid)
    assert len(tasks) > 1, context
    trapped = [tid for tid, s in tasks.items()
               if (int(s["SigPnd"], 16) | int(s["ShdPnd"], 16)) & SIGTRAP_BIT]
    assert not trapped, f"SIGTRAP pending in {trapped}\n{context}"
    assert_text_intact(pid, program.exe, context)
    program.go.touch()
    status = program.wait(60)
    out = program.stdout_path.read_text()
    assert status == 0 and DONE in out, f"exit {status}: {out}\n{context}"


def start_program(e2e, threads, name="busy"):
    go = e2e.tmp_path / f"{name}.go"
    exe = e2e.program(PROGRAM)
    program = e2e.spawn([exe, threads, go, NAP_MS], name=name)
    program.go, program.exe = go, exe
    assert procs.wait_until(lambda: "ready" in program.stdout_path.read_text(), 20), \
        program.stdout_path.read_text()
    return program


def launched_pid(stub):
    m = re.search(r"created; pid = (\d+)", stub.stderr())
    assert m, stub.output()
    return int(m.group(1))


def gdb_script(e2e, commands, name="session.gdb"):
    """gdb running commands from a file, in the background (the test kills it or the stub)."""
    script = e2e.tmp_path / name
    script.write_text("\n".join(commands) + "\n")
    return script


def background_gdb(e2e, stub, commands):
    script = gdb_script(e2e, commands)
    return e2e.spawn(["gdb", "-nx", "-batch", "-iex", "set confirm off",
                      "-iex", "set pagination off", e2e.program(PROGRAM),
                      "-ex", f"target remote {stub.address}", "-x", script], name="gdb")


def kill_gdb_mid_stop_all(e2e, stub, launched):
    """gdb continues through hit() in 300 threads; SIGKILL it at a random moment, when the stub
    is almost always stopping threads or stepping one over the breakpoint."""
    # A launched program first runs freely until every thread runs (300 thread creations
    # through a breakpoint hit over and over would take long).
    to_ready = [f"tbreak {at_line(PROGRAM + '.c', 'ready')}", "continue"] if launched else []
    gdb = background_gdb(e2e, stub, POINTS + to_ready + LOOP + ["continue"])
    assert procs.wait_until(lambda: HIT_MARK in gdb.stdout_path.read_text(), 30), \
        f"{gdb.stdout_path.read_text()}\n{stub.output()}"
    delay = random.uniform(0.3, 1.2)
    procs.wait_until(lambda: gdb.poll() is not None, delay)
    assert gdb.poll() is None, f"gdb ended early:\n{gdb.stdout_path.read_text()}"
    gdb.kill()
    gdb.wait(10)
    out = gdb.stdout_path.read_text()
    return f"killed gdb after {delay:.2f}s and {out.count(HIT_MARK)} hits\n{out[-3000:]}"


@pytest.mark.zstub_only  # gdbserver leaves an attached program stopped
def test_client_killed_mid_stop_all_attached_program_left_clean(e2e):
    for run in range(fault_runs()):
        program = start_program(e2e, MANY, name=f"busy{run}")
        stub = e2e.stub(attach_pid=program.pid, options=["--once"])
        what = kill_gdb_mid_stop_all(e2e, stub, launched=False)
        context = f"run {run}: {what}\n{stub.output()}"
        assert stub.wait_exit(20) == 0, context  # --once: gone with its client
        assert_left_clean(program, context)


@pytest.mark.zstub_only  # gdbserver exits with its client and leaves the program to the kernel
def test_client_killed_mid_stop_all_launched_program_killed_and_reaped(e2e):
    for run in range(fault_runs()):
        go = e2e.tmp_path / f"busy{run}.go"
        stub = e2e.stub(PROGRAM, MANY, go, NAP_MS)
        pid = launched_pid(stub)
        what = kill_gdb_mid_stop_all(e2e, stub, launched=True)
        context = f"run {run}: {what}\n{stub.output()}"
        # Reaped by the stub, which keeps serving (no --once): no zombie, no stopped leftover.
        assert procs.wait_until(lambda: not os.path.exists(f"/proc/{pid}"), 20), context
        assert stub.alive(), context
        stub.stop()


# --- the stub told to stop ------------------------------------------------------------------

def running(session):
    session.send("continue")
    session.expect("Continuing.")
    time.sleep(config.scaled(0.3))


def stopped(session):
    session.cmd("break hit")
    out = session.cmd("continue", timeout=60)
    assert "Breakpoint" in out and "hit ()" in out, out


def mid_stop_all(session):
    for c in LOOP:
        session.cmd(c)
    session.send("continue")
    session.expect("Continuing.")
    time.sleep(config.scaled(random.uniform(0.3, 0.8)))


def mid_step_over(session):
    # A target-side condition that is never true: the stub steps the sleeper over the system
    # call by itself, a step that lasts the whole nanosleep, then resumes it, over and over.
    session.cmd("set breakpoint condition-evaluation target")
    session.cmd("break *sleep_syscall if watched == 12345")
    session.send("continue")
    session.expect("Continuing.")
    time.sleep(config.scaled(NAP_MS / 1000 * 2.5))


STATES = {"running": running, "stopped": stopped, "stop-all": mid_stop_all,
          "step-over": mid_step_over}


def stub_signalled_in(e2e, stub, state, sig):
    session = e2e.interactive(PROGRAM, stub)
    for c in POINTS:
        session.cmd(c)
    STATES[state](session)
    stub.proc.send_signal(sig)
    # Mid step over, the stub finishes the step (one nanosleep) before it can act.
    status = stub.wait_exit(10 + NAP_MS / 1000)
    assert status == 0, f"stub exit {status} in state {state}\n{stub.output()}"


# The three signals take one path in the stub (main.c's quit-signal table); the suite sends
# each state one of them, in turn, and test_stub_signals.py sends all three in one state.
# ZSTUB_FAULT_ALL_SIGNALS=1 (scripts/faults) sends every signal in every state.
def signal_cases(offset):
    if os.environ.get("ZSTUB_FAULT_ALL_SIGNALS") == "1":
        return [(state, sig) for state in STATES for sig in sorted(STOP_SIGNALS)]
    names = sorted(STOP_SIGNALS)
    return [(state, names[(i + offset) % len(names)]) for i, state in enumerate(STATES)]


@pytest.mark.zstub_only  # gdbserver dies on these signals and leaves its traps behind
@pytest.mark.parametrize("state,sig", signal_cases(0))
def test_stub_signalled_attached_program_left_clean(e2e, state, sig):
    program = start_program(e2e, SOME)
    stub = e2e.stub(attach_pid=program.pid)
    stub_signalled_in(e2e, stub, state, STOP_SIGNALS[sig])
    assert_left_clean(program, stub.output())


@pytest.mark.zstub_only  # gdbserver dies on these signals without killing its program
@pytest.mark.parametrize("state,sig", signal_cases(1))
def test_stub_signalled_launched_program_killed(e2e, state, sig):
    stub = e2e.stub(PROGRAM, SOME, e2e.tmp_path / "go", NAP_MS)
    pid = launched_pid(stub)
    stub_signalled_in(e2e, stub, state, STOP_SIGNALS[sig])
    assert not procs.is_alive(pid), stub.output()
