"""Breakpoint conditions evaluated in the stub (gdb's agent expressions): a false condition
never reaches gdb, a true one stops exactly where gdb would have stopped."""
import re

import pytest


def test_target_condition_stops_once_under_a_signal_storm(e2e):
    # A timer signal every 200 us: the stub's own step-overs of the 19999 hits whose condition
    # is false get hit by signals, which it must deliver (they are passed), not report.
    stub = e2e.stub("cond_signals", 20000)
    r = e2e.gdb("cond_signals", stub, [
        "set breakpoint condition-evaluation target",
        "handle SIGALRM nostop noprint pass",
        "break f if i == 19999",
        "set debug remote 1",  # shows each stop reply gdb gets
        "continue",
        "set debug remote 0",
        "print i",
        # gdb steps over the reported hit itself, one round trip per try; a tick during every
        # round trip (a slow or loaded machine) would start it over forever, with gdbserver
        # too: the storm ends before the program goes on.
        "set var quiet = 1",
        "continue",
    ], timeout=90)
    assert len(re.findall(r"Breakpoint 1, f \(i=", r.output)) == 1, r
    assert "Breakpoint 1, f (i=19999)" in r.of(4), r
    # No SIGALRM (0x0e) stop reached gdb: the stub delivered every one itself.
    assert not re.search(r"Packet received: [TS]0e", r.of(4)), r
    assert "$1 = 19999" in r.of(6), r
    assert "exited normally" in r.of(8), r
    assert stub.wait_stdout("ticks="), stub.output()
    m = re.search(r"calls=(\d+) ticks=(\d+)", stub.stdout())
    assert m and m.group(1) == "20000", stub.output()
    assert int(m.group(2)) > 0, stub.output()  # the passed signals reached the program


@pytest.mark.zstub_only  # gdbserver accepts the bytecode and fails at evaluation
def test_bad_condition_bytecode_is_refused(e2e):
    stub = e2e.stub("cond_signals", 10)
    c = e2e.rsp(stub)
    assert b"ConditionalBreakpoints+" in c.request("qSupported:swbreak+")
    pc = c.request("p10")  # rip, little-endian hex: a mapped, executable address
    addr = int.from_bytes(bytes.fromhex(pc.decode()), "little")
    before = c.request(f"m{addr:x},1")
    # Opcode 0xff does not exist: the Z0 is refused and no trap is written.
    reply = c.request(f"Z0,{addr:x},1;X1,ff")
    assert reply.startswith(b"E"), reply
    assert c.request(f"m{addr:x},1") == before
    # The same breakpoint with a valid condition (const8 1; end) is accepted.
    assert c.request(f"Z0,{addr:x},1;X3,220127") == b"OK"


def test_conditions_of_two_breakpoints_at_one_address(e2e):
    # Two breakpoints on f: gdb sends both conditions in one Z0, back to back after a single
    # ';' (";X..X.."). The stub must take both and stop when either is true.
    stub = e2e.stub("cond_signals", 10)
    r = e2e.gdb("cond_signals", stub, [
        "set breakpoint condition-evaluation target",
        "handle SIGALRM nostop noprint pass",
        "break f if i == 1000",
        "break f if i == 7",
        "continue",
        "print i",
        "set var quiet = 1",  # ends the timer (see the storm test above)
        "continue",
    ])
    assert "Breakpoint 2, f (i=7)" in r.of(4), r
    assert "$1 = 7" in r.of(5), r
    assert "exited normally" in r.of(7), r
