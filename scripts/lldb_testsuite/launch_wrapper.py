#!/usr/bin/python3
"""zstub's --wrapper for the bridge: applies lldb's launch settings, then execs the program.

  launch_wrapper.py [--fd0=PATH] [--fd1=PATH] [--fd2=PATH] [--cwd=DIR] [--no-aslr]
                    [--env-file=FILE] PROG [ARGS...]

One exec of this script plus one exec of PROG: exactly what zstub's --wrapper expects.
The environment file holds NUL-separated NAME=VALUE entries (lldb's QEnvironment list).
"""

import ctypes
import os
import sys

ADDR_NO_RANDOMIZE = 0x0040000


def main(argv):
    env = dict(os.environ)
    i = 0
    while i < len(argv) and argv[i].startswith("--"):
        opt, _, val = argv[i].partition("=")
        if opt in ("--fd0", "--fd1", "--fd2"):
            fd = int(opt[4])
            new = os.open(val, os.O_RDONLY if fd == 0 else os.O_WRONLY | os.O_CREAT, 0o644)
            os.dup2(new, fd)
            os.close(new)
        elif opt == "--cwd":
            os.chdir(val)
        elif opt == "--no-aslr":
            libc = ctypes.CDLL(None, use_errno=True)
            cur = libc.personality(0xFFFFFFFF)
            libc.personality(cur | ADDR_NO_RANDOMIZE)
        elif opt == "--env-file":
            with open(val, "rb") as f:
                data = f.read()
            env = {}
            for item in data.split(b"\0"):
                if b"=" in item:
                    k, _, v = item.decode().partition("=")
                    env[k] = v
        i += 1
    prog = argv[i:]
    os.execve(prog[0], prog, env)


if __name__ == "__main__":
    main(sys.argv[1:])
