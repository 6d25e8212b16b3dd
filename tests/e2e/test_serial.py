"""The serial-line transport: `zstub /dev/ttyX PROG` and gdb's `target remote /dev/ttyY`, over
a pseudo-terminal pair joined by socat (what a board's UART and a USB serial adapter are to
each other)."""
import subprocess

import pytest

from harness import config, procs

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "socat"], capture_output=True).returncode != 0,
    reason="socat is not installed (scripts/deps installs it)")


@pytest.fixture
def line(e2e):
    """Two tty paths whose bytes socat carries to each other: (stub's end, gdb's end)."""
    stub_end, gdb_end = e2e.tmp_path / "ttyStub", e2e.tmp_path / "ttyGdb"
    e2e.spawn(["socat", f"pty,raw,echo=0,link={stub_end}", f"pty,raw,echo=0,link={gdb_end}"],
              name="socat")
    assert procs.wait_until(lambda: stub_end.exists() and gdb_end.exists(), 10), "no pty pair"
    return stub_end, gdb_end


def start_on_line(e2e, tty, *args):
    p = e2e.spawn([config.stub_binary(), *args, tty, e2e.program("exitcode")], name="stub")
    assert procs.wait_until(lambda: "Remote debugging using" in p.stdout_path.read_text(), 10), \
        p.stdout_path.read_text()
    return p


def test_gdb_over_a_serial_line(e2e, line):
    stub_end, gdb_end = line
    p = start_on_line(e2e, stub_end)
    r = e2e.gdb("exitcode", str(gdb_end), ["break main", "continue", "continue"])
    assert "Breakpoint 1, main" in r.of(1), r
    assert "exited with code 07" in r.of(2), r
    assert "exiting with 7" in p.stdout_path.read_text()
    if config.is_zstub():  # with nothing left to debug, zstub ends (the line never hangs up)
        assert p.wait(20) is not None, "the stub did not end with its line"


@pytest.mark.zstub_only  # --baud is zstub's (gdbserver leaves the speed as it is)
def test_baud_option_and_kill(e2e, line):
    stub_end, gdb_end = line
    p = start_on_line(e2e, stub_end, "--baud=921600")
    r = e2e.gdb("exitcode", str(gdb_end), ["break main", "continue", "kill", "info inferiors"])
    assert "Breakpoint 1, main" in r.of(1), r
    assert "exiting with 7" not in p.stdout_path.read_text(), r
    assert p.wait(20) is not None, "the stub did not end with its line"


@pytest.mark.zstub_only
@pytest.mark.parametrize("tty,args,message", [
    ("/nonexistent/ttyS9", [], "cannot open serial line /nonexistent/ttyS9"),
    ("/dev/null", [], "/dev/null is not a serial line"),
    ("/dev/null", ["--baud=12345"], "unsupported --baud 12345"),
    ("/dev/null", ["--baud=fast"], "--baud needs a speed"),
])
def test_serial_errors(e2e, tty, args, message):
    done = subprocess.run([config.stub_binary(), *args, tty, str(e2e.program("exitcode"))],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=config.scaled(20), env=procs.env_with_token(e2e.token))
    assert done.returncode != 0, done
    assert message in done.stderr, done
