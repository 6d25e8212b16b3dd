"""lldb's packets spoken directly, for the facts lldb's own output does not
show: the exact reply forms (as lldb-server-19 gives them) and the switch
between gdb's and lldb's `x` reply."""
import json
import os
import re
import subprocess

import pytest

from harness import config, procs
from harness.rspclient import RspClient

pytestmark = pytest.mark.zstub_only

LLDB_SUPPORTED = "qSupported:xmlRegisters=i386,arm,mips,arc;multiprocess+"


def unescape(data: bytes) -> bytes:
    out, it = bytearray(), iter(data)
    for c in it:
        out.append(next(it) ^ 0x20 if c == 0x7D else c)
    return bytes(out)


def fields(reply: bytes) -> dict:
    return dict(f.split(":", 1) for f in reply.decode().split(";") if f)


def lldb_client(e2e, stub) -> RspClient:
    client = e2e.rsp(stub)
    features = client.request(LLDB_SUPPORTED)
    assert b"native-signals+" in features and b"binary-upload+" not in features, features
    assert client.request("QThreadSuffixSupported") == b"OK"
    assert client.request("QListThreadsInStopReply") == b"OK"
    client.stop_reply = client.request("?")
    return client


def test_host_and_process_info(e2e):
    stub = e2e.stub("spin")
    client = lldb_client(e2e, stub)
    host = fields(client.request("qHostInfo"))
    assert bytes.fromhex(host["triple"]) == b"x86_64-pc-linux-gnu", host
    assert host["ptrsize"] == "8" and host["endian"] == "little", host
    proc = fields(client.request("qProcessInfo"))
    assert int(proc["pid"], 16) == int(re.search(rb"thread:p([0-9a-f]+)\.",
                                                 client.stop_reply).group(1), 16), proc
    assert proc["ostype"] == "linux", proc
    assert client.request("qWatchpointSupportInfo:") == b"num:4;"
    assert client.request("qEcho:7") == b"qEcho:7"


def test_stop_reply_lists_threads_and_pcs(e2e):
    stub = e2e.stub("spin")
    client = lldb_client(e2e, stub)
    stop = fields(client.stop_reply[3:])
    tid = stop["thread"].split(".")[1]
    assert stop["threads"] == tid, stop
    pc = int(stop["thread-pcs"], 16)
    assert int.from_bytes(bytes.fromhex(client.request(f"p10;thread:{tid};").decode()),
                          "little") == pc
    info = json.loads(unescape(client.request("jThreadsInfo")))
    assert [t["tid"] for t in info] == [int(tid, 16)], info
    assert int.from_bytes(bytes.fromhex(info[0]["registers"]["16"]), "little") == pc, info


def test_register_info_table(e2e):
    stub = e2e.stub("spin")
    client = lldb_client(e2e, stub)
    rip = fields(client.request("qRegisterInfo10"))
    assert rip["name"] == "rip" and rip["bitsize"] == "64" and rip["generic"] == "pc", rip
    assert rip["offset"] == str(16 * 8), rip
    n = 0
    while client.request(f"qRegisterInfo{n:x}") != b"E45":
        n += 1
    assert n > 50, n  # GPRs, x87, SSE, AVX


def test_save_and_restore_register_state(e2e):
    stub = e2e.stub("spin")
    client = lldb_client(e2e, stub)
    tid = fields(client.stop_reply[3:])["thread"].split(".")[1]
    before = client.request(f"p3;thread:{tid};")  # rbx
    save_id = int(client.request(f"QSaveRegisterState;thread:{tid};"))
    assert client.request(f"P3=efbeadde00000000;thread:{tid};") == b"OK"
    assert client.request(f"p3;thread:{tid};") == b"efbeadde00000000"
    assert client.request(f"QRestoreRegisterState:{save_id};thread:{tid};") == b"OK"
    assert client.request(f"p3;thread:{tid};") == before
    assert client.request(f"QRestoreRegisterState:{save_id};thread:{tid};").startswith(b"E")


def test_memory_regions_mapped_and_unmapped(e2e):
    stub = e2e.stub("spin")
    client = lldb_client(e2e, stub)
    pc = int(fields(client.stop_reply[3:])["thread-pcs"], 16)
    region = fields(client.request(f"qMemoryRegionInfo:{pc:x}"))
    start, size = int(region["start"], 16), int(region["size"], 16)
    assert start <= pc < start + size, region
    assert "x" in region["permissions"] and "r" in region["permissions"], region
    assert bytes.fromhex(region["name"]).endswith(b".so.2"), region  # stopped in the loader
    gap = fields(client.request("qMemoryRegionInfo:0"))
    assert gap["start"] == "0" and int(gap["size"], 16) > 0 and "permissions" not in gap, gap


def test_x_reply_form_follows_the_client(e2e):
    lldb = lldb_client(e2e, e2e.stub("basic"))
    pc = int(fields(lldb.stop_reply[3:])["thread-pcs"], 16)
    assert lldb.request("x0,0") == b"OK"
    assert unescape(lldb.request(f"x{pc:x},8")).hex() == lldb.request(f"m{pc:x},8").decode()
    gdb = e2e.rsp(e2e.stub("basic"))
    assert b"binary-upload+" in gdb.handshake()
    pc = int.from_bytes(bytes.fromhex(gdb.request("p10").decode()), "little")
    reply = gdb.request(f"x{pc:x},8")
    assert reply[:1] == b"b", reply
    assert unescape(reply[1:]).hex() == gdb.request(f"m{pc:x},8").decode()


