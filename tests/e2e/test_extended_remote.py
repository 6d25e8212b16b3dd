"""target extended-remote (zstub --multi): run, run again, arguments through the shell, the
environment, the working directory, attach and detach one process after another, errors that
leave the stub serving, monitor exit, info os."""
import os
import re

import pytest

from harness import procs
from harness.expect import inferior_pid
from harness.programs import line_of

SLEEPER_SECONDS = 30


def multi(e2e, *extra):
    return e2e.stub(options=["--multi", *extra])


def connect(e2e, stub, program, commands, **kw):
    """gdb on target extended-remote, with remote exec-file set to the program."""
    path = e2e.program(program) if program else None
    setup = ["set remote exec-file " + str(path)] if path else []
    return e2e.gdb(program, f"{stub.address}", setup + commands, extended=True, **kw)


def out(stub):
    return stub.stdout()


def test_run_twice_with_arguments(e2e):
    stub = multi(e2e)
    r = connect(e2e, stub, "run_env", ["run first 'two words'", "run again"])
    assert "[Inferior 1 (process" in r.of(1) and "exited with code 02]" in r.of(1), r
    assert "exited with code 01]" in r.of(2), r
    assert stub.wait_stdout("arg1=[again]"), stub.output()
    text = out(stub)
    # A quoted argument stays one argument, as with gdb's native run.
    assert "arg1=[first]\narg2=[two words]\n" in text, text
    assert stub.proc.poll() is None, "the stub must serve on after the program exits"


def test_run_keeps_empty_arguments(e2e):
    """An empty argument (`run a '' b`, gdb --args prog a '' b) reaches the program as one
    (gdb.base/args.exp, inferior-args.exp)."""
    stub = multi(e2e)
    r = connect(e2e, stub, "run_env", ["run first '' third"])
    assert "exited with code 03]" in r.of(1), r
    assert stub.wait_stdout("aslr="), stub.output()
    assert "arg1=[first]\narg2=[]\narg3=[third]\n" in out(stub), stub.output()


def test_run_stops_at_breakpoint_and_reports_exit_code(e2e):
    stub = multi(e2e)
    r = connect(e2e, stub, "run_env", ["break main", "run a b c", "print argc", "continue"])
    assert re.search(r"Breakpoint 1, main \(argc=4", r.of(2)), r
    assert "$1 = 4" in r.of(3), r
    assert "exited with code 03]" in r.of(4), r


@pytest.mark.zstub_only  # gdbserver fails this (see the test)
def test_run_output_redirected_by_the_shell(e2e, tmp_path):
    target = tmp_path / "out.txt"
    stub = multi(e2e)
    r = connect(e2e, stub, "run_env", [f"run x > {target}"])
    assert "exited with code 01]" in r.of(1), r
    assert procs.wait_until(lambda: target.exists() and "aslr=" in target.read_text(), 10)
    text = target.read_text()
    assert "arg1=[x]\n" in text and "arg2" not in text, text


def test_run_without_shell_passes_arguments_literally(e2e):
    stub = multi(e2e)
    r = connect(e2e, stub, "run_env", ["set startup-with-shell off", "run '>' '*'"])
    assert "exited with code 02]" in r.of(2), r
    assert stub.wait_stdout("aslr="), stub.output()
    assert "arg1=[>]\narg2=[*]\n" in out(stub), stub.output()


def test_environment_and_working_directory(e2e, tmp_path):
    os.environ["ZSTUB_E2E_UNSET_ME"] = "present"  # the stub inherits it
    try:
        stub = multi(e2e)
    finally:
        del os.environ["ZSTUB_E2E_UNSET_ME"]
    r = connect(e2e, stub, "run_env", [
        "set environment ZSTUB_E2E_FOO = bar baz", "unset environment ZSTUB_E2E_UNSET_ME",
        f"set cwd {tmp_path}", "run"])
    assert "exited normally]" in r.of(4), r
    assert stub.wait_stdout("aslr="), stub.output()
    text = out(stub)
    assert "foo=[bar baz]" in text, text
    assert "unset_me=[(unset)]" in text, text
    assert f"cwd=[{tmp_path}]" in text, text
    assert "aslr=[off]" in text, text


def test_working_directory_under_home(e2e, tmp_path):
    """`set cwd ~/sub` reaches the stub as typed; the stub expands `~` to its home, as gdbserver
    does (gdb.base/set-cwd.exp)."""
    (tmp_path / "sub").mkdir()
    saved = os.environ.get("HOME")
    os.environ["HOME"] = str(tmp_path)  # the stub inherits it
    try:
        stub = multi(e2e)
    finally:
        if saved is None:
            del os.environ["HOME"]
        else:
            os.environ["HOME"] = saved
    r = connect(e2e, stub, "run_env", ["set cwd ~/sub", "run"])
    assert "exited normally]" in r.of(2), r
    assert stub.wait_stdout("aslr="), stub.output()
    assert f"cwd=[{tmp_path}/sub]" in out(stub), stub.output()


