"""Leave no process behind.

Every process a test starts (stub, gdb, attach targets) gets a per-test token in
its environment. Inferiors, forked children and a stub that gdb spawned itself
(`target remote | stub ...`) inherit it, so at teardown one scan of
/proc/*/environ finds everything the test caused, whatever its parent is now."""
import os
import signal
import subprocess
import time
import uuid

from . import config

TOKEN_VAR = "ZSTUB_E2E_TOKEN"


def new_token():
    return uuid.uuid4().hex


def env_with_token(token, base=None):
    env = dict(os.environ if base is None else base)
    env[TOKEN_VAR] = token
    # Keep gdb from asking about debuginfod (would block on a prompt) or
    # downloading anything; the machine has no network for it anyway.
    env["DEBUGINFOD_URLS"] = ""
    return env


def pids_with_token(token):
    needle = f"{TOKEN_VAR}={token}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            continue  # gone, or a kernel thread
    return found


def is_alive(pid):
    """True if pid exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            # The state follows the command name, which is in parentheses
            # and may itself contain spaces or parentheses.
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def tracer_of(pid):
    """The TracerPid of pid (0: not traced), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("TracerPid:"))
    except (OSError, StopIteration):
        return None


def kill_pid(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_token(token, timeout=10.0):
    """SIGKILL every process carrying the token until none is left alive.
    Loops because a dying stub may still fork or release traced children."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [p for p in pids_with_token(token) if p != os.getpid() and is_alive(p)]
        if not alive:
            return
        for pid in alive:
            kill_pid(pid)
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes survived SIGKILL: {alive}")
        time.sleep(0.05)


def wait_until(predicate, timeout, interval=0.05):
    """Poll predicate until it returns a truthy value or the timeout passes."""
    deadline = time.monotonic() + config.scaled(timeout)
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def run_client(argv, token, timeout):
    """Run a debugger client to completion with stdin closed; returns
    (combined stdout+stderr text, exit status). A hang fails the test with
    whatever the client printed so far."""
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=config.scaled(timeout),
                              env=env_with_token(token))
    except subprocess.TimeoutExpired as e:
        out = (e.output or b"").decode(errors="replace")
        raise AssertionError(f"{argv[0]} timed out after {timeout}s: {argv}\n{out}") from None
    return done.stdout.decode(errors="replace"), done.returncode
