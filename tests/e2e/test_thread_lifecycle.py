"""Threads coming and going around stops: short-lived threads, a leader that leaves first, and
events of other threads that go stale while gdb steps one thread (gdb's multi-create,
leader-exit and pending-step tests)."""
import os
import re
import select
import subprocess
import time

import pytest

from harness import config, procs
from harness.expect import at_line
from harness.programs import line_of
from harness.stub import free_port


def test_breakpoint_hits_while_threads_come_and_go(e2e):
    # A new thread's first stop and even its exit can be reaped before its creator's clone
    # event: such a thread must not come back as one that never stops (the stop-all hung).
    stub = e2e.stub("thread_churn")
    hits = 40
    r = e2e.gdb("thread_churn", stub,
                [f"break thread_churn.c:{line_of('thread_churn.c', 'creator_entry')}"]
                + ["continue"] * hits + ["delete", "continue"])
    for i in range(1, hits + 1):
        assert re.search(r"hit Breakpoint 1, creator \(arg=", r.of(i)), r
    assert "exited normally" in r.of(hits + 2), r


def test_leader_exits_before_its_threads(e2e):
    # main calls pthread_exit: the leader stays a zombie that never stops again. The stop for
    # the other thread's breakpoint must still come, and Ctrl-C must still work.
    stub = e2e.stub("leader_exit")
    gdb = e2e.interactive("leader_exit", stub)
    gdb.cmd(f"break leader_exit.c:{line_of('leader_exit.c', 'after_leader_gone')}")
    out = gdb.cmd("continue", timeout=30)
    assert "hit Breakpoint 1, survivor" in out, out
    threads = gdb.cmd("info threads")
    assert len(re.findall(r"^\*?\s+\d+\s+Thread ", threads, re.M)) == 1, threads
    gdb.cmd("delete")
    gdb.send("continue")
    gdb.expect("Continuing.")
    out = gdb.interrupt(timeout=30)
    assert "received signal SIGINT" in out, out


def test_leader_exits_before_its_threads_non_stop(e2e, tmp_path):
    # Non-stop: gdb's current thread (main) called pthread_exit and the other thread stopped at
    # a breakpoint. gdb must learn main is gone (the thread list leaves the zombie out), and a
    # core file of the process is written, not "Could not read registers" of the zombie
    # (gdb.threads/gcore-stale-thread).
    stub = e2e.stub("leader_exit")
    gdb = e2e.interactive("leader_exit")
    gdb.cmd("set non-stop on")
    out = gdb.cmd(f"target remote {stub.address}", timeout=30)
    assert "Remote debugging using" in out, out
    gdb.cmd(f"break leader_exit.c:{line_of('leader_exit.c', 'after_leader_gone')}")
    gdb.send("continue")
    gdb.expect(r"hit Breakpoint 1, survivor", timeout=30)
    gdb.expect_prompt(timeout=30)
    core = tmp_path / "leader.core"
    out = gdb.cmd(f"gcore {core}", timeout=60)
    assert "Saved corefile" in out and core.stat().st_size > 0, out
    out = gdb.cmd("info threads")
    assert "The current thread <Thread ID 1> has terminated" in out, out
    assert len(re.findall(r"^\*?\s+\d+\s+Thread ", out, re.M)) == 1, out


def test_next_while_another_thread_hits_the_same_breakpoint(e2e):
    # The other thread's stale events (a finished step, a trap still queued when it was
    # interrupted) must never surface later as a SIGTRAP from nowhere.
    stub = e2e.stub("two_thread_loop")
    line = line_of("two_thread_loop.c", "shared_line")
    nexts = 40
    r = e2e.gdb("two_thread_loop", stub,
                [f"break two_thread_loop.c:{line}", "continue"] + ["next"] * nexts)
    assert "hit Breakpoint 1, looper" in r.of(1), r
    assert "SIGTRAP" not in r.output, r
    for i in range(2, nexts + 2):
        assert re.search(r"^\d+\t", r.of(i), re.M), r


