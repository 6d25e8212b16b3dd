"""lldb's platform mode against `zstub platform --listen`: lldb connects to the platform
(`platform connect connect://HOST:PORT`), uploads the program over vFile, asks for a debug
server per debug session (qLaunchGDBServer: a `zstub gdbserver` the platform starts), runs
shell commands and moves files. What is checked is what an lldb user sees; the expected
output was taken from lldb-server-19's platform doing the same. zstub only: gdbserver has no
platform mode."""
import re
import subprocess

import pytest

from harness import config, procs

pytestmark = pytest.mark.zstub_only

LISTEN_RE = re.compile(r"Listening on port (\d+)")


def start_platform(e2e, *options):
    """`zstub platform --server --listen 127.0.0.1:0` in its own working directory; returns
    (process, port, that directory)."""
    home = e2e.tmp_path / "remote"
    home.mkdir()
    plat = e2e.spawn([config.stub_binary(), "platform", "--listen", "127.0.0.1:0", *options],
                     name="platform")
    found = procs.wait_until(lambda: LISTEN_RE.search(plat.stdout_path.read_text()), 20)
    assert found, plat.stdout_path.read_text()
    return plat, int(found.group(1)), home


def connect(port, home):
    return ["platform select remote-linux", f"platform connect connect://127.0.0.1:{port}",
            f"platform settings -w {home}"]


def debug_servers_left(e2e, platform):
    """Processes of this test still alive besides the platform (debug servers, programs)."""
    return [p for p in procs.pids_with_token(e2e.token)
            if p != platform.pid and procs.is_alive(p)]


def test_run_to_breakpoint_read_variable_kill(e2e):
    plat, port, home = start_platform(e2e, "--server")
    prog = e2e.program("basic")
    r = e2e.lldb(None, None, connect(port, home) + [
        f"file {prog}", "breakpoint set -n add", "run", "continue", "frame variable",
        "expr counter", "kill"])
    # the program was uploaded into the platform's working directory and made executable
    uploaded = home / prog.name
    assert uploaded.exists() and uploaded.read_bytes() == prog.read_bytes(), r
    assert uploaded.stat().st_mode & 0o100, r
    assert re.search(r"Process \d+ launched: '.*basic'", r.of(5)), r
    assert "stop reason = breakpoint 1.1" in r.of(5), r
    assert re.search(r"basic`add\(a=0, b=1\) at basic.c", r.of(6)), r
    assert "(int) a = 0" in r.of(7) and "(int) b = 1" in r.of(7), r
    assert "(int) $0 = 1" in r.of(8), r
    assert "exited with status = 9" in r.of(9), r
    # lldb is gone: the debug server the platform started for it ended with its program
    assert procs.wait_until(lambda: not debug_servers_left(e2e, plat), 10), \
        debug_servers_left(e2e, plat)
    assert procs.is_alive(plat.pid), "the --server platform keeps serving"


def test_program_output_reaches_lldb(e2e):
    # No stdout file over a platform: the output comes back as O packets (sent before the exit
    # reply: test_lldb_starts_zstub checks that order; lldb may print them either way round).
    plat, port, home = start_platform(e2e)
    prog = e2e.program("args")
    r = e2e.lldb(None, None, connect(port, home) + [
        f"file {prog}", "settings set target.run-args one 'two words'", "run"])
    assert "arg1=[one]" in r.of(5) and "arg2=[two words]" in r.of(5), r
    assert "exited with status = 2" in r.of(5), r


def test_shell_files_and_directories(e2e):
    plat, port, home = start_platform(e2e)
    src = e2e.tmp_path / "local.txt"
    src.write_text("some text\nover two lines\n")
    back = e2e.tmp_path / "back.txt"
    r = e2e.lldb(None, None, connect(port, home) + [
        "platform shell echo hi from $PWD", f"platform put-file {src} {home}/put.txt",
        f"platform get-file {home}/put.txt {back}", f"platform mkdir {home}/made",
        "platform shell exit 3"])
    assert f"hi from {home}" in r.of(3), r
    assert (home / "put.txt").read_text() == src.read_text(), r
    assert back.read_text() == src.read_text(), r
    assert "successfully get-file" in r.of(5), r
    assert (home / "made").is_dir(), r
    assert "command returned with status 3" in r.of(7), r


