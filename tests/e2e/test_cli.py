"""The command line: help, version, bad usage, COMM forms and options."""
import re
import subprocess

import pytest

from harness import config, procs


def run_stub(e2e, *args, timeout=20):
    """Run the stub to completion (for commands that must exit by themselves)."""
    return subprocess.run([config.stub_binary(), *map(str, args)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout,
                          env=procs.env_with_token(e2e.token))


def test_help(e2e):
    done = run_stub(e2e, "--help")
    assert done.returncode == 0, done
    assert "Usage" in done.stdout and "--attach" in done.stdout, done


def test_version(e2e):
    done = run_stub(e2e, "--version")
    assert done.returncode == 0, done
    assert done.stdout.strip(), done


@pytest.mark.zstub_only
def test_version_matches_the_project_version(e2e):
    cmake = (config.REPO_ROOT / "CMakeLists.txt").read_text()
    version = re.search(r"project\(zstub VERSION (\S+)", cmake).group(1)
    assert run_stub(e2e, "--version").stdout.strip() == f"zstub {version}"


@pytest.mark.parametrize("args", [[], ["--no-such-option", ":1"], ["127.0.0.1:1"]],
                         ids=["no-args", "unknown-option", "no-program"])
def test_bad_usage_fails(e2e, args):
    done = run_stub(e2e, *args)
    assert done.returncode != 0, done
    assert done.stderr.strip(), done


def test_missing_program_fails(e2e):
    done = run_stub(e2e, "127.0.0.1:1", e2e.tmp_path / "no-such-program")
    assert done.returncode != 0, done


def test_attach_to_missing_pid_fails(e2e):
    done = run_stub(e2e, "--attach", "127.0.0.1:1", 999999999 % (1 << 22))
    assert done.returncode != 0, done


def test_bare_port_form(e2e):
    stub = e2e.stub("exitcode", host="")
    r = e2e.gdb("exitcode", stub, ["continue"])
    assert "exited with code 07" in r.of(0), r


@pytest.mark.zstub_only  # gdbserver's IPv6 syntax differs
def test_ipv6_loopback(e2e):
    stub = e2e.stub("exitcode", host="[::1]")
    r = e2e.gdb("exitcode", stub, ["continue"])
    assert "exited with code 07" in r.of(0), r


def test_wrapper_sets_up_the_program(e2e):
    stub = e2e.stub("args", "x", options=["--wrapper", "env", "ZSTUB_E2E_VALUE=wrapped", "--"])
    r = e2e.gdb("args", stub, ["break main", "continue", "continue"])
    assert "Breakpoint 1, main (argc=2" in r.of(1), r
    assert "exited with code 01" in r.of(2), r
    assert stub.wait_stdout("env=[wrapped]"), stub.output()
    assert "arg1=[x]" in stub.stdout()


# gdbserver 13 without vCont loses the breakpoint after the first hit (the
# program runs to its end), so that case is checked against zstub only.
@pytest.mark.parametrize("packet", [pytest.param("vCont", marks=pytest.mark.zstub_only),
                                    "T", "Tthread", "qC", "qfThreadInfo"])
def test_disable_packet_sessions_still_work(e2e, packet):
    """gdb falls back to older packets; breakpoints, stepping and the thread
    list must still work."""
    stub = e2e.stub("basic", options=[f"--disable-packet={packet}"])
    r = e2e.gdb("basic", stub, ["break add", "continue", "continue", "stepi", "info threads",
                                "delete", "continue"])
    assert "Breakpoint 1, add (a=0, b=0)" in r.of(1), r
    assert "Breakpoint 1, add (a=0, b=1)" in r.of(2), r
    assert re.search(r"0x[0-9a-f]+\s+14\s", r.of(3)), r
    assert re.search(r"^\*\s+1\s+", r.of(4), re.M), r
    assert "exited normally" in r.of(6), r


@pytest.mark.zstub_only  # gdbserver's --remote-debug takes no file
def test_remote_debug_logs_packets_to_file(e2e):
    log = e2e.tmp_path / "packets.log"
    stub = e2e.stub("exitcode", options=[f"--remote-debug={log}"])
    e2e.gdb("exitcode", stub, ["continue"])
    text = log.read_text(errors="replace")
    assert "qSupported" in text and "vCont" in text, text[:2000]


@pytest.mark.zstub_only
def test_debug_logs_to_stderr(e2e):
    stub = e2e.stub("exitcode", options=["--debug"])
    e2e.gdb("exitcode", stub, ["continue"])
    lines = [l for l in stub.stderr().splitlines() if not l.startswith("Listening on")]
    assert len(lines) > 3, stub.output()


@pytest.mark.zstub_only  # gdbserver takes no prefix (gdb does)
@pytest.mark.parametrize("host", ["tcp:127.0.0.1", "tcp4:127.0.0.1", "tcp6:[::1]", "tcp6:::1"])
def test_gdb_connection_prefixes(e2e, host):
    """The same spec works for `zstub SPEC` and gdb's `target remote SPEC`."""
    stub = e2e.stub("exitcode", host=host)
    r = e2e.gdb("exitcode", stub, ["continue"])
    assert "exited with code 07" in r.of(0), r


@pytest.mark.zstub_only  # gdbserver 13 without vCont loses the breakpoint (see above)
def test_disable_thread_packets(e2e):
    """--disable-packet=threads (gdb.server/stop-reply-no-thread.exp): no vCont, qC,
    qfThreadInfo nor thread: in stop replies; gdb still runs the program to its end."""
    stub = e2e.stub("basic", options=["--disable-packet=threads"])
    r = e2e.gdb("basic", stub, ["info threads", "break main", "continue", "delete", "continue"])
    assert re.search(r"^\*\s+1\s+", r.of(0), re.M), r
    assert "Breakpoint 1, main" in r.of(2), r
    assert "exited normally" in r.of(4), r


def test_selftest_says_there_is_none_built_in(e2e):
    """gdb.server/unittest.exp: gdbserver's line for a build without self-tests."""
    done = run_stub(e2e, "--selftest")
    assert done.returncode == 0, done
    assert done.stdout.endswith("Selftests have been disabled for this build.\n"), done


@pytest.mark.zstub_only  # gdbserver 13's --debug-file does not log this way
def test_debug_file_with_timestamps(e2e):
    log = e2e.tmp_path / "debug.log"
    stub = e2e.stub("exitcode", options=["--debug", f"--debug-file={log}",
                                         "--debug-format=timestamp"])
    e2e.gdb("exitcode", stub, ["continue"])
    lines = log.read_text().splitlines()
    assert lines and all(re.match(r"\d+\.\d{6} zstub: ", line) for line in lines), lines[:5]
    assert "zstub: debug" not in stub.stderr(), stub.output()


@pytest.mark.zstub_only
def test_man_page_documents_every_option_and_comm_form(e2e):
    """docs/zstub.1 (installed by the .deb) names every option --help lists, and the COMM forms."""
    help_text = run_stub(e2e, "--help").stdout
    man = (config.REPO_ROOT / "docs" / "zstub.1").read_text().replace("\\-", "-")
    options = set(re.findall(r"(--[a-z][a-z-]+)", help_text))
    assert len(options) > 10, help_text
    missing = sorted(o for o in options if o not in man)
    assert not missing, f"options in --help but not in docs/zstub.1: {missing}"
    for form in ("unix:", "stdio", "tcp4:", "/dev/ttyS1", ":PORT"):
        assert form in man.replace("\\fB", "").replace("\\fR", "").replace("\\fI", ""), form
