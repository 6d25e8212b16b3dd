"""All-stop cases found with LLDB 19's own API tests (scripts/lldb-testsuite): what lldb
shows must match what it shows with lldb-server-19 on the same program."""
import re

import pytest

from harness import config
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
    # Past the loader's stops first (as lldb's test does): lldb refuses to signal while it
    # handles one of its own stops.
    r = e2e.lldb("signal_wait", stub, [
        "process handle -n false -p true -s true SIGUSR1", "breakpoint set -n main", "continue",
        "breakpoint disable", ASYNC_ON, "process continue", pause(0.5), "process signal SIGUSR1",
        pause(1.5), ASYNC_OFF, "process status", "continue"])
    assert "stop reason = signal SIGUSR1" in r.of(10), r
    assert "exited with status = 0" in r.of(11), r  # continuing delivered it to the handler


def test_sigsegv_stop_says_why(e2e):
    # TestInferiorCrashing: lldb-server's T packet carries a description of the fault.
    stub = e2e.stub("crash")
    r = e2e.lldb("crash", stub, ["continue"])  # lldb -b ends at a crash
    want = "stop reason = signal SIGSEGV: address not mapped to object (fault address: 0x0)"
    assert want in r.of(0), r
    assert f"crash.c:{line_of('crash.c', 'fault')}" in r.of(0), r


@pytest.mark.parametrize("regs", [["eax", "ax", "ah", "al"], ["r8d", "r8w", "r8l", "mm0"]])
def test_sub_registers_after_process_attach_without_executable(e2e, monkeypatch, regs):
    # TestRegisters (process attach): lldb knows no ABI when it reads the register list, so
    # it cannot make eax & co. itself; the stub must describe them, as lldb-server does.
    # lldb starts the stub itself here (`zstub gdbserver --fd=N`, as it starts lldb-server).
    monkeypatch.setenv("LLDB_DEBUGSERVER_PATH", config.stub_binary())
    sleeper = e2e.spawn([e2e.program("sleeper"), "30"])
    r = e2e.lldb(None, None, [f"process attach -p {sleeper.pid}", "register write rax "
                              "0x1122334455667788", "register write r8 0x0102030405060708",
                              "register read " + " ".join(regs),
                              "expr -- ($rax & 0xffffffff) == $eax",
                              "expr -- $ax == (($ah << 8) | $al)", "register write al 0x99",
                              "register read rax", "process detach"])
    assert f"Process {sleeper.pid} stopped" in r.of(0), r
    want = {"eax": "0x55667788", "ax": "0x7788", "ah": "0x77", "al": "0x88",
            "r8d": "0x05060708", "r8w": "0x0708", "r8l": "0x08"}
    for reg in regs:
        if reg in want:
            assert re.search(rf"\b{reg} = {want[reg]}\b", r.of(3)), r
        else:
            assert re.search(rf"\b{reg} = 0x[0-9a-f]{{16}}\b", r.of(3)), r
    assert "(bool) $0 = true" in r.of(4), r
    assert "(bool) $1 = true" in r.of(5), r
    assert "rax = 0x1122334455667799" in r.of(7), r


@pytest.mark.parametrize("how", ["sleep", "read"])
def test_expression_calls_a_function_while_stopped_in_a_system_call(e2e, how):
    # TestExpressionInSyscall, TestChangeProcessGroup: the kernel's restart of the interrupted
    # call backed the PC up into the called function, which died of SIGSEGV.
    stub = e2e.stub("in_syscall", how)
    r = e2e.lldb("in_syscall", stub, ["breakpoint set -n main", "continue", "breakpoint disable",
                                      ASYNC_ON, "process continue", pause(0.5),
                                      "process interrupt", pause(0.5), ASYNC_OFF,
                                      "expression -- wake(41)", "expression -- (int)getpid()",
                                      "continue"])
    pid = re.search(r"Process (\d+) stopped", r).group(1)
    assert "(int) $0 = 42" in r.of(9), r
    assert f"(int) $1 = {pid}" in r.of(10), r
    assert "exited with status = 0" in r.of(11), r  # the interrupted call resumed properly


def test_register_sets_have_lldb_server_names(e2e):
    # TestFrames: lldb names register sets after target.xml's group; scripts look for
    # "General Purpose Registers" (frame.GetRegisters()).
    stub = e2e.stub("basic")
    r = e2e.lldb("basic", stub, ["breakpoint set -n add", "continue", "register read",
                                 "script print([s.GetName() for s in "
                                 "lldb.frame.GetRegisters()])"])
    assert r.of(2).lstrip().startswith("General Purpose Registers:"), r
    assert re.search(r"\brip = 0x[0-9a-f]+", r.of(2)) and "eax" not in r.of(2), r
    sets = r.of(3)
    for name in ("General Purpose Registers", "Floating Point Registers"):
        assert f"'{name}'" in sets, r


def test_exec_stops_and_breakpoints_work_in_the_new_image(e2e):
    # TestExec: lldb-server reports an exec (reason:exec); lldb then reloads the program and
    # resolves its breakpoints in the new image. Without the stop it never hit them.
    stub = e2e.stub("exec_self")
    r = e2e.lldb("exec_self", stub, ["breakpoint set -n after_exec", "continue", "continue",
                                     "frame variable argc", "continue"])
    assert "stop reason = exec" in r.of(1), r
    assert "stop reason = breakpoint 1.1" in r.of(2), r
    assert f"exec_self.c:{line_of('exec_self.c', 'after_exec')}" in r.of(2), r
    assert "(int) argc = 2" in r.of(3), r
    assert "exited with status = 0" in r.of(4), r
