"""A failing session becomes a test: a gdb session recorded with --remote-debug=FILE replays
against a fresh stub with no difference (scripts/replay), and an altered log gets its first
difference reported, at the right line."""
import subprocess
import sys

import pytest

from harness import config, procs
from harness.expect import at_line

REPLAY = config.REPO_ROOT / "scripts" / "replay"


def record(e2e, tmp_path, monkeypatch):
    """A gdb session against zstub under `setarch -R` (the addresses then repeat), logged."""
    log = tmp_path / "session.log"
    wrapper = tmp_path / "zstub-no-aslr"
    wrapper.write_text(f'#!/bin/sh\nexec setarch "$(uname -m)" -R {config.stub_binary()} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("ZSTUB_BIN", str(wrapper))
    stub = e2e.stub("basic", options=["--once", f"--remote-debug={log}"])
    monkeypatch.undo()
    r = e2e.gdb("basic", stub, ["break add", "continue", "print a + b", "bt", "next",
                                "info registers rip", "x/4xw $sp", "delete", "continue"])
    assert at_line("basic.c", "add_body") in r.of(1), r
    assert "$1 = 1" in r.of(2) or "$1 = 0" in r.of(2), r
    assert "exited normally" in r.of(8), r
    assert stub.wait_exit(20) is not None, stub.output()
    return log


def replay(e2e, log):
    env = procs.env_with_token(e2e.token)
    env["ZSTUB_BIN"] = config.stub_binary()
    done = subprocess.run([sys.executable, str(REPLAY), str(log), "--timeout",
                           str(config.scaled(10))], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=env, timeout=config.scaled(120),
                          text=True)
    return done.returncode, done.stdout


@pytest.mark.zstub_only  # the log format and the replay are zstub's
def test_recorded_gdb_session_replays_without_difference(e2e, tmp_path, monkeypatch):
    log = record(e2e, tmp_path, monkeypatch)
    text = log.read_text()
    assert " -- launch " in text and " aslr=off " in text and " -- connect" in text, text[:500]
    rc, out = replay(e2e, log)
    assert rc == 0, out
    assert "replay: no difference" in out, out


@pytest.mark.zstub_only
def test_altered_log_reports_its_first_difference(e2e, tmp_path, monkeypatch):
    log = record(e2e, tmp_path, monkeypatch)
    lines = log.read_text().splitlines(keepends=True)
    # Alter the reply to the first register read after the breakpoint stop: a value gdb showed.
    stop = next(i for i, line in enumerate(lines) if " -> T05" in line and i > 30)
    target = next(i for i in range(stop + 1, len(lines))
                  if lines[i - 1].split(" ", 2)[1:2] == ["<-"] and
                  lines[i - 1].split(" ", 2)[2].startswith(("g", "p", "m")) and
                  " -> " in lines[i] and not lines[i].split(" -> ")[1].startswith("E"))
    stamp, payload = lines[target].rstrip("\n").split(" -> ", 1)
    flipped = ("1" if payload[0] != "1" else "2") + payload[1:]
    lines[target] = f"{stamp} -> {flipped}\n"
    altered = tmp_path / "altered.log"
    altered.write_text("".join(lines))
    rc, out = replay(e2e, altered)
    assert rc == 1, out
    assert f"replay: first difference at {altered}:{target + 1} " in out, out
    assert f"logged reply: {flipped[:40]}" in out, out
    assert f"new reply:    {payload[:40]}" in out, out
