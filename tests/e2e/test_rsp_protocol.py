"""The wire protocol spoken directly: framing, acks, bad input, reconnects.
Expectations marked zstub_only are zstub's documented choices where gdbserver
behaves differently (or crashes the session)."""
import re
import time

import pytest

from harness import procs
from harness.rspclient import frame

STOP_REPLY = re.compile(rb"^[TS][0-9a-f]{2}")
HEX = re.compile(rb"^([0-9a-fx]{2})+$")  # 'xx' marks a register the stub cannot read


def connect(e2e, stub):
    client = e2e.rsp(stub)
    client.handshake()
    return client


def assert_serves(client):
    """The session works: a stop reason and the registers can be read."""
    assert STOP_REPLY.match(client.request("?"))
    regs = client.request("g")
    assert HEX.match(regs) and len(regs) >= 2 * 8 * 17, regs  # 16 GPRs + rip at least


def test_handshake_and_register_read(e2e):
    stub = e2e.stub("spin")
    client = e2e.rsp(stub)
    features = client.handshake()
    assert client.packet_size(features) >= 1024, features
    assert_serves(client)


def test_garbage_before_a_packet_is_ignored(e2e):
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    client.send_raw(b"xyz junk\x00\xff\x7f!")
    assert_serves(client)


def test_bad_checksum_is_nacked_then_resend_works(e2e):
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    client.send_raw(frame("?", csum=0x00))
    assert client.read_ack() == b"-"
    assert_serves(client)


def test_unknown_packets_get_empty_replies(e2e):
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    for unknown in ("qZstubNoSuchQuery", "vZstubNoSuchVerb", "j", "QZstubNoSuchSet:1"):
        assert client.request(unknown) == b"", unknown
    assert_serves(client)


def test_truncated_packet_then_a_good_one(e2e):
    """A packet cut short and followed by a new '$': the stub either restarts
    at the '$' or nacks the mangled packet; after gdb-style resends it serves."""
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    client.send_raw(b"$qSupported:multipro")
    assert_serves(client)


def test_unmapped_memory_read_is_an_error(e2e):
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    assert client.request("m0,4").startswith(b"E")
    assert client.request("m8,1").startswith(b"E")
    assert_serves(client)


def test_memory_write_and_read_back(e2e):
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    regs = client.request("g")
    # rsp is register 7; write below the stack pointer where nothing lives yet.
    rsp = int.from_bytes(bytes.fromhex(regs[7 * 16:8 * 16].decode()), "little")
    addr = f"{rsp - 256:x}"
    assert client.request(f"M{addr},4:deadbeef") == b"OK"
    assert client.request(f"m{addr},4") == b"deadbeef"


def test_interrupt_byte_stops_a_running_program(e2e):
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    client.send_packet("vCont;c")
    time.sleep(0.3)
    client.send_raw(b"\x03")
    reply = client.read_packet(timeout=10)
    assert re.match(rb"^T02", reply), reply  # SIGINT
    assert_serves(client)


def test_interrupt_byte_before_the_resume_is_not_lost(e2e):
    """gdb sends Ctrl-C as soon as the user presses it, possibly while it still reads memory
    before its vCont;c (gdb.server/reconnect-ctrl-c.exp on a loaded machine): the program
    must stop with SIGINT once it runs, as with gdbserver's SIGINT to the stopped process."""
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    client.send_raw(b"\x03")
    assert STOP_REPLY.match(client.request("?"))  # still served while stopped
    client.send_packet("vCont;c")
    reply = client.read_packet(timeout=10)
    assert re.match(rb"^T02", reply), reply  # SIGINT
    assert_serves(client)


def test_no_ack_mode(e2e):
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    assert client.request("QStartNoAckMode") == b"OK"
    client.no_ack = True
    client.pending.clear()
    assert_serves(client)
    assert client.read_byte_or_none(0.3) is None  # no acks arrive any more


