"""gdb's DejaGnu testsuite against a debug stub, one .exp file at a time.

    scripts/gdb-testsuite run [--stub zstub|gdbserver] [--board remote|extended-remote]
                              [--jobs N] [--timeout S] [--out DIR] [--list FILE] [EXP ...]
    scripts/gdb-testsuite versus [same options as run, without --stub]
    scripts/gdb-testsuite compare DIR_A DIR_B
    scripts/gdb-testsuite setup

Each .exp file runs in its own `runtest` with its own output folder (the
GDB_PARALLEL idea), inside fresh PID and network namespaces and under a time limit, so
that a hang costs a bounded time and leaves no process behind, and parallel files never
share a port. The testsuite is the
source of the installed gdb (`apt-get source gdb`), kept in a cache folder outside
the repository. Results: DIR/results.json plus each file's gdb.sum and gdb.log.
"""

import argparse
import concurrent.futures
import fnmatch
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BOARDS = os.path.join(HERE, "boards")
CACHE = os.environ.get(
    "ZSTUB_GDB_TESTSUITE_CACHE",
    os.path.join(os.path.expanduser("~"), ".cache", "zstub", "gdb-testsuite"),
)
PACKAGES = ["dejagnu", "expect", "dpkg-dev", "gdb", "gdbserver", "gcc", "g++", "util-linux",
            "iproute2"]
RESULT_KINDS = ("PASS", "FAIL", "XFAIL", "KFAIL", "XPASS", "KPASS", "UNSUPPORTED",
                "UNRESOLVED", "UNTESTED", "DUPLICATE", "PATH")
BOARD_FILES = {"remote": "zstub-remote", "extended-remote": "zstub-extended-remote"}


def log(msg):
    print(msg, flush=True)


def sh(argv, **kw):
    return subprocess.run(argv, check=True, **kw)


# ---------------------------------------------------------------- set-up


def missing_packages():
    out = []
    for pkg in PACKAGES:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg],
                           capture_output=True, text=True)
        if "install ok installed" not in r.stdout:
            out.append(pkg)
    return out


def have_deb_src():
    files = glob.glob("/etc/apt/sources.list") + glob.glob("/etc/apt/sources.list.d/*")
    for path in files:
        try:
            text = open(path).read()
        except OSError:
            continue
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("deb-src ") or (line.startswith("Types:") and "deb-src" in line):
                return True
    return False


def add_deb_src():
    """Mirror every configured binary source as a source one (same mirror)."""
    lines = []
    for path in glob.glob("/etc/apt/sources.list.d/*.sources"):
        for stanza in open(path).read().split("\n\n"):
            fields = [ln for ln in stanza.splitlines() if ln and not ln.startswith("#")]
            if any(ln.startswith("Types:") and " deb" in ln for ln in fields):
                lines.append("\n".join("Types: deb-src" if ln.startswith("Types:") else ln
                                       for ln in fields))
    if os.path.exists("/etc/apt/sources.list"):
        legacy = [ln.replace("deb ", "deb-src ", 1)
                  for ln in open("/etc/apt/sources.list").read().splitlines()
                  if ln.startswith("deb ")]
        if legacy:
            with open("/etc/apt/sources.list.d/zstub-deb-src.list", "w") as f:
                f.write("\n".join(legacy) + "\n")
    if lines:
        with open("/etc/apt/sources.list.d/zstub-deb-src.sources", "w") as f:
            f.write("\n\n".join(lines) + "\n")


def apt(*args):
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    sh(prefix + ["apt-get", *args], env=env)


def gdb_source_version():
    r = subprocess.run(["dpkg-query", "-W", "-f=${source:Version}", "gdb"],
                       capture_output=True, text=True, check=True)
    return r.stdout.strip()


def testsuite_dirs():
    version = gdb_source_version()
    upstream = version.split(":")[-1].split("-")[0]
    src = os.path.join(CACHE, version, "gdb-" + upstream)
    return src, os.path.join(src, "gdb", "testsuite"), os.path.join(CACHE, version, "obj")


