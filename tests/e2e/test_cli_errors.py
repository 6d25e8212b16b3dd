"""Start-up errors a user meets: a port already taken, a program zstub cannot debug yet."""
import socket
import struct

import pytest

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
