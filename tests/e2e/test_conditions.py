"""Breakpoint conditions evaluated in the stub (gdb's agent expressions): a false condition
never reaches gdb, a true one stops exactly where gdb would have stopped."""
import re

import pytest


def test_target_condition_stops_once_under_a_signal_storm(e2e):
    stub = e2e.stub("cond_signals", 20000)
    r = e2e.gdb("cond_signals", stub, [
        "set breakpoint condition-evaluation target",
        "handle SIGALRM nostop noprint pass",
        "break f if i == 19999",
        "continue",
        "print i",
        "continue",
    ], timeout=90)
    assert len(re.findall(r"Breakpoint 1, f \(i=", r.output)) == 1, r
    assert "Breakpoint 1, f (i=19999)" in r.of(3), r
    assert "exited normally" in r.of(5), r
    m = stub.wait_stdout("calls=20000 ticks=")
    assert m, stub.output()


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
