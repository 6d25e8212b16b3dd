"""lldb starting zstub itself as its debug server, as it starts lldb-server:
LLDB_DEBUGSERVER_PATH=zstub, then `process launch` or `process attach`. lldb runs
`zstub gdbserver --fd=N --native-regs --setsid` with no program and sends the launch or attach
over the connection. What is checked is what the lldb user sees (as with lldb-server-19).
zstub only: gdbserver does not take lldb-server's command line."""
import os
import re
import shutil
import socket
import subprocess

import pytest

from harness import config, procs, rspclient

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


# -- lldb-server's command line and launch packets, spoken directly --------------------------


def start_gdbserver(e2e, *args, pass_fds=()):
    """`zstub gdbserver ARGS` (tagged for cleanup); its stderr in a file."""
    err = open(e2e.tmp_path / "gdbserver.stderr", "wb")
    proc = subprocess.Popen([config.stub_binary(), "gdbserver", *map(str, args)],
                            stdin=subprocess.DEVNULL, stdout=err, stderr=err, pass_fds=pass_fds,
                            env=procs.env_with_token(e2e.token))
    err.close()
    return proc


def client_on(sock):
    """An RSP client over a socket the test already has (reverse connect)."""
    c = rspclient.RspClient.__new__(rspclient.RspClient)
    c.timeout = config.scaled(10.0)
    c.sock, c.pending, c.no_ack = sock, bytearray(), False
    sock.settimeout(c.timeout)
    return c


def hexs(text):
    return text.encode().hex()


def a_packet(*args):
    return "A" + ",".join(f"{len(hexs(a))},{i},{hexs(a)}" for i, a in enumerate(args))


def test_pipe_reports_the_port_and_output_comes_as_o_packets(e2e):
    # A platform's way: bind port 0, write the port to the pipe; no stdout file: O packets.
    r, w = os.pipe()
    proc = start_gdbserver(e2e, "tcp://[127.0.0.1]:0", "--native-regs", "--pipe", w,
                           pass_fds=(w,))
    os.close(w)
    port = b""
    with os.fdopen(r, "rb") as pipe:
        while not port.endswith(b"\0"):
            chunk = pipe.read(1)
            assert chunk, "the pipe closed before the port came"
            port += chunk
    with e2e.rsp(f"127.0.0.1:{int(port[:-1])}") as rsp:
        rsp.request(b"QThreadSuffixSupported")
        assert rsp.request(a_packet(str(e2e.program("args")), "one", "two").encode()) == b"OK"
        assert rsp.request(b"qLaunchSuccess") == b"OK"
        rsp.send_packet(b"vCont;c")
        output, reply = b"", rsp.read_packet()
        while reply.startswith(b"O") and not reply.startswith(b"OK"):
            output += bytes.fromhex(reply[1:].decode())
            reply = rsp.read_packet()
        assert reply.startswith(b"W02"), reply  # exit code 2: two arguments
        assert b"arg1=[one]" in output and b"arg2=[two]" in output, output
    assert proc.wait(config.scaled(10)) == 0  # one connection, then it exits


def test_reverse_connect_and_bad_launch_requests(e2e):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(config.scaled(10))
        start_gdbserver(e2e, "--reverse-connect", f"127.0.0.1:{listener.getsockname()[1]}")
        conn, _ = listener.accept()
    rsp = client_on(conn)
    try:
        rsp.request(b"QEnableErrorStrings")
        assert rsp.request(b"AX").startswith(b"E")
        assert rsp.request(b"QSetSTDIN:zz").startswith(b"E")
        missing = str(e2e.tmp_path / "missing")
        assert rsp.request(a_packet(missing).encode()).startswith(b"E")
        why = rsp.request(b"qLaunchSuccess")
        assert why.startswith(b"E") and b"missing" in why, why
        assert rsp.request(b"vAttachName;" + hexs("no_such_program_x").encode()).startswith(b"E")
        assert rsp.request(b"qVAttachOrWaitSupported") == b"OK"
        # still serving: a real launch works after the failures
        assert rsp.request(a_packet(str(e2e.program("basic"))).encode()) == b"OK"
        assert rsp.request(b"qLaunchSuccess") == b"OK"
        assert rsp.request(b"?").startswith(b"T05")
    finally:
        rsp.close()


def test_command_line_errors(e2e):
    for args, says in [(["--fd"], "bad or unknown option"), (["--bogus", ":0"], "unknown"),
                       ([], "either --fd N or a connection"),
                       (["--fd=3", "127.0.0.1:0"], "either --fd N or a connection")]:
        done = subprocess.run([config.stub_binary(), "gdbserver", *args], capture_output=True,
                              text=True, timeout=config.scaled(10))
        assert done.returncode == 2 and says in done.stderr, (args, done.stderr)
    done = subprocess.run([config.stub_binary(), "platform"], capture_output=True, text=True,
                          timeout=config.scaled(10))
    assert done.returncode == 2 and "--listen" in done.stderr, done.stderr


@pytest.mark.parametrize("how", ["vfork", "fork"])
def test_threads_forking_at_once_follow_parent(e2e, lldb_uses_zstub, how):
    # TestConcurrentVFork: lldb detaches each child (D;PID) and, for a vfork, waits for the
    # vforkdone stop (reason:vforkdone, or lldb takes it for a SIGTRAP). A child whose first
    # stop came in while its parent's fork event waited to be reported hung the stub.
    r = e2e.lldb("vfork_threads", None, [
        "settings set target.process.follow-fork-mode parent",
        "settings set target.process.stop-on-exec false", f"process launch -- {how}"])
    assert "all 5 children done" in r.of(2), r
    assert "exited with status = 0" in r.of(2), r


@pytest.mark.parametrize("how", ["vfork", "fork"])
def test_threads_forking_at_once_follow_child(e2e, lldb_uses_zstub, how):
    r = e2e.lldb("vfork_threads", None, [
        "settings set target.process.follow-fork-mode child", f"process launch -- {how}"])
    assert re.search(r"exited with status = 1[0-4]", r.of(1)), r


def test_launched_program_gets_no_descriptor_past_stderr(e2e, lldb_uses_zstub):
    # lldb's TestFdLeak: what lldb left open when it started its server (a pipe, its terminals)
    # is not the program's. lldb-server closes them; zstub passed them on.
    r = e2e.lldb("open_fds", None, ["process launch"])
    assert "open fd" not in r.of(0), r
    assert "exited with status = 0" in r.of(0), r
