"""`info os TYPE` (qXfer:osdata:read): each type lists what a known program owns, as gdb shows it
with gdbserver: its threads, an open file, a listening socket, its process group, and its System V
shared memory, semaphores and message queue."""
import re
import subprocess

import pytest

from harness.programs import line_of

TYPES = ["cpus", "files", "msg", "processes", "procgroups", "semaphores", "shm", "sockets", "threads"]


def rows(text, first=None):
    """The table's rows as lists of words; those whose first word is `first` when given."""
    found = [line.split() for line in text.splitlines() if line.strip()]
    return [r for r in found if first is None or r[:1] == [str(first)]]


@pytest.fixture
def stopped(e2e):
    """os_objects stopped at @ready, its System V objects removed at the end whatever happens."""
    marker = e2e.tmp_path / "opened-by-os-objects"
    marker.write_text("x")
    stub = e2e.stub("os_objects", marker)
    yield stub, marker
    m = re.search(r"ipc shm=(-?\d+) sem=(-?\d+) msg=(-?\d+)", stub.stdout())
    if m:
        subprocess.run(["ipcrm", "-m", m[1], "-s", m[2], "-q", m[3]], capture_output=True,
                       timeout=10)


def show(e2e, stub, *types):
    line = line_of("os_objects.c", "ready")
    r = e2e.gdb("os_objects", stub, [f"break {line}", "continue", "print (int) getpid()",
                                     "print fd", "print port", "print shmid", "print semid",
                                     "print msqid"] + [f"info os {t}" for t in types])
    assert f"os_objects.c:{line}" in r.of(1), r
    values = [int(re.search(r"= (-?\d+)", r.of(i))[1]) for i in range(2, 8)]
    return r, dict(zip(["pid", "fd", "port", "shmid", "semid", "msqid"], values))


def test_info_os_lists_every_type(e2e):
    stub = e2e.stub(options=["--multi"])
    r = e2e.gdb(None, stub, ["info os"], extended=True)
    listed = [row[0] for row in rows(r.of(0))[1:]]
    assert set(TYPES) <= set(listed), r  # gdbserver also lists modules


def test_info_os_cpus_lists_each_processor(e2e):
    stub = e2e.stub(options=["--multi"])
    r = e2e.gdb(None, stub, ["info os cpus"], extended=True)
    cpuinfo = open("/proc/cpuinfo").read()
    processors = re.findall(r"^processor\s*:\s*(\d+)", cpuinfo, re.M)
    table = rows(r.of(0))
    assert table[0][0] == "processor", r
    assert [row[0] for row in table[1:]] == processors, r


def test_threads_files_sockets_and_groups(e2e, stopped):
    stub, marker = stopped
    r, v = show(e2e, stub, "threads", "files", "sockets", "procgroups")
    pid = v["pid"]
    threads = rows(r.of(8), pid)
    assert len(threads) == 2 and all(t[1] == "os_objects" for t in threads), r
    assert sorted(int(t[2]) for t in threads)[0] == pid and threads[0][3].isdigit(), r
    assert [str(pid), "os_objects", str(v["fd"]), str(marker)] in rows(r.of(9), pid), r
    assert ["127.0.0.1", str(v["port"]), "0.0.0.0", "0", "LISTEN", "root", "INET",
            "STREAM"] in rows(r.of(10), "127.0.0.1"), r
    # Launched, it leads a process group of its own (as with gdbserver).
    assert [str(pid), "os_objects", str(pid), str(e2e.program("os_objects")), str(marker)] in \
        rows(r.of(11), pid), r


def test_system_v_ipc(e2e, stopped):
    stub, _ = stopped
    r, v = show(e2e, stub, "shm", "semaphores", "msg")
    # key 0 (IPC_PRIVATE), id, permissions in octal, size / count, then who made it
    assert ["0", str(v["shmid"]), "600", "8192", "os_objects"] in \
        [row[:5] for row in rows(r.of(8), 0)], r
    assert ["0", str(v["semid"]), "600", "2", "root", "root", "root", "root"] in \
        [row[:8] for row in rows(r.of(9), 0)], r
    assert ["0", str(v["msqid"]), "600", "0", "0", "0", "0", "root"] in \
        [row[:8] for row in rows(r.of(10), 0)], r
