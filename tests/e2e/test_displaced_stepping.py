"""Out-of-line step over: the stub passes its own breakpoints (false target-side conditions) by
running a relocated copy of the instruction in a scratch page, the trap staying in the text and
the other threads running on. The program (ool_sites.c) checks every result of the relocated
instructions itself; the stub's counters (`monitor show displaced-stepping`) say how each step
over went."""
import re
import subprocess

import pytest

from harness.expect import at_line
from harness.programs import line_of

# Every relocation kind: RIP-relative read-modify-write, relative call, conditional branch, jump,
# return, indirect calls through a register and through RIP-relative memory; and a system call,
# which cannot be relocated (stepped in place).
SITES = ["at_riprel", "at_call", "at_jcc", "at_jmp", "at_ret", "at_icall_reg", "at_icall_mem",
         "at_syscall"]
FALSE_BREAKS = ["set breakpoint condition-evaluation target", "break count_me if ool_never"] + [
    f"break *{site} if ool_never" for site in SITES]
NTHREADS = 8


def counters(text):
    m = re.search(r"out of line (\d+), emulated (\d+), in place \(other threads stopped\) (\d+)",
                  text)
    assert m, text
    return tuple(int(x) for x in m.groups())


def program_result(stub):
    assert stub.wait_stdout("bad="), stub.output()
    m = re.search(r"counts=([\d,]+) total=(\d+) data=(\d+) bad=(\d+)", stub.stdout())
    assert m, stub.output()
    return [int(c) for c in m.group(1).split(",")], int(m.group(2)), int(m.group(3)), \
        int(m.group(4))


@pytest.mark.zstub_only  # the monitor command is zstub's
def test_false_conditions_in_8_threads_step_over_out_of_line(e2e):
    iters = 300
    stub = e2e.stub("ool_sites", str(iters))
    r = e2e.gdb("ool_sites", stub, FALSE_BREAKS + [
        f"break ool_sites.c:{line_of('ool_sites.c', 'joined')}",
        "continue",
        "monitor show displaced-stepping",
        "info breakpoints",
        "continue",
    ], timeout=120)
    n = len(FALSE_BREAKS)
    assert at_line("ool_sites.c", "joined") in r.of(n + 1), r
    assert "(target evals)" in r.of(n + 3), r
    ran, emulated, in_place = counters(r.of(n + 2))
    # Per round: count_me, riprel, jcc twice and ret run a copy; call, jmp and the two indirect
    # calls are emulated; only the system call is stepped in place, the other threads stopped.
    calls = iters * NTHREADS
    assert (ran, emulated, in_place) == (5 * calls, 4 * calls, calls), r
    assert "exited normally" in r.of(n + 4), r
    counts, total, data, bad = program_result(stub)
    assert counts == [iters] * NTHREADS and total == calls and data == calls, stub.output()
    assert bad == 0, stub.output()


@pytest.mark.zstub_only  # zstub's option
def test_false_conditions_in_8_threads_step_over_in_place_when_turned_off(e2e):
    iters = 50
    stub = e2e.stub("ool_sites", str(iters), options=["--no-displaced-stepping"])
    r = e2e.gdb("ool_sites", stub, FALSE_BREAKS + [
        f"break ool_sites.c:{line_of('ool_sites.c', 'joined')}", "continue",
        "monitor show displaced-stepping", "continue"], timeout=120)
    n = len(FALSE_BREAKS)
    assert "Displaced stepping: off" in r.of(n + 2), r
    assert counters(r.of(n + 2)) == (0, 0, 10 * iters * NTHREADS), r
    assert "exited normally" in r.of(n + 3), r
    counts, total, data, bad = program_result(stub)
    assert counts == [iters] * NTHREADS and data == total == iters * NTHREADS, stub.output()
    assert bad == 0, stub.output()


