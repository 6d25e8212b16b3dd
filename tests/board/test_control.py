"""Stepping, threads, signals, Ctrl-C, detach and attach on the board."""
import re
import time

import pytest

from board import Interactive, gdb


def test_step_next_finish_stepi_until(board, stub, prog):
    s = stub(prog, "step")
    r = gdb(board.host_prog(prog), s.target,
            ["break compute", "continue", "step", "bt 1", "finish", "next", "p r",
             "stepi", "p $pc", "stepi", "p $pc", "until", "continue"])
    assert "Breakpoint 1, compute (n=3)" in r.of(1), r
    assert "add (a=3, b=1)" in r.of(2) + r.of(3), r
    assert "Value returned is $1 = 8" in r.of(4), r
    assert "$2 = 8" in r.of(6) or "= 8" in r.of(6), r
    pcs = [int(m, 16) for m in re.findall(r"\$\d+ = \(void \(\*\)\(\)\) (0x[0-9a-f]+)",
                                           r.of(8) + r.of(10))]
    size = (2, 4) if board.is_thumb(prog) else (4,)  # one instruction (Thumb: 16 or 32 bits)
    assert len(pcs) == 2 and pcs[1] - pcs[0] in size, r
    assert "exited normally" in r.of(12), r
    assert "compute=28" in s.output(), r


def test_threads_break_counted(board, stub, prog):
    s = stub(prog, "threads")
    r = gdb(board.host_prog(prog), s.target, ["break tick"] + ["continue"] * 10)
    assert sum(o.count("Breakpoint 1, tick (i=") for o in r.outputs) == 9, r
    seen = sorted(int(i) for i in re.findall(r"Breakpoint 1, tick \(i=(\d+)\)", r.output))
    assert seen == [10, 11, 12, 20, 21, 22, 30, 31, 32], r
    assert "exited normally" in r.of(10), r
    assert "threads done" in s.output(), r


def test_info_threads(board, stub, prog):
    s = stub(prog, "threads")
    r = gdb(board.host_prog(prog), s.target, ["break worker", "continue", "info threads"])
    assert "Breakpoint 1, worker" in r.of(1), r
    assert len(re.findall(r"Thread \d+\.\d+", r.of(2))) >= 2, r


def test_signals_stop_and_are_delivered(board, stub, prog):
    s = stub(prog, "signal")
    r = gdb(board.host_prog(prog), s.target, ["continue"] * 4)
    assert sum(o.count("Program received signal SIGUSR1") for o in r.outputs) == 3, r
    assert "exited normally" in r.of(3), r
    assert "handled=3" in s.output(), r


def test_ctrl_c(board, stub, prog):
    """Ctrl-C stops the running program with SIGINT; it runs on afterwards."""
    s = stub(prog, "spin")
    g = Interactive(board.host_prog(prog), s.target)
    try:
        sinks = []
        for _ in range(2):
            g.send("continue")
            g.child.expect("Continuing", timeout=30)
            time.sleep(0.5)  # let it run: the second stop must find it further on
            out = g.interrupt()
            assert "Program received signal SIGINT" in out, out
            sinks.append(int(re.search(r"= (-?\d+)", g.cmd("p sink")).group(1)))
        assert sinks[1] > sinks[0], sinks
    finally:
        g.close()


def test_detach_leaves_no_trace(board, stub, prog):
    """After detach the program runs over every place that had a breakpoint or watchpoint: a
    leftover brk or an armed debug register would kill it with SIGTRAP; it then compares its
    text with the file."""
    s = stub(prog, "detach")
    r = gdb(board.host_prog(prog), s.target,
            ["set breakpoint always-inserted on", "break wait_here", "continue", "break bump",
             "hbreak get_w", "watch counter", "rwatch wonly", "set var go_on = 1", "detach"])
    assert "Breakpoint 1, wait_here" in r.of(2), r
    assert "Detaching from program" in r.of(8) or "detached" in r.of(8).lower(), r
    out = s.output()
    assert "after-detach counter=6 text=identical" in out, (out, r)


