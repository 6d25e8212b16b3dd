"""Shared libraries from the dynamic linker's list (qXfer:libraries-svr4:read), thread creation and
exit events (QThreadEvents), and the signal a thread stopped with at a detach (QProgramSignals)."""
import re

import pytest

from harness import procs
from harness.expect import at_line

LIBRARY = re.compile(rb'<library name="([^"]*)" lm="0x([0-9a-f]+)" l_addr="0x([0-9a-f]+)" '
                     rb'l_ld="0x([0-9a-f]+)" lmid="0x([0-9a-f]+)"/>')


def svr4_list(client, annex=""):
    """The whole library list document (read in pieces as gdb does)."""
    doc, offset = b"", 0
    while True:
        reply = client.request(f"qXfer:libraries-svr4:read:{annex}:{offset:x},fff")
        assert reply[:1] in (b"m", b"l"), reply
        doc += reply[1:]
        offset += len(reply) - 1
        if reply.startswith(b"l"):
            return doc


def test_info_sharedlibrary_with_dlopen_and_dlclose(e2e):
    lib = e2e.program("dlopen_lib")
    stub = e2e.stub("dlopen_main", lib)
    r = e2e.gdb("dlopen_main", stub,
                ["set breakpoint pending on", "break mark", "break lib_twice", "continue",
                 "info sharedlibrary", "continue", "info sharedlibrary", "continue", "bt",
                 "continue", "info sharedlibrary", "show remote library-info-svr4-packet",
                 "continue"])
    assert "mark (stage=0)" in r.of(3), r
    assert "libc.so.6" in r.of(4) and str(lib) not in r.of(4), r
    assert "mark (stage=1)" in r.of(5), r
    assert str(lib) in r.of(6) and "libc.so.6" in r.of(6), r
    # The breakpoint in the loaded library hits.
    assert "Breakpoint 2, lib_twice (x=21)" in r.of(7), r
    assert at_line("dlopen_lib.c", "lib_twice") in r.of(7), r
    assert "mark (stage=2)" in r.of(9), r
    assert str(lib) not in r.of(10) and "libc.so.6" in r.of(10), r
    assert "currently enabled" in r.of(11), r
    assert "exited normally" in r.of(12), r


def test_breakpoint_in_a_library_loaded_again_at_the_same_address(e2e):
    # Unloaded, the library takes its trap with it; gdb forgets the breakpoint without removing
    # it and inserts it again when the library comes back at the same address. The stub must
    # write the trap again into the new mapping (gdb.base/unload.exp).
    lib = e2e.program("dlopen_lib")
    stub = e2e.stub("dlopen_main", lib, "again")
    r = e2e.gdb("dlopen_main", stub,
                ["set breakpoint pending on", "break lib_twice", "continue", "continue",
                 "continue"])
    assert "Breakpoint 1, lib_twice (x=21)" in r.of(2), r
    assert "Breakpoint 1, lib_twice (x=22)" in r.of(3), r
    assert "exited normally" in r.of(4), r


@pytest.mark.zstub_only  # gdbserver answers E01 for a program without DT_DEBUG
def test_libraries_svr4_document(e2e):
    lib = e2e.program("dlopen_lib")
    stub = e2e.stub("dlopen_main", lib)
    client = e2e.rsp(stub)
    features = client.handshake()
    assert b"qXfer:libraries-svr4:read+" in features
    assert b"augmented-libraries-svr4-read+" in features
    # Stopped at the first instruction: the dynamic linker has not filled DT_DEBUG in yet.
    assert svr4_list(client) == b'<library-list-svr4 version="1.0"></library-list-svr4>'
    assert client.request("Z0,%x,1" % symbol_address(e2e, "dlopen_main", "mark")) == b"OK"
    for _ in range(2):  # mark(0), then mark(1): the library is loaded
        assert client.request("vCont;c", timeout=30).startswith(b"T05")
    doc = svr4_list(client)
    main_lm = re.search(rb'<library-list-svr4 version="1.0" main-lm="0x([0-9a-f]+)">', doc)
    assert main_lm, doc
    libs = LIBRARY.findall(doc)
    names = [n for n, *_ in libs]
    assert str(lib).encode() in names and any(b"libc.so.6" in n for n in names), doc
    assert len({lmid for *_, lmid in libs}) == 1, doc  # one namespace
    # gdb's incremental form: from one entry on, given the one before it.
    i = names.index(str(lib).encode())
    start, prev = libs[i][1], libs[i - 1][1]
    lmid = libs[i][4]
    tail = svr4_list(client, f"lmid={lmid.decode()};start={start.decode()};prev={prev.decode()}")
    assert LIBRARY.findall(tail) == libs[i:], tail
    # A prev that does not match the list ends it at once (a list changing under us).
    bad = svr4_list(client, f"start={start.decode()};prev=1234")
    assert LIBRARY.findall(bad) == [], bad
    assert client.request("qXfer:libraries-svr4:read:start=zz:0,fff").startswith(b"E")


