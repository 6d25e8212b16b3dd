"""Connecting gdb to the stub over each transport, and the basic session."""
import re

import pytest

from harness import procs
from harness.expect import at_line, value_of
from harness.stub import stdio_command


def test_tcp_break_main_continue_to_exit(e2e):
    stub = e2e.stub("basic")
    r = e2e.gdb("basic", stub, ["break main", "continue", "continue"])
    assert "Breakpoint 1, main () at" in r.of(1), r
    assert at_line("basic.c", "main_first") in r.of(1), r
    assert "exited normally" in r.of(2), r
    assert stub.wait_stdout("total=10 counter=5 global=42 greeting=hello"), stub.output()


def test_exit_code_is_reported(e2e):
    stub = e2e.stub("exitcode")
    r = e2e.gdb("exitcode", stub, ["continue"])
    assert "exited with code 07" in r.of(0), r
    assert stub.wait_stdout("exiting with 7"), stub.output()


def test_program_stops_at_first_instruction(e2e):
    """On launch the program has run nothing yet: it sits in the dynamic loader."""
    stub = e2e.stub("exitcode")
    r = e2e.gdb("exitcode", stub, ["info symbol $pc", "print $pc"])
    assert "_start" in r.of(0) or "_start" in r.preamble, r
    assert "exiting" not in stub.stdout()


def test_arguments_are_passed_to_the_program(e2e):
    stub = e2e.stub("args", "one", "two words", "")
    r = e2e.gdb("args", stub, ["continue"])
    assert "exited with code 03" in r.of(0), r
    assert stub.wait_stdout("env="), stub.output()
    assert "arg1=[one]\narg2=[two words]\narg3=[]\n" in stub.stdout()


@pytest.mark.zstub_only  # gdbserver has no unix: transport
def test_unix_socket(e2e):
    path = e2e.tmp_path / "stub.sock"
    stub = e2e.stub("exitcode", unix_path=path)
    assert stub.address == str(path), stub.output()
    r = e2e.gdb("exitcode", str(path), ["continue"])
    assert "exited with code 07" in r.of(0), r


@pytest.mark.parametrize("comm", ["-", "stdio"])
def test_stdio_pipe(e2e, comm):
    """`target remote | stub - PROG`: gdb runs the stub and talks over its
    stdin/stdout; the program's own output must not corrupt the protocol."""
    cmd = stdio_command([e2e.program("exitcode")], comm=comm)
    r = e2e.gdb("exitcode", f"| {cmd}", ["break main", "continue", "continue"])
    assert "Breakpoint 1, main () at" in r.of(1), r
    assert "exited with code 07" in r.of(2), r
    assert "exiting with 7" in r.output, r


def test_once_stub_exits_after_the_session(e2e):
    stub = e2e.stub("exitcode", options=["--once"])
    e2e.gdb("exitcode", stub, ["continue"])
    assert stub.wait_exit(10) is not None, stub.output()


def test_auxv_is_readable(e2e):
    """gdb reads the auxiliary vector to relocate a PIE program: AT_ENTRY must
    be the program's entry point."""
    stub = e2e.stub("exitcode")
    r = e2e.gdb("exitcode", stub, ["info auxv", "print/x (long)&_start"])
    m = re.search(r"AT_ENTRY\s+Entry point of program\s+(0x[0-9a-f]+)", r.of(0))
    assert m, r
    assert "AT_PHDR" in r.of(0) and "AT_PAGESZ" in r.of(0), r
    assert int(m.group(1), 16) == int(value_of(r.of(1)), 16), r


def test_monitor_exit_stops_the_stub(e2e):
    stub = e2e.stub("spin")
    r = e2e.gdb("spin", stub, ["monitor exit"])
    assert stub.wait_exit(10) is not None, f"{r}\n{stub.output()}"
    # The stub took the program down with it.
    assert procs.wait_until(lambda: not procs.pids_with_token(e2e.token)
                            or all(not procs.is_alive(p) for p in procs.pids_with_token(e2e.token)),
                            10), stub.output()
