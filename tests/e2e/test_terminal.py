"""The stub's terminal and the programs it launches, as with gdbserver: each program leads a
process group of its own and becomes the terminal's foreground group, so its terminal I/O (and a
Ctrl-C typed there) is as when run from a shell. Of two programs run one after the other, the
first is then in the background (gdb.multi/multi-term-settings.exp expects its SIGTTOU)."""
import fcntl
import os
import re
import subprocess
import termios
import threading

from harness import procs
from harness.stub import Stub


class TtyStub(Stub):
    """A stub whose stderr is a pseudo-terminal, its controlling terminal, with the stub's group
    in the foreground (as a stub started from a shell, or by the gdb testsuite's expect). What
    it writes there is copied to the usual stderr file."""

    def _spawn(self, argv):
        self.argv = argv
        master, slave = os.openpty()

        def own_terminal():
            fcntl.ioctl(2, termios.TIOCSCTTY, 0)

        with open(self.stdout_path, "wb") as out:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=slave, env=procs.env_with_token(self.token),
                                         cwd=self.workdir, start_new_session=True,
                                         preexec_fn=own_terminal)
        os.close(slave)
        self.master = master
        threading.Thread(target=self._copy, daemon=True).start()

    def _copy(self):
        with open(self.stderr_path, "ab") as err:
            while True:
                try:
                    data = os.read(self.master, 4096)
                except OSError:
                    break
                if not data:
                    break
                err.write(data)
                err.flush()

    def stop(self):
        super().stop()
        try:
            os.close(self.master)
        except OSError:
            pass


STAT = ("python import gdb; print(chr(10).join('stat:' + ' '.join(open('/proc/%d/stat' % i.pid)"
        ".read().rsplit(')', 1)[1].split()[:6]) for i in gdb.inferiors()))")


def test_program_leads_its_group_and_gets_the_terminal(e2e):
    """Two programs run one after the other: each leads its own process group, and the
    terminal's foreground group is the last one's (before: both in the stub's group, which kept
    the terminal)."""
    workdir = e2e.tmp_path / "ttystub"
    workdir.mkdir()
    stub = TtyStub(workdir, e2e.token)
    e2e._stubs.append(stub)  # stopped and checked at teardown like the others
    stub.start(options=["--multi"])
    sleeper = e2e.program("sleeper")
    r = e2e.gdb("sleeper", stub.address, [
        f"set remote exec-file {sleeper}", "break main", "run 30", "add-inferior",
        "inferior 2", f"file {sleeper}", f"set remote exec-file {sleeper}", "run 30",
        "info inferiors", STAT, "kill inferiors 1 2"], extended=True)
    pids = [int(p) for p in re.findall(r"^[ *]\s*\d+\s+process (\d+)", r.of(8), re.M)]
    stats = re.findall(r"^stat:(.*)$", r.of(9), re.M)
    assert len(pids) == 2 and len(stats) == 2, r
    # /proc/PID/stat after the name: state ppid pgrp session tty_nr tpgid
    groups = [int(st.split()[2]) for st in stats]
    foreground = [int(st.split()[5]) for st in stats]
    assert groups == pids, (groups, pids, r)  # each leads a group of its own
    # The last one run has the terminal; the first is in the background now.
    assert foreground == [pids[1], pids[1]], (foreground, pids, r)
