"""However a session ends (detach, kill, gdb dying) with breakpoints and
watchpoints inserted, the program must not be left with a trap in its code or
a debug register set: it either runs on exactly as if never debugged, or ends."""
import os
import signal

import pytest

from harness import procs
from harness.expect import inferior_pid

DONE = "leave_no_trace done watched=2 calls=3"
# Every kind of point the program passes after the debugger is gone: an int3
# (work), a hardware breakpoint (finish_up), write and access watchpoints.
POINTS = ["break work", "hbreak finish_up", "watch watched", "awatch calls"]


def text_differences(pid, exe):
    """Compare the program's mapped executable code with the file's bytes.
    Returns (bytes compared, addresses that differ)."""
    exe = os.path.realpath(exe)
    with open(exe, "rb") as f:
        image = f.read()
    checked, differ = 0, []
    fd = os.open(f"/proc/{pid}/mem", os.O_RDONLY)
    try:
        with open(f"/proc/{pid}/maps") as maps:
            for line in maps:
                fields = line.split()
                if len(fields) < 6 or fields[5] != exe or "x" not in fields[1]:
                    continue
                start, end = (int(x, 16) for x in fields[0].split("-"))
                offset = int(fields[2], 16)
                want = image[offset:offset + end - start]  # the last page may pass EOF
                got = os.pread(fd, len(want), start)
                checked += len(want)
                differ += [hex(start + i) for i, (a, b) in enumerate(zip(got, want)) if a != b]
    finally:
        os.close(fd)
    return checked, differ


def assert_text_intact(pid, exe, context):
    assert procs.is_alive(pid), f"program {pid} is gone before the check\n{context}"
    checked, differ = text_differences(pid, exe)
    assert checked > 0, f"no executable mapping of {exe} in /proc/{pid}/maps\n{context}"
    assert not differ, f"code differs from the file at {differ[:16]}\n{context}"


def test_detach_leaves_code_and_debug_registers_clean(e2e):
    go = e2e.tmp_path / "go"
    stub = e2e.stub("leave_no_trace", go)
    r = e2e.gdb("leave_no_trace", stub, [*POINTS, "continue", "detach"])
    assert "Breakpoint 1, work (n=1)" in r.of(4), r
    pid = inferior_pid(r.of(5))
    assert f"[Inferior 1 (process {pid}) detached]" in r.of(5), r
    # The program now waits for the go file: look at its code while it runs.
    assert_text_intact(pid, e2e.program("leave_no_trace"), f"{r}\n{stub.output()}")
    go.touch()
    assert stub.wait_stdout(DONE, timeout=20), f"{r}\n{stub.output()}"
    assert procs.wait_until(lambda: not procs.is_alive(pid), 10), stub.output()


def test_kill_with_points_inserted_ends_the_program(e2e):
    stub = e2e.stub("leave_no_trace", e2e.tmp_path / "go")
    r = e2e.gdb("leave_no_trace", stub, ["set breakpoint always-inserted on", *POINTS,
                                         "continue", "kill"])
    assert "Breakpoint 1, work (n=1)" in r.of(5), r
    pid = inferior_pid(r.of(6))
    assert f"[Inferior 1 (process {pid}) killed]" in r.of(6), r
    assert procs.wait_until(lambda: not procs.is_alive(pid), 10), stub.output()
    assert "done" not in stub.stdout(), stub.output()


def insert_points_then_kill_gdb(e2e, stub, run_to_work):
    """An interactive gdb inserts every kind of point (always-inserted keeps
    them in the program while it is stopped), optionally runs to work(), then
    dies without a word to the stub. Returns the program's pid."""
    session = e2e.interactive("leave_no_trace", stub)
    session.cmd("set breakpoint always-inserted on")
    for point in POINTS:
        session.cmd(point)
    if run_to_work:
        out = session.cmd("continue")
        assert "Breakpoint 1, work (n=1)" in out, out
    pid = inferior_pid(session.cmd("info inferiors"))
    session.child.kill(signal.SIGKILL)
    return pid


def tracer_of(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("TracerPid:"))


