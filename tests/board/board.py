"""An emulated arm board (qemu-system TCG, built by scripts/boards/build) and the ways tests
reach it: the agent's shell on a forwarded port (start zstub and programs, read their output),
zstub's port for gdb-multiarch and lldb. Every wait is bounded and scaled by
ZSTUB_TEST_TIMEOUT_SCALE; qemu and the clients are killed by PID."""
import itertools
import os
import pathlib
import re
import signal
import socket
import subprocess
import tempfile
import time

AGENT_PORT = 2300        # guest port of the board agent
STUB_PORTS = (2345, 2346, 2347, 2348)  # guest ports zstub listens on, used in turn


def scaled(seconds):
    return seconds * float(os.environ.get("ZSTUB_TEST_TIMEOUT_SCALE", "1"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_env(path):
    env = {}
    for line in pathlib.Path(path).read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    return env


class Shell:
    """A shell in the guest, through the agent. qemu's port forward accepts a connection even
    when nothing listens in the guest (and then drops it): a shell counts as open only once
    it answered an echo."""

    def __init__(self, host_port, timeout=30):
        deadline = time.monotonic() + scaled(timeout)
        last = None
        while time.monotonic() < deadline:
            try:
                self.sock = socket.create_connection(("127.0.0.1", host_port), timeout=2)
                self.buf = b""
                self.sock.sendall(b"echo AGENT-$((40+2))\n")
                self.expect(r"AGENT-42\n", timeout=scaled(3) / scaled(1))
                return
            except (OSError, AssertionError) as e:
                last = e
                self.close()
                time.sleep(0.2)
        raise AssertionError(f"board agent on port {host_port} did not answer: {last}")

    def send(self, line):
        self.sock.sendall(line.encode() + b"\n")

    def expect(self, pattern, timeout=30):
        """Wait for pattern in what the guest printed; returns the match (consumed)."""
        deadline = time.monotonic() + scaled(timeout)
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        while True:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"board: waited for {pattern!r}; got {self.buf[-2000:]!r}")
            self.sock.settimeout(min(left, 1.0))
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                raise AssertionError(f"board: connection closed waiting for {pattern!r}; "
                                     f"got {self.buf[-2000:]!r}")
            self.buf += data

    def output_until_closed(self, timeout=30):
        """Everything printed until the guest side closes (e.g. the stub and program ended)."""
        deadline = time.monotonic() + scaled(timeout)
        while time.monotonic() < deadline:
            self.sock.settimeout(1.0)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                break
            self.buf += data
        return self.buf.decode(errors="replace")

    def run(self, command, timeout=30):
        """Run one command, return its output."""
        marker = f"@@done{time.monotonic_ns()}@@"
        self.send(f"{command}; echo {marker}")
        return self.expect(rf"([\s\S]*?){marker}\n", timeout).group(1).decode(errors="replace")

    def close(self):
        sock = getattr(self, "sock", None)
        if sock:
            sock.close()
            self.sock = None


class Stub:
    """zstub running in the guest, its output (and the program's) on its own shell."""

    def __init__(self, board, shell, host_port, stub_pid, prog_pid):
        self.board, self.shell = board, shell
        self.host_port, self.stub_pid, self.prog_pid = host_port, stub_pid, prog_pid
        self.target = f"127.0.0.1:{host_port}"

    def output(self, timeout=30):
        return self.shell.output_until_closed(timeout)


class Board:
    def __init__(self, env_path, workdir):
        self.env = read_env(env_path)
        self.arch = self.env["arch"]
        self.progs = pathlib.Path(self.env["progs"])
        self.workdir = pathlib.Path(workdir)
        self.agent_port = free_port()
        self.stub_ports = {g: free_port() for g in STUB_PORTS}
        self._turn = itertools.cycle(STUB_PORTS)
        self.live = []  # (stub pid, program pid) to kill at teardown
        self.console = self.workdir / "console.log"
        fwd = ",".join([f"hostfwd=tcp:127.0.0.1:{self.agent_port}-:{AGENT_PORT}"] +
                       [f"hostfwd=tcp:127.0.0.1:{h}-:{g}" for g, h in self.stub_ports.items()])
        # ZSTUB_BOARD_CPU: another CPU model, e.g. max,pauth-impdef=on (pointer authentication)
        self.cpu = os.environ.get("ZSTUB_BOARD_CPU", self.env["cpu"])
        argv = [self.env["qemu"], "-M", "virt", "-cpu", self.cpu, "-smp", "1", "-m", "512",
                "-accel", "tcg", "-kernel", self.env["kernel"], "-initrd", self.env["initrd"],
                "-netdev", f"user,id=n0,restrict=on,{fwd}",
                "-device", "virtio-net-device,netdev=n0", "-no-reboot",
                # a second serial line: /dev/hvc0 in the guest, a pty on the host
                "-device", "virtio-serial-device", "-chardev", "pty,id=line1",
                "-device", "virtconsole,chardev=line1",
                "-display", "none", "-monitor", "none", "-serial", f"file:{self.console}",
                "-append", f"console={self.env['console']} quiet loglevel=3 rdinit=/init "
                           "nokaslr panic=-1"]
        self.qemu = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=open(self.workdir / "qemu.out", "wb"),
                                     stderr=subprocess.STDOUT)
        self.boot_seconds = self._wait_ready(60)
        self.slots = self._slot_counts()
        m = re.search(r"char device redirected to (/dev/pts/\d+) \(label line1\)",
                      (self.workdir / "qemu.out").read_text(errors="replace"))
        self.serial_pty = m.group(1) if m else None  # the host's end of the guest's /dev/hvc0

    def _wait_ready(self, timeout):
        start = time.monotonic()
        while time.monotonic() - start < scaled(timeout):
            if self.qemu.poll() is not None:
                raise AssertionError(f"qemu exited {self.qemu.returncode}: "
                                     f"{(self.workdir / 'qemu.out').read_text(errors='replace')}")
            if self.console.exists() and b"BOARD-READY" in self.console.read_bytes():
                return time.monotonic() - start
            time.sleep(0.1)
        raise AssertionError(f"board not ready after {scaled(timeout)} s: "
                             f"{self.console.read_text(errors='replace')[-3000:]}")

    def _slot_counts(self):
        """The kernel's 'found N breakpoint and M watchpoint registers' line (arm: 'found N
        (+1 reserved) breakpoint ...')."""
        m = re.search(rb"found (\d+) (?:\(\+\d+ reserved\) )?breakpoint and (\d+) watchpoint "
                      rb"registers",
                      self.console.read_bytes())
        return (int(m.group(1)), int(m.group(2))) if m else (None, None)

    def shell(self):
        return Shell(self.agent_port)

    def is_thumb(self, prog):
        """Whether the program's code is Thumb-2 (armhf's default) rather than ARM or A64."""
        return prog == "wprog32t" or (self.arch == "armhf" and prog == "wprog")

    def is_a64(self, prog):
        return self.arch == "aarch64" and prog == "wprog"

    def host_prog(self, name="wprog"):
        """The host's copy of a guest program (gdb reads its symbols)."""
        return self.progs / name

    def start_stub(self, *prog_args, options=(), attach=None, binary="/bin/zstub"):
        """zstub (or binary, e.g. /bin/gdbserver) --once on the next guest port, launching
        /progs/PROG ARGS (or attaching);
        returns once it printed 'Listening on port' (its program exists by then)."""
        gport = next(self._turn)
        sh = self.shell()
        opts = " ".join(options)
        if attach:
            where = f"--attach 0.0.0.0:{gport} {attach}"
        else:
            where = " ".join([f"0.0.0.0:{gport}", "/progs/" + prog_args[0], *prog_args[1:]])
        # ZSTUB_BOARD_STUB_ENV: environment for zstub in the guest, e.g. ZSTUB_SOFT_STEP=1
        # (steps through the arm decoder, as on an armhf kernel, where the kernel could step).
        env = os.environ.get("ZSTUB_BOARD_STUB_ENV", "")
        sh.send(f"echo STUB-PID=$$; exec env {env} {binary} --once {opts} {where} 2>&1")
        stub_pid = int(sh.expect(r"STUB-PID=(\d+)").group(1))
        m = sh.expect(r"(?:pid = (\d+)|Attached; pid = (\d+))[\s\S]*?Listening on port \d+\n",
                      timeout=30)
        prog_pid = int(m.group(1) or m.group(2))
        self.live.append((stub_pid, prog_pid))
        return Stub(self, sh, self.stub_ports[gport], stub_pid, prog_pid)

    def cleanup(self):
        """Kill what the last test left running in the guest, by PID."""
        if not self.live:
            return
        pids = " ".join(str(p) for pair in self.live for p in pair)
        self.live = []
        sh = self.shell()
        try:
            sh.run(f"kill -9 {pids} 2>/dev/null; true")
        finally:
            sh.close()

    def stop(self):
        if self.qemu.poll() is None:
            self.qemu.send_signal(signal.SIGKILL)
        try:
            self.qemu.wait(timeout=scaled(10))
        except subprocess.TimeoutExpired:
            pass