def test_registers_after_a_stop_belong_to_the_reporting_thread(e2e):
    # After a stop reply gdb takes the reporting thread as the current one and writes its
    # registers without a new Hg (here: the PC, for a displaced step over the breakpoint in g).
    # The write must not land in the thread gdb looked at before (the worker).
    stub = e2e.stub("displaced_pc")
    r = e2e.gdb("displaced_pc", stub,
                ["set displaced-stepping on", "tbreak f", "continue", "thread 2",
                 "info registers rip", "break g", "continue", "continue", "delete",
                 "continue"])
    assert "Temporary breakpoint 1, f ()" in r.of(2), r
    assert "Breakpoint 2, g ()" in r.of(6), r
    assert "Breakpoint 2, g ()" in r.of(7), r
    assert "exited normally" in r.of(9), r


def test_clone_without_clone_thread_is_a_thread(e2e):
    # Its first stop can come before its creator's clone event; it must not be taken for a
    # fork child and let go (gdb.threads/clone-new-thread-event).
    stub = e2e.stub("raw_clone")
    r = e2e.gdb("raw_clone", stub, ["continue", "continue"])
    assert "received signal SIGUSR1" in r.of(0), r
    assert "exited normally" in r.of(1), r


def test_only_resumed_thread_exits_under_scheduler_locking(e2e):
    # gdb resumed one thread and it exited; the other stays stopped: nothing will ever report
    # unless the stub says so ('N', gdb.threads/no-unwaited-for-left).
    stub = e2e.stub("signal_to_waiter")
    r = e2e.gdb("signal_to_waiter", stub,
                [f"break signal_to_waiter.c:{line_of('signal_to_waiter.c', 'worker_body')}",
                 "continue", "set scheduler-locking on", "continue", "info threads", "thread 1",
                 "set scheduler-locking off", "continue"])
    assert "hit Breakpoint 1, worker" in r.of(1), r
    assert "No unwaited-for children left." in r.of(3), r
    assert len(re.findall(r"^\*?\s+\d+\s+Thread ", r.of(4), re.M)) == 1, r
    assert "exited with code 01" in r.of(7), r  # main's handler never ran: exit(1)


@pytest.mark.zstub_only  # gdbserver answers 'N' (the test's KFAIL, gdb bug 18717)
def test_resumed_thread_exits_the_process_under_scheduler_locking(e2e):
    # The one thread gdb resumed calls exit(): the held leader dies with it. The process's exit
    # is the answer, not 'N' (gdb.threads/non-ldr-exit: after zstub's 'N' gdb's thread list
    # request failed, the process being gone, and gdb waited forever).
    stub = e2e.stub("worker_exits")
    r = e2e.gdb("worker_exits", stub,
                [f"break worker_exits.c:{line_of('worker_exits.c', 'worker_exit')}",
                 "continue", "set scheduler-locking on", "continue"])
    assert "hit Breakpoint 1, worker" in r.of(1), r
    assert "exited with code 07" in r.of(3), r
    assert "No unwaited-for children left." not in r.output, r


# 1000 threads created and joined 100 at a time (thousand_threads.c): a counting breakpoint in
# the thread function, a watchpoint on a variable only main writes, once after each batch. Every
# new thread must carry the watchpoint's debug registers and the breakpoint: no hit lost or
# doubled, exactly the watch stops that happened.
THREADS, WRITES = 1000, 10
FINAL = f"thousand_threads created={THREADS} calls={THREADS} writes={WRITES}"


def test_thousand_threads_counting_breakpoint_and_watchpoint_gdb(e2e):
    script = e2e.tmp_path / "count.gdb"
    script.write_text("break counted\ncommands\nsilent\ncontinue\nend\n"
                      "watch main_progress\nwhile 1\n  continue\nend\n")
    stub = e2e.stub("thousand_threads")
    r = e2e.gdb("thousand_threads", stub, [f"source {script}", "info breakpoints"], timeout=180)
    assert stub.wait_stdout(FINAL), f"{r}\n{stub.output()}"
    assert "exited normally" in r.of(0), r
    watch_stops = re.findall(r"Hardware watchpoint 2: main_progress\s+Old value = (\d+)\s+"
                             r"New value = (\d+)", r.of(0))
    assert watch_stops == [(str(i), str(i + 1)) for i in range(WRITES)], r
    assert f"breakpoint already hit {THREADS} times" in r.of(1), r
    assert f"breakpoint already hit {WRITES} times" in r.of(1), r


