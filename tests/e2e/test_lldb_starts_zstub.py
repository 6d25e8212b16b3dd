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


def test_launch_environment_working_directory_aslr(e2e, lldb_uses_zstub):
    where = e2e.tmp_path / "elsewhere"
    where.mkdir()
    r = e2e.lldb("run_env", None, ["settings set target.env-vars ZSTUB_E2E_FOO='a b=c'",
                                   "settings set target.disable-aslr false",
                                   f"process launch -w {where} -- x"])
    assert "arg1=[x]" in r.of(2), r
    assert "foo=[a b=c]" in r.of(2), r
    assert f"cwd=[{where}]" in r.of(2), r
    assert "aslr=[on]" in r.of(2), r
    assert "exited with status = 1" in r.of(2), r


def test_launch_of_a_missing_program_fails_cleanly(e2e, lldb_uses_zstub):
    missing = e2e.tmp_path / "no_such_program"
    r = e2e.lldb(None, None, [f"target create {e2e.program('basic')}",
                              f"settings set target.run-args x",
                              f"process launch --working-dir {missing}"])
    assert "error:" in r.of(2) and str(missing) in r.of(2), r


def test_attach_by_pid_breakpoint_and_detach(e2e, lldb_uses_zstub):
    sleeper = e2e.spawn([e2e.program("sleeper"), "30"])
    assert procs.wait_until(lambda: "pid=" in sleeper.stdout_path.read_text(), 10)
    r = e2e.lldb("sleeper", None, [f"process attach --pid {sleeper.pid}",
                                   "breakpoint set -n tick", "continue", "process detach"])
    assert f"Process {sleeper.pid} stopped" in r.of(0), r
    assert "stop reason = signal SIGSTOP" in r.of(0), r
    assert "stop reason = breakpoint 1.1" in r.of(2), r
    assert f"Process {sleeper.pid} detached" in r.of(3), r
    assert procs.is_alive(sleeper.pid), "detached, the program runs on"


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
