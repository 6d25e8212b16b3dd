"""lldb as the client (`gdb-remote`). zstub serves lldb's own packets too
(qHostInfo, qRegisterInfo, jThreadsInfo...); gdbserver does not, so lldb
cannot be checked against it: these run against zstub only. The expected
output was taken from lldb-server-19 serving the same programs."""
import re
import time

import pytest

from harness.programs import line_of

pytestmark = pytest.mark.zstub_only


def test_breakpoint_backtrace_variables_and_exit(e2e):
    stub = e2e.stub("basic")
    r = e2e.lldb("basic", stub, ["breakpoint set -n add", "continue", "bt", "frame variable",
                                 "breakpoint delete -f", "continue"])
    assert "stop reason = breakpoint 1.1" in r.of(1), r
    assert re.search(r"basic`add\(a=0, b=0\) at basic.c:14", r.of(1)), r
    assert re.search(r"frame #1: 0x[0-9a-f]+ basic`main at basic.c:\d+", r.of(2)), r
    assert "(int) a = 0" in r.of(3) and "(int) b = 0" in r.of(3), r
    assert "exited with status = 0" in r.of(5), r
    assert stub.wait_stdout("total=10 counter=5"), stub.output()


def test_register_read(e2e):
    stub = e2e.stub("basic")
    line = line_of("basic.c", "r12_hold")
    r = e2e.lldb("basic", stub, [f"breakpoint set -f basic.c -l {line}", "continue",
                                 "register read r12 rip"])
    assert "r12 = 0x1122334455667788" in r.of(2), r
    assert re.search(rf"rip = 0x[0-9a-f]+\s+basic`hold_r12 \+ \d+ at basic.c:{line}", r.of(2)), r


def test_memory_and_expression_write(e2e):
    stub = e2e.stub("basic")
    r = e2e.lldb("basic", stub, ["breakpoint set -n main", "continue",
                                 "x/4dw &global_array", "expr global_value = 99",
                                 "breakpoint delete -f", "continue"])
    assert re.search(r":\s+10\n.*:\s+20\n.*:\s+30\n.*:\s+40", r.of(2)), r
    assert "(long) $0 = 99" in r.of(3) or "= 99" in r.of(3), r
    assert "exited with status = 0" in r.of(5), r
    assert stub.wait_stdout("global=99"), stub.output()


def test_exit_status(e2e):
    stub = e2e.stub("exitcode")
    r = e2e.lldb("exitcode", stub, ["continue"])
    assert "exited with status = 7" in r.of(0), r


def test_thread_list_names(e2e):
    stub = e2e.stub("threads")
    r = e2e.lldb("threads", stub, ["breakpoint set -n threads_ready", "continue",
                                   "thread list"])
    names = re.findall(r"name = '([^']*)'", r.of(2))
    assert sorted(names) == ["threads"] + [f"worker-{i}" for i in range(8)], r


def test_quitting_while_stopped_is_prompt(e2e):
    """lldb kills the stopped process with `k` and waits for the exit reply;
    without one it gives up only after several seconds per attempt."""
    stub = e2e.stub("basic")
    started = time.monotonic()
    r = e2e.lldb("basic", stub, ["breakpoint set -n add", "continue"])
    elapsed = time.monotonic() - started
    assert "stop reason = breakpoint 1.1" in r.of(1), r
    assert elapsed < 5, f"lldb took {elapsed:.1f}s to quit\n{r}"
