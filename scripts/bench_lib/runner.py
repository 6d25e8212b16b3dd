"""Runs every workload against every stub, interleaved, and collects the
raw samples and their summaries into one JSON-ready dict."""

import os
import platform
import re
import subprocess
import sys
import time

from . import build, gdb_session, lldb_session, procs, rsp_micro, stats
from .lldb_workloads import LLDB_WORKLOADS
from .workloads import WORKLOADS


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def _explain_gdb_failure(stub, out, error):
    """Why gdb cannot drive this stub, from what gdb printed."""
    found = [line.strip() for line in out.splitlines()
             if "unknown architecture" in line or "badly formatted" in line
             or "Remote failure" in line or "Remote connection closed" in line]
    # Keep gdb's words, not the packet dump that follows them.
    found = [f.split(":")[0] if "badly formatted" in f else f[:90] for f in found]
    reason = "; ".join(dict.fromkeys(found)) or error
    if stub.name == "lldb-server" and "unknown architecture" in out:
        reason = ("gdb rejects lldb-server's target description (architecture 'x86_64', no "
                  "org.gnu.gdb.i386.core feature) and then its stop replies, whose 64-bit "
                  "segment registers do not fit gdb's default amd64 layout: " + reason)
    return reason


def probe_gdb(stub, programs, work_dir, pin, timeout, remote_files):
    """Launch to main once: a stub gdb cannot even start is not worth the
    timeouts of every other workload."""
    wl = WORKLOADS[0]
    res = gdb_session.run_session(stub, wl, wl.n_quick, programs[wl.program],
                                  os.path.join(work_dir, "probe-" + stub.name), pin,
                                  min(timeout, 60), remote_files)
    if res.error:
        stub.gdb_ok = False
        stub.gdb_reason = _explain_gdb_failure(stub, res.log, res.error)


def _cell(samples_wall, samples_cpu, errors, remarks, events, reps):
    cell = {"wall_s": samples_wall, "cpu_s": samples_cpu, "errors": errors,
            "remarks": sorted(remarks),
            "wall": stats.summarize(samples_wall),
            "cpu_per_event_us": stats.summarize([c * 1e6 / events for c in samples_cpu])}
    if not samples_wall:
        cell["status"], cell["reason"] = "n/a", errors[0] if errors else "not run"
    else:
        cell["status"] = "ok"
        if errors:
            cell["reason"] = "%d of %d runs failed: %s" % (len(errors), reps, errors[0])
        elif remarks:
            cell["reason"] = "; ".join(sorted(remarks))
    return cell


def run_gdb_workloads(stubs, programs, args, work_dir, selected):
    def session(stub, wl, n, wdir):
        return gdb_session.run_session(stub, wl, n, programs[wl.program], wdir, args.pin,
                                       args.timeout, args.remote_files, programs)
    return _run_workloads(stubs, WORKLOADS, session, args, work_dir, selected, "gdbserver")


def run_lldb_workloads(stubs, programs, args, work_dir, selected):
    """lldb against zstub and lldb-server only: the ratio is zstub over
    lldb-server, the stub lldb is built for."""
    stubs = [s for s in stubs if s.name in ("zstub", "lldb-server")]

    def session(stub, wl, n, wdir):
        return lldb_session.run_session(stub, wl, n, programs[wl.program], wdir, args.pin,
                                        args.timeout, args.lldb)
    return _run_workloads(stubs, LLDB_WORKLOADS, session, args, work_dir, selected,
                          "lldb-server")


def _run_workloads(stubs, workloads, session, args, work_dir, selected, base):
    """Each workload, reps times, over stubs in turn (A B A B); ratios
    are against stub `base`."""
    out = []
    for wl in workloads:
        if selected and wl.name not in selected:
            continue
        n = wl.n_quick if args.quick else wl.n_full
        samples = {s.name: ([], [], [], set()) for s in stubs}
        for rep in range(args.reps):
            for stub in stubs:
                wall, cpu, errors, remarks = samples[stub.name]
                # The gdb probe's verdict says nothing about lldb.
                gdb_failed = base == "gdbserver" and not stub.gdb_ok
                if not stub.available or gdb_failed or (errors and not wall):
                    continue  # a stub that failed its first run keeps failing: save the timeouts
                res = session(stub, wl, n, os.path.join(work_dir, wl.name))
                if res.error:
                    errors.append(res.error)
                    log("  %-14s rep %d %-12s n/a: %s" % (wl.name, rep + 1, stub.name, res.error))
                else:
                    wall.append(res.wall_s)
                    cpu.append(res.cpu_s)
                    if res.remark:
                        remarks.add(res.remark)
                    log("  %-14s rep %d %-12s %.4f s" % (wl.name, rep + 1, stub.name, res.wall_s))
        entry = {"name": wl.name, "title": wl.title, "n": n, "events": wl.events(n),
                 "unit": wl.unit, "notes": wl.notes, "stubs": {}}
        for stub in stubs:
            if not stub.available:
                entry["stubs"][stub.name] = {"status": "n/a", "reason": stub.reason}
            elif base == "gdbserver" and not stub.gdb_ok:
                entry["stubs"][stub.name] = {"status": "n/a", "reason": stub.gdb_reason}
            else:
                entry["stubs"][stub.name] = _cell(*samples[stub.name], wl.events(n), args.reps)
        _add_ratios(entry, "wall", "cpu_per_event_us", base)
        entry["base"] = base
        out.append(entry)
    return out


