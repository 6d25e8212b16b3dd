"""lldb watchpoints through zstub: write, read and read/write kinds stop with
lldb's watchpoint number and the values, and a watchpoint set while only main
exists fires in a thread created afterwards."""
import re

import pytest

from harness.programs import line_of

pytestmark = pytest.mark.zstub_only


def test_write_watchpoint_reports_old_and_new_values(e2e):
    stub = e2e.stub("basic")
    r = e2e.lldb("basic", stub, ["breakpoint set -n main", "continue",
                                 "watchpoint set variable counter", "continue", "continue"])
    assert "Watchpoint created: Watchpoint 1" in r.of(2), r
    assert "stop reason = watchpoint 1" in r.of(3), r
    assert re.search(r"old value: 0\s+new value: 1", r.of(3)), r
    assert re.search(r"old value: 1\s+new value: 2", r.of(4)), r
    assert f"basic.c:{line_of('basic.c', 'add_return')}" in r.of(4), r


def test_read_watchpoint(e2e):
    stub = e2e.stub("basic")
    r = e2e.lldb("basic", stub, ["breakpoint set -n main", "continue", "watchpoint set "
                                 "variable -w read counter", "continue"])
    assert "type = r" in r.of(2), r
    assert "stop reason = watchpoint 1" in r.of(3), r
    # counter++ reads before it writes: the stop is inside add, at that line.
    assert re.search(r"basic`add\(a=0, b=0\) at basic.c:\d+", r.of(3)), r


def test_read_write_watchpoint_second_index(e2e):
    stub = e2e.stub("basic")
    r = e2e.lldb("basic", stub, ["breakpoint set -n main", "continue",
                                 "watchpoint set variable -w read counter", "watchpoint delete 1",
                                 "watchpoint set variable -w read_write global_value",
                                 "continue"])
    assert "Watchpoint created: Watchpoint 2" in r.of(4) and "type = rw" in r.of(4), r
    assert "stop reason = watchpoint 2" in r.of(5), r
    assert re.search(r"new value: 42", r.of(5)), r
    assert f"basic.c:{line_of('basic.c', 'after_loop')}" in r.of(5), r


def test_watchpoint_fires_in_a_thread_created_later(e2e):
    stub = e2e.stub("lldb_late_thread")
    r = e2e.lldb("lldb_late_thread", stub, [
        "breakpoint set -n before_threads", "continue", "watchpoint set variable shared_value",
        "continue", "thread list", "continue", "continue"])
    assert "stop reason = watchpoint 1" in r.of(3), r
    assert re.search(r"old value: 0\s+new value: 5", r.of(3)), r
    assert re.search(r"\* thread #2: tid = \d+, .*lldb_late_thread`writer", r.of(4)), r
    assert re.search(r"old value: 5\s+new value: 11", r.of(5)), r
    assert "exited with status = 0" in r.of(6), r
    assert stub.wait_stdout("shared_value=11"), stub.output()
