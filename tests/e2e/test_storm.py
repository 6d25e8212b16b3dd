"""Bad input at depth, live: thousands of malformed and mutated packets against a stub serving
a program, over several connections (zstub keeps serving one client after another), then a
plain gdb session must work as if nothing had happened: breakpoint hit, right value, the
program exits with its normal output.

The packets: random bytes, valid requests with flipped bytes (checksum recomputed), numbers
too big for 64 bits, unknown thread ids, bogus Z kinds and conditions, raw garbage between
packets, an oversized packet, a connection dropped in the middle of a packet. The fuzz targets
(fuzz/) test the parsers alone; this tests the daemon around them: dispatch, handlers, the
session's reader and its recovery."""
import random
import time

import pytest

from harness import config
from harness.expect import at_line
from harness.rspclient import frame, rle_decode

SEED = 1234
CONNECTIONS = 5
PACKETS_PER_CONNECTION = 700
SYNC_TIMEOUT = 2.0  # seconds for the echo that closes each exchange (scaled)

# Requests a gdb or lldb session sends, with real-looking arguments (the addresses are wrong for
# the program, which is the point: everything must be answered, nothing may crash).
VALID = [
    "qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+", "?", "g", "qC",
    "qfThreadInfo", "qsThreadInfo", "qAttached", "qOffsets", "vCont?", "qTStatus",
    "m401000,40", "m7ffffffde000,100", "x401000,200", "x0,0", "M601040,4:01020304",
    "X601040,4:abcd", "p0", "p10", "p10;thread:1;", "P0=0000000000000000", "Hg0", "Hc-1",
    "Hgp1.1", "T1", "qThreadExtraInfo,1", "qThreadStopInfo1", "jThreadsInfo",
    "Z0,401000,1", "z0,401000,1", "Z1,401000,1", "Z2,601040,4", "z2,601040,4", "Z3,601040,8",
    "Z4,601040,1", "Z0,401000,1;X3,220001", "Z0,401000,1;X5,2200012227;cmds:0,X3,220001",
    "qXfer:features:read:target.xml:0,ffb", "qXfer:threads:read::0,ffb",
    "qXfer:auxv:read::0,ffb", "qXfer:exec-file:read::0,ffb", "qXfer:siginfo:read::0,ffb",
    "vFile:setfs:0", "vFile:open:2f70726f632f73656c662f6d617073,0,0", "vFile:pread:3,100,0",
    "vFile:fstat:3", "vFile:close:3", "vFile:readlink:2f70726f632f73656c662f657865",
    "QPassSignals:e;14;1e", "qRcmd,68656c70", "qMemoryRegionInfo:401000", "qRegisterInfo0",
    "qHostInfo", "qProcessInfo", "QSaveRegisterState", "QRestoreRegisterState:1",
    "qWatchpointSupportInfo:", "QThreadSuffixSupported", "QListThreadsInStopReply",
    "QEnableErrorStrings", "qSymbol::", "vMustReplyEmpty",
]
# Malformed on purpose: each must get an error or empty reply, the program must stay stopped.
BOGUS = [
    "Z5,401000,1", "Zf,401000,1", "Z0,401000", "Z0,,1", "Z0,401000,1;", "Z0,401000,1;X",
    "Z0,401000,1;X0,", "Z0,401000,1;Xffffffff,00", "Z0,401000,1;X2,0", "Z0,401000,1;X2,zz",
    "Z0,401000,1;X1,ff", "Z0,401000,1;X3,2000ff", "Z0,401000,1;cmds:", "Z0,401000,1;cmds:1,",
    "Z0,401000,1;" + ";".join(["X1,27"] * 12), "Z2,601040,0", "Z2,601040,ffffffffffffffff",
    "Z4,ffffffffffffffff,8", "z9,1,1",
    "C", "Cxyz", "C100", "S1ff;zz", "c1g", "s;", "vCont;", "vCont;q", "vCont;c:zz",
    "vCont;C", "vCont;r1", "vCont;c:p1.-2", "vCont;c;c;", "Hx1", "Hg", "Hgzz", "Hgp.1",
    "Hg12345678", "Hgp7fffffff.7fffffff", "Hc-2", "T0", "T-1", "Tp1.", "T99999",
    "qThreadExtraInfo,", "qThreadExtraInfo,ffffffff", "qThreadStopInfo0", "qThreadStopInfozz",
    "p", "pzz", "p1000", "p0;thread:zz;", "p0;thread:99999;", "P0", "P0=", "P0=1",
    "P0=00000000000000000000", "Pffff=00", "G0", "G" + "0" * 9999,
    "m", "m401000", "m,40", "m401000,", "m401000,40,", "mffffffffffffffff,ffffffffffffffff",
    "m10000000000000000,1", "x1,ffffffffffffffff", "M401000,4:0102", "M401000,2:0102zz",
    "Mffffffffffffffff,ffffffffffffffff:00", "X401000,4:}", "X401000,8:ab", "X,:",
    "qXfer:features:read:target.xml:", "qXfer:features:read:target.xml:ffffffffffffffff,1",
    "qXfer:features:read:nope.xml:0,ffb", "qXfer:threads:read::0,0", "qXfer:zzz:read::0,1",
    "qXfer:features:write:target.xml:0:abc", "qXfer:features:read:target.xml:0,fff,f",
    "vFile:open:zz,0,0", "vFile:open:2f,0", "vFile:open:2f00,0,0", "vFile:close:0",
    "vFile:close:1", "vFile:close:2", "vFile:close:3", "vFile:close:4", "vFile:close:5",
    "vFile:close:6", "vFile:close:7", "vFile:close:ffffffff", "vFile:pread:0,10,0",
    "vFile:pread:4,ffffffffffffffff,ffffffffffffffff", "vFile:fstat:5", "vFile:unlink:2f",
    "QPassSignals:", "QPassSignals:zz", "QPassSignals:100", "QPassSignals:;;",
    "qRcmd,", "qRcmd,6", "qRcmd,zz", "qRcmd,00", "qRcmd," + "61" * 300,
    "qMemoryRegionInfo", "qMemoryRegionInfo:", "qMemoryRegionInfo:ffffffffffffffff",
    "qRegisterInfoffffffff", "qRegisterInfo", "QRestoreRegisterState:", "QRestoreRegisterState:x",
    "QRestoreRegisterState:99999999999", "QSaveRegisterState;thread:zz;", "qSupported:;;;",
    "qSupportedX", "qEcho", "vKil", "?x", "", "$", "#", "}", "}}", "*", "a*", "vCont?x",
]
# Packets that end the program or let it run, switch off acks or end the stub: a mutation that
# makes one is dropped (the bogus list above has the malformed ones).
RESUMING = ("c", "C", "s", "S", "k", "D", "vCont;", "vKill", "vRun", "vAttach", "R", "r", "!",
            "QStartNoAckMode", "qRcmd,65786974")