def test_randomization_setting(e2e):
    stub = multi(e2e)
    r = connect(e2e, stub, "run_env", ["set disable-randomization off", "run"])
    assert "exited normally]" in r.of(2), r
    assert stub.wait_stdout("aslr="), stub.output()
    assert "aslr=[on]" in out(stub), stub.output()


def start_sleeper(e2e, name):
    proc = e2e.spawn([e2e.program("sleeper"), SLEEPER_SECONDS], name=name)
    assert procs.wait_until(lambda: "pid=" in proc.stdout_path.read_text(), 10)
    return proc


def test_attach_detach_several_processes_one_after_another(e2e):
    a, b = start_sleeper(e2e, "a"), start_sleeper(e2e, "b")
    stub = multi(e2e)
    r = connect(e2e, stub, None, [
        f"attach {a.pid}", "print ticks > 0", "detach",
        f"attach {b.pid}", "print ticks > 0", "kill",
        f"attach {a.pid}", "info inferiors", "detach"])
    assert "$1 = 1" in r.of(1), r
    assert f"[Inferior 1 (process {a.pid}) detached]" in r.of(2), r
    assert "$2 = 1" in r.of(4), r
    assert f"[Inferior 1 (process {b.pid}) killed]" in r.of(5), r
    assert f"process {a.pid}" in r.of(7), r
    assert b.wait(20) == -9
    assert procs.is_alive(a.pid)
    assert procs.tracer_of(a.pid) == 0
    a.kill()


@pytest.mark.zstub_only  # gdbserver fails this (see the test)
def test_errors_leave_the_stub_serving(e2e):
    stub = multi(e2e)
    bogus_pid = 0x7ffffff0
    r = connect(e2e, stub, "run_env", [
        "set remote exec-file /no/such/program", "run",
        f"attach {bogus_pid}",
        f"set remote exec-file {e2e.program('run_env')}", "run ok"])
    assert 'Running "/no/such/program" on the remote target failed' in r.of(2), r
    assert f"Attaching to process {bogus_pid} failed" in r.of(3), r
    assert "exited with code 01]" in r.of(5), r
    assert "No such file or directory" in stub.stderr(), stub.output()
    assert f"no process {bogus_pid}" in stub.stderr(), stub.output()


