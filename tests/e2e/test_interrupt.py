"""Ctrl-C in gdb stops a running program; it can be continued and stopped again."""
import time

from harness.expect import value_of

RUN_A_BIT = 0.5  # seconds to let the program run before pressing Ctrl-C


def interrupt_running(gdb):
    gdb.send("continue")
    gdb.expect("Continuing.")
    time.sleep(RUN_A_BIT)
    return gdb.interrupt(timeout=20)


def test_ctrl_c_twice(e2e):
    stub = e2e.stub("spin")
    gdb = e2e.interactive("spin", stub)
    # Get past the loader first (gdb loads libraries on the way), so that the
    # interrupts below land in the loop.
    gdb.cmd("tbreak main")
    assert "Temporary breakpoint 1, main" in gdb.cmd("continue", timeout=30)
    first = interrupt_running(gdb)
    assert "Program received signal SIGINT, Interrupt." in first, first
    spins1 = int(value_of(gdb.cmd("print spins")))
    assert spins1 > 0
    second = interrupt_running(gdb)
    assert "Program received signal SIGINT, Interrupt." in second, second
    spins2 = int(value_of(gdb.cmd("print spins")))
    assert spins2 > spins1, (spins1, spins2)
    out = gdb.cmd("kill")
    assert "[Inferior 1 (process" in out and "killed]" in out, out


def test_ctrl_c_stops_all_threads(e2e):
    stub = e2e.stub("threads")
    gdb = e2e.interactive("threads", stub)
    gdb.cmd("break threads_ready")
    assert "hit Breakpoint 1" in gdb.cmd("continue", timeout=20)
    gdb.cmd("delete")
    gdb.cmd("set var linger_ms = 60000")  # keep every thread alive while we interrupt
    stopped = interrupt_running(gdb)
    assert "received signal SIGINT" in stopped, stopped
    threads = gdb.cmd("info threads")
    assert threads.count("Thread ") == 9, threads
    before = int(value_of(gdb.cmd("print work[0]")))
    time.sleep(0.3)
    # All-stop: nothing runs while gdb shows the prompt.
    assert int(value_of(gdb.cmd("print work[0]"))) == before


def test_ctrl_c_while_gdb_single_steps_a_software_watchpoint(e2e):
    """With a software watchpoint `continue` is a stream of single steps, and
    gdb sends Ctrl-C at once, so it usually reaches the stub between a step's
    stop reply and the next step. It must still end in SIGINT, not be lost
    (gdb would keep stepping forever)."""
    stub = e2e.stub("spin")
    gdb = e2e.interactive("spin", stub)
    gdb.cmd("tbreak main")
    assert "Temporary breakpoint 1, main" in gdb.cmd("continue", timeout=30)
    gdb.cmd("set can-use-hw-watchpoints 0")
    assert "Watchpoint 2: never_written" in gdb.cmd("watch never_written")
    stopped = interrupt_running(gdb)
    assert "Program received signal SIGINT, Interrupt." in stopped, stopped
    assert int(value_of(gdb.cmd("print spins"))) > 0