def test_signals_while_threads_run_copies(e2e):
    # A timer signal every 200 us, passed to the program: some arrive while a thread runs a copy
    # (its handler returns there) or sits at one; every result must still be right.
    iters = 300
    stub = e2e.stub("ool_sites", str(iters), "storm")
    r = e2e.gdb("ool_sites", stub, ["handle SIGALRM nostop noprint pass"] + FALSE_BREAKS + [
        "continue"], timeout=120)
    assert "exited normally" in r.of(len(FALSE_BREAKS) + 1), r
    assert not re.search(r"SIGALRM|SIGSEGV|SIGILL", r.output), r
    counts, total, data, bad = program_result(stub)
    assert counts == [iters] * NTHREADS and data == total == iters * NTHREADS, stub.output()
    assert bad == 0, stub.output()
    assert int(re.search(r"ticks=(\d+)", stub.stdout()).group(1)) > 0, stub.output()


def test_reported_hits_on_relocated_sites_keep_results_right(e2e):
    # Unconditional breakpoints on every kind of site, reported to gdb 40 times while 8 threads
    # run: gdb steps over each itself, the stub moves the threads it stopped meanwhile.
    stub = e2e.stub("ool_sites", "200")
    r = e2e.gdb("ool_sites", stub, [f"break *{site}" for site in SITES] +
                ["continue"] * 40 + ["delete", "continue"], timeout=180)
    n = len(SITES)
    for k in range(40):
        assert re.search(r"hit Breakpoint \d+, 0x[0-9a-f]+ in (at|ool)_\w+ \(\)", r.of(n + k)), r
    assert "exited normally" in r.of(n + 41), r
    counts, total, data, bad = program_result(stub)
    assert counts == [200] * NTHREADS and data == total, stub.output()
    assert bad == 0, stub.output()


def stopped_at_checkpoint_rounds(rounds):
    cmds = []
    for _ in range(rounds):
        cmds += ["continue", "info threads"]
    return cmds


def test_threads_stopped_inside_a_copy_are_shown_in_the_text(e2e):
    # The workers hammer the sites while main reports a breakpoint every 5 ms: some of them are
    # stopped while running a copy, and none may show up at a scratch address (gdb: "?? ()").
    stub = e2e.stub("ool_sites", "1000000", "forever")
    rounds = 15
    r = e2e.gdb("ool_sites", stub, FALSE_BREAKS + ["break checkpoint"] +
                stopped_at_checkpoint_rounds(rounds) + ["delete", "set var stop_all = 1",
                                                         "continue"], timeout=180)
    base = len(FALSE_BREAKS) + 1
    for k in range(rounds):
        assert "Breakpoint %d, checkpoint" % (len(FALSE_BREAKS)) in r.of(base + 2 * k), r
        rows = re.findall(r"^\*?\s+\d+\s+Thread .*$", r.of(base + 2 * k + 1), re.M)
        assert len(rows) == NTHREADS + 1, r
        for row in rows:
            assert "??" not in row and re.search(r" in [a-z_]\w* \(|\b[a-z_]\w* \(", row), r
    assert "exited normally" in r.of(base + 2 * rounds + 2), r
    counts, total, data, bad = program_result(stub)
    assert bad == 0 and total == data, stub.output()


def test_detach_while_threads_run_copies_leaves_a_working_program(e2e):
    # Detached at a reported stop, with the false-condition sites hit all the time: every PC
    # must be back in the text and the traps gone, or the program crashes or miscounts.
    stub = e2e.stub("ool_sites", "60", "forever")
    r = e2e.gdb("ool_sites", stub, FALSE_BREAKS + ["break checkpoint"] +
                stopped_at_checkpoint_rounds(3) + ["detach"], timeout=120)
    assert "Detaching from program" in r.output or "detached" in r.output.lower(), r
    counts, total, data, bad = program_result(stub)
    assert bad == 0 and total == data and min(counts) > 0, stub.output()


def symbol_addresses(path, pid, names):
    """Run-time addresses of the program's symbols: nm's offsets plus the PIE's load address."""
    out = subprocess.run(["nm", path], capture_output=True, text=True, check=True).stdout
    offsets = {m.group(2): int(m.group(1), 16)
               for m in re.finditer(r"^([0-9a-f]+) \w (\w+)$", out, re.M)}
    with open(f"/proc/{pid}/maps") as maps:
        base = int(maps.readline().split("-")[0], 16)
    return {n: base + offsets[n] for n in names}


