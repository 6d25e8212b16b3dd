"""Hardware watchpoints (Z2/Z3/Z4) as a gdb user sees them: which writes and
reads stop the program, the values gdb shows, which thread did it, and what
happens when the four x86 debug registers run out."""
import re

import pytest

from harness.expect import at_line
from harness.programs import line_of

CONTINUE_PAST_END = 8  # spare `continue`s: extra stops would show up in the output


def watch_stops(text):
    """Every watchpoint stop in text, in order, as dicts with the heading
    ('Hardware watchpoint 2: g'), the thread name if gdb named one, old/new or
    value, and the source line gdb showed after the stop."""
    heading = re.compile(r'^(?:Thread \d+ "([^"]*)" hit )?'
                         r"(Hardware (?:read |access \(read/write\) )?watchpoint \d+: \S+)$", re.M)
    starts = list(heading.finditer(text))
    stops = []
    for i, m in enumerate(starts):
        body = text[m.end():starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        if not re.search(r"^(Old value|Value) = ", body, re.M):
            continue  # the line gdb prints when the watchpoint is set, not a stop
        stop = {"heading": m.group(2), "thread": m.group(1)}
        for key, label in (("old", "Old value"), ("new", "New value"), ("value", "Value")):
            found = re.search(rf"^{label} = (.*)$", body, re.M)
            stop[key] = found.group(1) if found else None
        lines = re.findall(r"^(\d+)\t", body, re.M)
        stop["line"] = int(lines[0]) if lines else None
        stops.append(stop)
    return stops


def run_watch(e2e, program, watch_cmds, args=(), continues=CONTINUE_PAST_END):
    """Stop at main, set the watchpoints, continue until the end. Returns the
    gdb result and the stops seen after the watchpoints were set."""
    stub = e2e.stub(program, *args)
    cmds = ["break main", "continue", *watch_cmds] + ["continue"] * continues
    r = e2e.gdb(program, stub, cmds)
    assert "Breakpoint 1, main" in r.of(1), r
    return r, watch_stops("".join(r.outputs[2 + len(watch_cmds):])), stub


def test_watch_global_stops_on_each_change(e2e):
    r, stops, stub = run_watch(e2e, "watch_writes", ["watch g"])
    assert "Hardware watchpoint 2: g" in r.of(2), r
    # A write stop shows the line after the store. g = 1 a second time changes
    # nothing, so gdb does not report it.
    got = [(s["heading"], s["old"], s["new"], s["line"]) for s in stops]
    assert got == [("Hardware watchpoint 2: g", "0", "1", line_of("watch_writes.c", "g_same")),
                   ("Hardware watchpoint 2: g", "1", "7", line_of("watch_writes.c", "g_third")),
                   ("Hardware watchpoint 2: g", "7", "-3", line_of("watch_writes.c", "packed_head"))
                   ], r
    assert "exited normally" in r.output, r
    assert stub.wait_stdout("g=-3 mid=10,30"), stub.output()


def test_watch_odd_address_three_bytes(e2e):
    """packed.mid is 3 bytes at an odd address: the stub must cover it with
    aligned pieces and stop on a write to its first and to its last byte, and
    not on the neighbouring bytes."""
    r, stops, _ = run_watch(e2e, "watch_writes", ["print (long)&packed.mid % 2",
                                                  "watch packed.mid"])
    assert "= 1" in r.of(2), r
    assert "Hardware watchpoint 2: packed.mid" in r.of(3), r
    assert [s["line"] for s in stops] == [line_of("watch_writes.c", "mid_last"),
                                          line_of("watch_writes.c", "packed_tail")], r
    assert stops[0]["old"] == '"\\001\\002\\003"' and stops[0]["new"] == '"\\n\\002\\003"', r
    assert stops[1]["new"] == '"\\n\\002\\036"', r
    assert "exited normally" in r.output, r


def test_watch_eight_byte_long(e2e):
    r, stops, _ = run_watch(e2e, "watch_writes", ["watch wide"])
    first, top = 0x1122334455667788, 0x7f22334455667788
    got = [(s["old"], s["new"], s["line"]) for s in stops]
    assert got == [("0", str(first), line_of("watch_writes.c", "wide_top")),
                   (str(first), str(top), line_of("watch_writes.c", "array_first"))], r
    assert "exited normally" in r.output, r


def test_watch_sixteen_byte_array_every_part(e2e):
    """16 bytes need two debug registers; a write to the first, a middle and
    the very last byte must each stop."""
    r, stops, _ = run_watch(e2e, "watch_writes", ["watch array"])
    assert "Hardware watchpoint 2: array" in r.of(2), r
    assert [s["line"] for s in stops] == [line_of("watch_writes.c", "array_middle"),
                                          line_of("watch_writes.c", "array_last"),
                                          line_of("watch_writes.c", "print_last")], r
    assert stops[-1]["new"].endswith('\\t\\000\\000\\000\\000\\000\\017"'), r
    assert "exited normally" in r.output, r


# Reads and writes of x in watch_access.c, and where gdb reports each. x86 has
# no read-only watchpoint: gdb asks for read/write and drops the hits where the
# value changed, so `x = 6` over a 6 shows up as a read (native gdb does the same).
READ_STOPS = [("5", "read_one"), ("6", "read_two"), ("6", "final_read"), ("6", "final_read")]


def test_rwatch_stops_on_reads_not_on_changing_writes(e2e):
    r, stops, _ = run_watch(e2e, "watch_access", ["rwatch x"])
    assert "Hardware read watchpoint 2: x" in r.of(2), r
    assert all(s["heading"] == "Hardware read watchpoint 2: x" and s["new"] is None
               for s in stops), r
    assert [(s["value"], s["line"]) for s in stops] == \
        [(v, line_of("watch_access.c", m)) for v, m in READ_STOPS], r
    assert "exited normally" in r.output, r


def test_awatch_stops_on_reads_and_writes(e2e):
    r, stops, _ = run_watch(e2e, "watch_access", ["awatch x"])
    assert "Hardware access (read/write) watchpoint 2: x" in r.of(2), r
    got = [(s["value"] or f'{s["old"]}->{s["new"]}', s["line"]) for s in stops]
    read_two = line_of("watch_access.c", "read_two")
    expected = [("5", line_of("watch_access.c", "read_one")), ("5->6", read_two),
                ("6", read_two), *[(v, line_of("watch_access.c", m)) for v, m in READ_STOPS[2:]]]
    assert got == expected, r
    assert "exited normally" in r.output, r




def test_rwatch_on_a_split_array_sees_only_the_read(e2e):
    """Three byte writes into the 16-byte array are not reads; the printf's
    read of its last byte is, and it is the only stop."""
    r, stops, _ = run_watch(e2e, "watch_writes", ["rwatch array"])
    assert [(s["heading"], s["line"]) for s in stops] == [
        ("Hardware read watchpoint 2: array", line_of("watch_writes.c", "print"))], r
    assert stops[0]["value"].endswith('\\t\\000\\000\\000\\000\\000\\017"'), r
    assert "exited normally" in r.output, r

@pytest.mark.parametrize("read_first", [False, True])
def test_watch_and_rwatch_on_one_variable(e2e, read_first):
    """Both at once (two debug registers on the same bytes): a changing write
    is the write watchpoint's, every read the read watchpoint's. A write trips
    both registers; the read one (the lower slot when rwatch came first) must
    not hide the write one."""
    cmds = ["rwatch x", "watch x"] if read_first else ["watch x", "rwatch x"]
    r, stops, _ = run_watch(e2e, "watch_access", cmds)
    got = [(s["heading"], s["value"] or f'{s["old"]}->{s["new"]}', s["line"]) for s in stops]
    rd = f"Hardware read watchpoint {2 if read_first else 3}: x"
    wr = f"Hardware watchpoint {3 if read_first else 2}: x"
    read_two = line_of("watch_access.c", "read_two")
    assert got == [(rd, "5", line_of("watch_access.c", "read_one")), (wr, "5->6", read_two),
                   (rd, "6", read_two),
                   *[(rd, v, line_of("watch_access.c", m)) for v, m in READ_STOPS[2:]]], r


@pytest.mark.zstub_only  # gdb filters Z4 hits by value itself and misses this read
@pytest.mark.parametrize("always_inserted", ["off", "on"])
def test_rwatch_sees_a_value_the_user_set(e2e, always_inserted):
    """`set var x = 9` is gdb writing memory, not the program: the program's
    next read of x is still a read and must stop. zstub takes Z3 and tells
    reads from writes by comparing with its copy of x, so gdb trusts it; with
    always-inserted on the watchpoint stays in across gdb's write, and the copy
    must follow that write. (Native gdb 13 and gdb + gdbserver, which compare
    with gdb's own stale copy, miss this read.)"""
    r, stops, _ = run_watch(e2e, "watch_access", [f"set breakpoint always-inserted {always_inserted}",
                                                  "rwatch x", "set var x = 9"])
    assert stops, r
    assert (stops[0]["value"], stops[0]["line"]) == ("9", line_of("watch_access.c", "read_one")), r

def test_step_onto_a_store_reports_the_watchpoint(e2e):
    stub = e2e.stub("watch_stepi")
    before = line_of("watch_stepi.c", "before_store")
    r = e2e.gdb("watch_stepi", stub, [f"break watch_stepi.c:{before}", "continue",
                                      "watch target", "stepi", "x/i $pc", "stepi",
                                      "continue"])
    assert "Breakpoint 1, store () at" in r.of(1), r
    assert re.search(r"=> 0x[0-9a-f]+ <store\+\d+>:\s+movq\s+\$0x2a,", r.of(4)), r
    assert "Hardware watchpoint 2: target" in r.of(5), r
    assert "Old value = 0" in r.of(5) and "New value = 42" in r.of(5), r
    assert "exited normally" in r.of(6), r



def test_stepi_over_a_changing_write_under_rwatch_moves_one_instruction(e2e):
    """The write traps the read watchpoint and is not a read, but the step
    still has to end after that one instruction, not run on to the next read."""
    stub = e2e.stub("watch_access")
    write = line_of("watch_access.c", "write_change")
    r = e2e.gdb("watch_access", stub, [f"break watch_access.c:{write}", "continue", "rwatch x",
                                       "x/i $pc", "stepi", "x/i $pc"])
    assert re.search(r"=> 0x[0-9a-f]+ <main\+(\d+)>:\s+movl\s+\$0x6,", r.of(3)), r
    assert "read watchpoint" not in r.of(4), r
    assert re.search(rf"^{line_of('watch_access.c', 'read_two')}\t", r.of(4), re.M), r
    # The first instruction of the next line: the load of x, not past it.
    assert re.search(r"=> 0x[0-9a-f]+ <main\+\d+>:\s+mov\s+0x[0-9a-f]+\(%rip\),%eax", r.of(5)), r

# -- running out of debug registers -----------------------------------------
FOUR_WATCHES = ["watch slot1", "watch slot2", "watch slot3", "watch slot4"]
NO_ROOM = "Could not insert hardware watchpoint 6."


def assert_four_keep_working(r, stops):
    """Watchpoints 2-5 on slot1-4 each report both of their writes, in order;
    nothing about slot5."""
    expected = []
    for rnd in (1, 2):
        for k in range(1, 5):
            old = "0" if rnd == 1 else str(10 + k)
            expected.append((f"Hardware watchpoint {k + 1}: slot{k}", old, str(rnd * 10 + k)))
    assert [(s["heading"], s["old"], s["new"]) for s in stops] == expected, r
    assert "exited normally" in r.output, r


def test_fifth_watchpoint_is_refused_and_the_four_others_work(e2e):
    """gdb inserts watchpoints when the program resumes, so that is when it
    learns the fifth does not fit: the continue fails and the program stays
    where it was. After deleting it, the four others work."""
    stub = e2e.stub("watch_slots")
    cmds = ["break main", "continue", *FOUR_WATCHES, "watch slot5", "continue",
            "delete 6"] + ["continue"] * 10
    r = e2e.gdb("watch_slots", stub, cmds)
    assert "Hardware watchpoint 6: slot5" in r.of(6), r
    refused = r.of(7)
    assert NO_ROOM in refused and "Command aborted." in refused, r
    assert "You may have requested too many hardware breakpoints/watchpoints." in refused, r
    assert_four_keep_working(r, watch_stops("".join(r.outputs[9:])))
    assert stub.wait_stdout("slots=21,22,23,24,25"), stub.output()


def test_fifth_watchpoint_refused_at_watch_time_when_always_inserted(e2e):
    """With breakpoints always inserted gdb asks the stub right away, so the
    user hears about the fifth at the `watch` command itself."""
    stub = e2e.stub("watch_slots")
    cmds = ["set breakpoint always-inserted on", "break main", "continue", *FOUR_WATCHES,
            "watch slot5", "delete 6"] + ["continue"] * 10
    r = e2e.gdb("watch_slots", stub, cmds)
    assert "Breakpoint 1, main" in r.of(2), r
    assert all(NO_ROOM not in r.of(i) for i in range(3, 7)), r
    assert NO_ROOM in r.of(7), r
    assert_four_keep_working(r, watch_stops("".join(r.outputs[9:])))



def test_hardware_breakpoint_and_watchpoints_share_the_registers(e2e):
    """An hbreak takes a debug register too: with it, the fourth watchpoint no
    longer fits; without it, all four watchpoints work."""
    stub = e2e.stub("watch_slots")
    at_print = line_of("watch_slots.c", "print_slots")
    cmds = ["break main", "continue", f"hbreak watch_slots.c:{at_print}", *FOUR_WATCHES,
            "continue", "delete 2"] + ["continue"] * 10
    r = e2e.gdb("watch_slots", stub, cmds)
    assert "Hardware assisted breakpoint 2 at" in r.of(2), r
    assert NO_ROOM in r.of(7) and "Command aborted." in r.of(7), r
    # Without the hbreak the watchpoints are numbered 3-6 on slot1-4.
    stops = watch_stops("".join(r.outputs[9:]))
    assert [s["heading"] for s in stops] == [f"Hardware watchpoint {k + 2}: slot{k}"
                                             for k in range(1, 5)] * 2, r
    assert "exited normally" in r.output, r

# -- threads ------------------------------------------------------------------
def test_every_thread_write_reported_with_its_thread(e2e):
    """Four writers, three writes each, serialized by a mutex: twelve stops,
    each naming the thread whose value (last digit = writer + 1) was written."""
    r, stops, stub = run_watch(e2e, "watch_threads", ["watch shared"], continues=16)
    assert len(stops) == 12, r
    previous = "0"
    for s in stops:
        assert s["heading"] == "Hardware watchpoint 2: shared", r
        assert s["line"] == line_of("watch_threads.c", "shared_write") + 1, r
        assert s["thread"] == f"writer-{int(s['new']) % 10 - 1}", r
        assert s["old"] == previous, r  # no write lost between two stops
        previous = s["new"]
    per_writer = sorted(s["thread"] for s in stops)
    assert per_writer == sorted([f"writer-{k}" for k in range(4)] * 3), r
    assert "exited normally" in r.output, r
    assert stub.wait_stdout("writers=4"), stub.output()


def test_watchpoint_set_before_the_thread_exists(e2e):
    """Set at main, before pthread_create: the new thread's first write stops."""
    stub = e2e.stub("watch_threads", "1")
    r = e2e.gdb("watch_threads", stub, ["break main", "continue", "info threads",
                                        "watch shared", "continue", "info threads"])
    assert "Breakpoint 1, main" in r.of(1), r
    assert "writer-0" not in r.of(2), r
    hit = r.of(4)
    assert 'Thread 2 "writer-0" hit Hardware watchpoint 2: shared' in hit, r
    assert "Old value = 0" in hit and "New value = 1" in hit, r
    assert re.search(r'^\*\s+2\s+Thread \S+ "writer-0"\s+writer \(', r.of(5), re.M), r


def test_delete_watchpoint_then_no_thread_stops_again(e2e):
    """After the first hit the watchpoint is deleted: every writer thread must
    lose it (a stale debug register would stop or kill the program)."""
    stub = e2e.stub("watch_threads")
    r = e2e.gdb("watch_threads", stub, ["break main", "continue", "watch shared", "continue",
                                        "delete", "continue"])
    assert len(watch_stops(r.of(3))) == 1, r
    assert "exited normally" in r.of(5), r
    assert stub.wait_stdout("writers=4"), stub.output()


# -- interplay with stepping and scopes ---------------------------------------
def test_next_over_a_store_reports_the_watchpoint(e2e):
    """`next` may step a whole line at once (range stepping): a watched write
    inside the line still stops it and gdb shows the change."""
    stub = e2e.stub("watch_writes")
    first = line_of("watch_writes.c", "g_first")
    r = e2e.gdb("watch_writes", stub, [f"break watch_writes.c:{first}", "continue",
                                       "watch g", "next", "next", "next"])
    stops = watch_stops(r.of(3) + r.of(4) + r.of(5))
    assert [(s["old"], s["new"], s["line"]) for s in stops] == [
        ("0", "1", line_of("watch_writes.c", "g_same")),
        ("1", "7", line_of("watch_writes.c", "g_third"))], r
    # The second `next` runs g = 1 again, which changes nothing: a plain step.
    assert re.search(rf"^{line_of('watch_writes.c', 'g_second')}\t", r.of(4), re.M), r


def test_watch_local_until_it_leaves_scope(e2e):
    stub = e2e.stub("watch_scope")
    loop = line_of("watch_scope.c", "local_init") + 1
    r = e2e.gdb("watch_scope", stub, [f"break watch_scope.c:{loop}", "continue", "watch local"]
                + ["continue"] * 6)
    stops = watch_stops(r.output)
    assert [(s["old"], s["new"]) for s in stops] == [("0", "1"), ("1", "3"), ("3", "6")], r
    left = r.of(6)
    assert "Watchpoint 2 deleted because the program has left the block" in left, r
    assert "in main () at " in left and at_line("watch_scope.c", "call_fill") in left, r
    assert "exited normally" in r.of(7), r
    assert stub.wait_stdout("fill=6"), stub.output()


def test_rwatch_never_stops_for_another_threads_writes(e2e):
    """One thread only writes x while the other keeps hitting a breakpoint: a
    write whose trap is still pending while the breakpoint stop is reported
    must not come out later as a read."""
    stub = e2e.stub("rwatch_race", 2000)
    r = e2e.gdb("rwatch_race", stub, ["break main", "continue", "break hit_me",
                                      "ignore 2 1000000", "rwatch x", "continue",
                                      "info breakpoints"])
    assert "Hardware read watchpoint 3: x" in r.of(4), r
    assert "exited normally" in r.of(5) and "Value = " not in r.of(5), r
    assert "breakpoint already hit 2000 times" in r.of(6), r
    assert stub.wait_stdout("rwatch_race done rounds=2000"), stub.output()