def setup(quiet=False):
    """Idempotent: packages, the gdb source, the configured testsuite."""
    missing = missing_packages()
    if missing:
        log("gdb-testsuite: installing " + " ".join(missing))
        apt("update", "-qq")
        apt("install", "-y", "-qq", "--no-install-recommends", *missing)
    src, tsdir, objdir = testsuite_dirs()
    if not os.path.isdir(tsdir):
        if not have_deb_src():
            add_deb_src()
        apt("update", "-qq")
        parent = os.path.dirname(src)
        os.makedirs(parent, exist_ok=True)
        log("gdb-testsuite: fetching the source of gdb " + gdb_source_version())
        sh(["apt-get", "source", "-qq", "gdb=" + gdb_source_version()], cwd=parent,
           stdout=subprocess.DEVNULL)
    if not os.path.exists(os.path.join(objdir, "site.exp")):
        os.makedirs(objdir, exist_ok=True)
        sh([os.path.join(tsdir, "configure"), "-q"], cwd=objdir, stdout=subprocess.DEVNULL)
        sh(["make", "-s", "site.exp"], cwd=objdir, stdout=subprocess.DEVNULL)
    if not quiet:
        log("gdb-testsuite: testsuite at " + tsdir)
    return tsdir, objdir


# ---------------------------------------------------------------- running


def expand(tsdir, patterns):
    files = []
    for pat in patterns:
        pat = pat.strip()
        if not pat or pat.startswith("#"):
            continue
        hits = sorted(os.path.relpath(p, tsdir) for p in glob.glob(os.path.join(tsdir, pat)))
        if not hits:
            log("gdb-testsuite: no .exp file matches " + pat)
        files.extend(h for h in hits if h.endswith(".exp") and h not in files)
    return files


def read_list(path):
    with open(path) as f:
        return [ln.split("#")[0].strip() for ln in f if ln.split("#")[0].strip()]


def parse_sum(path):
    """{kind: count} and the ordered list of (kind, test name) of one gdb.sum."""
    counts = {k: 0 for k in RESULT_KINDS}
    tests = []
    if not os.path.exists(path):
        return counts, tests
    with open(path, errors="replace") as f:
        for line in f:
            kind, sep, name = line.partition(": ")
            if sep and kind in RESULT_KINDS:
                counts[kind] += 1
                tests.append((kind, name.strip()))
    return counts, tests


def server_path(stub, zstub_bin):
    if stub == "gdbserver":
        return shutil.which("gdbserver") or "/usr/bin/gdbserver"
    return os.path.abspath(zstub_bin)


def run_one(exp, tsdir, objdir, out, server, board, limit):
    workdir = os.path.join(out, exp[:-4])
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    with open(os.path.join(objdir, "site.exp")) as f:
        site = f.read()
    with open(os.path.join(workdir, "site.exp"), "w") as f:
        f.write(site)
        f.write("set objdir %s\nlappend boards_dir %s\n" % (workdir, BOARDS))
    # Own PID namespace: nothing outlives the file. Own network namespace (loopback only): every
    # file numbers its ports from 2345, and parallel files must not reach each other's stubs (a
    # stub that failed to start left its gdb connecting to another file's stub on that port).
    argv = ["timeout", "-k", "10", str(limit),
            "unshare", "--pid", "--net", "--fork", "--kill-child", "--mount-proc",
            "sh", "-c", 'ip link set lo up && exec "$@"', "sh",
            "runtest", "--srcdir", tsdir, "--target_board", BOARD_FILES[board],
            "GDB=/usr/bin/gdb", "GDB_DATA_DIRECTORY=/usr/share/gdb", exp]
    env = dict(os.environ, ZSTUB_TESTSUITE_SERVER=server)
    start = time.monotonic()
    with open(os.path.join(workdir, "runtest.out"), "w") as f:
        rc = subprocess.run(argv, cwd=workdir, env=env, stdout=f, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL).returncode
    seconds = time.monotonic() - start
    counts, tests = parse_sum(os.path.join(workdir, "gdb.sum"))
    return {"file": exp, "seconds": round(seconds, 1), "timed_out": rc in (124, 137),
            "counts": counts, "tests": tests}


