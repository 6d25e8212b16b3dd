"""Which stub the suite runs against, and where things live.

ZSTUB_TEST_STUB=zstub (default) runs build/zstub (override with ZSTUB_BIN);
ZSTUB_TEST_STUB=gdbserver runs GNU gdbserver, so the gdb-facing tests can be
checked against a reference implementation while zstub is being written."""
import os
import pathlib

E2E_DIR = pathlib.Path(__file__).resolve().parent.parent
REPO_ROOT = E2E_DIR.parent.parent
PROGRAMS_DIR = E2E_DIR / "programs"

# Every wait in the suite is bounded; these are the defaults.
GDB_TIMEOUT = 60
LISTEN_TIMEOUT = 20


def scaled(seconds):
    """A time limit stretched by ZSTUB_TEST_TIMEOUT_SCALE (e.g. 3 for a
    sanitizer build, which runs several times slower). Applied where the
    waiting happens, so tests keep writing the limits of a normal build."""
    return seconds * float(os.environ.get("ZSTUB_TEST_TIMEOUT_SCALE", "1"))


def stub_kind():
    kind = os.environ.get("ZSTUB_TEST_STUB", "zstub")
    if kind not in ("zstub", "gdbserver"):
        raise ValueError(f"ZSTUB_TEST_STUB must be zstub or gdbserver, not {kind!r}")
    return kind


def stub_binary():
    if stub_kind() == "gdbserver":
        return os.environ.get("GDBSERVER_BIN", "gdbserver")
    return os.environ.get("ZSTUB_BIN", str(REPO_ROOT / "build" / "zstub"))


def is_zstub():
    return stub_kind() == "zstub"