@pytest.mark.zstub_only  # lldb drives zstub's lldb extensions
def test_thousand_threads_counting_breakpoint_and_watchpoint_lldb(e2e):
    stub = e2e.stub("thousand_threads")
    # The breakpoint continues by itself; each `continue` ends at the next watch stop.
    r = e2e.lldb("thousand_threads", stub,
                 ["breakpoint set -n counted --auto-continue true",
                  "watchpoint set variable main_progress"]
                 + ["continue"] * WRITES + ["breakpoint list", "continue"], timeout=180)
    for i in range(WRITES):
        out = r.of(2 + i)
        assert "stop reason = watchpoint 1" in out, r
        assert re.search(rf"old value: {i}\s+new value: {i + 1}", out), r
    assert re.search(rf"hit count = {THREADS}\b", r.of(2 + WRITES)), r
    assert "exited with status = 0" in r.of(3 + WRITES), r
    assert stub.wait_stdout(FINAL), f"{r}\n{stub.output()}"


def test_threads_come_and_go_after_the_leader_exited(e2e):
    # Every stop-all meets threads exiting and being created, and a zombie leader that never
    # stops: each hit must still be reported (60 of them), and the process end too.
    stub = e2e.stub("leader_churn")
    hits = 60
    r = e2e.gdb("leader_churn", stub, ["break round_done"] + ["continue"] * hits
                + ["info threads", "delete", "continue"], timeout=120)
    for i in range(1, hits + 1):
        assert re.search(r"hit Breakpoint 1, round_done \(creator=[01]\)", r.of(i)), r
    assert "exited normally" in r.of(hits + 3), r
    assert stub.wait_stdout("leader_churn rounds=60"), stub.output()


@pytest.mark.zstub_only  # lldb drives zstub's lldb extensions
def test_threads_come_and_go_after_the_leader_exited_lldb(e2e):
    stub = e2e.stub("leader_churn")
    r = e2e.lldb("leader_churn", stub, ["breakpoint set -n round_done --auto-continue true",
                                        "continue", "breakpoint list"], timeout=120)
    assert "exited with status = 0" in r.of(1), r
    assert re.search(r"hit count = 60\b", r.of(2)), r
    assert stub.wait_stdout("leader_churn rounds=60"), stub.output()


@pytest.mark.zstub_only  # gdbserver waits for the vfork parent: the stop comes with the child's exit
def test_stop_all_does_not_wait_for_a_thread_blocked_in_the_kernel(e2e):
    # main is a vfork parent whose child sleeps: it cannot stop until the child exits. A worker
    # hits a breakpoint meanwhile: the stop must be reported without waiting for main, main
    # shown where it waits (PC, SP; no register read error), and reported where it stopped once
    # it could.
    nap_ms = int(config.scaled(2500))
    stub = e2e.stub("vfork_wait", nap_ms)
    gdb = e2e.interactive("vfork_wait")
    # Told of the vfork, gdb takes every breakpoint out of the parent until the child is gone:
    # nothing would stop meanwhile. Untold, it leaves that to the stub (which lifts only traps).
    gdb.cmd("set remote vfork-event-feature-packet off")  # before connecting: qSupported
    assert "Remote debugging using" in gdb.cmd(f"target remote {stub.address}")
    gdb.cmd("break main")
    assert "Breakpoint 1, main" in gdb.cmd("continue"), gdb.log
    gdb.cmd("hbreak tick")  # traps are lifted while the vfork child shares the memory
    child = None
    for _ in range(50):
        out = gdb.cmd("continue", timeout=30)
        assert "hit Breakpoint 2, tick" in out, out
        m = re.search(r"child pid=(\d+)", stub.stdout())
        if m and procs.is_alive(int(m.group(1))):
            child = int(m.group(1))
            break
    assert child, stub.output()
    out = gdb.cmd("continue", timeout=30)
    assert "hit Breakpoint 2, tick" in out, out
    assert procs.is_alive(child), f"the stop waited for the vfork child\n{stub.output()}"
    threads = gdb.cmd("info threads")
    assert "Could not read registers" not in threads, threads
    assert re.search(r"^\s+1\s+Thread .*vfork", threads, re.M), threads
    assert procs.wait_until(lambda: not procs.is_alive(child), nap_ms / 1000 + 10), \
        stub.output()
    gdb.cmd("flushregs")  # gdb keeps the registers it read while the program is stopped
    gdb.cmd("thread 1")
    bt = gdb.cmd("bt")
    assert re.search(r"#\d+ .*main \(", bt), bt
    gdb.cmd("delete")
    out = gdb.cmd("continue", timeout=30)
    assert "exited normally" in out, out
    assert stub.wait_stdout("vfork_wait done"), stub.output()


