#!/usr/bin/env python3
"""Checks that no two files of server/ depend on each other, directly or round a loop.

A file depends on another when it calls a function the other defines (non-static). The rooms'
include paths (CMakeLists.txt) already keep dependencies between rooms one-way; this keeps them
one-way between the files inside a room too. Prints each loop and exits 1 when there is one."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "server"
files = sorted(p for p in root.rglob("*.c"))
text = {f: f.read_text() for f in files}
defined = {}
for f, s in text.items():
    for m in re.finditer(r"^(?!static)[a-z][\w \*]*?\b(\w+)\(", s, re.M):
        defined.setdefault(m.group(1), f)
calls = re.compile(r"\b(" + "|".join(map(re.escape, defined)) + r")\(")
deps = {f: {defined[n] for n in calls.findall(s)} - {f} for f, s in text.items()}


def reach(start):
    seen, todo = set(), [start]
    while todo:
        for g in deps[todo.pop()]:
            if g not in seen:
                seen.add(g)
                todo.append(g)
    return seen


loops = 0
for f in files:
    for g in sorted(deps[f]):
        if f in reach(g) and f < g:
            print(f"layers: {f.relative_to(root)} and {g.relative_to(root)} depend on each other")
            loops += 1
sys.exit(1 if loops else 0)
