"""gdb in non-stop mode: one thread stops while the others keep running; threads are stopped
and resumed one by one or all together; breakpoints and watchpoints go in while threads run."""
import re
import time

import pytest

from harness import config, procs, rspclient
from harness.expect import value_of
from harness.programs import line_of

SETTLE = 0.3  # seconds the running threads get between two looks


def connect(e2e):
    """gdb in non-stop mode, with the main thread stopped once the three workers run."""
    stub = e2e.stub("nonstop")
    gdb = e2e.interactive("nonstop")
    gdb.cmd("set non-stop on")
    out = gdb.cmd(f"target remote {stub.address}", timeout=30)
    assert "Remote debugging using" in out, out
    gdb.cmd("break all_started")
    out = gdb.cmd("continue", timeout=60)
    assert "hit Breakpoint 1, all_started" in out, out
    gdb.cmd("delete")
    return stub, gdb


def counter(gdb):
    return int(value_of(gdb.cmd("print counter")))


def wait_for(gdb, pattern, timeout=20):
    """The next asynchronous report matching pattern (gdb prints it while at its prompt)."""
    return gdb.expect(pattern, timeout=timeout)


def running_threads(gdb):
    return gdb.cmd("info threads").count("(running)")


def finish(gdb, stub):
    gdb.cmd("interrupt -a")
    time.sleep(SETTLE)
    gdb.cmd("set var stop_all = 1")
    gdb.cmd("continue -a &")
    assert stub.wait_stdout("nonstop done", timeout=30), stub.output()


def test_others_run_while_one_thread_sits_at_a_breakpoint(e2e):
    stub, gdb = connect(e2e)
    assert running_threads(gdb) == 3, gdb.cmd("info threads")
    gdb.cmd("break hit")
    m = wait_for(gdb, r'Thread (\d+) "nonstop" hit Breakpoint 2, hit \(i=(\d+)\)')
    thread, i = m.group(1), int(m.group(2))
    # The hitter sits at the breakpoint, main is stopped, the spinner and signaller run.
    assert running_threads(gdb) == 2, gdb.cmd("info threads")
    before = counter(gdb)
    time.sleep(SETTLE)
    assert counter(gdb) > before  # the spinner kept counting
    # The stopped thread goes on alone and stops at its next call.
    gdb.cmd(f"thread {thread}")
    out = gdb.cmd("continue", timeout=30)
    assert f"hit Breakpoint 2, hit (i={i + 1})" in out, out
    gdb.cmd("delete")
    finish(gdb, stub)


def test_interrupt_one_then_all(e2e):
    stub, gdb = connect(e2e)
    gdb.cmd("continue -a &")
    time.sleep(SETTLE)
    assert running_threads(gdb) == 4
    gdb.cmd("interrupt")
    wait_for(gdb, r'(Thread 1 "nonstop" stopped|Program stopped)\.')
    assert running_threads(gdb) == 3, gdb.cmd("info threads")
    gdb.cmd("interrupt -a")
    deadline = time.time() + config.scaled(20)
    while running_threads(gdb) and time.time() < deadline:
        time.sleep(0.1)
    assert running_threads(gdb) == 0, gdb.cmd("info threads")
    before = counter(gdb)
    time.sleep(SETTLE)
    assert counter(gdb) == before  # everything is stopped
    gdb.cmd("continue -a &")
    time.sleep(SETTLE)
    assert running_threads(gdb) == 4
    finish(gdb, stub)


def test_breakpoint_inserted_while_threads_run(e2e):
    stub, gdb = connect(e2e)
    gdb.cmd("continue -a &")
    time.sleep(SETTLE)
    gdb.cmd("break hit")
    wait_for(gdb, r'hit Breakpoint 2, hit \(i=\d+\)')
    before = counter(gdb)
    time.sleep(SETTLE)
    assert counter(gdb) > before
    gdb.cmd("delete")
    finish(gdb, stub)


