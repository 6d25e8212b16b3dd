"""lldb as the client, beyond the first steps in test_lldb.py: repeated
breakpoint stops, every kind of step, register writes, expressions on locals,
thread selection, signals, interrupt, kill, detach and attach. What lldb prints
here was checked against lldb-server-19 serving the same programs."""
import re

import pytest

from harness import procs
from harness.lldb import ASYNC_OFF, ASYNC_ON, pause
from harness.programs import line_of

pytestmark = pytest.mark.zstub_only

def test_each_continue_stops_exactly_at_the_breakpoint(e2e):
    stub = e2e.stub("basic")
    cmds = ["breakpoint set -n add"]
    for _ in range(5):
        cmds += ["continue", "register read rip", "frame variable b"]
    cmds += ["continue"]
    r = e2e.lldb("basic", stub, cmds)
    address = re.search(r"address = (0x[0-9a-f]+)", r.of(0)).group(1)
    for i in range(5):
        base = 1 + 3 * i
        assert "stop reason = breakpoint 1.1" in r.of(base), r
        assert int(re.search(r"rip = (0x[0-9a-f]+)", r.of(base + 1)).group(1), 16) == \
            int(address, 16), r
        assert f"(int) b = {i}" in r.of(base + 2), r
    assert "exited with status = 0" in r.of(16), r


def test_step_over_in_out_and_instruction(e2e):
    stub = e2e.stub("basic")
    loop = line_of("basic.c", "loop_call")
    r = e2e.lldb("basic", stub, [f"breakpoint set -f basic.c -l {loop}", "continue",
                                 "thread step-in", "thread step-over", "thread step-out",
                                 "thread step-inst", "register read rip"])
    assert "stop reason = step in" in r.of(2), r
    assert re.search(rf"basic`add\(a=0, b=0\) at basic.c:{line_of('basic.c', 'add_body')}",
                     r.of(2)), r
    assert "stop reason = step over" in r.of(3), r
    assert f"basic.c:{line_of('basic.c', 'add_body') + 1}" in r.of(3), r
    assert "stop reason = step out" in r.of(4), r
    assert re.search(rf"basic`main at basic.c:{loop}", r.of(4)), r
    assert "stop reason = instruction step into" in r.of(5), r
    pc_after_step = int(re.search(r"frame #0: (0x[0-9a-f]+)", r.of(5)).group(1), 16)
    assert int(re.search(r"rip = (0x[0-9a-f]+)", r.of(6)).group(1), 16) == pc_after_step, r


def test_register_write_and_expression_on_locals(e2e):
    stub = e2e.stub("basic")
    r = e2e.lldb("basic", stub, ["breakpoint set -n add", "continue", "continue",
                                 "register write r12 0x5a5a5a5a", "register read r12",
                                 "expression a + b * 10", "expression -- (long)b << 40",
                                 "expression counter"])
    assert "r12 = 0x000000005a5a5a5a" in r.of(4), r
    assert "(int) $0 = 10" in r.of(5), r  # second call: a = 0, b = 1
    assert "(long) $1 = 1099511627776" in r.of(6), r
    assert "(int) $2 = 1" in r.of(7), r


def test_thread_select_and_backtrace_of_a_worker(e2e):
    stub = e2e.stub("threads")
    r = e2e.lldb("threads", stub, ["breakpoint set -n threads_ready", "continue",
                                   "thread select 2", "bt"])
    # lldb may print the selection's frame after echoing the next command.
    out = r.of(2) + r.of(3)
    assert "* thread #2, name = 'worker-" in out, r
    assert re.search(r"threads`worker\(arg=0x[0-9a-f]+\) at threads.c:\d+", out), r
    assert re.search(r"frame #\d+: 0x[0-9a-f]+ libc.so.6`start_thread", out), r  # libc unwinds


def test_signal_numbers_are_the_hosts(e2e):
    """lldb names the stop SIGUSR1 and passes it back: the handler runs with 10."""
    stub = e2e.stub("signal")
    r = e2e.lldb("signal", stub, ["process handle SIGUSR1 -s false -p true -n true",
                                  "continue"])
    assert "received signal: SIGUSR1" in r.of(1), r
    assert "exited with status = 0" in r.of(1), r
    assert stub.wait_stdout("handled=10"), stub.output()


