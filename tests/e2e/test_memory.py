"""Memory in bulk and shared libraries: transfers larger than one packet."""
import re

from harness.expect import value_of

BIG_SIZE = 65536


def pattern(i):
    return (i * 7 + (i >> 8)) & 0xFF  # as in programs/bigmem.c


def test_dump_and_restore_64k(e2e):
    stub = e2e.stub("bigmem")
    dumped = e2e.tmp_path / "big.bin"
    inverted = e2e.tmp_path / "inverted.bin"
    inverted.write_bytes(bytes(~pattern(i) & 0xFF for i in range(BIG_SIZE)))
    r = e2e.gdb("bigmem", stub, ["break filled", "continue",
                                 f"dump binary memory {dumped} &big[0] &big[{BIG_SIZE}]",
                                 f"restore {inverted} binary (long)&big[0]",
                                 f"print big[{BIG_SIZE - 1}]", "delete", "continue"])
    assert "Breakpoint 1, filled ()" in r.of(1), r
    data = dumped.read_bytes()
    assert len(data) == BIG_SIZE, r
    bad = [i for i in range(BIG_SIZE) if data[i] != pattern(i)]
    assert not bad, f"{len(bad)} wrong bytes, first at {bad[0]}\n{r}"
    assert "Restoring binary file" in r.of(3), r
    assert int(value_of(r.of(4)).split()[0]) == ~pattern(BIG_SIZE - 1) & 0xFF, r
    assert "exited normally" in r.of(6), r
    assert stub.wait_stdout(f"inverted={BIG_SIZE} of {BIG_SIZE}"), stub.output()


def test_find_in_memory(e2e):
    stub = e2e.stub("basic")
    r = e2e.gdb("basic", stub, ["break main", "continue",
                                "find &greeting[0], +sizeof(greeting), 'l', 'l', 'o'"])
    assert re.search(r"0x[0-9a-f]+ <greeting\+2>\n1 pattern found.", r.of(2)), r


def test_shared_libraries_are_listed(e2e):
    stub = e2e.stub("basic")
    r = e2e.gdb("basic", stub, ["break main", "continue", "info sharedlibrary"])
    assert re.search(r"0x[0-9a-f]+\s+0x[0-9a-f]+\s+Yes.*libc\.so\.6", r.of(2)), r
    assert "ld-linux-x86-64.so.2" in r.of(2), r


def test_breakpoint_in_shared_library(e2e):
    stub = e2e.stub("exitcode")
    r = e2e.gdb("exitcode", stub, ["break main", "continue", "break puts", "continue", "bt",
                                   "delete", "continue"])
    assert re.search(r"Breakpoint 2, .*puts", r.of(3)), r
    assert re.search(r"#1\s+0x[0-9a-f]+ in main \(\)", r.of(4)), r
    assert "exited with code 07" in r.of(6), r


def test_conditional_breakpoints(e2e):
    stub = e2e.stub("basic")
    r = e2e.gdb("basic", stub, ["break add if b == 3", "continue", "print counter",
                                "set breakpoint condition-evaluation target",
                                "condition 1 b == 4", "continue", "print counter"])
    assert "Breakpoint 1, add (a=3, b=3)" in r.of(1), r
    assert value_of(r.of(2)) == "3", r
    assert "Breakpoint 1, add (a=6, b=4)" in r.of(5), r
    assert value_of(r.of(6)) == "4", r