def test_watchpoint_fires_in_one_thread_while_others_run(e2e):
    stub, gdb = connect(e2e)
    out = gdb.cmd("watch watched")  # main is stopped; the workers run while it goes in
    assert "Hardware watchpoint 2: watched" in out, out
    wait_for(gdb, r"Hardware watchpoint 2: watched\s+Old value = \d+\s+New value = \d+")
    before = counter(gdb)
    time.sleep(SETTLE)
    assert counter(gdb) > before
    gdb.cmd("delete")
    finish(gdb, stub)


def test_signal_in_one_thread(e2e):
    stub, gdb = connect(e2e)
    gdb.cmd("set var send_signal = 1")
    wait_for(gdb, r'Thread \d+ "nonstop" received signal SIGUSR1')
    assert running_threads(gdb) == 2, gdb.cmd("info threads")
    finish(gdb, stub)
    assert "usr1=1" in stub.stdout(), stub.output()


def test_stepi_after_deleting_the_breakpoint_steps_one_instruction(e2e):
    """gdb deletes the breakpoint a thread reported, then steps it: one instruction, not a
    continue (gdb's step-sw-breakpoint-adjust-pc)."""
    stub, gdb = connect(e2e)
    gdb.cmd("break hit")
    m = wait_for(gdb, r'Thread (\d+) "nonstop" hit Breakpoint 2, hit')
    gdb.cmd(f"thread {m.group(1)}")
    at = gdb.cmd("print/x $pc")
    gdb.cmd("delete")
    out = gdb.cmd("stepi", timeout=30)
    after = gdb.cmd("print/x $pc")
    assert "exited" not in out, out
    assert after != at and "hit" in gdb.cmd("frame"), (at, after, out)
    finish(gdb, stub)


def _thread_ids(client):
    ids, reply = [], client.request("qfThreadInfo")
    while reply.startswith(b"m"):
        ids += reply[1:].decode().split(",")
        reply = client.request("qsThreadInfo")
    return ids


def test_resume_leaves_threads_whose_stops_the_client_has_not_taken(e2e, tmp_path):
    """gdb counts a thread as running until it has taken the thread's stop report (the %Stop
    notification, then one vStopped per further report); a vCont it sends meanwhile, with a
    default action for all threads, must leave such a thread stopped, or gdb reads the registers
    of a thread that runs (gdb.threads/non-stop-fair-events.exp failed so, now and then)."""
    stub = e2e.stub("busy_threads", 3, tmp_path / "never", 50)
    client = e2e.rsp(stub)
    client.request("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+")
    assert client.request("QNonStop:1") == b"OK"
    assert client.request("?").startswith(b"T")
    assert client.request("vStopped") == b"OK"
    assert client.request("vCont;c") == b"OK"
    assert stub.wait_stdout("ready threads=", timeout=30), stub.output()
    leader, *workers = _thread_ids(client)
    first, second = workers[0], workers[1]
    assert client.request(f"vCont;t:{first};t:{second}") == b"OK"
    reports = [client.read_notification(timeout=20)]
    # Not taken yet: the head report (sent) and the next (queued). A resume of every thread:
    assert client.request("vCont;c") == b"OK"
    reports.append(client.request("vStopped"))
    assert client.request("vStopped") == b"OK"
    stopped = {re.search(rb"thread:([0-9a-fp.]+);", r).group(1).decode() for r in reports}
    assert stopped == {first, second}, reports
    for tid in (first, second):  # both still stopped: their registers can be read
        assert client.request(f"Hg{tid}") == b"OK"
        regs = client.request("g")
        assert re.fullmatch(rb"[0-9a-fx]+", regs), (tid, regs)


