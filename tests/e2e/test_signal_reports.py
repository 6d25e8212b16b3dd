"""Signals the stub must hand to the client, or apply as the client says: a $_siginfo the user
changed, a passed signal met while the client steps, a fault that may be gdb's own breakpoint."""
import re

from harness.expect import at_line, value_of
from harness.programs import line_of


def test_siginfo_written_by_the_user_is_what_the_handler_gets(e2e):
    """`set $_siginfo...` (qXfer:siginfo:write) while stopped at a signal: the
    handler must receive the changed record when the signal is delivered."""
    stub = e2e.stub("siginfo_write")
    r = e2e.gdb("siginfo_write", stub, ["continue", "set $_siginfo.si_errno = 666",
                                        "print $_siginfo.si_errno", "continue"])
    assert "Program received signal SIGUSR1" in r.of(0), r
    assert value_of(r.of(2)) == "666", r
    assert "exited normally" in r.of(3), r
    assert stub.wait_stdout("sig=10 errno=666 code=-6"), stub.output()


def test_stepi_with_a_passed_signal_pending_steps_over_the_handler(e2e):
    """`handle SIGALRM nostop pass`, and the timer fires while the program is
    stopped (not on a breakpoint, so gdb keeps QPassSignals as it is): the next
    stepi runs the handler but ends one instruction further in main, not at the
    handler's first instruction. The stub must report the signal instead of
    delivering it under the step, as gdbserver does."""
    stub = e2e.stub("step_signal")
    r = e2e.gdb("step_signal", stub, [
        "handle SIGALRM nostop noprint pass",
        f"break step_signal.c:{line_of('step_signal.c', 'before')}", "continue", "stepi",
        "print done", "shell sleep 1", "stepi", "print done", "bt 1"])
    assert at_line("step_signal.c", "before") in r.of(2), r
    assert r.of(3).startswith(f"{line_of('step_signal.c', 'after')}\t"), r
    assert value_of(r.of(4)) == "0", r  # the timer had not fired yet
    assert "on_alarm" not in r.of(6), r
    assert value_of(r.of(7)) == "14", r  # the handler ran during the stepi
    assert re.search(r"#0 +main \(\)", r.of(8)), r


def test_step_from_a_breakpoint_with_a_passed_signal_pending_stops_in_the_handler(e2e):
    """The timer fires while the program is stopped at a breakpoint on a loop that only the
    handler ends, and the handler has a breakpoint. gdb steps over the breakpoint with the
    signals not passed, so the signal arrives under that step (the stub holds it until the
    step is done), then range-steps the loop with SIGALRM passed again: the held signal must
    reach gdb then, which runs the handler to its breakpoint. Owed to the thread until a
    continue, it was never delivered: the step spun in the loop for good."""
    stub = e2e.stub("step_signal")
    r = e2e.gdb("step_signal", stub, [
        "handle SIGALRM nostop noprint pass",
        f"break step_signal.c:{line_of('step_signal.c', 'loop')}", "break on_alarm",
        "continue", "shell sleep 1", "step", "bt", "delete", "continue"])
    assert at_line("step_signal.c", "loop") in r.of(3), r
    assert "Breakpoint 2, on_alarm (sig=14)" in r.of(5), r
    assert re.search(r"#1 +<signal handler called>.*\n#2 .*main \(\)", r.of(6), re.S), r
    # (gdbserver delivers the signal at the loop's breakpoint: the handler returns onto it.)
    assert "exited normally" in r.of(8), r
    assert stub.wait_stdout("done=14"), stub.output()


def test_function_call_with_segv_passed_returns(e2e):
    """`handle SIGSEGV nostop pass`, then `print work(2, 3)`: gdb puts the
    called function's return address on the (non-executable) stack with a
    breakpoint there, so the return faults. That SIGSEGV is gdb's breakpoint
    and must reach gdb, not be passed to the program (which would die)."""
    stub = e2e.stub("bp_calls")
    r = e2e.gdb("bp_calls", stub, ["break main", "continue",
                                   "handle SIGSEGV nostop noprint pass",
                                   "handle SIGILL nostop noprint pass",
                                   "print work(2, 3)", "print calls", "continue"])
    assert "Breakpoint 1, main" in r.of(1), r
    assert value_of(r.of(4)) == "5", r
    assert value_of(r.of(5)) == "1", r
    assert "exited normally" in r.of(6), r
    assert stub.wait_stdout("calls=6 total=40"), stub.output()  # 5 calls + ours