@pytest.mark.zstub_only  # gdbserver fails this (see the test)
def test_run_a_file_that_is_not_a_program(e2e, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a program\n")
    stub = multi(e2e)
    r = connect(e2e, stub, "run_env", [f"set remote exec-file {text}", "run"])
    assert f'Running "{text}" on the remote target failed' in r.of(2), r
    assert "not an ELF program" in stub.stderr(), stub.output()


def test_kill_then_run_again(e2e):
    stub = multi(e2e)
    r = connect(e2e, stub, "run_env", ["break main", "run", "kill", "run", "info inferiors"])
    first = inferior_pid(r.of(2)) if "process" in r.of(2) else None
    assert "Breakpoint 1, main" in r.of(2), r
    assert "killed]" in r.of(3), r
    assert "Breakpoint 1, main" in r.of(4), r
    pids = re.findall(r"process (\d+)", r.output)
    assert len(set(pids)) >= 2, r
    del first


def test_monitor_exit_ends_the_stub(e2e):
    stub = multi(e2e)
    r = connect(e2e, stub, "run_env", ["break main", "run", "monitor exit"])
    assert "Breakpoint 1, main" in r.of(2), r
    assert stub.wait_exit(20) is not None, stub.output()


def test_next_client_finds_no_program_and_can_run_one(e2e):
    stub = e2e.stub("run_env", "cmdline", options=["--multi"])
    r = connect(e2e, stub, "run_env", ["info inferiors", "continue"])
    assert "exited with code 01]" in r.of(2), r
    assert stub.wait_stdout("arg1=[cmdline]"), stub.output()
    r = connect(e2e, stub, "run_env", ["info inferiors", "run second"])
    assert "<null>" in r.of(1), r
    assert "exited with code 01]" in r.of(2), r
    assert stub.wait_stdout("arg1=[second]"), stub.output()


def test_once_with_multi_exits_after_the_client(e2e):
    stub = multi(e2e, "--once")
    r = connect(e2e, stub, "run_env", ["run"])
    assert "exited normally]" in r.of(1), r
    assert stub.wait_exit(20) is not None, stub.output()


@pytest.mark.zstub_only
def test_info_os_processes_lists_the_machine(e2e):
    a = start_sleeper(e2e, "a")
    stub = multi(e2e)
    r = connect(e2e, stub, None, ["info os", "info os processes"])
    assert "processes" in r.of(0), r
    line = next((ln for ln in r.of(1).splitlines() if ln.split()[:1] == [str(a.pid)]), "")
    assert "sleeper" in line, r
    a.kill()


def test_info_os_of_an_unknown_type_is_empty(e2e):
    stub = multi(e2e)
    r = connect(e2e, stub, None, ["info os no_such_type"])
    assert "Empty data returned by target" in r.of(0), r


def test_two_inferiors_at_once(e2e):
    """add-inferior and run a second program while the first one sits at a breakpoint; each
    runs to its own end, and killing one leaves the other."""
    stub = multi(e2e)
    prog = e2e.program("run_env")
    r = connect(e2e, stub, "run_env", [
        "break main", "run first", "add-inferior", "inferior 2", f"file {prog}",
        f"set remote exec-file {prog}", "run second", "info inferiors",
        "kill inferiors 1", "inferior 2", "continue"])
    assert re.search(r"Breakpoint 1, main \(argc=2", r.of(2)), r
    assert re.search(r"Breakpoint 1(\.\d)?, main \(argc=2", r.of(7)), r
    pids = re.findall(r"process (\d+)", r.of(8))
    assert len(set(pids)) == 2, r
    assert "exited with code 01]" in r.of(11), r
    assert stub.wait_stdout("arg1=[second]"), stub.output()
    assert "arg1=[first]" not in stub.stdout(), stub.output()


def test_thread_list_holds_every_inferior(e2e):
    """The thread list (qXfer:threads:read) names the threads of every process: gdb drops the
    threads a list leaves out, so a list of the current process only lost all but one thread of
    the other inferior (gdb.multi/tids.exp)."""
    stub = multi(e2e)
    run_env = e2e.program("run_env")
    r = connect(e2e, stub, "threads", [
        "break threads_ready", "run", "add-inferior", "inferior 2", f"file {run_env}",
        f"set remote exec-file {run_env}", "break main", "run", "info threads"])
    assert re.search(r"Breakpoint 2(\.\d)?, main \(", r.of(8)), r
    inferiors = re.findall(r"^[ *]\s*(\d+)\.\d+\s+Thread ", r.of(9), re.M)
    assert inferiors.count("1") == 9 and inferiors.count("2") == 1, r


def test_thread_local_variable_of_the_second_inferior_run(e2e):
    """gdb asks qGetTLSAddr of a thread of whichever inferior it is in; the stub looks the
    thread up in its own process, not the current one (gdb.multi/multi-re-run.exp)."""
    stub = multi(e2e)
    run_env, tls = e2e.program("run_env"), e2e.program("tls_vars")
    r = connect(e2e, stub, "tls_vars", [
        "add-inferior", "inferior 2", f"file {run_env}", f"set remote exec-file {run_env}",
        "break run_env.c:main", "run", "inferior 1", f"set remote exec-file {tls}",
        f"break tls_vars.c:{line_of('tls_vars.c', 'main_ready')}", "run", "print tls_value"])
    assert re.search(r"Breakpoint 2, main \(", r.of(10)), r
    assert "$1 = 1000" in r.of(11), r


def test_program_killed_from_outside_stub_serves_on(e2e):
    """A SIGKILL from outside, while the program runs and while it sits at a breakpoint: gdb
    reports the termination, and the same extended-remote session runs the program again."""
    stub = multi(e2e)
    kill_soon = ("python import os, threading; "
                 "threading.Timer(0.5, os.kill, (gdb.selected_inferior().pid, 9)).start()")
    kill_now = "python import os; os.kill(gdb.selected_inferior().pid, 9)"
    r = connect(e2e, stub, "spin", [
        "break main", "run", "delete", kill_soon, "continue",
        "break main", "run", kill_now, "continue"], timeout=120)
    killed = "Program terminated with signal SIGKILL, Killed."
    assert re.search(r"Breakpoint 1, main", r.of(2)), r
    assert killed in r.of(5), r  # killed while running
    assert re.search(r"Breakpoint 2, main", r.of(7)), r
    assert killed in r.of(9), r  # killed while stopped at the breakpoint
    # (gdb itself, and gdbserver alike, then hangs on a `run` in that same session; a new
    # session shows the stub serving on.)
    r = connect(e2e, stub, "spin", ["break main", "run", "info inferiors"], timeout=120)
    assert re.search(r"Breakpoint 1, main", r.of(2)), r
    assert stub.proc.poll() is None, stub.output()