def test_interrupt_a_running_loop_then_resume(e2e):
    stub = e2e.stub("spin")
    # Stop in main first: an interrupt that lands while lldb is still handling the
    # loader's shared-library stops is taken by lldb itself, without a packet.
    r = e2e.lldb("spin", stub, ["breakpoint set -n main", "continue", "breakpoint delete -f",
                                ASYNC_ON, "process continue", pause(0.5), "process interrupt",
                                pause(0.5), "process continue", pause(0.5),
                                "process interrupt", pause(0.5), ASYNC_OFF, "process status",
                                "expression spins > 1000"])
    assert re.search(r"stop reason = signal SIG(INT|STOP)", r.of(13)), r
    assert "spin.c:" in r.of(13), r
    assert "(bool) $0 = true" in r.of(14), r


def test_kill(e2e):
    stub = e2e.stub("spin")
    r = e2e.lldb("spin", stub, ["breakpoint set -n main", "continue", "process kill"])
    assert "exited with status = 9" in r.of(2), r
    assert "failed" not in r.of(2), r


def test_program_killed_from_outside_while_stopped_or_running(e2e):
    """lldb reports the end of a program SIGKILLed from outside, whether it was stopped at a
    breakpoint (the next continue gets the termination) or running."""
    kill_now = "script import os; os.kill(lldb.process.GetProcessID(), 9)"
    stub = e2e.stub("basic")
    # The pause lets the stub see the death before lldb resumes (the other order works too).
    r = e2e.lldb("basic", stub, ["breakpoint set -n add", "continue", kill_now, pause(0.3),
                                 "continue"])
    assert "stop reason = breakpoint 1.1" in r.of(1), r
    assert "exited with status = 9" in r.of(4), r
    stub = e2e.stub("threads", "wait")
    r = e2e.lldb("threads", stub, [
        "script import os, threading; "
        "threading.Timer(0.5, os.kill, (lldb.process.GetProcessID(), 9)).start()",
        "process continue"])
    assert "exited with status = 9" in r.of(1), r


def test_detach_lets_the_program_finish(e2e):
    stub = e2e.stub("basic")
    r = e2e.lldb("basic", stub, ["breakpoint set -n add", "continue", "process detach"])
    assert "detached" in r.of(2), r
    assert stub.wait_stdout("total=10 counter=5"), stub.output()


def test_attach_backtrace_detach(e2e):
    sleeper = e2e.spawn([e2e.program("sleeper"), 4], name="sleeper")
    assert procs.wait_until(lambda: "pid=" in sleeper.stdout_path.read_text(), 10)
    stub = e2e.stub(attach_pid=sleeper.pid)
    r = e2e.lldb("sleeper", stub, ["bt", "expression ticks > 0", "process detach"])
    assert re.search(r"sleeper`main\(argc=2, argv=0x[0-9a-f]+\) at sleeper.c:\d+", r.of(0)), r
    assert "(bool) $0 = true" in r.of(1), r
    assert f"Process {sleeper.pid} detached" in r.of(2), r
    assert sleeper.wait(30) == 0
    assert "sleeper done after" in sleeper.stdout_path.read_text()


def test_function_call_expression_and_hardware_breakpoint(e2e):
    """A call runs code in the program (lldb saves and restores the thread's
    registers around it and, with no _M packet, maps its scratch memory by
    calling mmap there); -H makes lldb use a Z1 hardware breakpoint."""
    stub = e2e.stub("basic")
    r = e2e.lldb("basic", stub, ["breakpoint set -n add", "continue", "expression add(2, 3)",
                                 "expression counter", "breakpoint delete -f",
                                 "breakpoint set -H -n add", "continue", "frame variable b"])
    assert "(int) $0 = 5" in r.of(2), r
    assert "(int) $1 = 1" in r.of(3), r  # stopped before its own counter++: the call counted
    assert "stop reason = breakpoint 2.1" in r.of(6), r
    assert "(int) b = 1" in r.of(7), r