def test_kill_answers_lldb(e2e):
    stub = e2e.stub("spin")
    client = lldb_client(e2e, stub)
    assert re.fullmatch(rb"X09;process:[0-9a-f]+", client.request("k"))


def test_allocate_and_free_memory_in_the_program(e2e):
    # _M/_m: lldb's memory for expressions, allocated by the stub (mmap run by a stopped
    # thread) instead of an mmap call lldb would make through an expression.
    stub = e2e.stub("basic")
    client = lldb_client(e2e, stub)
    pc_before = client.request("p10;thread:%s;" % fields(client.stop_reply[3:])["thread"]
                               .split(".")[-1])
    reply = client.request("_M2000,rw")
    assert re.fullmatch(rb"[0-9a-f]+", reply), reply
    addr = int(reply, 16)
    region = fields(client.request(f"qMemoryRegionInfo:{addr:x}"))
    assert region["permissions"] == "rw" and int(region["start"], 16) == addr, region
    assert int(region["size"], 16) >= 0x2000, region
    assert client.request(f"M{addr + 0x1ffc:x},4:78563412") == b"OK"
    assert client.request(f"m{addr + 0x1ffc:x},4") == b"78563412"
    code = client.request("_M1000,rx")
    assert fields(client.request(f"qMemoryRegionInfo:{code.decode()}"))["permissions"] == "rx"
    assert client.request(f"_m{addr:x}") == b"OK"
    assert fields(client.request(f"qMemoryRegionInfo:{addr:x}")).get("permissions", "") == ""
    assert client.request(f"_m{addr:x}").startswith(b"E")  # freed already
    assert client.request("_M0,rw").startswith(b"E")
    assert client.request("_M1000,rq").startswith(b"E")
    # The thread that ran the calls is as it was.
    tid = fields(client.stop_reply[3:])["thread"].split(".")[-1]
    assert client.request(f"p10;thread:{tid};") == pc_before


def test_a_stale_interrupt_from_lldb_does_not_stop_the_next_resume(e2e):
    # TestBreakpointSetRestart: lldb's \x03 can cross the stop reply it no longer needs; kept
    # for the next resume, it stopped that one at once with SIGINT (lldb-server drops it).
    stub = e2e.stub("basic")
    client = lldb_client(e2e, stub)
    client.send_raw(b"\x03")  # nothing runs: stale
    reply = client.request("vCont;c")
    assert re.match(rb"W00", reply), reply  # ran to the end, not stopped by SIGINT


def escape(data: bytes) -> bytes:
    """Binary escaping, as lldb sends JSON: '}' '#' '$' '*' become '}' and the byte ^ 0x20."""
    return b"".join(b"}" + bytes([c ^ 0x20]) if c in b"}#$*" else bytes([c]) for c in data)


def build_id(path) -> str:
    notes = subprocess.run(["readelf", "-n", str(path)], capture_output=True, text=True).stdout
    return re.search(r"Build ID: ([0-9a-f]+)", notes).group(1).upper()


def test_modules_info_for_many_files_at_once(e2e):
    """jModulesInfo: what qModuleInfo says, for a list of files, in JSON (as lldb-server-19):
    a file that is not there is left out; text that is not JSON is E01, JSON that is not an
    array E02."""
    stub = e2e.stub("spin")
    client = lldb_client(e2e, stub)
    prog = e2e.program("spin")
    asked = [{"file": str(prog), "triple": "x86_64-pc-linux-gnu"},
             {"file": "/no/such/file", "triple": "x86_64-pc-linux-gnu"}, {"file": str(prog)}, 7]
    reply = client.request(b"jModulesInfo:" + escape(json.dumps(asked).encode()))
    assert json.loads(unescape(reply)) == [{
        "file_offset": 0, "file_path": str(prog), "file_size": prog.stat().st_size,
        "triple": "x86_64-pc-linux-gnu", "uuid": build_id(prog)}], reply
    assert client.request(b"jModulesInfo:" + escape(b"[]")) == b"[]"
    assert client.request(b"jModulesInfo:" + escape(b'{"file":"x"}')) == b"E02"
    assert client.request(b"jModulesInfo:" + escape(b'[{"file":')) == b"E01"
    assert client.request(b"jModulesInfo:") == b"E01"
    assert client.request("qC").startswith(b"QC"), "the stub serves on"


def test_lldb_attach_learns_the_modules_in_one_request(e2e, monkeypatch):
    """lldb attaching asks jModulesInfo for every library at once; `image list` shows each with
    its build ID as UUID."""
    monkeypatch.setenv("LLDB_DEBUGSERVER_PATH", config.stub_binary())
    sleeper = e2e.spawn([e2e.program("sleeper"), "30"])
    assert procs.wait_until(lambda: "pid=" in sleeper.stdout_path.read_text(), 10)
    log = e2e.tmp_path / "packets.log"
    r = e2e.lldb(None, None, [f"log enable -f {log} gdb-remote packets",
                              f"process attach --pid {sleeper.pid}", "image list",
                              "process detach"])
    assert f"Process {sleeper.pid} stopped" in r.of(1), r
    libc = next(line for line in r.of(2).splitlines() if "libc.so.6" in line)
    real = os.path.realpath(libc.split()[-1])
    assert libc.split()[2].replace("-", "") == build_id(real), r
    text = log.read_text(errors="replace")
    answer = re.search(r"send packet: \$jModulesInfo:.*\n.*read packet: \$(.*)#", text)
    assert answer and "libc.so.6" in answer.group(1) and '"uuid"' in answer.group(1), text
    assert f"Process {sleeper.pid} detached" in r.of(3), r
