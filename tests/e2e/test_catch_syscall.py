"""System call catchpoints (QCatchSyscalls): gdb's `catch syscall` stops at the entry and the
return of exactly the calls asked for, with the stub letting every other call pass without a
round trip; together with breakpoints and several threads."""
import re
import time

import pytest

from harness.expect import at_line, value_of
from harness.programs import line_of

CALL = re.compile(r"Catchpoint \d+ \(call to syscall (\w+)\)")
RETURN = re.compile(r"Catchpoint \d+ \(returned from syscall (\w+)\)")


def counts(result, pattern):
    """{syscall name: how many stops} over the whole transcript."""
    out = {}
    for name in pattern.findall(result.output):
        out[name] = out.get(name, 0) + 1
    return out


def test_catch_syscall_write_entry_and_return_counts(e2e):
    n = 7
    stub = e2e.stub("syscall_writes", n)
    r = e2e.gdb("syscall_writes", stub, ["catch syscall write"] + ["continue"] * (2 * n + 1))
    assert "Catchpoint 1 (syscall 'write' [1])" in r.of(0), r
    assert counts(r, CALL) == {"write": n}, r
    assert counts(r, RETURN) == {"write": n}, r
    # Entry and return alternate, each at the write call of the program.
    for i in range(1, 2 * n + 1):
        assert ("call to" if i % 2 else "returned from") in r.of(i), r
    assert "exited normally" in r.of(2 * n + 1), r


def test_catch_syscall_several_names_and_a_group(e2e):
    # Caught from main on: the program's own calls are exactly known from there.
    n = 4
    stub = e2e.stub("syscall_writes", n)
    r = e2e.gdb("syscall_writes", stub,
                ["break main", "continue", "catch syscall group:signal",
                 "catch syscall getpid close"] + ["continue"] * (2 * (3 * n + 1) + 1))
    assert "'kill' [62]" in r.of(2), r
    assert counts(r, CALL) == {"kill": n, "getpid": 2 * n, "close": 1}, r
    assert counts(r, RETURN) == {"kill": n, "getpid": 2 * n, "close": 1}, r
    assert "exited normally" in r.output, r


def test_catch_syscall_with_breakpoints_and_threads(e2e):
    # Two workers write n times each, then hit a breakpoint: every write of each thread is
    # caught at entry and return, and both breakpoint hits are reported.
    n = 5
    stub = e2e.stub("syscall_writes", n, "threads")
    stops = 2 * (2 * n) + 2
    r = e2e.gdb("syscall_writes", stub,
                ["break worker_done", "catch syscall write"] + ["continue"] * stops
                + ["delete", "continue"])
    assert counts(r, CALL) == {"write": 2 * n}, r
    assert counts(r, RETURN) == {"write": 2 * n}, r
    assert len(re.findall(r"Breakpoint 1, worker_done", r.output)) == 2, r
    assert "exited normally" in r.of(stops + 3), r
    assert "SIGTRAP" not in r.output, r


def test_catch_syscall_then_delete_runs_free(e2e):
    # After the catchpoint is deleted, nothing stops the program any more (QCatchSyscalls:0).
    stub = e2e.stub("syscall_writes", 5)
    r = e2e.gdb("syscall_writes", stub,
                ["catch syscall write", "continue", "continue", "delete", "continue"])
    assert "call to syscall write" in r.of(1), r
    assert "returned from syscall write" in r.of(2), r
    assert "exited normally" in r.of(4), r


def test_breakpoint_and_next_while_catching(e2e):
    # `next` over a line that makes a caught call stops at the call, as gdb does natively; the
    # breakpoint on that line hits again at the next iteration.
    stub = e2e.stub("syscall_writes", 3)
    where = at_line("syscall_writes.c", "write_call")
    r = e2e.gdb("syscall_writes", stub,
                [f"break {where}", "continue", "catch syscall write", "next", "continue",
                 "continue", "delete", "continue"])
    assert "Breakpoint 1, writes ()" in r.of(1), r
    assert "call to syscall write" in r.of(3), r
    assert "returned from syscall write" in r.of(4), r
    assert "Breakpoint 1, writes ()" in r.of(5), r
    assert "exited normally" in r.of(7), r


def stop_replies(client, count):
    """Resume `count` times; the stop replies."""
    replies = []
    for _ in range(count):
        replies.append(client.request("vCont;c", timeout=30))
    return replies


@pytest.mark.zstub_only  # gdbserver takes the first stop after QCatchSyscalls for a return
def test_stub_reports_only_the_caught_calls(e2e):
    # Asked for write (1) only, the stub reports nothing else: getpid and kill between the
    # writes are resumed inside the stub. Entry and return alternate from the first one (the
    # kernel says which is which; counting stops would go wrong after a resume without them).
    n = 3
    stub = e2e.stub("syscall_writes", n)
    client = e2e.rsp(stub)
    features = client.handshake()
    assert b"QCatchSyscalls+" in features
    assert client.request("QCatchSyscalls:1;1") == b"OK"
    replies = stop_replies(client, 2 * n)
    kinds = [re.search(rb"(syscall_entry|syscall_return):([0-9a-f]+);", r) for r in replies]
    assert all(k and k.group(2) == b"1" for k in kinds), replies
    assert [k.group(1) for k in kinds] == [b"syscall_entry", b"syscall_return"] * n, replies
    assert all(r.startswith(b"T05") for r in replies), replies
    assert client.request("QCatchSyscalls:0") == b"OK"
    assert client.request("vCont;c", timeout=30).startswith(b"W00"), replies


@pytest.mark.zstub_only  # gdbserver takes "1;;1" and others
def test_catch_syscalls_rejects_bad_input(e2e):
    client = e2e.rsp(e2e.stub("syscall_writes", 1))
    client.handshake()
    for bad in ["QCatchSyscalls:", "QCatchSyscalls:2", "QCatchSyscalls:1;zz",
                "QCatchSyscalls:0;1", "QCatchSyscalls:1;;1"]:
        assert client.request(bad).startswith(b"E"), bad
    assert client.request("QCatchSyscalls:1;1;2;3") == b"OK"
    assert client.request("QCatchSyscalls:0") == b"OK"
    assert client.request("vCont;c", timeout=30).startswith(b"W00")


def test_ctrl_c_while_catching_then_the_catchpoint_hits(e2e):
    # The sleeper spends its time in nanosleep, which gdb does not catch: the stub lets each one
    # pass. Ctrl-C still stops it (SIGINT), and the caught call is still reported afterwards.
    stub = e2e.stub("sleeper", 30)
    gdb = e2e.interactive("sleeper", stub)
    gdb.cmd("tbreak main")
    assert "Temporary breakpoint 1, main" in gdb.cmd("continue", timeout=30)
    gdb.cmd("catch syscall exit_group")
    gdb.send("continue")
    gdb.expect("Continuing.")
    time.sleep(0.5)
    out = gdb.interrupt(timeout=20)
    assert "Program received signal SIGINT, Interrupt." in out, out
    assert int(value_of(gdb.cmd("print ticks"))) > 0
    gdb.cmd("set var ticks = 1000")  # ends the loop: the program exits next
    out = gdb.cmd("continue", timeout=30)
    assert "call to syscall exit_group" in out, out
    out = gdb.cmd("continue", timeout=30)
    assert "exited normally" in out, out
