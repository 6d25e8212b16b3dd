"""Turns the collected results into a text table, a JSON file and an
optional PNG bar chart of the ratios against gdbserver."""

import json

from . import progress


def _fmt_time(s):
    if s is None:
        return "-"
    if s >= 1:
        return "%.3f s" % s
    if s >= 1e-3:
        return "%.2f ms" % (s * 1e3)
    return "%.1f us" % (s * 1e6)


def _fmt_us(us):
    return "-" if us is None else ("%.1f us" % us if us < 1e4 else "%.1f ms" % (us / 1e3))


def _fmt_ratio(r):
    return "" if r is None else "%.2fx" % r


def _short(reason, width=60):
    reason = " ".join(str(reason).split())
    return reason if len(reason) <= width else reason[: width - 3] + "..."


class Notes:
    """Footnotes numbered once per distinct (stub, reason)."""

    def __init__(self):
        self.items = []

    def ref(self, stub, reason):
        key = (stub, reason)
        if key not in self.items:
            self.items.append(key)
        return self.items.index(key) + 1

    def lines(self):
        return ["  [%d] %s: %s" % (i, s, r) for i, (s, r) in enumerate(self.items, 1)]


BASE_LABEL = {"gdbserver": "vs gdbsrv", "lldb-server": "vs lldbsrv"}


def gdb_table(entries, stub_names, notes, base="gdbserver"):
    """One row per stub per workload; the ratio column is against base
    (gdbserver for gdb, lldb-server for lldb), whose own row has none."""
    stub_names = [s for s in stub_names if not entries or s in entries[0]["stubs"]]
    head = "%-34s %-12s %10s %10s %10s %14s %10s" % (
        "workload (events)", "stub", "median", "min", "max", "stub CPU/event", BASE_LABEL[base])
    lines = [head, "-" * len(head)]
    for e in entries:
        label = "%s (%d %s)" % (e["name"], e["events"], e["unit"])
        for i, name in enumerate(stub_names):
            cell = e["stubs"][name]
            first = label if i == 0 else ""
            if cell["status"] != "ok":
                lines.append("%-34s %-12s n/a [%d] %s" % (
                    first, name, notes.ref(name, cell["reason"]), _short(cell["reason"])))
                continue
            w, c = cell["wall"], cell["cpu_per_event_us"]
            ratio = e.get("ratio_%s_%s" % (name.replace("-", "_"), base.replace("-", "_")))
            lines.append("%-34s %-12s %10s %10s %10s %14s %10s" % (
                first, name, _fmt_time(w["median"]), _fmt_time(w["min"]), _fmt_time(w["max"]),
                _fmt_us(c["median"] if c else None), _fmt_ratio(ratio)))
            if cell.get("reason"):
                lines[-1] += " [%d]" % notes.ref(name, cell["reason"])
    return lines


def rsp_table(entries, stub_names, notes):
    head = "%-10s %-8s %-12s %11s %11s %11s %12s %9s" % (
        "packet", "count", "stub", "median/pkt", "min/pkt", "max/pkt", "stub CPU/pkt", "vs gdbsrv")
    lines = [head, "-" * len(head)]
    for e in entries:
        for i, name in enumerate(stub_names):
            cell = e["stubs"][name]
            first = (e["name"], str(e["count"])) if i == 0 else ("", "")
            if cell["status"] != "ok":
                lines.append("%-10s %-8s %-12s n/a [%d] %s" % (
                    first[0], first[1], name, notes.ref(name, cell["reason"]),
                    _short(cell["reason"])))
                continue
            w, c = cell["us_per_packet"], cell["cpu_us_per_packet"]
            ratio = e.get("ratio_%s_gdbserver" % name.replace("-", "_"))
            lines.append("%-10s %-8s %-12s %11s %11s %11s %12s %9s" % (
                first[0], first[1], name + ("" if cell["no_ack"] else "*"), _fmt_us(w["median"]),
                _fmt_us(w["min"]), _fmt_us(w["max"]), _fmt_us(c["median"] if c else None),
                _fmt_ratio(ratio)))
            if cell.get("reason"):
                lines[-1] += " [%d]" % notes.ref(name, cell["reason"])
    return lines


