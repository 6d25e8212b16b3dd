"""Compiles bench/programs/*.c into a cache directory.

Binaries are named after a hash of their source and flags, so a rerun
reuses them and an edited source is rebuilt without a stale-cache risk.
"""

import glob
import hashlib
import os
import subprocess

BASE_FLAGS = ["-g", "-O0", "-pthread"]
# The raw-protocol client needs nop_sled at a fixed address (no PIE base).
EXTRA_FLAGS = {"rsp_target": ["-no-pie"], "dlopen_lib": ["-shared", "-fPIC"],
               "dlopen_many": ["-ldl"]}


def default_cache_dir() -> str:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(root, "zstub-bench")


def build_programs(src_dir: str, cache_dir: str, cc: str = "gcc"):
    """Return {program name: binary path}; raises RuntimeError on a
    compiler error (the bench cannot run without its workloads)."""
    os.makedirs(cache_dir, exist_ok=True)
    out = {}
    for src in sorted(glob.glob(os.path.join(src_dir, "*.c"))):
        name = os.path.basename(src)[:-2]
        flags = BASE_FLAGS + EXTRA_FLAGS.get(name, [])
        with open(src, "rb") as f:
            digest = hashlib.sha256(f.read() + " ".join([cc] + flags).encode()).hexdigest()[:12]
        binary = os.path.join(cache_dir, "%s-%s" % (name, digest))
        if not os.path.exists(binary):
            tmp = binary + ".tmp%d" % os.getpid()
            res = subprocess.run([cc] + flags + [src, "-o", tmp], capture_output=True, text=True)
            if res.returncode != 0:
                raise RuntimeError("cannot compile %s:\n%s" % (src, res.stderr))
            os.replace(tmp, binary)  # atomic: a concurrent run never sees half a file
        out[name] = binary
    return out


def symbol_address(binary: str, symbol: str) -> int:
    """Address of symbol in a non-PIE binary, read with nm."""
    res = subprocess.run(["nm", binary], capture_output=True, text=True, check=True)
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == symbol:
            return int(parts[0], 16)
    raise RuntimeError("%s has no symbol %s" % (binary, symbol))
