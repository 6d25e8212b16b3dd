"""Breakpoints and stepping as a user drives them: step, next, finish, stepi, until."""
import re

from harness.expect import at_line, value_of
from harness.programs import line_of


def lines_shown(text):
    """Source line numbers gdb printed as 'N\\t<source>' after a stop."""
    return [int(n) for n in re.findall(r"^(\d+)\t", text, re.M)]


def test_breakpoint_in_function_shows_arguments(e2e):
    stub = e2e.stub("basic")
    r = e2e.gdb("basic", stub, ["break add", "continue", "continue"])
    assert "Breakpoint 1, add (a=0, b=0) at" in r.of(1), r
    assert at_line("basic.c", "add_body") in r.of(1), r
    # Second call: local_total was 0, i is 1.
    assert "Breakpoint 1, add (a=0, b=1) at" in r.of(2), r


def test_step_into_and_next_over(e2e):
    stub = e2e.stub("basic")
    loop = line_of("basic.c", "loop_call")
    r = e2e.gdb("basic", stub, [f"break basic.c:{loop}", "continue", "step", "next", "next"])
    assert lines_shown(r.of(1)) == [loop], r
    assert "add (a=0, b=0) at" in r.of(2), r
    assert lines_shown(r.of(2)) == [line_of("basic.c", "add_body")], r
    assert lines_shown(r.of(3)) == [line_of("basic.c", "add_body") + 1], r
    assert lines_shown(r.of(4)) == [line_of("basic.c", "add_return")], r


def test_next_steps_over_calls(e2e):
    stub = e2e.stub("basic")
    loop = line_of("basic.c", "loop_call")
    r = e2e.gdb("basic", stub, [f"break basic.c:{loop}", "continue", "next", "next",
                                "print local_total"])
    # next over add() goes back to the loop header, then to the call again.
    assert lines_shown(r.of(2)) == [loop - 1], r
    assert lines_shown(r.of(3)) == [loop], r
    assert value_of(r.of(4)) == "0", r


def test_finish_returns_value(e2e):
    stub = e2e.stub("basic")
    r = e2e.gdb("basic", stub, ["break add", "continue", "continue", "continue", "finish"])
    # Third call: add(0 + 1, 2) returns 3.
    assert "Breakpoint 1, add (a=1, b=2)" in r.of(3), r
    assert "Value returned is $1 = 3" in r.of(4), r
    assert "main () at" in r.of(4), r


def test_stepi_advances_one_instruction(e2e):
    stub = e2e.stub("basic")
    r = e2e.gdb("basic", stub, ["break add", "continue", "print/x $pc", "stepi",
                                "print/x $pc", "x/i $pc"])
    before = int(value_of(r.of(2)), 16)
    after = int(value_of(r.of(4)), 16)
    assert 0 < after - before <= 15, r  # one x86 instruction is at most 15 bytes
    assert f"{after:#x}" in r.of(5), r


def test_until_leaves_the_loop(e2e):
    stub = e2e.stub("basic")
    loop = line_of("basic.c", "loop_call")
    after = line_of("basic.c", "after_loop")
    r = e2e.gdb("basic", stub, [f"break basic.c:{loop}", "continue", "delete",
                                f"until {after}", "print local_total", "print counter"])
    assert lines_shown(r.of(3)) == [after], r
    assert value_of(r.of(4)) == "10", r
    assert value_of(r.of(5)) == "5", r


def test_tbreak_and_advance(e2e):
    stub = e2e.stub("basic")
    r = e2e.gdb("basic", stub, ["tbreak main", "continue", "advance add", "info breakpoints"])
    assert "Temporary breakpoint 1, main () at" in r.of(1), r
    assert "add (a=0, b=0) at" in r.of(2), r
    assert "No breakpoints or watchpoints." in r.of(3), r


def test_watchpoint_on_global(e2e):
    stub = e2e.stub("basic")
    r = e2e.gdb("basic", stub, ["break main", "continue", "watch counter", "continue",
                                "continue"])
    assert "atchpoint 2: counter" in r.of(2), r
    assert "Old value = 0" in r.of(3) and "New value = 1" in r.of(3), r
    assert "Old value = 1" in r.of(4) and "New value = 2" in r.of(4), r