def fmt_counts(res):
    c = res["counts"]
    extra = " TIMEOUT" if res["timed_out"] else ""
    return "%5d pass %4d fail %3d unsup %3d unres %5.0fs%s" % (
        c["PASS"], c["FAIL"], c["UNSUPPORTED"], c["UNRESOLVED"] + c["UNTESTED"],
        res["seconds"], extra)


def cmd_run(args):
    tsdir, objdir = setup(quiet=True)
    patterns = list(args.exp)
    for lst in args.list or []:
        patterns += read_list(lst)
    files = expand(tsdir, patterns)
    if not files:
        log("gdb-testsuite: nothing to run")
        return 2
    server = server_path(args.stub, args.zstub)
    if not os.access(server, os.X_OK):
        log("gdb-testsuite: no server binary at %s (build zstub first: scripts/build)" % server)
        return 2
    out = os.path.abspath(args.out or os.path.join(ROOT, "build", "gdb-testsuite",
                                                   "%s-%s" % (args.stub, args.board)))
    os.makedirs(out, exist_ok=True)
    log("gdb-testsuite: %d file(s), %s on the %s board, %d job(s), results in %s"
        % (len(files), args.stub, args.board, args.jobs, out))
    results = []
    width = max(len(f) for f in files)
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futs = {pool.submit(run_one, f, tsdir, objdir, out, server, args.board, args.timeout): f
                for f in files}
        for fut in concurrent.futures.as_completed(futs):
            res = fut.result()
            results.append(res)
            log("%-*s %s" % (width, res["file"], fmt_counts(res)))
    results.sort(key=lambda r: r["file"])
    total = {k: sum(r["counts"][k] for r in results) for k in RESULT_KINDS}
    summary = {"stub": args.stub, "board": args.board, "server": server,
               "commit": git_commit(), "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
               "seconds": round(time.monotonic() - start, 1), "totals": total,
               "timed_out": [r["file"] for r in results if r["timed_out"]], "files": results}
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(summary, f, indent=1)
    log("total: %d pass, %d fail, %d unsupported, %d unresolved/untested, %d timed out, %.0f s"
        % (total["PASS"], total["FAIL"], total["UNSUPPORTED"],
           total["UNRESOLVED"] + total["UNTESTED"], len(summary["timed_out"]),
           summary["seconds"]))
    if args.strict_against:
        return strict_check(summary, load(args.strict_against))
    return 0 if total["FAIL"] == 0 and not summary["timed_out"] else 1


def cmd_versus(args):
    """The same files with gdbserver, then with zstub, then the strict comparison (CI)."""
    out = os.path.abspath(args.out or os.path.join(ROOT, "build", "gdb-testsuite", "versus"))
    ref = argparse.Namespace(**vars(args))
    ref.stub, ref.out, ref.strict_against = "gdbserver", os.path.join(out, "gdbserver"), None
    if cmd_run(ref) == 2:
        return 2
    mine = argparse.Namespace(**vars(args))
    mine.stub, mine.out, mine.strict_against = "zstub", os.path.join(out, "zstub"), ref.out
    return cmd_run(mine)


def git_commit():
    r = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                       capture_output=True, text=True)
    return r.stdout.strip()


# ---------------------------------------------------------------- comparing


def load(folder):
    with open(os.path.join(folder, "results.json")) as f:
        return json.load(f)


# DejaGnu appends the bug of a known failure to the name: " (PRMS: gdb/N)" on a KFAIL,
# " (PRMS gdb/N)" on a KPASS, nothing on a PASS. Dropped, so that a stub passing a test the
# other one fails as a known gdb bug reads as the same test, not as a lost one.
PRMS_RE = re.compile(r" \(PRMS:? [^)]*\)$")


def passing(res):
    """Names of the passing tests of one file (a known failure or a pass of one counts: the
    stub did what gdb expects of it at least); repeated names get #2, #3 ..."""
    seen, names = {}, set()
    for kind, name in res["tests"]:
        name = PRMS_RE.sub("", name)
        seen[name] = seen.get(name, 0) + 1
        key = name if seen[name] == 1 else "%s #%d" % (name, seen[name])
        if kind in ("PASS", "XFAIL", "KFAIL", "XPASS", "KPASS"):
            names.add(key)
    return names