@pytest.mark.parametrize("round_", range(3))
def test_threads_die_while_being_resumed(e2e, round_):
    # A thread stopped in _exit is resumed first; its exit_group kills the 1000 others while the
    # stub is still resuming them (ESRCH). Their exits, the leader's last, must all be collected
    # and the process's exit reported: zstub stopped collecting once nothing counted as running,
    # and gdb waited forever (gdb.threads/process-dies-while-detaching, continue cases). The
    # race is narrow here: this guards the scenario, the testsuite file showed the hang.
    stub = e2e.stub("dying_threads")
    r = e2e.gdb("dying_threads", stub,
                ["break main", "continue", "watch watched", "tbreak _exit", "continue",
                 "continue"])
    assert "Hardware watchpoint 2: watched" in r.of(2), r
    assert "hit Temporary breakpoint 3.1, __GI__exit" in r.of(4), r
    assert "exited normally" in r.of(5), r


@pytest.mark.zstub_only  # zstub's own command line and messages
def test_threads_die_while_being_resumed_and_nobody_reads_stderr(e2e):
    # As above, with the stub's stderr a pipe nobody reads (gdb's testsuite reads the stub's
    # terminal only at the end of a test). zstub warned three lines per dying thread it failed to
    # resume, filled the pipe and blocked until the reader came: gdb timed out.
    port = free_port()
    proc = subprocess.Popen([config.stub_binary(), "--once", f"127.0.0.1:{port}",
                             str(e2e.program("dying_threads"))],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=procs.env_with_token(e2e.token))
    try:
        deadline = time.monotonic() + config.scaled(10)
        seen = b""
        while b"Listening on" not in seen and time.monotonic() < deadline:
            if select.select([proc.stderr], [], [], 0.1)[0]:
                seen += os.read(proc.stderr.fileno(), 4096)
        assert b"Listening on" in seen, seen
        r = e2e.gdb("dying_threads", f"127.0.0.1:{port}",
                    ["break main", "continue", "watch watched", "tbreak _exit", "continue",
                     "continue"])
        assert "hit Temporary breakpoint 3.1, __GI__exit" in r.of(4), r
        assert "exited normally" in r.of(5), r
    finally:
        proc.kill()
        proc.wait()


def test_stepi_over_clone_reports_the_step_not_the_new_threads_signal(e2e):
    # gdb.base/step-over-syscall: a single step over a clone instruction whose new thread stops
    # at once (a signal, here SIGUSR1). The kernel reports a step over a system call with another
    # si_code than other steps; taken for some other trap, it lost its priority and half the
    # time the new thread's signal was reported for the `stepi`.
    stub = e2e.stub("step_clone")
    gdb = e2e.interactive("step_clone", stub)
    gdb.cmd("break *clone_insn")
    rounds = 12
    for i in range(rounds):
        out = ""
        for _ in range(3):  # the last round's thread may report its signal first
            out = gdb.cmd("continue", timeout=30)
            if "Breakpoint 1," in out:
                break
        assert "Breakpoint 1," in out, (i, out)
        out = gdb.cmd("stepi", timeout=30)
        assert "received signal" not in out, (i, out)
        where = gdb.cmd("print (long) $pc == (long) &after_clone")
        assert "= 1" in where, (i, out, where)
        threads = gdb.cmd("info threads")
        assert re.search(r"^\*\s+1\s+Thread ", threads, re.M), (i, threads)
    gdb.cmd("delete")
    out = gdb.cmd("continue", timeout=30)
    while "received signal SIGUSR1" in out:
        out = gdb.cmd("continue", timeout=30)
    assert "exited normally" in out, out
