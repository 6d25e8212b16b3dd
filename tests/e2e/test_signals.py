"""Signals the program receives: reported to gdb, then delivered or discarded."""
import re

from harness.expect import at_line, value_of
from harness.programs import line_of


def test_signal_is_reported_then_delivered(e2e):
    stub = e2e.stub("signal")
    r = e2e.gdb("signal", stub, ["continue", "print handled", "continue"])
    assert "Program received signal SIGUSR1, User defined signal 1." in r.of(0), r
    assert value_of(r.of(1)) == "0", r  # the handler has not run yet
    assert "exited normally" in r.of(2), r
    assert stub.wait_stdout("handled=10"), stub.output()


def test_continue_with_signal_enters_handler(e2e):
    stub = e2e.stub("signal")
    r = e2e.gdb("signal", stub, ["break on_usr1", "continue", "continue", "bt",
                                 "continue"])
    assert "SIGUSR1" in r.of(1), r
    assert "Breakpoint 1, on_usr1 (sig=10) at" in r.of(2), r
    assert at_line("signal.c", "handler") in r.of(2), r
    assert "<signal handler called>" in r.of(3), r
    assert "exited normally" in r.of(4), r


def test_signal_0_discards_the_signal(e2e):
    stub = e2e.stub("signal")
    r = e2e.gdb("signal", stub, ["continue", "signal 0"])
    assert "SIGUSR1" in r.of(0), r
    assert "exited with code 01" in r.of(1), r
    assert stub.wait_stdout("handled=0"), stub.output()


def test_handle_nostop_passes_signal_silently(e2e):
    stub = e2e.stub("signal")
    r = e2e.gdb("signal", stub, ["handle SIGUSR1 nostop noprint pass", "continue"])
    assert "Program received signal" not in r.of(1), r
    assert "exited normally" in r.of(1), r


def test_crash_is_reported_then_terminates(e2e):
    stub = e2e.stub("crash")
    r = e2e.gdb("crash", stub, ["continue", "print target", "continue"])
    assert "Program received signal SIGSEGV, Segmentation fault." in r.of(0), r
    assert at_line("crash.c", "fault") in r.of(0), r
    assert value_of(r.of(1)) == "(int * volatile) 0x0", r
    assert "Program terminated with signal SIGSEGV, Segmentation fault." in r.of(2), r
    assert "not reached" not in stub.stdout()


def test_siginfo_of_a_crash(e2e):
    """$_siginfo (qXfer:siginfo:read): the kernel's record of the fault."""
    stub = e2e.stub("crash")
    r = e2e.gdb("crash", stub, ["continue", "print $_siginfo.si_signo",
                                "print $_siginfo._sifields._sigfault.si_addr"])
    assert "SIGSEGV" in r.of(0), r
    assert value_of(r.of(1)) == "11", r
    assert value_of(r.of(2)) == "(void *) 0x0", r


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
