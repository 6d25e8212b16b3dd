"""A program that forks while a breakpoint sits in code its child runs: the
child inherits the parent's memory, traps included, and must not die of them."""
from harness.expect import at_line


def test_forked_child_runs_through_the_breakpoint(e2e):
    stub = e2e.stub("fork_work")
    # child_only is written by the child only: a watchpoint in the parent must
    # neither fire for it nor kill the child.
    r = e2e.gdb("fork_work", stub, ["break work", "watch child_only", "continue", "continue",
                                    "continue", "continue"])
    stop = at_line("fork_work.c", "work_body")
    assert "Breakpoint 1, work (who=0)" in r.of(2) and stop in r.of(2), r
    # The parent's breakpoint is still there after the fork; the child's call
    # (who=1) is not the parent's business.
    assert "Breakpoint 1, work (who=2)" in r.of(3) and stop in r.of(3), r
    assert "exited normally" in r.of(4), r
    assert "who=1" not in r.output and "Hardware watchpoint 2: child_only\n\n" not in r.output, r
    assert stub.wait_stdout("parent calls=2 child_only=0"), stub.output()
    out = stub.stdout()
    assert "child ran work calls=2" in out and "child exited with 0" in out, stub.output()