@pytest.mark.zstub_only  # gdbserver keeps the program stopped for the next client
def test_gdb_killed_at_a_breakpoint_then_next_client_is_served(e2e):
    stub = e2e.stub("leave_no_trace", e2e.tmp_path / "go")
    first = insert_points_then_kill_gdb(e2e, stub, run_to_work=True)
    assert procs.wait_until(lambda: not procs.is_alive(first), 10), stub.output()
    assert stub.alive(), stub.output()
    (e2e.tmp_path / "go").touch()
    r = e2e.gdb("leave_no_trace", stub, ["break finish_up", "continue", "continue"])
    assert "Breakpoint 1, finish_up ()" in r.of(1), f"{r}\n{stub.output()}"
    assert "exited normally" in r.of(2), f"{r}\n{stub.output()}"
    assert stub.wait_stdout(DONE), stub.output()


@pytest.mark.zstub_only  # gdbserver leaves an attached program stopped
def test_gdb_killed_while_attached_leaves_the_program_clean(e2e):
    go = e2e.tmp_path / "go"
    program = e2e.spawn([e2e.program("leave_no_trace"), go], name="leave_no_trace")
    assert procs.wait_until(lambda: "pid=" in program.stdout_path.read_text(), 10)
    stub = e2e.stub(attach_pid=program.pid)
    # The program already passed work(1) and waits for the go file; the points
    # are for the code it runs after that.
    insert_points_then_kill_gdb(e2e, stub, run_to_work=False)
    # The stub detaches when its client goes away.
    assert procs.wait_until(lambda: tracer_of(program.pid) == 0, 10), stub.output()
    assert_text_intact(program.pid, e2e.program("leave_no_trace"), stub.output())
    go.touch()
    assert program.wait(20) == 0, f"{program.stdout_path.read_text()}\n{stub.output()}"
    assert DONE in program.stdout_path.read_text()



def test_detach_clears_watchpoints_in_every_thread(e2e):
    """Detached after the first watched write, four writer threads go on
    writing the formerly watched variable: none may trap."""
    stub = e2e.stub("watch_threads")
    r = e2e.gdb("watch_threads", stub, ["break main", "continue", "watch shared", "continue",
                                        "info inferiors", "detach"])
    assert "hit Hardware watchpoint 2: shared" in r.of(3), r
    pid = inferior_pid(r.of(4))
    assert f"[Inferior 1 (process {pid}) detached]" in r.of(5), r
    assert stub.wait_stdout("writers=4 shared="), f"{r}\n{stub.output()}"
    assert procs.wait_until(lambda: not procs.is_alive(pid), 10), stub.output()


# Without exec events gdb does not know of the exec and keeps its breakpoints at the old
# image's addresses; with them it follows into the new image (gdbserver reports them: gdb then
# stops at main in the new image, which this test does not expect).
@pytest.mark.zstub_only
@pytest.mark.parametrize("inserted", ["always-inserted", "inserted-while-running"])
def test_exec_forgets_the_old_images_breakpoints(e2e, inserted):
    """gdb, told of no exec, keeps its breakpoints at the old image's addresses. The new image
    (leave_no_trace, other code at those addresses) must run without a stray trap, and neither
    the exec itself, nor gdb's later z0 for the old sites, nor the detach may write the old
    image's bytes or a trap into it."""
    go = e2e.tmp_path / "go"
    stub = e2e.stub("exec_points", e2e.program("leave_no_trace"), go)
    session = e2e.interactive("exec_points")
    session.cmd("set remote exec-event-feature-packet off")  # before connecting: qSupported
    assert "Remote debugging using" in session.cmd(f"target remote {stub.address}")
    if inserted == "always-inserted":
        session.cmd("set breakpoint always-inserted on")
    for point in ["break before_exec", "break never_after", "break main", "hbreak never_after"]:
        session.cmd(point)
    out = session.cmd("continue")
    assert "Breakpoint 3, main" in out, out
    out = session.cmd("continue")
    assert "Breakpoint 1, before_exec" in out, out
    session.send("continue")
    session.expect("Continuing.")
    # The new image ran work(1) and now waits for the go file.
    assert stub.wait_stdout("pid="), stub.output()
    out = session.interrupt()
    assert "received signal SIGINT" in out, out
    pid = inferior_pid(session.cmd("info inferiors"))
    out = session.cmd("detach")
    assert f"process {pid}) detached" in out, out
    assert_text_intact(pid, e2e.program("leave_no_trace"), stub.output())
    go.touch()
    assert stub.wait_stdout(DONE, timeout=20), stub.output()
    assert procs.wait_until(lambda: not procs.is_alive(pid), 10), stub.output()
