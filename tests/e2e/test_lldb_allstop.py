"""All-stop cases found with LLDB 19's own API tests (scripts/lldb-testsuite): what lldb
shows must match what it shows with lldb-server-19 on the same program."""
import re

import pytest

from harness.lldb import ASYNC_OFF, ASYNC_ON, pause
from harness.programs import line_of

pytestmark = pytest.mark.zstub_only


def test_breakpoint_in_a_thread_after_the_main_thread_exited(e2e):
    # TestMainThreadExit: the leader stays a zombie that never stops; the continue hung.
    stub = e2e.stub("main_exit")
    bp = line_of("main_exit.c", "worker_bp")
    r = e2e.lldb("main_exit", stub, [f"breakpoint set -f main_exit.c -l {bp}", "continue",
                                     "thread list", "expression worker_done(1)", "continue"])
    assert "stop reason = breakpoint 1.1" in r.of(1), r
    threads = re.findall(r"thread #\d+: tid = \d+", r.of(2))
    assert len(threads) == 1, r  # the exited main thread is not listed
    assert "main_exit`worker_done(v=41)" in r.of(2), r
    assert "(int) $0 = 2" in r.of(3), r
    assert "exited with status = 42" in r.of(4), r


def test_process_signal_to_a_running_program_stops_with_that_signal(e2e):
    # TestSendSignal: lldb interrupts, then sends C0A with no Hc thread; the signal was lost.
    stub = e2e.stub("signal_wait")
    r = e2e.lldb("signal_wait", stub, [
        "process handle -n false -p true -s true SIGUSR1", ASYNC_ON, "process continue",
        pause(0.5), "process signal SIGUSR1", pause(1.5), ASYNC_OFF, "process status",
        "continue"])
    assert "stop reason = signal SIGUSR1" in r.of(7), r
    assert "exited with status = 0" in r.of(8), r  # continuing delivered it to the handler


def test_sigsegv_stop_says_why(e2e):
    # TestInferiorCrashing: lldb-server's T packet carries a description of the fault.
    stub = e2e.stub("crash")
    r = e2e.lldb("crash", stub, ["continue"])  # lldb -b ends at a crash
    want = "stop reason = signal SIGSEGV: address not mapped to object (fault address: 0x0)"
    assert want in r.of(0), r
    assert f"crash.c:{line_of('crash.c', 'fault')}" in r.of(0), r
