"""Drive gdb the way a user would: a batch run of commands, or an interactive
session on a pseudo-terminal (for Ctrl-C and multi-step conversations).

Tests assert on gdb's text output, i.e. on what the user sees."""
import re
import resource

import pexpect

from . import config, procs

GDB = "gdb"
# Settings that make gdb's output deterministic and never stop for a question.
SETUP = [
    "set debuginfod enabled off",
    "set confirm off",
    "set pagination off",
    "set width 0",
    "set height 0",
    "set print thread-events off",
    # How long gdb waits for a reply before it gives up on it (default 2 s): stretched with
    # every other limit, for a slow stub (a sanitizer or valgrind build on a loaded machine).
    f"set remotetimeout {max(2, round(config.scaled(2)))}",
]
MARK = "@@zstub-e2e-mark@@"
PROMPT = "@zgdb@ "
# Terminal control sequences readline may emit (e.g. bracketed-paste toggles).
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class BatchResult(str):
    """gdb's whole output. It is a str (the full transcript with the exit status)
    so that `assert ..., result` shows all of it: pytest shortens the repr of
    other objects used as assertion messages."""

    def __new__(cls, output, returncode, commands):
        self = super().__new__(cls, f"gdb exit {returncode}, output:\n{output}")
        self.output = output
        self.returncode = returncode
        self.commands = commands
        parts = output.split(MARK + "\n")
        self.preamble, self.outputs = parts[0], parts[1:]
        return self

    def of(self, index):
        """The output of commands[index] (the text printed before the next one ran)."""
        return self.outputs[index] if index < len(self.outputs) else ""


def run_batch(program, target, commands, *, token, timeout=config.GDB_TIMEOUT, extended=False):
    """gdb -batch: load program, `target remote TARGET` (extended-remote when extended), run
    commands in order.
    Returns a BatchResult whose .of(i) is command i's output. An echo marker is
    printed before every command so each output can be picked out. gdb goes on
    after a failing command, like a user typing the next one."""
    argv = [GDB, "-nx", "-batch"]
    for s in SETUP:
        argv += ["-iex", s]
    if program:
        argv.append(str(program))
    argv += ["-ex", f"target {'extended-remote' if extended else 'remote'} {target}"]
    for c in commands:
        argv += ["-ex", f"echo {MARK}\\n", "-ex", c]
    output, status = procs.run_client(argv, token, timeout)
    return BatchResult(output, status, commands)


def no_core_dump():
    """gdb 13 sometimes aborts (an internal error) when its remote goes away while breakpoint
    commands run `continue` (test_faults.py does that on purpose): no 80 MB core file in the
    working directory, which is the repository."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class Interactive:
    """gdb on a pty with a unique prompt; every wait is bounded."""

    def __init__(self, program, *, token, timeout=30):
        self.timeout = timeout
        argv = ["-nx", "-q", "-iex", f"set prompt {PROMPT}"]
        for s in SETUP:
            argv += ["-iex", s]
        if program:
            argv.append(str(program))
        env = procs.env_with_token(token)
        env["TERM"] = "dumb"  # plain text, no cursor or paste-mode sequences
        self.child = pexpect.spawn(GDB, argv, env=env,
                                   encoding="utf-8", codec_errors="replace",
                                   timeout=config.scaled(timeout), dimensions=(50, 250),
                                   preexec_fn=no_core_dump)
        self.log = []
        self.expect_prompt()

    def _clean(self, text):
        return ESCAPES.sub("", text).replace("\r\n", "\n").replace("\r", "")

    def expect_prompt(self, timeout=None):
        """Wait for the next prompt; return what gdb printed before it."""
        self.expect(re.escape(PROMPT), timeout)
        return self._clean(self.child.before)

    def expect(self, pattern, timeout=None):
        try:
            self.child.expect(pattern, timeout=config.scaled(timeout or self.timeout))
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            raise AssertionError(
                f"gdb: waited for {pattern!r}; got:\n{self._clean(self.child.before or '')}"
                f"\n(history: {self.log})") from e
        self.log.append(self._clean(self.child.before)[-2000:])
        return self.child.match

    def cmd(self, command, timeout=None):
        """Run one command and return its output (without the echoed command line)."""
        self.child.sendline(command)
        out = self.expect_prompt(timeout)
        # The pty echoes the typed line first; drop it.
        return out.split("\n", 1)[1] if "\n" in out else ""

    def send(self, command):
        """Type a command without waiting for the prompt (e.g. `continue`)."""
        self.child.sendline(command)

    def interrupt(self, timeout=None):
        """Press Ctrl-C; return the output up to the next prompt."""
        self.child.sendintr()
        return self.expect_prompt(timeout)

    def close(self):
        if self.child.isalive():
            self.child.sendline("quit")
            try:
                self.child.expect(pexpect.EOF, timeout=5)
            except (pexpect.TIMEOUT, pexpect.EOF):
                pass
        self.child.close(force=True)
