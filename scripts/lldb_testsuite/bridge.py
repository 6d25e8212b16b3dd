#!/usr/bin/python3
"""Stands in for lldb-server when lldb starts its debug server (LLDB_DEBUGSERVER_PATH).

lldb runs `SERVER gdbserver --fd=N --native-regs --setsid` with no program, then asks for
the launch (QSetSTDIN, QEnvironment, ... then vRun or A) or the attach (vAttach) over the
socket. zstub takes its program on the command line, so this bridge:

1. answers lldb's first packets through a "probe" zstub that debugs /bin/true, so lldb sees
   zstub's own qSupported, qHostInfo, vCont? ..., and records the stateful ones;
2. records the launch settings (stdio paths, working directory, environment, ASLR);
3. on vRun/A/vAttach starts the real zstub (the program launched through launch_wrapper.py,
   which applies the settings), replays the recorded packets to it, answers the launch
   with zstub's `?` reply, and from then on copies bytes both ways untouched.

Environment: ZSTUB_BIN (the zstub binary), ZSTUB_BRIDGE_ARGS (extra zstub options, e.g.
--remote-debug=FILE), ZSTUB_BRIDGE_LOG (a file for this bridge's own trace).
"""

import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCH_SETTINGS = ("QSetSTDIN:", "QSetSTDOUT:", "QSetSTDERR:", "QSetWorkingDir:",
                   "QSetDisableASLR:", "QSetDetachOnError:", "QLaunchArch:",
                   "QEnvironment:", "QEnvironmentHexEncoded:", "QEnvironmentReset")
LOG = None


def trace(msg):
    if LOG:
        LOG.write("%.3f %s\n" % (time.time(), msg))
        LOG.flush()


def checksum(body):
    return sum(body) & 0xFF


def frame(body):
    return b"$" + body + b"#%02x" % checksum(body)


def unescape(body):
    out, i = bytearray(), 0
    while i < len(body):
        if body[i] == 0x7D and i + 1 < len(body):
            out.append(body[i + 1] ^ 0x20)
            i += 2
        else:
            out.append(body[i])
            i += 1
    return bytes(out)


class Peer:
    """One RSP connection on a socket: packets out, packets in (with acks while needed)."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.ack = True

    def _fill(self, timeout):
        r, _, _ = select.select([self.sock], [], [], timeout)
        if not r:
            raise TimeoutError("no answer")
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("connection closed")
        self.buf += data

    def read_packet(self, timeout=None):
        """The next packet body (escaped form) or b'\\x03' for an interrupt."""
        while True:
            while self.buf[:1] in (b"+", b"-"):
                self.buf = self.buf[1:]
            if self.buf[:1] == b"\x03":
                self.buf = self.buf[1:]
                return b"\x03"
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start + 1) if start >= 0 else -1
            if start >= 0 and end >= 0 and len(self.buf) >= end + 3:
                body = self.buf[start + 1:end]
                self.buf = self.buf[end + 3:]
                if self.ack:
                    self.sock.sendall(b"+")
                return body
            self._fill(timeout)

    def send(self, body):
        self.sock.sendall(frame(body))

    def request(self, body, timeout=30):
        self.send(body)
        return self.read_packet(timeout)


def start_zstub(zstub, options, program_args, tmp, name):
    """zstub on a Unix socket in tmp; returns (process, connected Peer)."""
    path = os.path.join(tmp, name + ".sock")
    extra = os.environ.get("ZSTUB_BRIDGE_ARGS", "").split()
    argv = [zstub, "--once"] + extra + options + ["unix:" + path] + program_args
    err = open(os.path.join(tmp, name + ".stderr"), "wb")
    trace("start %s" % argv)
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=err, stderr=err)
    deadline = time.time() + 30
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return proc, Peer(s)
        except OSError:
            s.close()
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("zstub did not start: %s" % argv)
            time.sleep(0.02)


def stop(proc):
    if proc and proc.poll() is None:
        proc.kill()
        proc.wait()


class Launch:
    """The settings lldb sends before vRun/A, turned into launch_wrapper.py's options."""

    def __init__(self):
        self.stdio = {}
        self.cwd = None
        self.env = None
        self.no_aslr = False

    def take(self, pkt):
        name, _, val = pkt.partition(":")
        if name in ("QSetSTDIN", "QSetSTDOUT", "QSetSTDERR"):
            self.stdio[name[4:].lower()] = bytes.fromhex(val).decode()
        elif name == "QSetWorkingDir":
            self.cwd = bytes.fromhex(val).decode()
        elif name == "QSetDisableASLR":
            self.no_aslr = val == "1"
        elif name == "QEnvironmentReset":
            self.env = []
        elif name == "QEnvironment":
            self.env = (self.env or []) + [val]
        elif name == "QEnvironmentHexEncoded":
            self.env = (self.env or []) + [bytes.fromhex(val).decode()]

    def wrapper_args(self, tmp):
        args = ["/usr/bin/python3", os.path.join(HERE, "launch_wrapper.py")]
        if self.cwd:
            args += ["--cwd=" + self.cwd]  # first: relative stdio paths are the program's
        for fd, key in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
            if key in self.stdio:
                args += ["--fd%d=%s" % (fd, self.stdio[key])]
        if self.no_aslr:
            args += ["--no-aslr"]
        if self.env is not None:
            envfile = os.path.join(tmp, "env")
            with open(envfile, "wb") as f:
                f.write(b"\0".join(e.encode() for e in self.env))
            args += ["--env-file=" + envfile]
        return ["--wrapper"] + args + ["--"]