def test_process_list_and_info(e2e):
    plat, port, home = start_platform(e2e)
    sleeper = e2e.spawn([e2e.program("sleeper"), "30"])
    r = e2e.lldb(None, None, connect(port, home) + [
        "platform process list -n sleeper", f"platform process info {sleeper.pid}"])
    assert re.search(rf"^{sleeper.pid}\s+\d+\s+\S+\s+x86_64-pc-linux-gnu\s+sleeper",
                     r.of(3), re.M), r
    assert f"pid = {sleeper.pid}" in r.of(4) and "sleeper" in r.of(4), r


def test_attach_by_pid_through_the_platform(e2e):
    plat, port, home = start_platform(e2e)
    sleeper = e2e.spawn([e2e.program("sleeper"), "30"])
    assert procs.wait_until(lambda: "pid=" in sleeper.stdout_path.read_text(), 10)
    r = e2e.lldb(None, None, connect(port, home) + [
        f"file {e2e.program('sleeper')}", f"process attach --pid {sleeper.pid}",
        "breakpoint set -n tick", "continue", "expr ticks > 0", "process detach"])
    assert f"Process {sleeper.pid} stopped" in r.of(4), r
    assert "stop reason = breakpoint 1.1" in r.of(6), r
    assert "(bool) $0 = true" in r.of(7), r
    assert f"Process {sleeper.pid} detached" in r.of(8), r
    assert procs.is_alive(sleeper.pid), "detached, the program runs on"


def test_debug_servers_end_with_the_connection(e2e):
    # A debug server lldb asked for but never used, and one lldb asked to kill.
    plat, port, _ = start_platform(e2e, "--server")
    with e2e.rsp(f"127.0.0.1:{port}") as rsp:
        rsp.handshake()
        first = dict(kv.split(":") for kv in rsp.request(b"qLaunchGDBServer;host:*;")
                     .decode().strip(";").split(";"))
        second = dict(kv.split(":") for kv in rsp.request(b"qLaunchGDBServer;host:*;")
                      .decode().strip(";").split(";"))
        assert first["port"] != second["port"]
        assert procs.is_alive(int(first["pid"])) and procs.is_alive(int(second["pid"]))
        assert rsp.request(f"qKillSpawnedProcess:{second['pid']}".encode()) == b"OK"
        assert not procs.is_alive(int(second["pid"]))
        assert rsp.request(b"qKillSpawnedProcess:1").startswith(b"E")  # not one of ours
    assert procs.wait_until(lambda: not procs.is_alive(int(first["pid"])), 10)
    assert procs.is_alive(plat.pid)


def test_bad_requests_get_errors_and_the_platform_serves_on(e2e):
    plat, port, _ = start_platform(e2e)
    with e2e.rsp(f"127.0.0.1:{port}") as rsp:
        rsp.handshake()
        assert rsp.request(b"qLaunchGDBServer;port:99999;").startswith(b"E")
        assert rsp.request(b"qProcessInfoPID:abc").startswith(b"E")
        assert rsp.request(b"qfProcessInfo:name_match:sounds_like;").startswith(b"E")
        assert rsp.request(b"qPlatform_shell:zz,a").startswith(b"E")
        assert rsp.request(b"vFile:MD5:2f6e6f2f73756368").startswith(b"F,x")
        assert rsp.request(b"vFile:exists:2f6e6f2f73756368") == b"F,0"
        assert rsp.request(b"vFile:size:2f6e6f2f73756368") == b"F-1,2"
        assert rsp.request(b"qPlatform_shell:6563686f206f6b,a") == b"F,00000000,00000000,ok\n"


def test_module_info_names_the_build_id(e2e):
    # lldb uses its own copy of a module when the UUIDs match (lldb-server's answer format).
    plat, port, _ = start_platform(e2e)
    prog = e2e.program("basic")
    notes = subprocess.run(["readelf", "-n", str(prog)], capture_output=True, text=True).stdout
    build_id = re.search(r"Build ID: ([0-9a-f]+)", notes).group(1).upper()
    with e2e.rsp(f"127.0.0.1:{port}") as rsp:
        rsp.handshake()
        reply = rsp.request(b"qModuleInfo:" + str(prog).encode().hex().encode() + b";"
                            + b"x86_64--linux".hex().encode()).decode()
        fields = dict(kv.split(":") for kv in reply.strip(";").split(";"))
        assert bytes.fromhex(fields["uuid"]).decode() == build_id, reply
        assert bytes.fromhex(fields["file_path"]).decode() == str(prog), reply
        assert int(fields["file_size"], 16) == prog.stat().st_size, reply
        missing = b"/no/such/file".hex().encode()
        assert rsp.request(b"qModuleInfo:" + missing + b";") == b"E03"
