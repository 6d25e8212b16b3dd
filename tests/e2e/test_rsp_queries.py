"""Protocol queries gdb relies on, asked directly: attach state, threads,
thread liveness and selection. Expectations hold for gdbserver too."""
import os
import re
import signal

import pytest

from harness import procs

THREAD_ID = re.compile(rb"p([0-9a-f]+)\.([0-9a-f]+)")


def connect(e2e, stub):
    client = e2e.rsp(stub)
    client.handshake()
    return client


def thread_list(client):
    """All thread ids from qfThreadInfo / qsThreadInfo, as (pid, tid) ints."""
    ids = []
    reply = client.request("qfThreadInfo")
    while reply.startswith(b"m"):
        ids += [(int(p, 16), int(t, 16)) for p, t in THREAD_ID.findall(reply)]
        reply = client.request("qsThreadInfo")
    assert reply == b"l", reply
    return ids


def test_must_reply_empty(e2e):
    client = connect(e2e, e2e.stub("spin"))
    assert client.request("vMustReplyEmpty") == b""


def test_qattached_launched_vs_attached(e2e):
    """gdb asks qAttached to choose between kill (launched) and detach
    (attached) when the user quits."""
    launched = connect(e2e, e2e.stub("spin"))
    assert launched.request("qAttached") == b"0"
    sleeper = e2e.spawn([e2e.program("sleeper"), 30], name="sleeper")
    assert procs.wait_until(lambda: "pid=" in sleeper.stdout_path.read_text(), 10)
    attached = connect(e2e, e2e.stub(attach_pid=sleeper.pid))
    assert attached.request("qAttached") == b"1"


def test_current_thread_and_liveness(e2e):
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    m = THREAD_ID.search(client.request("qC"))
    assert m, "qC must name a thread"
    pid, tid = int(m.group(1), 16), int(m.group(2), 16)
    assert pid == tid and procs.is_alive(pid)
    assert client.request(f"T{m.group(0).decode()}") == b"OK"
    assert client.request(f"Tp{pid:x}.{0x3fffffff:x}").startswith(b"E")
    assert thread_list(client) == [(pid, tid)]


def test_thread_list_of_threaded_program(e2e):
    # "wait": the workers keep running until SIGUSR2, which never comes here.
    stub = e2e.stub("threads", "wait")
    client = connect(e2e, stub)
    client.send_packet("vCont;c")
    assert stub.wait_stdout("pid=", 20), stub.output()
    client.send_raw(b"\x03")
    stop = client.read_packet(timeout=20)
    assert stop.startswith(b"T"), stop
    ids = thread_list(client)
    assert len(ids) == 9, ids
    assert len({pid for pid, _ in ids}) == 1, ids
    assert len({tid for _, tid in ids}) == 9, ids
    for pid, tid in ids:
        assert client.request(f"Tp{pid:x}.{tid:x}") == b"OK"


def test_select_unknown_thread_is_an_error(e2e):
    client = connect(e2e, e2e.stub("spin"))
    assert client.request(f"Hgp1.{0x3fffffff:x}").startswith(b"E")
    assert client.request("Hg0") == b"OK"


@pytest.mark.zstub_only  # gdbserver 13 answers W00 to '?' after a SIGKILL
def test_question_after_the_end_says_how_it_ended(e2e):
    client = connect(e2e, e2e.stub("spin"))
    (pid, _), = thread_list(client)[:1]
    os.kill(pid, signal.SIGKILL)
    killed = re.compile(rb"X0?9\b")
    assert killed.match(client.request("vCont;c", timeout=30)), "resume after SIGKILL"
    reply = client.request("?")
    assert killed.match(reply), reply
