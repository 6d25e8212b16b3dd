"""gdb/MI in non-stop mode, as IDEs drive it (VS Code cpptools, Eclipse CDT): one thread stops at
a breakpoint while `-thread-info` shows the others running and their work goes on; `-exec-interrupt
--all` stops them all, `-exec-continue --all` lets them all go."""
import re
import time

import pexpect

from harness import config, procs
from harness.gdb import GDB, SETUP, no_core_dump

SETTLE = 0.3


class Mi:
    """gdb --interpreter=mi3 on a pty; each command carries a token, every wait is bounded."""

    def __init__(self, program, token):
        argv = ["--interpreter=mi3", "-nx", "-q"]
        for s in SETUP:
            argv += ["-iex", s]
        argv.append(str(program))
        self.child = pexpect.spawn(GDB, argv, env=procs.env_with_token(token), encoding="utf-8",
                                   codec_errors="replace", timeout=config.scaled(30),
                                   preexec_fn=no_core_dump)
        self.next_token = 100
        self.child.expect(r"\(gdb\) \r?\n")

    def cmd(self, command, result="done", timeout=30):
        """Run command; return what gdb printed up to its result record (^done, ^running...)."""
        self.next_token += 1
        tok = self.next_token
        self.child.sendline(f"{tok}{command}")
        self.child.expect(rf"\n{tok}\^(\w+)(.*?)\r?\n", timeout=config.scaled(timeout))
        got, rest = self.child.match.group(1), self.child.match.group(2)
        before = self.child.before
        assert got == result, f"{command}: ^{got}{rest}\n{before}"
        return before + rest

    def expect(self, pattern, timeout=30):
        self.child.expect(pattern, timeout=config.scaled(timeout))
        return self.child.match

    def close(self):
        if self.child.isalive():
            self.child.sendline("-gdb-exit")
            try:
                self.child.expect(pexpect.EOF, timeout=5)
            except (pexpect.TIMEOUT, pexpect.EOF):
                pass
        self.child.close(force=True)


def counter(mi):
    out = mi.cmd("-data-evaluate-expression counter")
    return int(re.search(r'value="(\d+)"', out).group(1))


def thread_states(mi):
    out = mi.cmd("-thread-info")
    return re.findall(r'state="(running|stopped)"', out)


def test_mi_non_stop_breakpoint_interrupt_all_continue_all(e2e):
    stub = e2e.stub("nonstop")
    mi = Mi(e2e.program("nonstop"), e2e.token)
    e2e._closers.append(mi.close)
    mi.cmd("-gdb-set mi-async on")  # execution commands return at once (as IDEs run gdb)
    mi.cmd("-gdb-set non-stop on")
    mi.cmd(f"-target-select remote {stub.address}", result="connected", timeout=60)
    mi.cmd("-break-insert all_started")
    mi.cmd("-exec-continue", result="running")
    mi.expect(r'\*stopped,reason="breakpoint-hit".*?func="all_started"', timeout=60)
    mi.cmd("-break-delete")
    mi.cmd("-exec-continue --all", result="running")
    time.sleep(SETTLE)
    assert thread_states(mi).count("running") == 4
    # One thread stops at a breakpoint; the others go on.
    mi.cmd("-break-insert hit")
    m = mi.expect(r'\*stopped,reason="breakpoint-hit".*?func="hit".*?thread-id="(\d+)"')
    hitter = m.group(1)
    states = thread_states(mi)
    assert states.count("stopped") == 1 and states.count("running") == 3, states
    before = counter(mi)
    time.sleep(SETTLE)
    assert counter(mi) > before  # the spinner counts while the hitter sits at the breakpoint
    out = mi.cmd(f"-stack-list-frames --thread {hitter}")
    assert 'func="hit"' in out, out
    # Stop everything: one *stopped per running thread, then nothing counts.
    mi.cmd("-break-delete")
    mi.cmd("-exec-interrupt --all")
    deadline = time.time() + config.scaled(20)
    while "running" in thread_states(mi) and time.time() < deadline:
        time.sleep(0.2)
    assert thread_states(mi) == ["stopped"] * 4
    before = counter(mi)
    time.sleep(SETTLE)
    assert counter(mi) == before
    mi.cmd("-data-evaluate-expression stop_all=1")
    mi.cmd("-exec-continue --all", result="running")
    mi.expect(r'\*stopped,reason="exited-normally"', timeout=60)
