"""Host I/O (vFile): gdb reads the program and its libraries from the target, as it does with
gdbserver when the files exist only on the remote board."""
import pytest


def test_gdb_reads_executable_and_libraries_from_the_target(e2e):
    stub = e2e.stub("basic")
    # No local file given: gdb must fetch the executable itself through vFile.
    r = e2e.gdb(None, stub, ["break add", "continue", "info sharedlibrary"])
    assert "does not support file transfer" not in r.output, r
    assert "Breakpoint 1, add (a=0, b=0)" in r.of(1), r
    assert "target:/lib/x86_64-linux-gnu/libc.so.6" in r.of(2), r


def test_remote_put_get_delete_round_trip(e2e):
    """gdb's `remote put/get/delete` (vFile:open for writing, pwrite, pread, unlink), with bytes
    that need escaping and commas in the data."""
    data = bytes(range(256)) * 300 + b"$#}*,,,}" * 1000
    local = e2e.tmp_path / "local.bin"
    local.write_bytes(data)
    remote = e2e.tmp_path / "remote.bin"
    back = e2e.tmp_path / "back.bin"
    stub = e2e.stub("exitcode")
    r = e2e.gdb("exitcode", stub, [f"remote put {local} {remote}", f"remote get {remote} {back}",
                                   f"remote delete {remote}", f"remote delete {remote}"])
    # gdb -batch prints no "Successfully ..." lines; the files tell. The second delete fails.
    assert back.read_bytes() == data, r
    assert not remote.exists(), r
    assert r.output.count("Remote I/O error: No such file or directory") == 1, r


@pytest.mark.zstub_only
def test_unknown_host_io_operation_is_unsupported(e2e):
    stub = e2e.stub("basic")
    c = e2e.rsp(stub)
    assert c.request("vFile:frobnicate:2f746d702f6e6f6e65") == b""
    # A file that does not exist: -1 with gdb's ENOENT (2).
    assert c.request("vFile:open:2f6e6f2f737563682f66696c65,0,0") == b"F-1,2"