def symbol_address(e2e, program, name):
    out = procs.run_client(["nm", str(e2e.program(program))], e2e.token, 30)[0]
    m = re.search(rf"^([0-9a-f]+) T {name}$", out, re.M)
    assert m, out
    # Launched with ASLR off: a PIE is loaded at gdb's usual base.
    return 0x555555554000 + int(m.group(1), 16)


@pytest.mark.zstub_only  # gdbserver answers E01 for a program without DT_DEBUG
def test_static_program_has_an_empty_library_list(e2e):
    client = e2e.rsp(e2e.stub("tls_static"))
    client.handshake()
    assert svr4_list(client) == b'<library-list-svr4 version="1.0"></library-list-svr4>'


@pytest.mark.zstub_only  # gdbserver 13 closes the connection here (all-stop thread events)
def test_thread_events_create_and_exit(e2e):
    # Two workers are created and exit: with QThreadEvents:1 each creation is a stop of the new
    # thread ("create"), each exit a 'w' reply naming it; the program then ends.
    client = e2e.rsp(e2e.stub("syscall_writes", 1, "threads"))
    features = client.handshake()
    assert b"QThreadEvents+" in features
    assert client.request("QThreadEvents:1") == b"OK"
    created, exited = set(), set()
    for _ in range(20):
        reply = client.request("vCont;c", timeout=30)
        if reply.startswith(b"W"):
            break
        m = re.search(rb"thread:p([0-9a-f]+)\.([0-9a-f]+);", reply)
        w = re.match(rb"w0+;p([0-9a-f]+)\.([0-9a-f]+)$", reply)
        assert (reply.startswith(b"T05") and b"create:;" in reply and m) or w, reply
        if not w:
            created.add(int(m.group(2), 16))
        else:
            tid = int(w.group(2), 16)
            assert tid in created, reply
            exited.add(tid)
    assert re.match(rb"W0+($|;)", reply), reply
    assert len(created) == 2 and exited == created, (created, exited)


def test_thread_events_off_reports_nothing(e2e):
    client = e2e.rsp(e2e.stub("syscall_writes", 1, "threads"))
    client.handshake()
    assert client.request("QThreadEvents:1") == b"OK"
    assert client.request("QThreadEvents:0") == b"OK"
    assert client.request("QThreadEvents:2").startswith(b"E")
    assert re.match(rb"W0+($|;)", client.request("vCont;c", timeout=30))


@pytest.mark.parametrize("passed", [True, False])
def test_detach_delivers_the_stop_signal_if_the_program_may_have_it(e2e, passed):
    # The program stopped with SIGUSR1 and gdb detaches: the signal goes on to the program if
    # gdb lets it pass (QProgramSignals), as after a native detach; with `nopass` it is dropped.
    marker = e2e.tmp_path / "handled"
    stub = e2e.stub("detach_signal", marker)
    handle = "handle SIGUSR1 stop print " + ("pass" if passed else "nopass")
    r = e2e.gdb("detach_signal", stub, [handle, "continue", "detach"])
    assert "received signal SIGUSR1" in r.of(1), r
    assert "Detaching" in r.of(2) or "detached" in r.of(2).lower(), r
    if passed:
        assert procs.wait_until(lambda: marker.exists(), 10), r
        assert marker.read_text() == "handled\n"
    else:
        assert not procs.wait_until(lambda: marker.exists(), 1.5), r
