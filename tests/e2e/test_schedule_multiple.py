"""gdb's `set schedule-multiple on` on extended-remote: one `continue` resumes every inferior
(gdb sends `vCont;c` with no thread, or an action per process on a non-stop target); the first
event of any of them is reported, and every process is stopped again before gdb hears of it
(all-stop). gdb.multi/multi-term-settings.exp, multi-exit.exp, multi-kill.exp and
gdb.base/vfork-follow-parent.exp depend on it."""
import re
import time

import pytest

from harness.programs import line_of

TICK = "break sleeper.c:" + str(line_of("sleeper.c", "tick"))


def two_inferiors(e2e, stub, second_args="60", non_stop=False):
    """gdb commands: inferior 1 runs `spin` (loops forever) to main, inferior 2 `sleeper` to main,
    a breakpoint in sleeper's tick (in inferior 2 only), schedule-multiple on, inferior 1
    current again. With non_stop, gdb connects again with all-stop on top of a non-stop target
    (as gdb.multi/multi-exit.exp and multi-kill.exp): it is settled at the connection."""
    spin, sleeper = e2e.program("spin"), e2e.program("sleeper")
    pre = ["disconnect", "maint set target-non-stop on",
           f"target extended-remote {stub.address}"] if non_stop else []
    return pre, [
        f"set remote exec-file {spin}", "tbreak main", "run",
        "add-inferior", "inferior 2", f"file {sleeper}", f"set remote exec-file {sleeper}",
        "tbreak main", f"run {second_args}", TICK, "set schedule-multiple on", "inferior 1"]


def connect(e2e, stub, pre, commands, **kw):
    return e2e.gdb("spin", stub.address, pre + commands, extended=True, **kw)


def spins(text):
    m = re.search(r"\$\d+ = (\d+)", text)
    return int(m.group(1)) if m else None


@pytest.mark.parametrize("non_stop", [False, True], ids=["all-stop", "non-stop-target"])
def test_breakpoint_in_the_other_inferior_is_hit(e2e, non_stop):
    """Inferior 1 current, `continue`: inferior 2 runs too and its breakpoint is hit (before,
    only inferior 1 ran: it spins forever, and gdb waited for a stop that never came). Inferior
    1 ran meanwhile (its counter moved between two stops) and is stopped when gdb reports."""
    stub = e2e.stub(options=["--multi"])
    pre, setup = two_inferiors(e2e, stub, non_stop=non_stop)
    n = len(pre) + len(setup)
    r = connect(e2e, stub, pre, setup + [
        "continue", "inferior 1", "print spins", "continue", "inferior 1", "print spins",
        "info threads", "kill inferiors 1 2"], timeout=90)
    assert re.search(r"Temporary breakpoint \d+, main", r.of(len(pre) + 2)), r
    assert re.search(r"Temporary breakpoint \d+(\.\d+)?, main", r.of(len(pre) + 8)), r
    for i in (n, n + 3):
        assert re.search(r"Thread 2\.1 \S+ hit Breakpoint \d+(\.\d+)?, tick", r.of(i)), r
    first, second = spins(r.of(n + 2)), spins(r.of(n + 5))
    assert first is not None and second is not None and second > first, r  # it ran
    # gdb shows both inferiors stopped (all-stop), inferior 1 in spin's loop.
    assert re.search(r"1\.1\s+Thread .*main \(\) at .*spin\.c", r.of(n + 6)), r
    assert "(running)" not in r.of(n + 6), r


def test_exit_of_one_inferior_while_the_other_runs(e2e):
    """Both run; inferior 2 (sleeper, 1 s of ticks) exits while inferior 1 spins: gdb reports
    the exit, inferior 1 is stopped and can be read and continued on its own."""
    stub = e2e.stub(options=["--multi"])
    pre, setup = two_inferiors(e2e, stub, second_args="1")
    n = len(setup)
    r = connect(e2e, stub, pre, setup + [
        "delete", "continue", "inferior 1", "print spins", "info threads",
        "kill inferiors 1"], timeout=90)
    assert re.search(r"\[Inferior 2 \(process \d+\) exited normally\]", r.of(n + 1)), r
    assert (spins(r.of(n + 3)) or 0) > 0, r
    assert "(running)" not in r.of(n + 4), r
    assert stub.wait_stdout("sleeper done"), stub.output()


def test_ctrl_c_stops_every_inferior(e2e):
    """Both run (neither stops on its own); Ctrl-C stops them all and gdb shows SIGINT; each
    inferior then reads as stopped, both having run."""
    stub = e2e.stub(options=["--multi"])
    pre, setup = two_inferiors(e2e, stub)
    gdb = e2e.interactive("spin", timeout=60)
    gdb.cmd("set confirm off")
    gdb.cmd(f"target extended-remote {stub.address}")
    for c in setup[:-3]:
        gdb.cmd(c)
    gdb.cmd("set schedule-multiple on")
    gdb.cmd("inferior 1")
    gdb.send("continue")
    gdb.expect("Continuing")
    time.sleep(1.0)
    out = gdb.interrupt()
    assert "SIGINT" in out, out
    gdb.cmd("inferior 1")
    assert (spins(gdb.cmd("print spins")) or 0) > 0
    gdb.cmd("inferior 2")
    ticks = gdb.cmd("print ticks")
    assert (spins(ticks) or 0) > 0, ticks
    threads = gdb.cmd("info threads")
    assert "(running)" not in threads, threads
    gdb.cmd("kill inferiors 1 2")


def test_several_exits_at_once_reported_one_per_continue(e2e):
    """Non-stop target (gdb's all-stop on top of it, as gdb.multi/multi-exit.exp): three
    inferiors at main resumed at once all exit at once. gdb hears of one exit, stops the others
    (`vCont;t` naming processes whose exit is already on its way: OK, not E03, or gdb gives up
    stopping them) and reports each remaining exit on its own `continue`."""
    stub = e2e.stub(options=["--multi"])
    prog = e2e.program("exitcode")
    setup = ["disconnect", "maint set target-non-stop on",
             f"target extended-remote {stub.address}", f"set remote exec-file {prog}",
             "tbreak main", "run"]
    for n in (2, 3):
        setup += ["add-inferior", f"inferior {n}", f"file {prog}",
                  f"set remote exec-file {prog}", "tbreak main", "run"]
    live = ("python gdb.execute('inferior %d' % "
            "[i for i in gdb.inferiors() if i.pid][0].num)")
    setup += ["set schedule-multiple on", "continue", "info inferiors"]
    r = e2e.gdb("exitcode", stub.address, setup + [live, "continue", live, "continue",
                                                    "info inferiors"], extended=True, timeout=90)
    n = len(setup)
    exited = r"\[Inferior \d \(process \d+\) exited with code 07\]"
    assert len(re.findall(exited, r.of(n - 2))) == 1, r
    assert len(re.findall(r"process \d+", r.of(n - 1))) == 2, r  # two still to report
    assert len(re.findall(exited, r.of(n + 1))) == 1, r
    assert len(re.findall(exited, r.of(n + 3))) == 1, r
    assert "process" not in r.of(n + 4), r
    # (Switching to an inferior whose exit gdb holds may show "Could not read registers": the
    # process is gone, as it is with gdbserver when the exits come that close together.)
    assert not re.search(r"Stopping .* failed", r.output), r