def decode_run(body):
    """vRun;HEXPROG;HEXARG... or A LEN,IDX,HEX,... -> argv list."""
    if body.startswith("vRun;"):
        return [bytes.fromhex(a).decode() for a in body[5:].split(";") if a]
    fields = body[1:].split(",")
    args = {}
    for i in range(0, len(fields) - 2, 3):
        args[int(fields[i + 1])] = bytes.fromhex(fields[i + 2]).decode()
    return [args[k] for k in sorted(args)]


def start_real(zstub, pkt, launch, tmp):
    if pkt.startswith("vAttach;"):
        return start_zstub(zstub, ["--attach"], [str(int(pkt[8:], 16))], tmp, "real")
    return start_zstub(zstub, launch.wrapper_args(tmp), decode_run(pkt), tmp, "real")


def pump(a, b):
    """Copies bytes both ways until one side closes."""
    socks = {a: b, b: a}
    while True:
        r, _, _ = select.select(list(socks), [], [])
        for s in r:
            data = s.recv(65536)
            if not data:
                return
            socks[s].sendall(data)


def main(argv):
    global LOG
    if os.environ.get("ZSTUB_BRIDGE_LOG"):
        LOG = open(os.environ["ZSTUB_BRIDGE_LOG"], "a")
    trace("argv %s" % argv)
    fd = None
    for i, a in enumerate(argv):
        if a.startswith("--fd="):
            fd = int(a[5:])
        elif a == "--fd" and i + 1 < len(argv):
            fd = int(argv[i + 1])
    if fd is None:
        sys.stderr.write("bridge: only `gdbserver --fd=N` is supported: %s\n" % argv)
        return 2
    zstub = os.environ.get("ZSTUB_BIN") or os.path.join(HERE, "..", "..", "build", "zstub")
    client = Peer(socket.socket(fileno=fd))
    tmp = tempfile.mkdtemp(prefix="zstub-bridge-")
    probe, probe_peer = start_zstub(zstub, [], ["/bin/true"], tmp, "probe")
    replay = []
    launch = Launch()
    real = None
    try:
        while True:
            body = client.read_packet()
            pkt = unescape(body).decode("latin-1")
            trace("lldb> %s" % pkt[:200])
            if pkt == "QStartNoAckMode":
                reply = probe_peer.request(body)
                replay.append(body)
                client.send(reply)
                client.ack = probe_peer.ack = False
                continue
            if pkt.startswith(LAUNCH_SETTINGS):
                launch.take(pkt)
                client.send(b"OK")
                continue
            if pkt.startswith(("vRun;", "A")) or pkt.startswith("vAttach;"):
                stop(probe)
                try:
                    real, peer = start_real(zstub, pkt, launch, tmp)
                except RuntimeError as e:
                    trace(str(e))
                    client.send(b"E01")
                    return 1

                for b in replay:
                    peer.request(b)
                    if b == b"QStartNoAckMode":
                        peer.ack = False
                stop_reply = peer.request(b"?")
                trace("zstub< %s" % stop_reply[:200])
                client.send(b"OK" if pkt.startswith("A") else stop_reply)
                pump(client.sock, peer.sock)
                return 0
            if pkt == "qLaunchSuccess":
                client.send(b"OK")
                continue
            if pkt == "\x03":
                continue
            if pkt in ("k", "vKill") or pkt.startswith("D"):
                client.send(b"OK")
                return 0
            reply = probe_peer.request(body)
            trace("probe< %s" % reply[:200])
            replay.append(body)
            client.send(reply)
    except (EOFError, ConnectionError) as e:
        trace("closed: %s" % e)
        return 0
    finally:
        stop(probe)
        if real is not None:
            try:
                real.wait(timeout=10)
            except subprocess.TimeoutExpired:
                stop(real)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main(sys.argv[1:]))
