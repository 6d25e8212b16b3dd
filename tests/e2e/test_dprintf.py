"""dprintf with `set dprintf-style agent`: the stub prints at each hit and lets the program
go on, with no stop reported to gdb (BreakpointCommands+)."""
import re

import pytest

from harness.programs import line_of


def run_with_agent_dprintf(e2e, fmt_and_args, *more):
    """bp_calls with an agent dprintf in work(); returns the stub and gdb's last output."""
    stub = e2e.stub("bp_calls")
    line = line_of("bp_calls.c", "work_body")
    cmds = ["set dprintf-style agent", f"dprintf bp_calls.c:{line},{fmt_and_args}", *more,
            "continue"]
    r = e2e.gdb("bp_calls", stub, cmds)
    assert "exited normally" in r.of(len(cmds) - 1), r
    assert "Breakpoint" not in r.of(len(cmds) - 1), r
    assert stub.wait_stdout("calls=5 total=40"), stub.output()
    return stub


def test_agent_dprintf_prints_every_call_without_stopping(e2e):
    stub = run_with_agent_dprintf(e2e, '"work round=%d square=%d\\n", round, square')
    printed = re.findall(r"work round=(\d+) square=(\d+)", stub.stdout())
    assert printed == [(str(i), str(i * i)) for i in range(5)], stub.output()


@pytest.mark.zstub_only  # gdbserver 13 prints at every hit, ignoring the condition
def test_agent_dprintf_with_a_condition(e2e):
    stub = run_with_agent_dprintf(e2e, '"odd round %d\\n", round', "condition 1 round % 2 == 1")
    assert re.findall(r"odd round (\d+)", stub.stdout()) == ["1", "3"], stub.output()