def regressions(a, b):
    """Per file: the tests that pass in a and not in b, and the count lines."""
    afiles = {r["file"]: r for r in a["files"]}
    bfiles = {r["file"]: r for r in b["files"]}
    rows = []
    for name in sorted(set(afiles) & set(bfiles)):
        ra, rb = afiles[name], bfiles[name]
        lost = sorted(passing(ra) - passing(rb))
        rows.append((name, ra, rb, lost))
    return rows


def strict_check(mine, ref):
    """The issue's bar: per file, PASS >= ref's, FAIL <= ref's, nothing lost."""
    bad = 0
    for name, ref_res, my_res, lost in regressions(ref, mine):
        worse = (my_res["counts"]["PASS"] < ref_res["counts"]["PASS"]
                 or my_res["counts"]["FAIL"] > ref_res["counts"]["FAIL"] or lost
                 or my_res["timed_out"])
        if worse:
            bad += 1
            log("WORSE %s: %s vs %s" % (name, fmt_counts(my_res), fmt_counts(ref_res)))
            for t in lost[:20]:
                log("    lost: " + t)
    log("strict: %d file(s) worse than the reference" % bad)
    return 1 if bad else 0


def cmd_compare(args):
    a, b = load(args.a), load(args.b)
    log("A = %s (%s, %s)   B = %s (%s, %s)" % (args.a, a["stub"], a.get("commit", "?"),
                                              args.b, b["stub"], b.get("commit", "?")))
    lost_total = 0
    for name, ra, rb, lost in regressions(a, b):
        gained = sorted(passing(rb) - passing(ra))
        mark = "  " if not lost and rb["counts"]["FAIL"] <= ra["counts"]["FAIL"] else "!!"
        log("%s %-45s A: %s\n   %-45s B: %s" % (mark, name, fmt_counts(ra), "", fmt_counts(rb)))
        for t in lost:
            log("     pass on A only: " + t)
        if args.verbose:
            for t in gained:
                log("     pass on B only: " + t)
        lost_total += len(lost)
    ta, tb = a["totals"], b["totals"]
    log("totals A: %d pass %d fail   B: %d pass %d fail   tests passing on A only: %d"
        % (ta["PASS"], ta["FAIL"], tb["PASS"], tb["FAIL"], lost_total))
    return 0


def main():
    ap = argparse.ArgumentParser(prog="scripts/gdb-testsuite", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("setup", help="install dejagnu and fetch gdb's testsuite")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("exp", nargs="*")
    common.add_argument("--list", action="append", help="a file of .exp globs, one a line")
    common.add_argument("--board", choices=tuple(BOARD_FILES), default="remote")
    common.add_argument("--zstub", default=os.path.join(ROOT, "build", "zstub"))
    common.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    common.add_argument("--timeout", type=int, default=300, help="seconds per .exp file")
    common.add_argument("--out", help="result folder (default build/gdb-testsuite/STUB-BOARD)")
    run = sub.add_parser("run", parents=[common],
                         help="run .exp files (globs relative to the testsuite)")
    run.add_argument("--stub", choices=("zstub", "gdbserver"), default="zstub")
    run.add_argument("--strict-against", metavar="DIR",
                     help="exit 1 unless every file does at least as well as in DIR")
    vs = sub.add_parser("versus", parents=[common],
                        help="run with gdbserver, then zstub; fail if zstub does worse on a file")
    cmp_ = sub.add_parser("compare", help="tests that pass in A and not in B, per file")
    cmp_.add_argument("a")
    cmp_.add_argument("b")
    cmp_.add_argument("-v", "--verbose", action="store_true", help="also list B's gains")
    args = ap.parse_args()
    if args.cmd == "setup":
        setup()
        return 0
    if args.cmd == "run":
        return cmd_run(args)
    if args.cmd == "versus":
        return cmd_versus(args)
    return cmd_compare(args)


if __name__ == "__main__":
    sys.exit(main())
