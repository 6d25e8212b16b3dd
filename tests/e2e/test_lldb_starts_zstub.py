"""lldb starting zstub itself as its debug server, as it starts lldb-server:
LLDB_DEBUGSERVER_PATH=zstub, then `process launch` or `process attach`. lldb runs
`zstub gdbserver --fd=N --native-regs --setsid` with no program and sends the launch or attach
over the connection. What is checked is what the lldb user sees (as with lldb-server-19).
zstub only: gdbserver does not take lldb-server's command line."""
import re
import shutil

import pytest

from harness import config, procs

pytestmark = pytest.mark.zstub_only


@pytest.fixture
def lldb_uses_zstub(monkeypatch):
    monkeypatch.setenv("LLDB_DEBUGSERVER_PATH", config.stub_binary())


def test_launch_breakpoint_arguments_output_exit(e2e, lldb_uses_zstub):
    r = e2e.lldb("args", None, ["breakpoint set -n main", "process launch -- one 'two words'",
                                "frame variable argc", "continue"])
    assert "stop reason = breakpoint 1.1" in r.of(1), r
    assert "(int) argc = 3" in r.of(2), r
    # the program's output reaches lldb's terminal (QSetSTDOUT: lldb's pty)
    assert "arg1=[one]" in r.of(3) and "arg2=[two words]" in r.of(3), r
    assert "exited with status = 2" in r.of(3), r


def test_attach_by_name_waiting_for_the_program(e2e, lldb_uses_zstub):
    # A name no other test's process has: vAttachWait takes the first new process running it.
    name = f"waitfor_{e2e.token[:8]}"
    prog = e2e.tmp_path / name
    shutil.copy(e2e.program("sleeper"), prog)
    starter = e2e.spawn(["sh", "-c", f"sleep 2; exec {prog} 30"], name="starter")
    r = e2e.lldb(None, None, [f"process attach --name {name} --waitfor", "expr ticks >= 0",
                              "process detach"])
    assert re.search(rf"Process {starter.pid} stopped", r.of(0)), r
    assert f"Executable module set to \"{prog}\"" in r.of(0), r
    assert "(bool) $0 = true" in r.of(1), r
    assert f"Process {starter.pid} detached" in r.of(2), r
    assert procs.is_alive(starter.pid), "detached, the program runs on"


def test_attach_by_name_running_program(e2e, lldb_uses_zstub):
    name = f"running_{e2e.token[:8]}"
    prog = e2e.tmp_path / name
    shutil.copy(e2e.program("sleeper"), prog)
    sleeper = e2e.spawn([prog, "30"])
    assert procs.wait_until(lambda: "pid=" in sleeper.stdout_path.read_text(), 10)
    r = e2e.lldb(None, None, [f"process attach --name {name}", "process detach"])
    assert f"Process {sleeper.pid} stopped" in r.of(0), r
    assert f"Process {sleeper.pid} detached" in r.of(1), r
