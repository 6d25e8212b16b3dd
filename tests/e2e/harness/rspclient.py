"""A minimal GDB Remote Serial Protocol client for protocol-level tests.

It does the framing ($payload#cs), checksums, acks and run-length decoding
itself, and also lets a test send arbitrary bytes to poke at the stub's parser."""
import socket
import time

from . import config, procs


def checksum(payload: bytes) -> int:
    return sum(payload) & 0xFF


def frame(payload, csum=None) -> bytes:
    """'$payload#cs'; csum overrides the checksum (to send a bad one)."""
    if isinstance(payload, str):
        payload = payload.encode()
    cs = checksum(payload) if csum is None else csum
    return b"$" + payload + b"#" + b"%02x" % cs


def rle_decode(data: bytes) -> bytes:
    """Expand 'X*c' (X repeated ord(c)-29 more times)."""
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i:i + 1] == b"*" and out and i + 1 < len(data):
            out += out[-1:] * (data[i + 1] - 29)
            i += 2
        else:
            out.append(data[i])
            i += 1
    return bytes(out)


class RspError(AssertionError):
    pass


class RspClient:
    def __init__(self, address, timeout=10.0):
        timeout = config.scaled(timeout)
        self.timeout = timeout
        self.sock = self._connect(address, timeout)
        self.sock.settimeout(timeout)
        self.pending = bytearray()  # bytes received but not consumed yet
        self.no_ack = False

    @staticmethod
    def _connect(address, timeout):
        # The stub printed "Listening" before accept(), so a connect failure is
        # a real failure; retry briefly only for a transiently full backlog.
        deadline = time.monotonic() + timeout
        while True:
            try:
                if address.startswith("/"):
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(address)
                else:
                    host, port = address.rsplit(":", 1)
                    s = socket.create_connection((host, int(port)), timeout=timeout)
                return s
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- raw bytes ----------------------------------------------------------
    def send_raw(self, data: bytes):
        self.sock.sendall(data)

    def _fill(self, timeout):
        self.sock.settimeout(timeout)
        chunk = self.sock.recv(65536)
        if not chunk:
            raise RspError("stub closed the connection")
        self.pending += chunk

    def _limit(self, timeout):
        """A test's own time limit is scaled like every other; the default already is."""
        return config.scaled(timeout) if timeout else self.timeout

    def read_byte(self, timeout=None) -> bytes:
        if not self.pending:
            self._fill(self._limit(timeout))
        b = bytes(self.pending[:1])
        del self.pending[:1]
        return b

    def read_byte_or_none(self, timeout):
        """One byte if any arrives within timeout, else None."""
        try:
            return self.read_byte(timeout)
        except (socket.timeout, TimeoutError):
            return None

    def read_ack(self, timeout=None) -> bytes:
        """Next '+' or '-' from the stub (fails on anything else)."""
        b = self.read_byte(timeout)
        if b not in (b"+", b"-"):
            raise RspError(f"expected an ack, got {b!r} then {bytes(self.pending)!r}")
        return b

    def read_packet(self, timeout=None, ack=True, lead=b"$") -> bytes:
        """Next packet's payload (RLE-expanded, escapes kept). Skips stray acks.
        Acknowledges it unless no-ack mode is on or ack is False."""
        timeout = self._limit(timeout)
        deadline = time.monotonic() + timeout
        while True:
            start = self.pending.find(lead)
            if start >= 0:
                hash_at = self.pending.find(b"#", start)
                if hash_at >= 0 and len(self.pending) >= hash_at + 3:
                    break
            left = deadline - time.monotonic()
            if left <= 0:
                raise RspError(f"no packet within {timeout}s; have {bytes(self.pending)!r}")
            self._fill(left)
        stray = bytes(self.pending[:start]).strip(b"+")
        if stray:
            raise RspError(f"unexpected bytes before a packet: {stray!r}")
        payload = bytes(self.pending[start + 1:hash_at])
        cs = bytes(self.pending[hash_at + 1:hash_at + 3])
        del self.pending[:hash_at + 3]
        if not self.no_ack and int(cs, 16) != checksum(payload):
            raise RspError(f"bad checksum from stub: {payload!r} #{cs!r}")
        if ack and not self.no_ack:
            self.send_raw(b"+")
        return rle_decode(payload)

    def read_notification(self, timeout=None) -> bytes:
        """Next asynchronous notification ('%Stop:...'), which is never acknowledged."""
        return self.read_packet(timeout, ack=False, lead=b"%")

    # -- conversations ------------------------------------------------------
    def send_packet(self, payload, retries=3):
        """Send one packet and wait for '+', resending on '-' (as gdb does)."""
        for _ in range(retries + 1):
            self.send_raw(frame(payload))
            if self.no_ack or self.read_ack() == b"+":
                return
        raise RspError(f"stub kept rejecting {payload!r}")

    def request(self, payload, timeout=None) -> bytes:
        """Send a packet and return the reply's payload."""
        self.send_packet(payload)
        return self.read_packet(timeout)

    def handshake(self):
        """What gdb does first: qSupported, then `?` (which also makes the stopped
        thread current, so `g` has a thread to read). Returns qSupported's reply."""
        features = self.request("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+")
        self.stop_reply = self.request("?")
        return features

    def packet_size(self, features: bytes) -> int:
        for item in features.split(b";"):
            if item.startswith(b"PacketSize="):
                return int(item.split(b"=", 1)[1], 16)
        raise RspError(f"no PacketSize in qSupported reply {features!r}")


def wait_port_closed(host, port, timeout=10.0):
    """True once nothing accepts connections on host:port (the stub went away)."""
    def refused():
        try:
            socket.create_connection((host, port), timeout=1).close()
            return False
        except OSError:
            return True
    return procs.wait_until(refused, timeout)
