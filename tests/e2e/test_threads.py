"""A program with 8 named worker threads: listing, switching, stepping one."""
import re
import time

from harness.expect import at_line, value_of
from harness.programs import line_of

STOP_ALL_READY = ["break threads_ready", "continue"]


def thread_rows(info_threads):
    """The rows of `info threads`: (gdb id, name or None, frame text)."""
    rows = re.findall(r'^\*?\s+(\d+)\s+Thread \S+ (?:"([^"]*)")?\s*(.*)$', info_threads,
                      re.M)
    return [(int(i), name or None, frame) for i, name, frame in rows]


def test_info_threads_lists_all_with_names(e2e):
    stub = e2e.stub("threads")
    r = e2e.gdb("threads", stub, [*STOP_ALL_READY, "info threads"])
    assert at_line("threads.c", "threads_ready") in r.of(1), r
    rows = thread_rows(r.of(2))
    assert len(rows) == 9, r
    names = sorted(name for _, name, _ in rows)
    assert names == ["threads"] + [f"worker-{i}" for i in range(8)], r
    assert re.search(r"^\*\s+\d+\s+Thread .*threads_ready", r.of(2), re.M), r


def test_each_worker_backtrace_shows_worker(e2e):
    stub = e2e.stub("threads")
    cmds = [*STOP_ALL_READY]
    for n in range(2, 10):
        cmds += [f"thread {n}", "bt"]
    r = e2e.gdb("threads", stub, cmds)
    for k in range(8):
        switch, bt = r.of(2 + 2 * k), r.of(3 + 2 * k)
        assert f"[Switching to thread {k + 2} " in switch, r
        assert re.search(r"in worker \(arg=0x[0-9a-f]+\) at .*threads.c:\d+", bt) or \
            re.search(r"worker \(arg=0x[0-9a-f]+\) at .*threads.c:\d+", bt), r


def test_step_one_worker_with_scheduler_locking(e2e):
    stub = e2e.stub("threads")
    loop = line_of("threads.c", "worker_loop")
    r = e2e.gdb("threads", stub, [*STOP_ALL_READY, "set scheduler-locking step",
                                  f"break threads.c:{loop}", "continue", "delete",
                                  "print idx", "next", "next", "print idx",
                                  "info threads"])
    hit = r.of(4)
    m = re.search(r'Thread \S+ "(worker-\d)" hit Breakpoint 2, worker', hit)
    assert m, r
    idx = value_of(r.of(6))
    assert m.group(1) == f"worker-{idx}", r
    assert re.search(rf"^{loop + 1}\t", r.of(7), re.M), r
    assert "Switching to" not in r.of(7) + r.of(8), r
    assert re.search(rf"^{loop - 1}\t", r.of(8), re.M), r  # back at the while test
    assert value_of(r.of(9)) == idx, r
    assert re.search(rf'^\*\s+\d+\s+Thread [^\n]*"worker-{idx}"', r.of(10), re.M), r


def test_threads_run_to_completion(e2e):
    stub = e2e.stub("threads")
    r = e2e.gdb("threads", stub, [*STOP_ALL_READY, "continue"])
    assert "exited normally" in r.of(2), r
    assert stub.wait_stdout("joined 8 workers"), stub.output()


def test_both_threads_hitting_a_breakpoint_take_turns(e2e):
    # Two threads spin on a one-instruction loop with a breakpoint on it: each continue, both
    # hit it. The stop gdb hears of must not always be the same thread's
    # (gdb.threads/continue-pending-status). zstub reported every Ctrl-C on the thread it
    # resumed last, a spinner: sitting on the breakpoint's address, gdb's step over it at the
    # next continue ended there again and counted as its hit, round after round.
    stub = e2e.stub("tight_loops")
    gdb = e2e.interactive("tight_loops", stub)
    gdb.cmd(f"break tight_loops.c:{line_of('tight_loops.c', 'tight_loop')}")
    assert "hit Breakpoint" in gdb.cmd("continue", timeout=30)
    gdb.cmd("delete")
    gdb.send("continue")
    gdb.expect("Continuing.")
    time.sleep(0.5)
    assert "received signal SIGINT" in gdb.interrupt(timeout=30)
    gdb.cmd("thread 2")
    loop = re.search(r"= (0x[0-9a-f]+)", gdb.cmd("print/x $pc")).group(1)
    seen = []
    for _ in range(16):
        gdb.cmd(f"break *{loop}")
        out = gdb.cmd("continue", timeout=30)
        assert "hit Breakpoint" in out, out
        thread = re.search(r"= (\d+)", gdb.cmd("print $_thread")).group(1)
        seen.append(thread)
        gdb.cmd("thread " + ("3" if thread == "2" else "2"))
        gdb.cmd("delete")
        gdb.send("continue")
        gdb.expect("Continuing.")
        time.sleep(0.3)
        out = gdb.interrupt(timeout=30)
        # Ctrl-C signals the process: the kernel gives SIGINT to the main thread (it sleeps).
        assert 'Thread 1 "tight_loops" received signal SIGINT' in out, out
    # Once gdb's step landed on the breakpoint it did so every round after: both threads must
    # still win rounds late in the run (a fair draw fails this once in 2000 runs).
    assert sorted(set(seen[4:])) == ["2", "3"], seen
