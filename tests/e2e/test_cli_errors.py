"""Start-up errors a user meets: a port already taken, a program zstub cannot debug yet."""
import shutil
import socket
import struct

import pytest

from harness.stub import free_port
from test_cli import run_stub


def test_port_in_use_is_reported_like_gdbserver(e2e):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = run_stub(e2e, f"127.0.0.1:{port}", e2e.program("exitcode"))
    assert done.returncode != 0, done
    assert "Can't bind address: Address already in use." in done.stderr, done


def elf32_i386_header():
    """A 32-bit i386 ELF executable header (enough for the stub's ELF check)."""
    ident = b"\x7fELF" + bytes([1, 1, 1, 0]) + bytes(8)  # ELFCLASS32, little-endian
    return ident + struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, 0x8048000, 52, 0, 0, 52, 32, 0, 40,
                               0, 0)


@pytest.mark.zstub_only
def test_32bit_program_gets_a_clear_error(e2e):
    prog = e2e.tmp_path / "prog32"
    prog.write_bytes(elf32_i386_header())
    prog.chmod(0o755)
    done = run_stub(e2e, "127.0.0.1:1", prog)
    assert done.returncode != 0, done
    assert "32-bit program" in done.stderr and "x86_64" in done.stderr, done


# gdb's testsuite (gdb.server/server-connect.exp) starts the stub with these and waits for
# gdbserver's "...: cannot resolve name: ..." line.
@pytest.mark.parametrize("host", ["garbage:1234", "tcp8:123", "udp123:::"])
def test_unresolvable_address_is_refused_like_gdbserver(e2e, host):
    comm = f"{host}:{free_port()}"
    done = run_stub(e2e, comm, e2e.program("exitcode"))
    assert done.returncode != 0, done
    assert f"{comm}: cannot resolve name: " in done.stderr, done
    assert "Listening" not in done.stderr, done


def test_missing_program_in_stdio_mode_exits_cleanly(e2e):
    """gdb.server/non-existing-program.exp: a clear error, then "Exiting" as the last word."""
    done = run_stub(e2e, "stdio", "zstub-e2e-no-such-program")
    assert done.returncode != 0, done
    assert done.stderr.rstrip().endswith("Exiting"), done


def test_no_listening_line_for_a_program_that_cannot_start(e2e):
    """A client takes "Listening on port N" to mean the program is there."""
    done = run_stub(e2e, f"127.0.0.1:{free_port()}", e2e.tmp_path / "no-such-program")
    assert done.returncode != 0, done
    assert "Listening" not in done.stderr, done


def test_program_deleted_after_listening_is_still_debugged(e2e):
    """gdb.server/connect-with-no-symbol-file.exp deletes the program once the stub listens:
    by then it must have been launched."""
    prog = e2e.tmp_path / "doomed"
    shutil.copy(e2e.program("exitcode"), prog)
    stub = e2e.stub(prog, options=["--once"])
    prog.unlink()
    r = e2e.gdb("exitcode", stub, ["continue"])
    assert "exited with code 07" in r.of(0), r