def _add_ratios(entry, key, cpu_key, base="gdbserver"):
    """ratio_X_BASE (wall) and cpu_ratio_X_BASE, medians over medians."""
    for prefix, k in (("ratio", key), ("cpu_ratio", cpu_key)):
        base_summary = entry["stubs"].get(base, {}).get(k)
        for other in (o for o in ("zstub", "zstub-inplace", "lldb-server") if o != base):
            r = stats.ratio(entry["stubs"].get(other, {}).get(k), base_summary)
            entry["%s_%s_%s" % (prefix, other.replace("-", "_"), base.replace("-", "_"))] = r
        # What the out-of-line step over buys: zstub over zstub-inplace.
        r = stats.ratio(entry["stubs"].get("zstub", {}).get(k),
                        entry["stubs"].get("zstub-inplace", {}).get(k))
        if r is not None:
            entry["%s_zstub_zstub_inplace" % prefix] = r


def run_rsp_micro(stubs, programs, args, work_dir):
    binary = programs["rsp_target"]
    sled = build.symbol_address(binary, "nop_sled")
    raw = {s.name: [] for s in stubs}
    for rep in range(args.reps):
        for stub in stubs:
            if not stub.available:
                continue
            res = rsp_micro.run_micro(stub, binary, sled, args.quick,
                                      os.path.join(work_dir, "rsp"), args.pin, args.timeout)
            raw[stub.name].append(res)
            log("  rsp rep %d %-12s %s" % (rep + 1, stub.name, ", ".join(
                "%s %.1f us" % (k, v[0]) if isinstance(v, tuple) else "%s n/a" % k
                for k, v in res.items() if not k.startswith("_"))))
    features = {name: next((r["_features"] for r in runs if "_features" in r), None)
                for name, runs in raw.items()}
    out = []
    for name, full, small, desc in rsp_micro.OPS:
        entry = {"name": name, "title": desc, "count": small if args.quick else full,
                 "stubs": {}}
        for stub in stubs:
            if not stub.available:
                entry["stubs"][stub.name] = {"status": "n/a", "reason": stub.reason}
                continue
            runs = [r[name] for r in raw[stub.name]]
            ok = [r for r in runs if isinstance(r, tuple)]
            errors = [r for r in runs if not isinstance(r, tuple)]
            cell = {"us_per_packet": stats.summarize([r[0] for r in ok]),
                    "cpu_us_per_packet": stats.summarize([r[1] for r in ok if r[1] is not None]),
                    "no_ack": all(r.get("_noack") for r in raw[stub.name]),
                    "errors": errors, "status": "ok" if ok else "n/a"}
            if errors:
                cell["reason"] = errors[0]
            entry["stubs"][stub.name] = cell
        _add_ratios(entry, "us_per_packet", "cpu_us_per_packet")
        out.append(entry)
    return out, features


def binary_identity(path):
    """sha256 prefix and mtime of a stub binary: which build was measured,
    since build/zstub may be rebuilt between runs."""
    import hashlib
    try:
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()[:12]
        mtime = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(path)))
        return {"sha256": digest, "mtime": mtime}
    except OSError:
        return {}


def _first_line(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True,
                              timeout=10).stdout.splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return ""


def machine_info(args):
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            cpu = m.group(1) if m else ""
    except OSError:
        pass
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    commit = _first_line(["git", "-C", repo, "rev-parse", "--short", "HEAD"])
    return {"date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "kernel": platform.release(),
            "repo_commit": commit,
            "cpu": cpu, "cpus": os.cpu_count(), "gdb": _first_line(["gdb", "--version"]),
            "lldb": _first_line([getattr(args, "lldb", "lldb-19"), "--version"]),
            "reps": args.reps, "quick": args.quick, "pin": args.pin,
            "remote_files": args.remote_files}