def reg(stop_reply, regnum):
    m = re.search(rb"(?:^T..|;)0*%x:([0-9a-f]{16});" % regnum, stop_reply)
    assert m, stop_reply
    return int.from_bytes(bytes.fromhex(m.group(1).decode()), "little")


@pytest.mark.zstub_only  # gdbserver reports the same breakpoint again instead of stepping
def test_client_step_from_a_reported_breakpoint_left_inserted(e2e):
    # The client steps a thread off a breakpoint it reported without removing it: the stub steps
    # it over itself (out of line: the copy of `lock incq ool_data(%rip)` runs in a slot, the
    # call is emulated) and the step ends where it would have in place.
    stub = e2e.stub("ool_sites", "50")
    c = e2e.rsp(stub)
    c.handshake()
    pid = int(re.search(rb"thread:p([0-9a-f]+)\.", c.stop_reply).group(1), 16)
    at = symbol_addresses(e2e.program("ool_sites"), pid, ["at_riprel", "at_call", "ool_callee"])
    for site in ("at_riprel", "at_call"):
        assert c.request(f"Z0,{at[site]:x},1") == b"OK"
    seen = set()
    for rounds in range(40):
        stop = c.request("vCont;c", timeout=30)
        assert stop.startswith(b"T05") and b"swbreak" in stop, stop
        tid = re.search(rb"thread:(p[0-9a-f]+\.[0-9a-f]+);", stop).group(1).decode()
        pc = reg(stop, 0x10)
        site = next(s for s in ("at_riprel", "at_call") if at[s] == pc)
        step = c.request(f"vCont;s:{tid}", timeout=30)
        assert step.startswith(b"T05") and tid.encode() in step, step
        if site == "at_riprel":  # lock incq 0x...(%rip): 8 bytes
            assert reg(step, 0x10) == pc + 8, step
        else:  # call ool_callee: there, with the return address after the call on the stack
            assert reg(step, 0x10) == at["ool_callee"], step
            sp = reg(step, 0x07)
            ret = int.from_bytes(bytes.fromhex(c.request(f"m{sp:x},8").decode()), "little")
            assert ret == pc + 5, (hex(ret), hex(pc))
        seen.add(site)
        if seen == {"at_riprel", "at_call"} and rounds >= 10:
            break
    assert seen == {"at_riprel", "at_call"}, seen
    for site in ("at_riprel", "at_call"):
        assert c.request(f"z0,{at[site]:x},1") == b"OK"
    assert c.request("vCont;c", timeout=60).startswith(b"W00")
    counts, total, data, bad = program_result(stub)
    assert bad == 0 and total == data, stub.output()



@pytest.mark.zstub_only  # the monitor command is zstub's
def test_false_conditions_out_of_line_in_non_stop(e2e):
    # In non-stop a false condition's step over pauses the other threads only when it cannot run
    # out of line (here: the system call). gdb connects again to turn non-stop on first.
    iters = 200
    stub = e2e.stub("ool_sites", str(iters))
    pre = ["disconnect", "set non-stop on", f"target remote {stub.address}"]
    r = e2e.gdb("ool_sites", stub, pre + FALSE_BREAKS + [
        f"break ool_sites.c:{line_of('ool_sites.c', 'joined')}",
        "continue",
        "monitor show displaced-stepping",
        "continue",
    ], timeout=120)
    n = len(pre) + len(FALSE_BREAKS)
    assert at_line("ool_sites.c", "joined") in r.of(n + 1), r
    calls = iters * NTHREADS
    assert counters(r.of(n + 2)) == (5 * calls, 4 * calls, calls), r
    assert "exited normally" in r.of(n + 3), r
    counts, total, data, bad = program_result(stub)
    assert counts == [iters] * NTHREADS and data == total == calls and bad == 0, stub.output()