MARK = "@@board-mark@@"
# exec-file-mismatch off: gdb would read the whole program back through vFile to compare build
# ids (slow under TCG, and more than qemu's pty backend carries intact in one burst).
GDB_SETUP = ["set debuginfod enabled off", "set sysroot", "set exec-file-mismatch off",
             "set confirm off", "set pagination off", "set width 0", "set height 0",
             "set print thread-events off"]


class Result(str):
    def __new__(cls, output, returncode):
        self = super().__new__(cls, f"exit {returncode}, output:\n{output}")
        self.output, self.returncode = output, returncode
        self.outputs = output.split(MARK + "\n")[1:]
        return self

    def of(self, i):
        return self.outputs[i] if i < len(self.outputs) else ""


def run_client(argv, timeout):
    """Run a debugger to completion, killed (by PID, its process group) past the limit."""
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.STDOUT, start_new_session=True)
        try:
            rc = p.wait(timeout=scaled(timeout))
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            rc = "timeout"
        out.seek(0)
        return out.read().decode(errors="replace"), rc


def gdb(program, target, commands, timeout=90):
    """gdb-multiarch -batch: the program's symbols, target remote, commands; .of(i) is the
    output of commands[i]."""
    argv = ["gdb-multiarch", "-nx", "-batch"]
    for s in GDB_SETUP:
        argv += ["-iex", s]
    argv += [str(program), "-ex", f"target remote {target}"]
    for c in commands:
        argv += ["-ex", f"echo {MARK}\\n", "-ex", c]
    return Result(*run_client(argv, timeout))


