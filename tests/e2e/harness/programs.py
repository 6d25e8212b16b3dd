"""Build the C test programs and find the lines the tests refer to.

A program marks a line of interest with a comment `/* @name */`; tests ask for
line_of("basic.c", "name") instead of hard-coding line numbers."""
import pathlib
import subprocess

from . import config

CFLAGS = ["-g", "-O0", "-pthread", "-Wall", "-Werror"]


def extra_cflags(src: pathlib.Path) -> list:
    """Flags a program asks for in a first-line comment `/* zstub-cflags: ... */`."""
    first = src.read_text().split("\n", 1)[0]
    if "zstub-cflags:" not in first:
        return []
    return first.split("zstub-cflags:", 1)[1].split("*/", 1)[0].split()


def build_all(outdir: pathlib.Path) -> dict:
    """Compile every programs/*.c into outdir; returns {stem: path}."""
    built = {}
    for src in sorted(config.PROGRAMS_DIR.glob("*.c")):
        exe = outdir / src.stem
        done = subprocess.run(["gcc", *CFLAGS, *extra_cflags(src), "-o", str(exe), str(src)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"compiling {src.name} failed:\n{done.stdout.decode()}")
        built[src.stem] = exe
    return built


def line_of(source: str, marker: str) -> int:
    """1-based line number of the line carrying `/* @marker */` in programs/source."""
    tag = f"/* @{marker} */"
    lines = (config.PROGRAMS_DIR / source).read_text().splitlines()
    hits = [i + 1 for i, text in enumerate(lines) if tag in text]
    if len(hits) != 1:
        raise LookupError(f"{source}: marker {tag} found {len(hits)} times")
    return hits[0]
