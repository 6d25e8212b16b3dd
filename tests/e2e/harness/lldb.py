"""Drive lldb (lldb-19) against the stub with `gdb-remote`, as a user would."""
from . import config, procs

LLDB = "lldb-19"
ECHO = "(lldb) "  # lldb echoes each -o command after its prompt
# lldb -b runs commands synchronously; these make `process continue` return at
# once so that `process interrupt` (or `process signal`) can follow while the program runs.
ASYNC_ON = "script lldb.debugger.SetAsync(True)"
ASYNC_OFF = "script lldb.debugger.SetAsync(False)"


def pause(seconds):
    """A command that lets the program run for a while."""
    return f"script import time; time.sleep({seconds})"


class LldbResult(str):
    """lldb's whole output (a str so that pytest shows it all in assertion
    messages); .of(i) is the output of commands[i]."""

    def __new__(cls, output, returncode, commands, preamble=2):
        self = super().__new__(cls, f"lldb exit {returncode}, output:\n{output}")
        self.output = output
        self.returncode = returncode
        self.commands = commands
        # Cut at each echoed command line; part 0 is before the first command,
        # then `target create` and the gdb-remote connection (the preamble, either
        # may be absent), then the user's commands.
        parts, current = [], []
        for line in output.splitlines(keepends=True):
            if line.startswith(ECHO):
                parts.append("".join(current))
                current = []
            else:
                current.append(line)
        parts.append("".join(current))
        self.connect_output = parts[preamble] if preamble and len(parts) > preamble else ""
        self.outputs = parts[1 + preamble:]
        return self

    def of(self, index):
        return self.outputs[index] if index < len(self.outputs) else ""


def run_batch(program, target, commands, *, token, timeout=config.GDB_TIMEOUT):
    """lldb -b: load program, `gdb-remote TARGET`, then run commands in order. Without a
    target there is no gdb-remote (lldb starts its own debug server, LLDB_DEBUGSERVER_PATH);
    without a program lldb has no executable."""
    argv = [LLDB, "-x", "-b"] + (["-o", f"gdb-remote {target}"] if target else [])
    for c in commands:
        argv += ["-o", c]
    if program:
        argv.append(str(program))
    output, status = procs.run_client(argv, token, timeout)
    return LldbResult(output, status, commands, preamble=bool(program) + bool(target))