@pytest.mark.zstub_only  # gdbserver's handling of oversized packets is unspecified
def test_oversized_packet_gets_an_error_and_the_next_works(e2e):
    stub = e2e.stub("spin")
    client = e2e.rsp(stub)
    size = client.packet_size(client.handshake())
    client.send_packet("M0," + "0" * (size + 100))
    assert client.read_packet().startswith(b"E")
    assert_serves(client)


@pytest.mark.zstub_only  # gdbserver drops the connection
@pytest.mark.parametrize("packet", ["vCont;S0b:7fffffff", "vCont;t:fffffff0",
                                    "vCont;c:p1.-1", "vCont;c:7fffffff;t:fffffff0"])
def test_vcont_naming_no_thread_of_ours_is_an_error(e2e, packet):
    """Nothing would run, so no stop reply would ever come: the client gets an error at once
    and the program has not moved."""
    stub = e2e.stub("spin")
    client = connect(e2e, stub)
    regs = client.request("g")
    assert client.request(packet, timeout=5).startswith(b"E"), packet
    assert client.request("g") == regs
    assert_serves(client)
    client.send_packet("vCont;c")  # a real resume still runs the program
    time.sleep(0.2)
    client.send_raw(b"\x03")
    assert re.match(rb"^T02", client.read_packet(timeout=10))


def assert_new_client_served(e2e, stub):
    """A new client gets a full handshake and a well-formed answer to `?`.
    zstub kills a launched program when its client leaves, so the answer may
    say there is no process (W/X/E); if a thread is stopped, `g` must work."""
    client = e2e.rsp(stub)
    features = client.handshake()
    assert client.packet_size(features) >= 1024, features
    assert re.match(rb"^([TS][0-9a-f]{2}|[WX][0-9a-f]{2}|E[0-9a-f]{2}|OK)", client.stop_reply), \
        client.stop_reply
    if STOP_REPLY.match(client.stop_reply):
        assert_serves(client)
    assert stub.alive(), stub.output()


def test_client_gone_mid_packet_then_new_client_is_served(e2e):
    stub = e2e.stub("spin")
    first = connect(e2e, stub)
    first.send_raw(b"$m4000,")
    first.close()
    assert_new_client_served(e2e, stub)


@pytest.mark.zstub_only  # gdbserver waits for the running program before accepting
def test_client_gone_while_running_then_new_client_is_served(e2e):
    stub = e2e.stub("spin")
    first = connect(e2e, stub)
    first.send_packet("vCont;c")
    time.sleep(0.2)
    first.close()
    assert_new_client_served(e2e, stub)


@pytest.mark.zstub_only
def test_client_sending_only_garbage_then_new_client(e2e):
    stub = e2e.stub("spin")
    junk = e2e.rsp(stub)
    junk.send_raw(b"\xff" * 4096 + b"$$$###" + b"}" * 100)
    junk.close()
    assert_new_client_served(e2e, stub)


def inferior_pids(e2e, stub):
    return [p for p in procs.pids_with_token(e2e.token) if p != stub.pid and procs.is_alive(p)]


@pytest.mark.zstub_only  # gdbserver keeps the program for the next client
def test_disconnect_kills_launched_program(e2e):
    stub = e2e.stub("spin")
    # zstub launches the program before it prints "Listening".
    pids = procs.wait_until(lambda: inferior_pids(e2e, stub), 10)
    assert pids and len(pids) == 1, (pids, stub.output())
    connect(e2e, stub).close()
    assert procs.wait_until(lambda: not procs.is_alive(pids[0]), 10), stub.output()
    assert stub.alive(), stub.output()  # no --once: waiting for the next client


@pytest.mark.zstub_only  # gdbserver leaves an attached program stopped
def test_disconnect_detaches_attached_program(e2e):
    sleeper = e2e.spawn([e2e.program("sleeper"), 2], name="sleeper")
    assert procs.wait_until(lambda: "pid=" in sleeper.stdout_path.read_text(), 10)
    stub = e2e.stub(attach_pid=sleeper.pid, options=["--once"])
    connect(e2e, stub).close()
    assert sleeper.wait(30) == 0
    assert "sleeper done" in sleeper.stdout_path.read_text()
    assert stub.wait_exit(10) is not None, stub.output()
