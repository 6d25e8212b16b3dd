#!/usr/bin/env python3
"""Builds the fuzzers' seed corpora (fuzz/corpus/TARGET/) from zstub packet logs.

    fuzz/seeds.py LOG... [--out fuzz/corpus] [--per-target 80]

A log is what `zstub --remote-debug=FILE` writes; only the client's packets ("<-" lines) are
used. Each packet goes to the target whose route names start it (the same names as the
FUZZ_ROUTES tables in fuzz/fuzz_*.c). Packets that differ only in their numbers count as one
shape; a few of each shape are kept, so a log of a million vCont/m packets gives a small corpus.
Files are named by the SHA-1 of their content, as libFuzzer names what it adds."""
import argparse
import hashlib
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "scripts"))
from packetlog import read_log  # noqa: E402 - after the path set-up

# target -> packet names it takes (first match wins across the whole table, in this order).
ROUTES = [
    ("zpoint", ["Z", "z"]),
    ("vcont", ["vCont;"]),
    ("xfer", ["qXfer:"]),
    ("vfile", ["vFile:"]),
    ("platform", ["qLaunchGDBServer;", "qfProcessInfo", "qPlatform_shell:", "qPlatform_mkdir:",
                  "qPlatform_chmod:", "jModulesInfo:", "A"]),
    ("regs", ["QSaveRegisterState", "QRestoreRegisterState", "p", "P", "g", "G"]),
    ("thread", ["H", "T", "qThreadExtraInfo,", "qThreadStopInfo"]),
    ("query", ["qSupported", "QPassSignals:", "QProgramSignals:", "QCatchSyscalls:", "qRcmd,", "qMemoryRegionInfo", "qRegisterInfo"]),
    ("mem", ["m", "x", "M", "X"]),
    ("vcont", ["c", "s", "C", "S"]),
]
SHAPE_KEEP = 3       # packets kept per shape
MAX_SEED = 4096      # bytes: a 64 KiB X packet teaches a fuzzer nothing a short one does not
NUMBER = re.compile(rb"[0-9a-fA-F]+")
CONDITION = re.compile(rb";X([0-9a-fA-F]+),([0-9a-fA-F]+)")


def route(packet):
    for target, names in ROUTES:
        for name in names:
            if packet.startswith(name.encode()):
                return target, len(name)
    return None, 0


def frame(payload):
    return b"$" + payload + b"#%02x" % (sum(payload) & 0xFF)


class Corpus:
    def __init__(self, per_target):
        self.per_target = per_target
        self.items = {}   # target -> list of bytes
        self.shapes = {}  # (target, shape) -> count

    def add(self, target, data, shape=None):
        shape = NUMBER.sub(b"N", data) if shape is None else shape
        key = (target, shape)
        items = self.items.setdefault(target, [])
        if self.shapes.get(key, 0) >= SHAPE_KEEP or data in items or len(data) > MAX_SEED:
            return
        if len(items) >= self.per_target:
            return
        self.shapes[key] = self.shapes.get(key, 0) + 1
        items.append(data)

    def write(self, out):
        for target, items in sorted(self.items.items()):
            d = out / target
            d.mkdir(parents=True, exist_ok=True)
            for data in items:
                (d / hashlib.sha1(data).hexdigest()).write_bytes(data)
            print(f"{target}: {len(items)} seeds")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("logs", nargs="+", type=pathlib.Path)
    ap.add_argument("--out", type=pathlib.Path,
                    default=pathlib.Path(__file__).resolve().parent / "corpus")
    ap.add_argument("--per-target", type=int, default=80)
    args = ap.parse_args()
    corpus = Corpus(args.per_target)
    for log in args.logs:
        packets = [e.data for e in read_log(log) if e.kind == "packet" and e.sent_by_client]
        for i, p in enumerate(packets):
            target, name_len = route(p)
            if target:
                corpus.add(target, p)
                corpus.add("parse", p[name_len:])
            for m in CONDITION.finditer(p):
                code = bytes.fromhex(m.group(2).decode())
                corpus.add("agent_expr", code, shape=code)
            if i % 8 == 0:  # the reader: a few packets in a row, acked, as a client sends them
                stream = bytes([i // 8 % 2]) + b"+".join(frame(q) for q in packets[i:i + 4])
                corpus.add("reader", stream, shape=NUMBER.sub(b"N", stream[:40]))
    corpus.write(args.out)


if __name__ == "__main__":
    main()
