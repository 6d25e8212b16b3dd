"""Breakpoints and watchpoints on the board (Z0-Z4), checked as gdb-multiarch shows them."""
import re

from board import gdb


def hits(result, text):
    return sum(out.count(text) for out in result.outputs)


def test_break_counted_pc_at_site(board, stub, prog):
    s = stub(prog, "count")
    r = gdb(board.host_prog(prog), s.target, ["break bump", "continue", "p/x $pc"]
            + ["continue"] * 5 + ["info breakpoints"])
    assert hits(r, "Breakpoint 1, bump (x=") == 5, r
    site = re.search(r"Breakpoint 1 at (0x[0-9a-f]+)", r.of(0)).group(1)
    assert f"= {site}" in r.of(2), r
    assert "already hit 5 times" in r.of(8), r
    assert "exited normally" in r.of(7), r
    assert "counter=15" in s.output(), r


def test_tbreak(board, stub, prog):
    s = stub(prog, "count")
    r = gdb(board.host_prog(prog), s.target, ["tbreak bump", "continue", "continue"])
    assert "Temporary breakpoint 1, bump (x=1)" in r.of(1), r
    assert "exited normally" in r.of(2), r


def test_hbreak_counted(board, stub, prog):
    s = stub(prog, "count")
    r = gdb(board.host_prog(prog), s.target, ["hbreak bump"] + ["continue"] * 6 +
            ["info breakpoints"])
    assert "Hardware assisted breakpoint 1 at" in r.of(0), r
    assert hits(r, "Breakpoint 1, bump (x=") == 5, r
    assert "exited normally" in r.of(6), r


def test_conditions_software_and_hardware(board, stub, prog):
    """Target-side conditions: only i == 7 stops; a hardware breakpoint whose condition is false
    is stepped over by the stub with the breakpoint lifted (it traps before the instruction)."""
    for kind in ("break", "hbreak"):
        s = stub(prog, "cond")
        r = gdb(board.host_prog(prog), s.target,
                [f"{kind} tick if i == 7", "continue", "p i", "continue"])
        assert re.search(r"Breakpoint 1, tick \(i=7\)", r.of(1)), r
        assert "$1 = 7" in r.of(2), r
        assert "exited normally" in r.of(3), r
        assert "cond done" in s.output(), r


def test_watch_old_new(board, stub, prog):
    s = stub(prog, "count")
    r = gdb(board.host_prog(prog), s.target, ["watch counter"] + ["continue"] * 6)
    assert "Hardware watchpoint 1: counter" in r.of(0), r
    olds = re.findall(r"Old value = (\d+)\nNew value = (\d+)", r.output)
    assert olds == [("0", "1"), ("1", "3"), ("3", "6"), ("6", "10"), ("10", "15")], r
    assert "exited normally" in r.of(6), r


def test_rwatch_reports_only_reads(board, stub, prog):
    s = stub(prog, "rw")
    r = gdb(board.host_prog(prog), s.target, ["rwatch wonly"] + ["continue"] * 3)
    assert "Hardware read watchpoint 1: wonly" in r.of(0), r
    assert re.findall(r"Value = (\d+)", r.output) == ["2", "3"], r
    assert r.output.count("in get_w") + r.output.count("get_w ()") >= 2, r
    assert "set_w" not in r.of(1) + r.of(2), r
    assert "exited normally" in r.of(3), r


def test_awatch_reads_and_writes(board, stub, prog):
    s = stub(prog, "rw")
    r = gdb(board.host_prog(prog), s.target, ["awatch wonly"] + ["continue"] * 6)
    assert hits(r, "Hardware access (read/write) watchpoint 1: wonly") == 6, r  # set + 5 hits
    assert "exited normally" in r.of(6), r


def test_region_of_three_bytes_at_odd_address(board, stub, prog):
    s = stub(prog, "region")
    r = gdb(board.host_prog(prog), s.target, ["p (long)&region[3] % 2",
                                          "watch -l *(char(*)[3])&region[3]",
                                          "continue", "p idx", "continue", "p idx", "continue"])
    assert "= 1" in r.of(0), r
    assert "$2 = 3" in r.of(3) and "$3 = 5" in r.of(5), r
    assert "exited normally" in r.of(6), r
    assert "region done" in s.output(), r


def test_watchpoint_that_does_not_fit_is_refused(board, stub, prog):
    nbrp, nwrp = board.slots
    assert nwrp == 4, board.slots
    s = stub(prog, "slots")
    cmds = [f"watch -l slots[{i}]" for i in range(5)] + ["continue", "delete 5"]
    cmds += ["continue"] * 5
    r = gdb(board.host_prog(prog), s.target, cmds)
    assert "Could not insert hardware watchpoint 5" in r.of(5), r
    vals = re.findall(r"Hardware watchpoint (\d): -location slots\[\d\]\n\nOld value = 0\n"
                      r"New value = (\d)", r.output)
    assert vals == [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")], r
    assert "exited normally" in r.of(11), r


def test_watchpoint_in_thread_created_later(board, stub, prog):
    s = stub(prog, "late")
    r = gdb(board.host_prog(prog), s.target, ["break before_thread", "continue", "watch late_value",
                                          "continue", "bt 1", "continue"])
    assert "Old value = 0\nNew value = 42" in r.of(3), r
    assert "late_writer" in r.of(3) + r.of(4), r
    assert "late=42" in s.output(), r