def _false_condition_storm(e2e, non_stop):
    """gdb with 8 threads looping through a breakpoint whose target-side condition is never
    true, every thread resumed: the stub steps them over it by itself, thousands of times a
    second (gdb.threads/interrupt-while-step-over)."""
    stub = e2e.stub("cond_loop", 8)
    gdb = e2e.interactive("cond_loop")
    if non_stop:
        gdb.cmd("set non-stop on")
    gdb.cmd("set breakpoint condition-evaluation target")
    out = gdb.cmd(f"target remote {stub.address}", timeout=30)
    assert "Remote debugging using" in out, out
    gdb.cmd("break all_started")
    out = gdb.cmd("continue", timeout=60)
    assert "Breakpoint 1, all_started" in out, out
    gdb.cmd(f"break cond_loop.c:{line_of('cond_loop.c', 'loop_line')} if always_zero")
    return stub, gdb


def test_interrupt_all_while_threads_step_over_a_false_condition(e2e):
    """`interrupt -a` stops every thread although each keeps hitting the breakpoint: a thread's
    trap came before the stop request and the stub let it go silently, which dropped the request;
    and the storm of statuses kept the stub from reading gdb's packets at all."""
    stub, gdb = _false_condition_storm(e2e, non_stop=True)
    gdb.cmd("continue -a &")
    time.sleep(SETTLE)
    assert running_threads(gdb) == 9, gdb.cmd("info threads")
    gdb.cmd("interrupt -a")
    deadline = time.time() + config.scaled(20)
    while running_threads(gdb) and time.time() < deadline:
        time.sleep(0.2)
    out = gdb.cmd("info threads")
    assert running_threads(gdb) == 0 and out.count("cond_loop.c") >= 8, out
    before = gdb.cmd("print dummy")
    time.sleep(SETTLE)
    assert gdb.cmd("print dummy").split("=")[1] == before.split("=")[1]  # nothing runs
    gdb.cmd("delete")
    gdb.cmd("continue -a &")
    time.sleep(SETTLE)
    assert running_threads(gdb) == 9, gdb.cmd("info threads")


def test_ctrl_c_while_threads_step_over_a_false_condition_all_stop(e2e):
    """All-stop: Ctrl-C is answered while the stub steps threads over the breakpoint."""
    stub, gdb = _false_condition_storm(e2e, non_stop=False)
    gdb.send("continue")
    gdb.expect("Continuing.")
    time.sleep(SETTLE)
    out = gdb.interrupt(timeout=30)
    assert "received signal SIGINT" in out, out
    out = gdb.cmd("info breakpoints")
    assert "already hit" not in out.split("if always_zero", 1)[1], out  # never reported


def test_resume_leaves_a_fork_child_the_client_has_not_heard_of(e2e):
    """A fork's report is out (%Stop) but not taken when gdb resumes every thread (vCont;c): the
    child must stay stopped for gdb to decide about it (detach it, follow it); let go, it ran to
    its end and gdb's D;CHILD failed (gdb.threads/pending-fork-event-detach-ns: "Can't detach
    process", then an internal error)."""
    stub = e2e.stub("fork_work")
    client = e2e.rsp(stub)
    client.request("qSupported:multiprocess+;fork-events+;vfork-events+;vContSupported+")
    assert client.request("QNonStop:1") == b"OK"
    assert client.request("?").startswith(b"T")
    assert client.request("vStopped") == b"OK"
    assert client.request("vCont;c") == b"OK"
    report = client.read_notification(timeout=20)
    m = re.search(rb"fork:p([0-9a-f]+)\.", report)
    assert m, report
    child = int(m.group(1), 16)
    assert client.request("vCont;c") == b"OK"  # before the report is taken
    time.sleep(SETTLE)
    with open(f"/proc/{child}/stat") as f:
        assert f.read().rsplit(")", 1)[1].split()[0] == "t", "the fork child runs"
    assert client.request("vStopped") == b"OK"
    assert client.request(f"D;{child:x}") == b"OK"


