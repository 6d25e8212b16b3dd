"""Minimal GDB Remote Serial Protocol client: framing, checksums, acks.

Used by the raw-protocol microbenchmark and to ask a stub for its
target description. It speaks only what a debugger needs to time single
packets; it is not a debugger.
"""

import socket
import time


class RspError(Exception):
    """The stub closed the link, timed out or sent something malformed."""


def checksum(payload: bytes) -> int:
    return sum(payload) & 0xFF


def frame(payload: bytes) -> bytes:
    return b"$" + payload + b"#" + b"%02x" % checksum(payload)


def unescape(data: bytes) -> bytes:
    """Undo '}' escaping and run-length encoding in a packet body."""
    out = bytearray()
    i = 0
    while i < len(data):
        c = data[i]
        if c == 0x7D and i + 1 < len(data):  # '}' escapes the next byte
            out.append(data[i + 1] ^ 0x20)
            i += 2
        elif c == 0x2A and out and i + 1 < len(data):  # '*' repeats the last byte
            out.extend(out[-1:] * (data[i + 1] - 29))
            i += 2
        else:
            out.append(c)
            i += 1
    return bytes(out)


class RspClient:
    def __init__(self, host: str, port: int, timeout: float = 10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        # Packets are tiny and latency is what we measure: no Nagle delay.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.ack = True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def _fill(self):
        try:
            data = self.sock.recv(65536)
        except socket.timeout as e:
            raise RspError("timeout waiting for the stub") from e
        if not data:
            raise RspError("stub closed the connection")
        self.buf += data

    def _read_packet(self) -> bytes:
        """Return the body of the next packet, skipping acks and noise."""
        while True:
            start = self.buf.find(b"$")
            if start >= 0:
                end = self.buf.find(b"#", start)
                if end >= 0 and len(self.buf) >= end + 3:
                    body = self.buf[start + 1 : end]
                    want = int(self.buf[end + 1 : end + 3], 16)
                    self.buf = self.buf[end + 3 :]
                    if checksum(body) != want:
                        if self.ack:
                            self.sock.sendall(b"-")
                            continue
                        raise RspError("bad checksum in no-ack mode")
                    if self.ack:
                        self.sock.sendall(b"+")
                    return unescape(body)
            self._fill()

    def _send(self, payload: bytes):
        pkt = frame(payload)
        for _ in range(5):
            self.sock.sendall(pkt)
            if not self.ack:
                return
            while not self.buf:
                self._fill()
            c, self.buf = self.buf[:1], self.buf[1:]
            if c == b"+":
                return
            if c != b"-":
                raise RspError("expected ack, got %r" % c)
        raise RspError("stub kept rejecting %r" % payload[:40])

    def request(self, payload: bytes) -> bytes:
        self._send(payload)
        return self._read_packet()

    def start_no_ack(self) -> bool:
        """Switch to no-ack mode when the stub supports it (less traffic)."""
        if self.request(b"QStartNoAckMode") == b"OK":
            self.ack = False
            return True
        return False

    def read_xfer(self, obj: bytes, annex: bytes, chunk: int = 0x1000) -> bytes:
        """Read a whole qXfer object (e.g. features / target.xml)."""
        out = b""
        while True:
            reply = self.request(b"qXfer:%s:read:%s:%x,%x" % (obj, annex, len(out), chunk))
            if not reply or reply[:1] not in (b"m", b"l"):
                raise RspError("qXfer %s:%s failed: %r" % (obj, annex, reply[:40]))
            out += reply[1:]
            if reply[:1] == b"l":
                return out


def timed(fn, count: int) -> float:
    """Seconds taken by count calls of fn()."""
    t0 = time.perf_counter()
    for _ in range(count):
        fn()
    return time.perf_counter() - t0
