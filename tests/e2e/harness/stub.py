"""Start a debug stub (zstub or gdbserver) listening on loopback or a unix socket.

The stub's stdout and stderr go to files in the test's tmp dir: stderr carries
the "Listening on ..." line we wait for, and the inferior inherits both, so a
test can read what the debugged program printed."""
import os
import re
import shlex
import socket
import subprocess

from . import config, procs

LISTEN_RE = re.compile(r"Listening on (port (\d+)|unix socket (\S+))")
ADDRESS_IN_USE = "in use"  # gdbserver: "Can't bind address: Address already in use."
PORT_TRIES = 8


def free_port(ipv6=False):
    """A port the kernel just handed out; someone may still take it before the
    stub binds it, so start() retries on "Address already in use"."""
    family = socket.AF_INET6 if ipv6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind(("::1" if ipv6 else "127.0.0.1", 0))
        return s.getsockname()[1]


def read_text(path):
    try:
        return path.read_text(errors="replace")
    except FileNotFoundError:
        return ""


class Stub:
    """One running stub process. Create with start(); stop() is idempotent."""

    def __init__(self, workdir, token):
        self.workdir = workdir
        self.token = token
        self.proc = None
        self.port = None
        self.host = "127.0.0.1"
        self.socket_path = None
        self.argv = None
        self.stdout_path = workdir / "stub.stdout"
        self.stderr_path = workdir / "stub.stderr"

    # -- starting ---------------------------------------------------------
    def start(self, program_argv=(), *, attach_pid=None, options=(), unix_path=None,
              host="127.0.0.1", timeout=config.LISTEN_TIMEOUT):
        """Launch (program_argv) or attach (attach_pid) and wait until listening.
        host is what goes before :PORT in COMM ("" for the bare :PORT form,
        "[::1]" for IPv6)."""
        last_err = ""
        self.host = host or "127.0.0.1"
        for _ in range(PORT_TRIES):
            port = free_port(ipv6=host.startswith("["))
            comm = f"unix:{unix_path}" if unix_path else f"{host}:{port}"
            argv = [config.stub_binary(), *options]
            argv += ["--attach", comm, str(attach_pid)] if attach_pid else [comm, *program_argv]
            self._spawn(argv)
            if self._wait_listening(timeout):
                return self
            last_err = self.stderr()
            self.stop()
            if unix_path or ADDRESS_IN_USE not in last_err:
                break
        raise RuntimeError(f"stub did not start listening: {self.argv}\nstderr:\n{last_err}")

    def _spawn(self, argv):
        self.argv = argv
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            try:
                self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                             stderr=err, env=procs.env_with_token(self.token),
                                             cwd=self.workdir)
            except FileNotFoundError:
                raise RuntimeError(f"no stub at {argv[0]}: run scripts/build, or set ZSTUB_BIN "
                                   "(or ZSTUB_TEST_STUB=gdbserver)") from None

    def _wait_listening(self, timeout):
        def listening_or_dead():
            m = LISTEN_RE.search(self.stderr())
            if m:
                return m
            return self.proc.poll() is not None and "dead"
        m = procs.wait_until(listening_or_dead, timeout)
        if not m or m == "dead":
            return False
        if m.group(2):
            self.port = int(m.group(2))
        else:
            self.socket_path = m.group(3)
        return True

    # -- using ------------------------------------------------------------
    @property
    def address(self):
        """What gdb's `target remote` takes."""
        return self.socket_path if self.socket_path else f"{self.host}:{self.port}"

    @property
    def pid(self):
        return self.proc.pid

    def stdout(self):
        return read_text(self.stdout_path)

    def stderr(self):
        return read_text(self.stderr_path)

    def output(self):
        """Both streams, for assertion messages."""
        return f"--- stub stdout ---\n{self.stdout()}\n--- stub stderr ---\n{self.stderr()}"

    def wait_stdout(self, text, timeout=10):
        """Wait until the inferior (or the stub) printed text on stdout."""
        return procs.wait_until(lambda: text in self.stdout(), timeout)

    def wait_exit(self, timeout=10):
        try:
            return self.proc.wait(config.scaled(timeout))
        except subprocess.TimeoutExpired:
            return None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGKILL; with ZSTUB_TEST_GRACEFUL_STOP=1, SIGTERM first (the stub cleans up and
        exits: a memory checker such as valgrind then gets to report leaks)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        if os.environ.get("ZSTUB_TEST_GRACEFUL_STOP") == "1":
            self.proc.terminate()
            try:
                self.proc.wait(config.scaled(10))
                return
            except subprocess.TimeoutExpired:
                pass
        self.proc.kill()
        self.proc.wait(10)


def stdio_command(program_argv, options=(), comm="-"):
    """The stub command line for gdb's `target remote | CMD` (stub on stdin/stdout;
    COMM is "-" or "stdio")."""
    return shlex.join([config.stub_binary(), *options, comm, *map(str, program_argv)])
