"""Software and hardware breakpoints (Z0/Z1) as a gdb user sees them: every
call stops exactly once, with the right arguments, also when many threads hit
the same breakpoint at once; removing them all lets the program finish."""
import re

import pytest

from harness.expect import at_line

NCALLS = 5  # bp_calls.c calls work(i, i*i) for i in 0..4
SPARE_CONTINUES = 3  # one more stop than expected would show up in these


def stops_at_work(text, heading):
    """(round, square) of every 'HEADING N, work (round=R, square=S) at FILE:LINE'
    stop, checking each is at the first line of work's body."""
    found = re.findall(rf"^{heading} \d+, work \(round=(\d+), square=(\d+)\) at (\S+)$", text,
                       re.M)
    for _, _, where in found:
        assert where.endswith(at_line("bp_calls.c", "work_body")), text
    return [(int(a), int(b)) for a, b, _ in found]


@pytest.mark.parametrize("set_cmd, set_text", [("break work", "Breakpoint 1 at"),
                                               ("hbreak work", "Hardware assisted breakpoint 1 at")])
def test_breakpoint_stops_on_every_call(e2e, set_cmd, set_text):
    stub = e2e.stub("bp_calls")
    r = e2e.gdb("bp_calls", stub, [set_cmd] + ["continue"] * (NCALLS + 1 + SPARE_CONTINUES))
    assert set_text in r.of(0), r
    assert stops_at_work(r.output, "Breakpoint") == [(i, i * i) for i in range(NCALLS)], r
    assert "exited normally" in r.of(NCALLS + 1), r
    assert stub.wait_stdout("calls=5 total=40"), stub.output()


def test_tbreak_stops_once(e2e):
    stub = e2e.stub("bp_calls")
    r = e2e.gdb("bp_calls", stub, ["tbreak work", "continue", "info breakpoints", "continue"])
    assert stops_at_work(r.output, "Temporary breakpoint") == [(0, 0)], r
    assert "No breakpoints or watchpoints." in r.of(2), r
    assert "exited normally" in r.of(3), r
    assert stub.wait_stdout("calls=5 total=40"), stub.output()


def test_delete_everything_then_run_to_the_end(e2e):
    stub = e2e.stub("bp_calls")
    r = e2e.gdb("bp_calls", stub, ["break work", "hbreak main", "continue", "watch calls",
                                   "rwatch calls", "continue", "delete", "info breakpoints",
                                   "continue"])
    assert "Breakpoint 2, main" in r.of(2), r
    assert stops_at_work(r.of(5), "Breakpoint") == [(0, 0)], r
    assert "No breakpoints or watchpoints." in r.of(7), r
    assert "exited normally" in r.of(8), r
    assert stub.wait_stdout("calls=5 total=40"), stub.output()


# 8 threads x 500 calls of hit_me: gdb must see every hit, each once.
THREADS, HITS_EACH = 8, 500


@pytest.mark.parametrize("set_cmd", ["break hit_me", "hbreak hit_me"])
def test_threads_hitting_one_breakpoint_lose_and_double_nothing(e2e, set_cmd):
    """gdb counts the hits itself (the ignore count makes it resume after each
    one without printing); the program counts the calls. Both must be 4000.
    The threads start after the breakpoint is set, so a hardware one must
    reach threads created later."""
    stub = e2e.stub("bp_threads", HITS_EACH)
    total = THREADS * HITS_EACH
    r = e2e.gdb("bp_threads", stub, [set_cmd, "ignore 1 1000000", "continue",
                                     "info breakpoints"], timeout=60)
    assert "exited normally" in r.of(2), r
    assert f"breakpoint already hit {total} times" in r.of(3), r
    assert stub.wait_stdout(f"calls={total}"), stub.output()


def test_condition_picks_one_thread(e2e):
    """A condition (which zstub may evaluate itself) lets exactly one thread's
    20 calls through, and each of those stops reports that thread's argument."""
    stub = e2e.stub("bp_threads", 20)
    r = e2e.gdb("bp_threads", stub, ["break hit_me if who == 3"] + ["continue"] * 21,
                timeout=60)
    hits = re.findall(r"Breakpoint 1, hit_me \(who=(\d+)\)", r.output)
    assert hits == ["3"] * 20, r
    assert "exited normally" in r.of(21), r
    assert stub.wait_stdout(f"calls={THREADS * 20}"), stub.output()


def test_condition_on_a_call_argument(e2e):
    stub = e2e.stub("bp_calls")
    r = e2e.gdb("bp_calls", stub, ["break work if round == 3", "continue", "continue"])
    assert stops_at_work(r.output, "Breakpoint") == [(3, 9)], r
    assert "exited normally" in r.of(2), r
