"""One test's world: the stubs, gdbs and helper processes it started, all
tagged with one token so teardown can kill every one of them."""
import os
import subprocess

from . import config, gdb, lldb, procs, rspclient, sanitizer
from .stub import Stub


class Spawned(subprocess.Popen):
    """A helper process whose wait(timeout) is scaled like every other time limit."""

    def wait(self, timeout=None):
        return super().wait(None if timeout is None else config.scaled(timeout))


class TestEnv:
    __test__ = False  # not a pytest test class

    def __init__(self, tmp_path, programs):
        self.tmp_path = tmp_path
        self.programs = programs
        self.token = procs.new_token()
        self._stubs = []
        self._closers = []
        self._gdb_outputs = []  # scanned for sanitizer reports at teardown

    def program(self, name):
        """Path of a compiled test program, by its source's stem."""
        return self.programs[name]

    def stub(self, program=None, *args, attach_pid=None, options=(), unix_path=None,
             host="127.0.0.1"):
        """Start a stub serving programs[program] (or a path, or attaching to attach_pid)."""
        workdir = self.tmp_path / f"stub{len(self._stubs)}"
        workdir.mkdir()
        s = Stub(workdir, self.token)
        self._stubs.append(s)
        path = program if isinstance(program, os.PathLike) else program and self.program(program)
        argv = [str(path), *map(str, args)] if program else []
        return s.start(argv, attach_pid=attach_pid, options=options, unix_path=unix_path,
                       host=host)

    def gdb(self, program, target, commands, **kw):
        """Batch gdb against target (a Stub, an address, or "| cmd")."""
        address = target.address if isinstance(target, Stub) else target
        path = self.program(program) if program else None
        result = gdb.run_batch(path, address, commands, token=self.token, **kw)
        self._gdb_outputs.append(result.output)
        return result

    def lldb(self, program, target, commands, **kw):
        """Batch lldb against target (a Stub, an address, or None: see lldb.run_batch)."""
        address = target.address if isinstance(target, Stub) else target
        path = self.program(program) if program else None
        result = lldb.run_batch(path, address, commands, token=self.token, **kw)
        self._gdb_outputs.append(result.output)
        return result

    def interactive(self, program, target=None, **kw):
        """Interactive gdb, already connected when target is given."""
        session = gdb.Interactive(self.program(program) if program else None,
                                  token=self.token, **kw)
        self._closers.append(session.close)
        if target is not None:
            address = target.address if isinstance(target, Stub) else target
            out = session.cmd(f"target remote {address}")
            assert "Remote debugging using" in out, out
        return session

    def rsp(self, target, **kw):
        client = rspclient.RspClient(target.address if isinstance(target, Stub) else target,
                                     **kw)
        self._closers.append(client.close)
        return client

    def spawn(self, argv, name="proc"):
        """Start a helper process (e.g. an attach target) with stdout in a file."""
        out_path = self.tmp_path / f"{name}.stdout"
        with open(out_path, "wb") as out:
            p = Spawned([str(a) for a in argv], stdin=subprocess.DEVNULL, stdout=out,
                        stderr=subprocess.STDOUT, env=procs.env_with_token(self.token))
        p.stdout_path = out_path
        return p

    def cleanup(self):
        for close in reversed(self._closers):
            try:
                close()
            except Exception:  # noqa: BLE001 - teardown must go on
                pass
        for s in self._stubs:
            s.stop()
        procs.kill_token(self.token)
        reports = [line for s in self._stubs for line in sanitizer.find_reports(s.stderr())]
        reports += [line for out in self._gdb_outputs for line in sanitizer.find_reports(out)]
        if reports:
            logs = "\n".join(s.output() for s in self._stubs)
            raise AssertionError("sanitizer reports from the stub:\n" + "\n".join(reports)
                                 + "\n" + logs)