def text_report(result):
    names = [s["name"] for s in result["stubs"]]
    out = ["zstub benchmark  %s  (%d reps%s%s)" % (
        result["meta"]["date"], result["meta"]["reps"],
        ", quick" if result["meta"]["quick"] else "",
        ", pinned to CPU %s" % result["meta"]["pin"] if result["meta"]["pin"] is not None else "")]
    for s in result["stubs"]:
        state = s["version"] or "available"
        if not s["available"]:
            state = "n/a: " + s["reason"]
        elif not s["gdb_ok"]:
            state += "  (gdb workloads n/a: see notes)"
        out.append("  %-12s %s" % (s["name"], state))
    notes = Notes()
    if result.get("gdb"):
        out += ["", "gdb workloads: wall time of the timed gdb commands; CPU = stub process only"]
        out += gdb_table(result["gdb"], names, notes)
    inplace = [e for e in result.get("gdb") or [] if e.get("ratio_zstub_zstub_inplace")]
    if inplace:
        out += ["", "out-of-line step over: zstub / zstub-inplace (--no-displaced-stepping); "
                "below 1 = out of line is faster"]
        for e in inplace:
            out.append("  %-32s wall %6s   stub CPU/event %6s" % (
                e["name"], _fmt_ratio(e["ratio_zstub_zstub_inplace"]),
                _fmt_ratio(e.get("cpu_ratio_zstub_zstub_inplace"))))
    if result.get("progress"):
        out += [""] + progress.table(result["progress"])
    if result.get("lldb"):
        out += ["", "lldb workloads: the same kind of work driven by lldb-19; "
                "ratio = zstub / lldb-server"]
        out += gdb_table(result["lldb"], names, notes, base="lldb-server")
    if result.get("rsp"):
        out += ["", "raw protocol (no gdb): time per packet round trip (* = ack mode, "
                "no QStartNoAckMode)"]
        out += rsp_table(result["rsp"], names, notes)
    if notes.items:
        out += ["", "notes:"] + notes.lines()
    return "\n".join(out)


def write_json(result, path):
    with open(path, "w") as f:
        json.dump(result, f, indent=1, sort_keys=False)


def write_png(result, path):
    """Bar chart of median ratios vs gdbserver; returns an error string or None."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker  # noqa: F401  (used as matplotlib.ticker)
    except ImportError:
        return "matplotlib is not installed (apt-get install python3-matplotlib)"
    rows = [(e["name"], e) for e in result.get("gdb", [])]
    rows += [("rsp " + e["name"], e) for e in result.get("rsp", [])]
    series = [k for k in ("zstub", "lldb_server")
              if any(e.get("ratio_%s_gdbserver" % k) for _, e in rows)]
    if not series:
        return "no ratio to plot (gdbserver or the other stubs have no results)"
    fig, ax = plt.subplots(figsize=(10, 0.35 * len(rows) * len(series) + 1.5))
    height = 0.8 / len(series)
    for i, k in enumerate(series):
        ys = [j + i * height for j in range(len(rows))]
        vals = [e.get("ratio_%s_gdbserver" % k) for _, e in rows]
        # Bars start at 1.0 on a log axis: 2x slower and 2x faster look alike.
        ax.barh(ys, [v - 1 if v else 0 for v in vals], height, left=1.0,
                label=k.replace("_", "-") + " / gdbserver")
        for y, v in zip(ys, vals):
            ax.text(v if v else 1.0, y, " %.2fx" % v if v else " n/a", va="center", fontsize=7)
    ax.set_xscale("log")
    ticker = matplotlib.ticker
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: "%gx" % v))
    ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_yticks([j + height * (len(series) - 1) / 2 for j in range(len(rows))])
    ax.set_yticklabels([r[0] for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("median wall time / gdbserver's (log scale; left of 1 = faster than gdbserver)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return None
