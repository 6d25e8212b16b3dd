"""Turn a bench JSON file into the Markdown tables shown in the README.

Usage: /usr/bin/python3 scripts/bench_lib/markdown.py RESULTS.json
"""
import json
import sys


def fmt_time(s):
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def fmt_cpu(us):
    return f"{us / 1000:.1f} ms" if us >= 1000 else f"{us:.1f} µs"


def stub_cell(entry, stub):
    st = entry["stubs"].get(stub)
    if not st or st.get("status") != "ok":
        return None
    return st


def gdb_rows(data):
    yield ("| workload (gdb 13 drives) | events | zstub | gdbserver | zstub / gdbserver | "
           "stub CPU per event, zstub / gdbserver |")
    yield "|---|---|---|---|---|---|"
    for w in data["gdb"]:
        z, g = stub_cell(w, "zstub"), stub_cell(w, "gdbserver")
        if not z or not g:
            continue
        yield (f"| {w['title']} | {w['n']} {w['unit']} | {fmt_time(z['wall']['median'])} | "
               f"{fmt_time(g['wall']['median'])} | {w['ratio_zstub_gdbserver']:.2f}x | "
               f"{fmt_cpu(z['cpu_per_event_us']['median'])} / "
               f"{fmt_cpu(g['cpu_per_event_us']['median'])} |")


def lldb_rows(data):
    yield ("| workload (lldb 19 drives) | events | zstub | lldb-server | zstub / lldb-server | "
           "stub CPU per event, zstub / lldb-server |")
    yield "|---|---|---|---|---|---|"
    for w in data.get("lldb", []):
        z, s = stub_cell(w, "zstub"), stub_cell(w, "lldb-server")
        if not z or not s:
            continue
        yield (f"| {w['title']} | {w['n']} {w['unit']} | {fmt_time(z['wall']['median'])} | "
               f"{fmt_time(s['wall']['median'])} | {w['ratio_zstub_lldb_server']:.2f}x | "
               f"{fmt_cpu(z['cpu_per_event_us']['median'])} / "
               f"{fmt_cpu(s['cpu_per_event_us']['median'])} |")


def rsp_rows(data):
    yield "| packet (raw protocol) | zstub | gdbserver | lldb-server |"
    yield "|---|---|---|---|"
    for r in data.get("rsp", []):
        cells = []
        for stub in ("zstub", "gdbserver", "lldb-server"):
            st = r["stubs"].get(stub)
            ok = st and st.get("status") == "ok"
            cells.append(f"{st['us_per_packet']['median']:.1f} µs" if ok and "us_per_packet" in st
                         else "n/a")
        yield f"| {r['title']} | " + " | ".join(cells) + " |"


def main(path):
    data = json.load(open(path))
    m = data["meta"]
    print(f"Measured {m['date']} on {m['cpu']} ({m['cpus']} cores, kernel {m['kernel']}), "
          f"{m['reps']} repetitions, pinned to CPU {m['pin']}, {m['gdb']}, {m['lldb']}, "
          f"zstub commit {m['repo_commit']}. Medians; lower ratios are better for zstub.")
    for rows in (gdb_rows, lldb_rows, rsp_rows):
        print()
        for line in rows(data):
            print(line)


if __name__ == "__main__":
    main(sys.argv[1])