def attached(e2e, non_stop):
    """busy_threads (4 workers and a sleeper) attached by `zstub --attach`, then gdb connects
    with a non-stop target (gdb.server/attach-flag.exp)."""
    go = e2e.tmp_path / "go"
    program = e2e.spawn([e2e.program("busy_threads"), "4", go, "50"], name="busy")
    assert procs.wait_until(lambda: "ready threads=" in program.stdout_path.read_text(), 20)
    stub = e2e.stub(attach_pid=program.pid)
    gdb = e2e.interactive("busy_threads")
    gdb.cmd(f"set non-stop {non_stop}")
    gdb.cmd("maint set target-non-stop on")
    out = gdb.cmd(f"target remote {stub.address}", timeout=30)
    # gdb 13 asserts (remote.c, async_event_handler_marked) if the first '?' of a non-stop
    # session reports more than one stopped thread.
    assert "Remote debugging using" in out and "internal-error" not in out, out
    return program, go, gdb


def test_attached_program_under_an_all_stop_gdb_on_a_non_stop_target(e2e):
    program, go, gdb = attached(e2e, "off")
    threads = gdb.cmd("info threads")
    assert len(re.findall(r"^\*? +\d+ +Thread ", threads, re.M)) == 6, threads
    assert "(running)" not in threads, threads
    assert "Switching to thread 6" in gdb.cmd("thread 6"), gdb.log
    go.touch()
    out = gdb.cmd("continue", timeout=60)
    assert "exited normally]" in out, out
    assert "busy_threads done" in program.stdout_path.read_text()


def test_attached_program_under_a_non_stop_gdb(e2e):
    """The attach stop is the main thread's (signal 0); the other threads, which gdb was not
    told of as stopped, it takes for running until it stops them, as with gdbserver."""
    program, go, gdb = attached(e2e, "on")
    threads = gdb.cmd("info threads")
    assert threads.count("(running)") == 5 and re.search(r"^\* 1 +Thread .*busy_threads", threads,
                                                          re.M), threads
    assert "Switching to thread 6" in gdb.cmd("thread 6"), gdb.log
    gdb.cmd("interrupt -a")
    deadline = time.time() + config.scaled(20)
    while running_threads(gdb) and time.time() < deadline:
        time.sleep(0.1)
    threads = gdb.cmd("info threads")
    assert "(running)" not in threads and "busy_threads" in threads, threads
    assert re.search(r"#0 .* in ", gdb.cmd("thread apply 3 bt 1")), gdb.log
    go.touch()
    gdb.cmd("continue -a &")
    wait_for(gdb, r"exited normally\]", timeout=60)
    assert "busy_threads done" in program.stdout_path.read_text()


@pytest.mark.parametrize("non_stop", ["off", "on"])
def test_attach_through_extended_remote_on_a_non_stop_target(e2e, non_stop):
    """vAttach on a non-stop target answers OK; gdb then stops the threads (vCont;t) and each
    reports signal 0 (gdb 13 took a stop reply for the attach's failure)."""
    go = e2e.tmp_path / "go"
    program = e2e.spawn([e2e.program("busy_threads"), "2", go, "50"], name="busy")
    assert procs.wait_until(lambda: "ready threads=" in program.stdout_path.read_text(), 20)
    stub = e2e.stub(options=["--multi"])
    gdb = e2e.interactive("busy_threads")
    gdb.cmd(f"set non-stop {non_stop}")
    gdb.cmd("maint set target-non-stop on")
    assert "Remote debugging using" in gdb.cmd(f"target extended-remote {stub.address}")
    out = gdb.cmd(f"attach {program.pid}", timeout=30)
    assert "failed" not in out and "Attaching to program: " in out, out
    deadline = time.time() + config.scaled(20)
    while running_threads(gdb) and time.time() < deadline:  # non-stop: the stops come after
        time.sleep(0.1)
    threads = gdb.cmd("info threads")
    assert len(re.findall(r"^\*? +\d+ +Thread ", threads, re.M)) == 4, threads
    assert "(running)" not in threads, threads
    assert f"process {program.pid}) detached" in gdb.cmd("detach"), gdb.log
    go.touch()
    assert program.wait(30) == 0 and "busy_threads done" in program.stdout_path.read_text()


