"""The stub told to stop (SIGTERM, SIGHUP, or Ctrl-C in its terminal) while gdb has points
inserted in an attached program: it exits cleanly and the program keeps running untouched."""
import signal

import pytest

from harness import procs
from test_leave_no_trace import DONE, POINTS, assert_text_intact, tracer_of


@pytest.mark.zstub_only  # gdbserver dies on these signals and leaves its traps behind
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_stub_stopped_by_a_signal_detaches_cleanly(e2e, sig):
    go = e2e.tmp_path / "go"
    program = e2e.spawn([e2e.program("leave_no_trace"), go], name="leave_no_trace")
    assert procs.wait_until(lambda: "pid=" in program.stdout_path.read_text(), 10)
    stub = e2e.stub(attach_pid=program.pid)
    session = e2e.interactive("leave_no_trace", stub)
    session.cmd("set breakpoint always-inserted on")
    for point in POINTS:
        session.cmd(point)
    stub.proc.send_signal(sig)
    assert procs.wait_until(lambda: stub.proc.poll() is not None, 10), stub.output()
    assert procs.wait_until(lambda: tracer_of(program.pid) == 0, 10), stub.output()
    assert_text_intact(program.pid, e2e.program("leave_no_trace"), stub.output())
    go.touch()
    assert program.wait(20) == 0, f"{program.stdout_path.read_text()}\n{stub.output()}"
    assert DONE in program.stdout_path.read_text()


def test_program_gets_default_signal_dispositions(e2e):
    """The stub ignores SIGPIPE for itself; the program it launches must not inherit that."""
    stub = e2e.stub("sigpipe")
    r = e2e.gdb("sigpipe", stub, ["continue", "continue"])
    assert "Program received signal SIGPIPE" in r.of(0), r
    # Delivered with the default action it ends the program (ignored, write() would fail).
    assert "Program terminated with signal SIGPIPE" in r.of(1), r