def mutations(rng):
    """An endless mix of the kinds of bad input described in the module docstring."""
    big = ["f" * 17, "1" + "0" * 16, "ffffffffffffffff", "-1", "", "-", "7fffffff", "80000000"]
    while True:
        kind = rng.randrange(6)
        base = rng.choice(VALID).encode()
        if kind == 0:  # random bytes as a well-framed packet
            yield bytes(rng.randrange(256) for _ in range(rng.randrange(1, 120)))
        elif kind == 1:  # a valid request with flipped bytes
            p = bytearray(base)
            for _ in range(rng.randrange(1, 4)):
                p[rng.randrange(len(p))] = rng.randrange(256)
            yield bytes(p)
        elif kind == 2:  # numbers too big, negative or missing
            parts = base.split(b",")
            i = rng.randrange(len(parts))
            parts[i] = parts[i][:1] + rng.choice(big).encode() if i == 0 else \
                rng.choice(big).encode()
            yield b",".join(parts)
        elif kind == 3:  # unknown thread ids
            tid = rng.choice(["1", "2", "ffff", "7fffffff", "p99.99", "p1.ffff", "-1", "0"])
            yield rng.choice([f"Hg{tid}", f"Hc{tid}", f"T{tid}", f"qThreadExtraInfo,{tid}",
                              f"p10;thread:{tid};", f"g;thread:{tid};",
                              f"qThreadStopInfo{tid}",
                              f"QSaveRegisterState;thread:{tid};"]).encode()
        elif kind == 4:  # bogus Z kinds and conditions
            code = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 12))).hex()
            n = rng.choice([len(code) // 2, 0, 1, 255, 0xFFFFFFFF])
            yield (f"Z{rng.randrange(16):x},{rng.randrange(1 << 48):x},{rng.randrange(16):x};"
                   f"X{n:x},{code}").encode()
        else:
            yield rng.choice(BOGUS).encode()


def keep(packet):
    text = packet.decode("latin-1")
    return not text.startswith(RESUMING) or text.encode() in {b.encode() for b in BOGUS}


class Storm:
    """One connection's worth of bad packets, each followed by a qEcho that marks where its
    replies end (the reader resynchronises at that packet's '$')."""

    def __init__(self, client):
        self.client = client
        self.next_echo = 0
        self.exchanges = 0

    def replies(self, deadline):
        """Packets from the stub until the deadline; acks, NAKs and checksums are not checked
        (the storm's bytes provoke any of them)."""
        pending = self.client.pending
        while True:
            start = pending.find(b"$")
            end = pending.find(b"#", start) if start >= 0 else -1
            if end >= 0 and len(pending) >= end + 3:
                payload = bytes(pending[start + 1:end])
                del pending[:end + 3]
                yield rle_decode(payload)
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                self.client._fill(left)
            except (TimeoutError, OSError):
                return

    def sync(self):
        for _ in range(3):  # garbage may swallow one echo (e.g. as a checksum): send another
            self.next_echo += 1
            marker = b"qEcho:%d" % self.next_echo
            self.client.send_raw(frame(marker))
            deadline = time.monotonic() + config.scaled(SYNC_TIMEOUT)
            if any(reply == marker for reply in self.replies(deadline)):
                return
        raise AssertionError(f"the stub stopped answering after {self.exchanges} exchanges")

    def send(self, packet):
        self.client.send_raw(frame(packet))
        self.sync()
        self.exchanges += 1

    def garbage(self, rng):
        """Bytes outside any packet: acks, NAKs, interrupts, stray '#' and '}'."""
        junk = bytes(rng.choice(b"+-#}*\x03xyz\x00\xff") for _ in range(rng.randrange(1, 20)))
        self.client.send_raw(junk.rstrip(b"#"))
        self.sync()


@pytest.mark.zstub_only  # qEcho (lldb's) is the storm's sync marker; gdbserver has none
def test_packet_storm_leaves_stub_and_program_intact(e2e):
    stub = e2e.stub("basic")
    rng = random.Random(SEED)
    source = mutations(rng)
    sent = 0
    for conn in range(CONNECTIONS):
        client = e2e.rsp(stub, timeout=10)
        client.handshake()
        if conn % 2:
            assert client.request("QStartNoAckMode") == b"OK"
            client.no_ack = True
        storm = Storm(client)
        while storm.exchanges < PACKETS_PER_CONNECTION:
            if rng.random() < 0.05:
                storm.garbage(rng)
                continue
            packet = next(source)
            if keep(packet):
                storm.send(packet)
        storm.send(b"m" + b"0" * (0x20000 + 10))  # larger than PacketSize
        sent += storm.exchanges
        if conn == CONNECTIONS - 1:
            client.send_raw(b"$m401000,4")  # and hang up in the middle of a packet
        client.close()
        assert stub.alive(), stub.output()
    assert sent >= CONNECTIONS * PACKETS_PER_CONNECTION

    before = len(stub.stdout())
    r = e2e.gdb("basic", stub, ["break add", "continue", "print a", "print b", "delete",
                                "continue"])
    assert f"Breakpoint 1, add (a=0, b=0) at {at_line('basic.c', 'add_body')}" in r.of(1) or \
        at_line("basic.c", "add_body") in r.of(1), r
    assert "$1 = 0" in r.of(2) and "$2 = 0" in r.of(3), r
    assert "exited normally" in r.of(5), r
    assert stub.wait_stdout("total=10 counter=5 global=42 greeting=hello"), stub.output()
    assert "total=10 counter=5" in stub.stdout()[before:], stub.output()
    assert stub.alive(), stub.output()


@pytest.mark.zstub_only  # gdbserver also refuses them, but answers differently
def test_vfile_only_touches_descriptors_the_client_opened(e2e):
    """vFile:close/pread/fstat of a number the client never got from vFile:open used to reach
    the stub's own descriptors (its socket, the event loop, the program's memory file): closing
    them broke the session. Now they are refused with EBADF (9) and the stub keeps serving."""
    stub = e2e.stub("basic")
    client = e2e.rsp(stub)
    client.handshake()
    for fd in range(0, 16):
        assert client.request(f"vFile:close:{fd:x}") == b"F-1,9", fd
        assert client.request(f"vFile:pread:{fd:x},10,0") == b"F-1,9", fd
    path = b"/proc/self/maps".hex()
    fd = client.request(f"vFile:open:{path},0,0")
    assert fd.startswith(b"F") and not fd.startswith(b"F-"), fd
    assert client.request(f"vFile:pread:{fd[1:].decode()},10,0").startswith(b"F10;"), fd
    assert client.request(f"vFile:close:{fd[1:].decode()}") == b"F0"
    assert client.request(f"vFile:close:{fd[1:].decode()}") == b"F-1,9"  # only once
    assert client.request("m0,1").startswith(b"E")  # the memory file still answers
    assert len(client.request("g")) > 100


@pytest.mark.zstub_only  # lldb's register-state packets
def test_restore_register_state_reads_only_its_own_packet(e2e):
    """The id was read with strtol, past the end of the packet into what a longer earlier
    packet left in the buffer: "QRestoreRegisterState:1" after "...:1234" restored nothing."""
    stub = e2e.stub("basic")
    client = e2e.rsp(stub)
    client.handshake()
    assert client.request("QSaveRegisterState") == b"1"
    assert client.request("QRestoreRegisterState:1234").startswith(b"E")
    assert client.request("QRestoreRegisterState:1") == b"OK"
