"""What a breakpoint in one thread costs the others: 64 threads count in a loop, one of them
hits a breakpoint 1000 times (gdb resumes each hit: `ignore`), and the program reports how fast
the other 63 counted meanwhile. The same program without a debugger gives the reference rate;
each debugged run is reported as a fraction of it. In non-stop mode only the hitting thread
stops; in all-stop every hit stops all 64.

Runs are interleaved (reference, then each stub and mode, then again) so that a machine whose
load changes during the bench moves every column alike; medians are reported.
"""

import os
import re
import subprocess
import tempfile
import time

from . import gdb_session, procs, stats

PROGRAM = "progress_threads"
THREADS = 64
GAP_US = 100  # the hitter's own counting time between two hits
MODES = [("zstub", True), ("zstub", False), ("gdbserver", True), ("gdbserver", False)]
RESULT_RE = re.compile(r"rate=(\d+) hits=(\d+) seconds=([\d.]+)")


def _read_result(path):
    try:
        with open(path) as f:
            m = RESULT_RE.search(f.read())
    except OSError:
        return None
    return (float(m.group(1)), int(m.group(2)), float(m.group(3))) if m else None


def _argv(binary, hits, out):
    return [binary, str(THREADS), str(hits), str(GAP_US), out]


def reference(binary, hits, work_dir, timeout):
    """(others' rate, seconds) without a debugger."""
    out = os.path.join(tempfile.mkdtemp(dir=work_dir), "rate")
    subprocess.run(_argv(binary, hits, out), timeout=timeout, check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    res = _read_result(out)
    if not res:
        raise RuntimeError("%s wrote no result" % PROGRAM)
    return res[0], res[2]


def debugged(stub, non_stop, binary, hits, work_dir, timeout):
    """(others' rate, seconds, None) under gdb and stub, or (None, None, why)."""
    run_dir = tempfile.mkdtemp(dir=work_dir)
    out = os.path.join(run_dir, "rate")
    port = procs.free_port()
    cmds = ["set pagination off", "set confirm off", "set sysroot /"]
    cmds += ["set non-stop on"] if non_stop else []
    cmds += ["target remote 127.0.0.1:%d" % port, "break tick", "ignore 1 100000000",
             "continue", "info breakpoints", "kill"]
    gdb_argv = ["gdb", "-nx", "-batch"] + [a for c in cmds for a in ("-ex", c)] + [binary]
    try:
        stub_proc, _ = gdb_session.start_stub(stub.launch_argv(port, _argv(binary, hits, out)),
                                              os.path.join(run_dir, "stub.log"), port, None,
                                              timeout)
        gdb = subprocess.run(gdb_argv, capture_output=True, text=True, timeout=timeout,
                             stdin=subprocess.DEVNULL)
        log = gdb.stdout + gdb.stderr
        res = _read_result(out)
        m = re.search(r"already hit (\d+) time", log)
        if not res:
            why = gdb_session.first_error_line(log) or "the program wrote no result"
            return None, None, why
        if not m or int(m.group(1)) != hits:
            return None, None, "gdb saw %s hits, expected %d" % (m and m.group(1), hits)
        return res[0], res[2], None
    except (subprocess.TimeoutExpired, RuntimeError, OSError) as e:
        return None, None, str(e)[:200]
    finally:
        deadline = time.monotonic() + 1.0
        while procs.descendants(os.getpid()) and time.monotonic() < deadline:
            procs.reap()
            time.sleep(0.01)
        procs.kill_all_descendants()


def run(stubs, programs, args, work_dir, log):
    hits = 100 if args.quick else 1000
    binary = programs[PROGRAM]
    by_name = {s.name: s for s in stubs if s.available}
    modes = [(name, ns) for name, ns in MODES if name in by_name]
    ref, samples, errors = [], {m: [] for m in modes}, {m: [] for m in modes}
    for rep in range(args.reps):
        ref.append(reference(binary, hits, work_dir, args.timeout)[0])
        log("progress rep %d: reference %.3g counts/s" % (rep + 1, ref[-1]))
        for m in modes:
            rate, secs, why = debugged(by_name[m[0]], m[1], binary, hits, work_dir, args.timeout)
            if why:
                errors[m].append(why)
                log("progress rep %d: %s %s failed: %s" % (rep + 1, m[0], _mode(m[1]), why))
            else:
                samples[m].append((rate, secs))
                log("progress rep %d: %s %s %.3g counts/s (%.0f %%)" % (
                    rep + 1, m[0], _mode(m[1]), rate, 100 * rate / ref[-1]))
    ref_s = stats.summarize(ref)
    rows = []
    for m in modes:
        rates = stats.summarize([r for r, _ in samples[m]])
        rows.append({"stub": m[0], "mode": _mode(m[1]), "rate": rates,
                     "seconds": stats.summarize([s for _, s in samples[m]]),
                     "fraction": stats.ratio(rates, ref_s), "errors": errors[m]})
    return {"threads": THREADS, "hits": hits, "gap_us": GAP_US, "reference": ref_s,
            "rows": rows}


def _mode(non_stop):
    return "non-stop" if non_stop else "all-stop"


def table(result):
    out = ["progress of %d other threads while one hits a breakpoint %d times (gdb resumes "
           "each hit); fraction = their rate / their rate without a debugger (%.3g counts/s)"
           % (result["threads"] - 1, result["hits"], result["reference"]["median"]),
           "",
           "| stub | mode | others' rate (counts/s) | fraction | run (s) |",
           "|---|---|---:|---:|---:|"]
    for r in result["rows"]:
        if r["rate"] is None:
            out.append("| %s | %s | failed: %s | | |" % (r["stub"], r["mode"],
                                                      (r["errors"] or ["?"])[0][:60]))
            continue
        out.append("| %s | %s | %.3g | %.0f %% | %.2f |" % (
            r["stub"], r["mode"], r["rate"]["median"], 100 * r["fraction"],
            r["seconds"]["median"]))
    return out
