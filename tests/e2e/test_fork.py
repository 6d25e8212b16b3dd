"""A program that forks while a breakpoint sits in code its child runs: the
child inherits the parent's memory (after vfork, shares it), traps included,
and must not die of them; the parent's breakpoint keeps working."""
from harness.expect import at_line


def run_through_fork(e2e, *args):
    stub = e2e.stub("fork_work", *args)
    # child_only is written by the fork child only: a watchpoint in the parent
    # must neither fire for it nor kill the child.
    r = e2e.gdb("fork_work", stub, ["break work", "watch child_only", "continue", "continue",
                                    "continue", "continue"])
    stop = at_line("fork_work.c", "work_body")
    assert "Breakpoint 1, work (who=0)" in r.of(2) and stop in r.of(2), r
    # The parent's breakpoint is still there after the fork; the child's call
    # (who=1) is not the parent's business.
    assert "Breakpoint 1, work (who=2)" in r.of(3) and stop in r.of(3), r
    assert "exited normally" in r.of(4), r
    assert "who=1" not in r.output and "Hardware watchpoint 2: child_only\n\n" not in r.output, r
    return stub


def test_forked_child_runs_through_the_breakpoint(e2e):
    stub = run_through_fork(e2e)
    assert stub.wait_stdout("parent calls=2 child_only=0"), stub.output()
    out = stub.stdout()
    assert "child ran work calls=2" in out and "child exited with 0" in out, stub.output()


def test_vforked_child_runs_through_the_breakpoint(e2e):
    stub = run_through_fork(e2e, "vfork")
    # The vfork child's call counted in the shared memory.
    assert stub.wait_stdout("parent calls=3 child_only=0"), stub.output()
    assert "child exited with 0" in stub.stdout(), stub.output()