def test_attach(board, stub, prog):
    sh = board.shell()
    try:
        pid = int(re.search(r"PID=(\d+)", sh.run(f"/progs/{prog} spin >/dev/null & echo PID=$!"))
                  .group(1))
        board.live.append((pid, pid))
        s = stub(attach=pid)
        r = gdb(board.host_prog(prog), s.target, ["break tick", "continue", "p i >= 0", "detach"])
        assert "Breakpoint 1, tick (i=" in r.of(1), r
        assert "= 1" in r.of(2), r
        assert "ALIVE" in sh.run(f"kill -0 {pid} && echo ALIVE"), r
    finally:
        sh.close()


def test_registers(board, stub, prog):
    s = stub(prog, "step")
    if board.is_a64(prog):
        cmds = ["p $x0", "p $x1", "p $cpsr", "info registers fpcr fpsr",
                "p $v0.d.u[0] = 0x1122334455667788", "p/x $v0.d.u[0]", "p $x19 = 0x77",
                "p/x $x19", "info all-registers v31"]
        names = ("fpcr", "fpsr", "v31")
    else:
        cmds = ["p $r0", "p $r1", "p $cpsr", "info registers fpscr",
                "p $d0 = 1.5", "p $d0", "p $r8 = 0x77", "p/x $r8", "info all-registers d31"]
        names = ("fpscr", "d31")
    r = gdb(board.host_prog(prog), s.target, ["break add", "continue"] + cmds)
    assert "Breakpoint 1, add (a=3, b=1)" in r.of(1), r
    assert "$1 = 3" in r.of(2) and "$2 = 1" in r.of(3), r
    assert all(n in r.output for n in names), r
    assert "0x1122334455667788" in r.of(7) if board.is_a64(prog) else "= 1.5" in r.of(7), r
    assert "0x77" in r.of(9), r
    if board.is_thumb(prog):
        assert int(re.search(r"\$3 = (\d+)", r.of(4)).group(1)) & 0x20, r  # Thumb state


def test_pointer_authentication_masks(board, stub):
    """With pointer authentication (ZSTUB_BOARD_CPU=max,pauth-impdef=on) gdb gets the masks it
    strips signed return addresses with; without it the registers do not exist."""
    if board.arch != "aarch64":
        pytest.skip("aarch64 only")
    s = stub("wprog", "step")
    r = gdb(board.host_prog(), s.target, ["break add", "continue", "info registers pauth_dmask",
                                          "bt"])
    if board.cpu.startswith("max"):
        assert re.search(r"pauth_dmask\s+0x[0-9a-f]+", r.of(2)), r
    else:
        assert "Invalid register" in r.of(2), r
    assert "#1  0x" in r.of(3) and "in compute" in r.of(3), r


def test_gdb_over_the_boards_serial_line(board, stub):
    """zstub on the guest's second serial line (/dev/hvc0, raw at --baud), gdb-multiarch on the
    host's end of it (a pty qemu created): `target remote /dev/pts/N`."""
    assert board.serial_pty, "qemu gave no pty for the serial line"
    sh = board.shell()
    try:
        sh.send("echo STUB-PID=$$; exec /bin/zstub --baud=115200 /dev/hvc0 /progs/wprog count 2>&1")
        stub_pid = int(sh.expect(r"STUB-PID=(\d+)").group(1))
        prog_pid = int(sh.expect(r"pid = (\d+)[\s\S]*?Remote debugging using /dev/hvc0\n")
                       .group(1))
        board.live.append((stub_pid, prog_pid))
        r = gdb(board.host_prog(), board.serial_pty,
                ["break bump", "continue", "continue", "delete", "continue"])
        assert "Breakpoint 1, bump (x=1)" in r.of(1), r
        assert "Breakpoint 1, bump (x=2)" in r.of(2), r
        assert "exited normally" in r.of(4), r
        out = sh.output_until_closed(30)  # zstub ends with its program: the line never hangs up
        assert "counter=15" in out, out
    finally:
        sh.close()