class NonStopRsp:
    """A raw protocol client in non-stop mode (no acks): replies and %Stop notifications come
    interleaved; notifications are kept until asked for."""

    def __init__(self, client):
        self.client = client
        self.notes = []

    def frame(self, timeout=30):
        c = self.client
        deadline = time.monotonic() + config.scaled(timeout)
        while True:
            starts = [i for i in (c.pending.find(b"$"), c.pending.find(b"%")) if i >= 0]
            if starts:
                i = min(starts)
                h = c.pending.find(b"#", i)
                if h >= 0 and len(c.pending) >= h + 3:
                    kind, payload = bytes(c.pending[i:i + 1]), bytes(c.pending[i + 1:h])
                    del c.pending[:h + 3]
                    return kind, rspclient.rle_decode(payload)
            left = deadline - time.monotonic()
            assert left > 0, f"nothing from the stub; have {bytes(c.pending)!r}"
            c._fill(left)

    def request(self, payload):
        self.client.send_raw(rspclient.frame(payload))
        while True:
            kind, data = self.frame()
            if kind == b"$":
                return data
            self.notes.append(data)

    def stops(self):
        """The stops of the next notification: its own, then vStopped's until OK."""
        while not self.notes:
            kind, data = self.frame()
            assert kind == b"%", data
            self.notes.append(data)
        note = self.notes.pop(0)
        assert note.startswith(b"Stop:"), note
        out = [note[5:]]
        while (reply := self.request("vStopped")) != b"OK":
            out.append(reply)
        return out


def test_a_thread_whose_exit_was_reported_is_gone(e2e):
    """gdb's stop of every thread turns thread events on (QThreadEvents:1) and keeps a reported
    exit ('w') pending. The thread must not be listed afterwards (gdb would add it back and ask
    for its registers: "Could not read registers"), nor be selectable."""
    client = e2e.rsp(e2e.stub("syscall_writes", 1, "threads"))
    assert client.request("QStartNoAckMode") == b"OK"
    client.no_ack = True
    ns = NonStopRsp(client)
    ns.request("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+")
    assert ns.request("QNonStop:1") == b"OK"
    assert ns.request("QThreadEvents:1") == b"OK"
    reply = ns.request("?")  # the stopped threads, one at a time
    while reply != b"OK":
        reply = ns.request("vStopped")
    assert ns.request("vCont;c") == b"OK"
    exited = None
    for _ in range(10):
        for stop in ns.stops():
            w = re.match(rb"w00;(p[0-9a-f]+\.[0-9a-f]+)$", stop)
            m = re.search(rb"thread:(p[0-9a-f]+\.[0-9a-f]+);", stop)
            if w:
                exited = w.group(1)
            elif stop.startswith(b"T05") and b"create:" in stop and m:
                assert ns.request(b"vCont;c:" + m.group(1)) == b"OK"
            else:
                raise AssertionError(stop)
        if exited:
            break
    assert exited, "no thread exit reported"
    listed = ns.request("qfThreadInfo")
    assert exited not in listed, (exited, listed)
    assert ns.request(b"T" + exited).startswith(b"E"), exited
    assert ns.request(b"Hg" + exited).startswith(b"E"), exited


def storm(e2e, fork, *settings):
    """gdb with settings, then connected, stopped at the entry with one thread."""
    stub = e2e.stub("fork_storm", fork)
    gdb = e2e.interactive("fork_storm")
    for s in settings:
        gdb.cmd(s)
    out = gdb.cmd(f"target remote {stub.address}", timeout=30)
    assert "Remote debugging using" in out, out
    gdb.cmd("set print inferior-events off")
    return stub, gdb


def storm_runs_to_its_end(e2e, fork, evaluation):
    """gdb's forking-threads-plus-breakpoint: threads fork (gdb detaches every child) while
    another hits a breakpoint whose condition is false, over and over; the program ends. Fork
    events come in while the client works on a child, a stop-all runs, a child is detached."""
    stub, gdb = storm(e2e, fork, "set non-stop on")
    gdb.cmd(f"set breakpoint condition-evaluation {evaluation}")
    out = gdb.cmd("break spin_here if zero == 1")
    assert "Breakpoint 1 at" in out, out
    gdb.cmd("continue &")
    gdb.expect(r"\[Inferior 1 \(process \d+\) exited normally\]", timeout=90)
    assert "storm done" in stub.stdout(), stub.output()


