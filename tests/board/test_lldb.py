"""lldb-19 (gdb-remote) on the board: breakpoint with the PC at the site, watchpoint, step,
registers."""
import re

import pytest

from board import lldb


@pytest.fixture(autouse=True)
def aarch64_only(board):
    if board.arch != "aarch64":
        pytest.skip("lldb is tested on the aarch64 board")


def test_lldb_breakpoint_step_registers(board, stub):
    s = stub("wprog", "step")
    r = lldb(board.host_prog(), s.target,
             ["breakpoint set -n add", "process continue", "register read pc",
              "image lookup -n add", "thread step-over", "register read x0 w1 sp cpsr",
              "register read d0 fpcr", "register write x9 0x1234", "register read x9",
              "process kill"])
    assert "stop reason = breakpoint 1.1" in r.of(1), r
    pc = int(re.search(r"pc = (0x[0-9a-f]+)", r.of(2)).group(1), 16)
    site = re.search(r"Breakpoint 1: where = \S+`add \+ (\d+)[\s\S]*?address = 0x([0-9a-f]+)",
                     r.of(0))
    assert site and pc == int(site.group(2), 16), r
    assert "stop reason = step over" in r.of(4), r
    assert re.search(r"x0 = 0x", r.of(5)) and "w1 = 0x" in r.of(5) and "cpsr = 0x" in r.of(5), r
    assert "d0 = " in r.of(6) and "fpcr = 0x" in r.of(6), r
    assert "x9 = 0x0000000000001234" in r.of(8), r


def test_lldb_watchpoint(board, stub):
    s = stub("wprog", "count")
    r = lldb(board.host_prog(), s.target,
             ["breakpoint set -n main", "process continue", "watchpoint set variable counter",
              "process continue", "frame variable counter", "process continue",
              "frame variable counter", "process kill"])
    assert "Watchpoint created" in r.of(2), r
    assert "stop reason = watchpoint 1" in r.of(3), r
    assert "(volatile int) counter = 1" in r.of(4), r
    assert "stop reason = watchpoint 1" in r.of(5), r
    assert "(volatile int) counter = 3" in r.of(6), r