def lldb(program, target, commands, timeout=90):
    """lldb-19 -b: gdb-remote then commands; .of(i) is the output of commands[i]."""
    argv = ["lldb-19", "-x", "-b", "-o", f"gdb-remote {target}"]
    for c in commands:
        argv += ["-o", f"script print('{MARK}')", "-o", c]
    argv.append(str(program))
    return Result(*run_client(argv, timeout))


class Interactive:
    """gdb-multiarch on a pty (for Ctrl-C), with a unique prompt; every wait bounded."""
    PROMPT = "@zboard@ "

    def __init__(self, program, target, timeout=60):
        import pexpect
        self.pexpect = pexpect
        argv = ["-nx", "-q", "-iex", f"set prompt {self.PROMPT}"]
        for s in GDB_SETUP:
            argv += ["-iex", s]
        argv += [str(program)]
        self.timeout = timeout
        self.child = pexpect.spawn("gdb-multiarch", argv, env=dict(os.environ, TERM="dumb"),
                                   encoding="utf-8", codec_errors="replace",
                                   timeout=scaled(timeout), dimensions=(50, 250))
        self.prompt()
        self.cmd(f"target remote {target}")

    def prompt(self, timeout=None):
        try:
            self.child.expect(re.escape(self.PROMPT), timeout=scaled(timeout or self.timeout))
        except (self.pexpect.TIMEOUT, self.pexpect.EOF) as e:
            raise AssertionError(f"gdb: no prompt; got {self.child.before!r}") from e
        return self.child.before.replace("\r\n", "\n")

    def cmd(self, command, timeout=None):
        self.child.sendline(command)
        out = self.prompt(timeout)
        return out.split("\n", 1)[1] if "\n" in out else ""

    def send(self, command):
        self.child.sendline(command)

    def interrupt(self, timeout=None):
        self.child.sendintr()
        return self.prompt(timeout)

    def close(self):
        if self.child.isalive():
            self.child.sendline("kill")
            self.child.sendline("quit")
        self.child.close(force=True)