def test_forks_in_threads_while_one_passes_a_false_condition_in_the_stub(e2e):
    storm_runs_to_its_end(e2e, "fork", "target")


def test_forks_in_threads_while_one_passes_a_false_condition_in_gdb(e2e):
    storm_runs_to_its_end(e2e, "fork", "host")


def test_vforks_in_threads_while_one_passes_a_false_condition_in_gdb(e2e):
    storm_runs_to_its_end(e2e, "vfork", "host")


def test_next_while_other_threads_vfork(e2e):
    """gdb's next-fork-other-thread: all-stop for the user, non-stop for the stub; main goes
    round its loop with `next` (stepping over a breakpoint, displaced) while the other threads
    vfork and gdb detaches their children."""
    stub, gdb = storm(e2e, "vfork", "maint set target-non-stop on")
    gdb.cmd(f"break fork_storm.c:{line_of('fork_storm.c', 'main_loop')}")
    out = gdb.cmd("continue", timeout=60)
    assert "hit Breakpoint 1, main" in out, out
    for i in range(8):
        out = gdb.cmd("next", timeout=60)
        assert re.search(r"rounds\+\+;\s+/\* @main_other", out), (i, out)
        out = gdb.cmd("next", timeout=60)
        assert "for (int i = 0; i < 30" in out, (i, out)
        out = gdb.cmd("next", timeout=60)
        assert "pause_a_bit(); /* @main_loop" in out, (i, out)
    gdb.cmd("delete")
    out = gdb.cmd("continue", timeout=90)
    assert re.search(r"\[Inferior 1 \(process \d+\) exited normally\]", out), out



def _stop_each(client, ids, timeout):
    """Stops the threads with vCont;t (one packet: a notification may come as soon as it is
    answered), then takes their reports (a %Stop notification, vStopped until OK). Returns the
    ids reported."""
    actions = "".join(f";t:{tid}" for tid in ids)
    assert client.request("vCont" + actions) == b"OK", actions
    seen, deadline = set(), time.monotonic() + config.scaled(timeout)
    while not set(ids) <= seen:
        left = deadline - time.monotonic()
        assert left > 0, f"no stop report for {sorted(set(ids) - seen)}"
        try:
            report = client.read_notification(timeout=left / config.scaled(1))
        except (rspclient.RspError, TimeoutError) as e:
            raise AssertionError(f"no stop report for {sorted(set(ids) - seen)}") from e
        while report != b"OK":
            m = re.search(rb"thread:([0-9a-fp.]+);", report)
            if m:
                seen.add(m.group(1).decode())
            report = client.request("vStopped")
    return seen


def test_stop_requests_while_threads_are_being_created(e2e):
    """The client stops every thread it knows of with vCont;t, over and over, while the program
    creates threads (gdb does so in all-stop on a non-stop target). A vCont;t that reached a
    thread before its first stop merged with that stop: the stub let the thread run on, still
    believed an interrupt outstanding, and the stop never came (test_next_while_other_threads_vfork
    hung so, now and then, under load)."""
    threads = 200  # one vCont of at most 256 actions names them all
    stub = e2e.stub("thread_pile", threads, 200)
    client = e2e.rsp(stub)
    client.request("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+")
    assert client.request("QStartNoAckMode") == b"OK"
    client.no_ack = True
    assert client.request("QNonStop:1") == b"OK"
    assert client.request("?").startswith(b"T")
    assert client.request("vStopped") == b"OK"
    assert client.request("vCont;c") == b"OK"
    for _ in range(1000):
        ids = _thread_ids(client)
        _stop_each(client, ids, 20)
        assert client.request("vCont;c") == b"OK"
        if len(ids) == threads + 1:  # every thread exists and went through a round
            break
    assert len(ids) == threads + 1, len(ids)
