"""Raw-protocol microbenchmark: per-packet latency without gdb.

One session per stub and repetition: launch rsp_target, connect, switch
to no-ack mode when offered, then time batches of single packets. gdb's
own costs (symbol lookup, unwinding, its packet choices) are out of the
picture; what is left is the stub's packet handling and ptrace work.
"""

import os
import subprocess
import time

from . import procs
from .rsp_client import RspClient, RspError

# name -> (count in a full run, count in a quick run, what is sent)
OPS = [
    ("m64", 5000, 500, "m ADDR,40: read 64 bytes"),
    ("g", 5000, 500, "g: read all registers"),
    ("vCont_s", 2000, 200, "vCont;s:TID: one single step, waits for the stop reply"),
    ("Z0", 10000, 1000, "Z0,ADDR,1: insert a breakpoint at a new address"),
    ("z0", 10000, 1000, "z0,ADDR,1: remove it again"),
]


def _thread_id(client):
    reply = client.request(b"qC")
    if not reply.startswith(b"QC"):
        raise RspError("qC not answered: %r" % reply[:40])
    tid = reply[2:]
    return tid.split(b".")[-1] if tid.startswith(b"p") else tid


def _expect(reply, ok, what):
    if not ok(reply):
        raise RspError("%s answered %r" % (what, reply[:60]))


def _op_runners(client, sled, tid):
    """name -> function(count) sending count packets and checking replies."""
    def m64(count):
        for _ in range(count):
            _expect(client.request(b"m%x,40" % sled), lambda r: len(r) == 128, "m")

    def g(count):
        for _ in range(count):
            _expect(client.request(b"g"), lambda r: r and not r.startswith(b"E"), "g")

    def step(count):
        pkt = b"vCont;s:" + tid
        for _ in range(count):
            _expect(client.request(pkt), lambda r: r[:1] in (b"T", b"S"), "vCont;s")

    def insert(count):
        for i in range(count):
            _expect(client.request(b"Z0,%x,1" % (sled + 2 * i)), lambda r: r == b"OK", "Z0")

    def remove(count):
        for i in range(count):
            _expect(client.request(b"z0,%x,1" % (sled + 2 * i)), lambda r: r == b"OK", "z0")

    return {"m64": m64, "g": g, "vCont_s": step, "Z0": insert, "z0": remove}


def run_micro(stub, binary, sled, quick, work_dir, pin=None, timeout=120.0):
    """{op: (us per packet, stub cpu us per packet) or error string},
    plus '_noack' (was no-ack mode in force) and '_features' (what the
    stub offered in qSupported and vCont?)."""
    os.makedirs(work_dir, exist_ok=True)
    results = {}
    port = procs.free_port()
    client = None
    old_affinity = os.sched_getaffinity(0)
    try:
        with open(os.path.join(work_dir, "stub.log"), "wb") as log:
            proc = procs.spawn(stub.launch_argv(port, [binary]), pin, stdout=log,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        procs.wait_listening(port, proc, 30)
        if pin is not None:
            os.sched_setaffinity(0, {pin})  # the client is this process: pin it too
        client = RspClient("127.0.0.1", port, timeout=min(timeout, 30))
        supported = client.request(b"qSupported:xmlRegisters=i386")
        results["_noack"] = client.start_no_ack()
        client.request(b"?")
        tid = _thread_id(client)
        vcont = client.request(b"vCont?")
        # What the stub offers explains many gdb numbers (range stepping,
        # target-side conditions, packet size): keep it for the JSON.
        results["_features"] = {"qSupported": supported.decode(errors="replace"),
                                "vCont?": vcont.decode(errors="replace")}
        runners = _op_runners(client, sled, tid)
        deadline = time.monotonic() + timeout
        for name, full, small, _ in OPS:
            count = small if quick else full
            if name == "vCont_s" and b";s" not in vcont:
                results[name] = "no vCont;s (vCont? answered %r)" % vcont[:40]
                continue
            if time.monotonic() > deadline:
                results[name] = "skipped: session timeout"
                continue
            cpu0, t0 = procs.cpu_ns(proc.pid), time.perf_counter()
            try:
                runners[name](count)
            except RspError as e:
                results[name] = str(e)
                if "closed" in str(e) or "timeout" in str(e):
                    break
                continue
            wall, cpu1 = time.perf_counter() - t0, procs.cpu_ns(proc.pid)
            cpu_us = (cpu1 - cpu0) / 1e3 / count if None not in (cpu0, cpu1) else None
            results[name] = (wall * 1e6 / count, cpu_us)
    except (RspError, RuntimeError, OSError) as e:
        for name, *_ in OPS:
            results.setdefault(name, str(e))
    finally:
        os.sched_setaffinity(0, old_affinity)
        if client:
            try:
                client.sock.settimeout(2)
                client._send(b"k")
            except (RspError, OSError):
                pass
            client.close()
        procs.kill_all_descendants()
    return results
