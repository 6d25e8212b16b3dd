"""The debug stubs under test and how each one is started.

All three take a listen address and a program (or a pid to attach to);
only their command lines differ.
"""

import os
import shutil
import subprocess
from dataclasses import dataclass, field


@dataclass
class Stub:
    name: str
    binary: str
    launch_fmt: list  # argv template; {addr} and {prog...} filled in
    attach_fmt: list
    # extended-remote: the stub serves with no program; gdb's `run` starts one.
    multi_fmt: list = field(default_factory=list)
    available: bool = True
    reason: str = ""
    # Filled by a probe at run time: can gdb drive this stub at all?
    gdb_ok: bool = True
    gdb_reason: str = ""
    version: str = ""
    version_args: list = field(default_factory=lambda: ["--version"])
    extra: dict = field(default_factory=dict)

    def launch_argv(self, port: int, prog_argv):
        return self._fill(self.launch_fmt, port, prog_argv, None)

    def attach_argv(self, port: int, pid: int):
        return self._fill(self.attach_fmt, port, [], pid)

    def multi_argv(self, port: int):
        if not self.multi_fmt:
            raise RuntimeError("%s has no extended-remote (--multi) mode here" % self.name)
        return self._fill(self.multi_fmt, port, [], None)

    def _fill(self, fmt, port, prog_argv, pid):
        out = []
        for item in fmt:
            if item == "{prog...}":
                out.extend(prog_argv)
            else:
                out.append(item.format(bin=self.binary, addr="127.0.0.1:%d" % port,
                                       port=port, pid=pid))
        return out


def _version(argv):
    try:
        res = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        return (res.stdout or res.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return ""


def _find(binary):
    """An absolute path if binary runs here, else None."""
    if os.path.sep in binary:
        return os.path.abspath(binary) if os.access(binary, os.X_OK) else None
    return shutil.which(binary)


def known_stubs(zstub_path: str, lldb_server: str):
    """zstub first: it is the A of the A B A B interleaving."""
    stubs = [
        Stub("zstub", zstub_path,
             ["{bin}", "--once", ":{port}", "{prog...}"],
             ["{bin}", "--attach", ":{port}", "{pid}"],
             ["{bin}", "--once", "--multi", ":{port}"]),
        # The same zstub stepping over its breakpoints in place, every thread stopped: what the
        # out-of-line step over is measured against (only with --stubs naming it).
        Stub("zstub-inplace", zstub_path,
             ["{bin}", "--once", "--no-displaced-stepping", ":{port}", "{prog...}"],
             ["{bin}", "--attach", "--no-displaced-stepping", ":{port}", "{pid}"],
             ["{bin}", "--once", "--multi", "--no-displaced-stepping", ":{port}"]),
        Stub("gdbserver", "gdbserver",
             ["{bin}", "--once", "{addr}", "{prog...}"],
             ["{bin}", "--once", "--attach", "{addr}", "{pid}"],
             ["{bin}", "--once", "--multi", "{addr}"]),
        Stub("lldb-server", lldb_server,
             ["{bin}", "gdbserver", "{addr}", "--", "{prog...}"],
             ["{bin}", "gdbserver", "--attach", "{pid}", "{addr}"],
             version_args=["version"]),
    ]
    for stub in stubs:
        path = _find(stub.binary)
        if path is None:
            stub.available = False
            stub.reason = "%s not found or not executable" % stub.binary
            continue
        stub.binary = path
        stub.version = _version([path] + stub.version_args)
    return stubs
