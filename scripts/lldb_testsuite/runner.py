"""LLDB 19's API test suite (dotest.py) against zstub or lldb-server-19.

  scripts/lldb-testsuite run [--server zstub|lldb-server] [--out DIR] [--timeout S] [-j N]
                             [--smoke | --default | PATH...]
  scripts/lldb-testsuite compare ZSTUB_DIR LLDB_SERVER_DIR
  scripts/lldb-testsuite setup

PATHs are files or folders under lldb/test/API (e.g. functionalities/signal). Each Test*.py
file is one dotest.py run, in its own PID namespace (or process group when not root) under a
time limit, so nothing it started outlives it. See docs/lldb-testsuite.md.
"""

import argparse
import concurrent.futures
import datetime
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "scripts", "lldb_testsuite")
CACHE = os.environ.get("ZSTUB_LLDBSRC_CACHE", os.path.expanduser("~/.cache/zstub-lldbsrc"))
PACKAGES = ["lldb-19", "python3-lldb-19", "liblldb-19-dev", "clang-19", "llvm-19",
            "python3-pexpect", "make", "dpkg-dev", "xz-utils"]
# What dotest needs from the llvm source tree: the tests and the lldbsuite package.
EXTRACT = ["lldb/test/API", "lldb/packages", "lldb/use_lldb_suite_root.py"]
SOURCES_FILE = "/etc/apt/sources.list.d/zstub-src.sources"

SMOKE = [
    "functionalities/thread/main_thread_exit",
    "functionalities/signal/TestSendSignal.py",
    "functionalities/inferior-crashing/TestInferiorCrashing.py",
    "commands/register/register/register_command/TestRegisters.py",
    "commands/expression/expr-in-syscall",
    "functionalities/process_group",
    "functionalities/exec",
    "python_api/frame/TestFrames.py",
    "functionalities/breakpoint/breakpoint_command",
    "python_api/watchpoint/TestSetWatchpoint.py",
]
DEFAULT = [
    "functionalities/breakpoint",
    "functionalities/watchpoint",
    "functionalities/signal",
    "functionalities/thread",
    "functionalities/inferior-crashing",
    "functionalities/process_group",
    "functionalities/return-value",
    "functionalities/fork",
    "functionalities/exec",
    "functionalities/step-vrs-interrupt",
    "functionalities/bt-interrupt",
    "functionalities/unwind",
    "commands/register",
    "commands/process",
    "commands/frame",
    "commands/watchpoints",
    "commands/thread",
    "commands/expression/expr-in-syscall",
    "commands/expression/call-function",
    "commands/expression/call-restarts",
    "commands/expression/no-deadlock",
    "commands/expression/memory-allocation",
    "commands/expression/call-throws",
    "commands/expression/timeout",
    "commands/expression/unwind_expression",
    "python_api/process",
    "python_api/thread",
    "python_api/frame",
    "python_api/watchpoint",
    "python_api/breakpoint",
    "lang/c",
    "functionalities/load_unload",
    "functionalities/dlopen_other_executable",
    "functionalities/stop-on-sharedlibrary-load",
    "functionalities/memory",
    "commands/memory",
    "functionalities/step_scripted",
    "functionalities/thread_plan",
    "functionalities/step-avoids-no-debug",
    "functionalities/inline-stepping",
    "functionalities/tail_call_frames",
    "functionalities/longjmp",
    "functionalities/conditional_break",
    "functionalities/avoids-fd-leak",
]
RESULT_RE = re.compile(
    r"^(PASS|FAIL|ERROR|UNSUPPORTED|XFAIL|XPASS|SKIPPED|UNEXPECTED SUCCESS|EXPECTED FAILURE)"
    r": LLDB \([^)]*\) :: (\S+) \(([^)]*)\)")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def missing_packages():
    out = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Status}\n"] + PACKAGES,
                         capture_output=True, text=True).stdout
    ok = {line.split()[0] for line in out.splitlines() if line.endswith("installed")}
    return [p for p in PACKAGES if p not in ok]


def apt_install():
    miss = missing_packages()
    if not miss:
        return
    if os.geteuid() != 0:
        sys.exit("lldb-testsuite: missing packages (install as root): %s" % " ".join(miss))
    print("installing", " ".join(miss), flush=True)
    sh(["apt-get", "install", "-y", "--no-install-recommends"] + miss,
       stdout=subprocess.DEVNULL)


def deb_src_configured():
    r = subprocess.run(["apt-cache", "showsrc", "llvm-toolchain-19"], capture_output=True,
                       text=True)
    return r.returncode == 0 and "Package: llvm-toolchain-19" in r.stdout


def configured_mirrors():
    """(URI, suites) of the Debian 'deb' entries apt already uses (deb822 and one-line)."""
    mirrors = []
    files = glob.glob("/etc/apt/sources.list.d/*.sources")
    for path in files:
        for stanza in open(path).read().split("\n\n"):
            f = dict(l.split(":", 1) for l in stanza.splitlines()
                     if ":" in l and not l.startswith("#"))
            f = {k.strip(): v.strip() for k, v in f.items()}
            if "deb" in f.get("Types", "").split() and "debian" in f.get("URIs", ""):
                mirrors.append((f["URIs"].split()[0], f.get("Suites", "")))
    for path in ["/etc/apt/sources.list"] + glob.glob("/etc/apt/sources.list.d/*.list"):
        if os.path.exists(path):
            for line in open(path):
                w = line.split()
                if len(w) >= 3 and w[0] == "deb" and "debian" in w[1] and "security" not in w[1]:
                    mirrors.append((w[1], w[2]))
    return [m for m in mirrors if "security" not in m[0]]


def add_deb_src():
    mirrors = configured_mirrors()
    if not mirrors:
        sys.exit("lldb-testsuite: no Debian mirror found in apt's sources for deb-src")
    uri, suites = mirrors[0]
    print("adding deb-src for %s (%s) in %s" % (uri, suites, SOURCES_FILE), flush=True)
    with open(SOURCES_FILE, "w") as f:
        f.write("Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n"
                "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n" % (uri, suites))
    sh(["apt-get", "update"], stdout=subprocess.DEVNULL)


def lldb_source():
    """The lldb folder of the installed lldb-19's source, fetched once into CACHE."""
    version = subprocess.run(["dpkg-query", "-W", "-f=${source:Upstream-Version}", "lldb-19"],
                             capture_output=True, text=True).stdout.strip()
    version = version.split(":")[-1]
    tree = os.path.join(CACHE, "llvm-toolchain-19_%s" % version)
    if os.path.exists(os.path.join(tree, "lldb", "test", "API", "dotest.py")):
        return os.path.join(tree, "lldb")
    os.makedirs(CACHE, exist_ok=True)
    tarballs = glob.glob(os.path.join(CACHE, "llvm-toolchain-19_%s.orig.tar.xz" % version))
    if not tarballs:
        if not deb_src_configured():
            add_deb_src()
        full = subprocess.run(["dpkg-query", "-W", "-f=${source:Version}", "lldb-19"],
                              capture_output=True, text=True).stdout.strip()
        print("downloading the llvm-toolchain-19 %s source into %s" % (full, CACHE), flush=True)
        sh(["apt-get", "source", "--download-only", "llvm-toolchain-19=" + full], cwd=CACHE,
           stdout=subprocess.DEVNULL)
        tarballs = glob.glob(os.path.join(CACHE, "llvm-toolchain-19_%s.orig.tar.xz" % version))
    top = os.path.basename(tree)
    print("extracting %s from %s" % (", ".join(EXTRACT), tarballs[0]), flush=True)
    sh(["tar", "-xJf", tarballs[0], "-C", CACHE] + ["%s/%s" % (top, e) for e in EXTRACT])
    return os.path.join(tree, "lldb")


def test_files(api, paths):
    files = []
    for p in paths:
        full = os.path.join(api, p)
        if os.path.isfile(full):
            files.append(p)
        elif os.path.isdir(full):
            for d, _, names in sorted(os.walk(full)):
                files += [os.path.relpath(os.path.join(d, n), api) for n in sorted(names)
                          if n.startswith("Test") and n.endswith(".py")]
        else:
            sys.exit("lldb-testsuite: no such test file or folder: %s" % full)
    return list(dict.fromkeys(files))


def kill_token(token):
    """SIGKILLs every process whose environment carries token (used when not root)."""
    for pid in os.listdir("/proc"):
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                with open("/proc/%s/environ" % pid, "rb") as f:
                    if token.encode() in f.read():
                        os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass


RUNNING = {}  # process group id -> environment token, of the dotest runs in progress


def stop_all(signum, frame):
    """SIGTERM/SIGINT: end every test file in progress and everything it started."""
    for pgid, token in list(RUNNING.items()):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        kill_token(token)
    os._exit(128 + signum)


def run_file(lldb, rel, args, out):
    api = os.path.join(lldb, "test", "API")
    name = rel.replace("/", "__")
    build = os.path.join(out, "build", name[:-3])
    log = os.path.join(out, "logs", name[:-3] + ".log")
    shutil.rmtree(build, ignore_errors=True)
    os.makedirs(build)
    env = dict(os.environ)
    token = "zstub-lldbts-%d-%s" % (os.getpid(), name)
    env["ZSTUB_LLDBTS_TOKEN"] = token
    if args.server == "zstub":
        # lldb starts zstub itself, as it starts lldb-server: `zstub gdbserver --fd=N ...`.
        env["LLDB_DEBUGSERVER_PATH"] = os.path.abspath(args.zstub)
        if args.packet_log:  # lldb adds LLDB_DEBUGSERVER_EXTRA_ARG_n to the command line
            env["LLDB_DEBUGSERVER_EXTRA_ARG_1"] = "--remote-debug=" + os.path.join(build,
                                                                                  "packets.log")
    else:
        env["LLDB_DEBUGSERVER_PATH"] = "/usr/bin/lldb-server-19"
    dotest = [sys.executable, os.path.join(api, "dotest.py"),
              "--executable", "/usr/lib/llvm-19/bin/lldb", "--compiler", "/usr/bin/clang-19",
              "--llvm-tools-dir", "/usr/lib/llvm-19/bin", "--lldb-libs-dir", "/usr/lib/llvm-19/lib",
              "--build-dir", build,
              "--lldb-module-cache-dir", os.path.join(build, "mc-lldb"),
              "--clang-module-cache-dir", os.path.join(build, "mc-clang"),
              "--skip-category", "dsym", "--skip-category", "dwo",
              "--skip-category", "gmodules", "--skip-category", "lldb-dap",
              "-v", "-p", os.path.basename(rel), os.path.join(api, os.path.dirname(rel))]
    if os.geteuid() == 0:
        cmd = ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child"] + dotest
    else:
        cmd = dotest
    start = time.time()
    timed_out = False
    with open(log, "wb") as f:
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=env, cwd=api,
                             start_new_session=True)
        RUNNING[p.pid] = token
        try:
            p.wait(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
            kill_token(token)
            RUNNING.pop(p.pid, None)
    results = parse_log(log, rel)
    if timed_out:
        results.append((rel, "(file)", "TIMEOUT"))
    elif not results:
        results.append((rel, "(file)", "NO-RESULT"))
    if not args.keep_build:
        shutil.rmtree(build, ignore_errors=True)
    return rel, results, time.time() - start


def parse_log(log, rel):
    results = []
    with open(log, "rb") as f:
        for line in f.read().decode("utf-8", "replace").splitlines():
            m = RESULT_RE.match(line)
            if m:
                status = {"UNEXPECTED SUCCESS": "XPASS", "EXPECTED FAILURE": "XFAIL",
                          "SKIPPED": "UNSUPPORTED"}.get(m.group(1), m.group(1))
                results.append((rel, m.group(3), status))
    return results


def cmd_run(args):
    if args.server == "zstub" and not os.access(args.zstub, os.X_OK):
        sys.exit("lldb-testsuite: no zstub binary at %s (scripts/build first)" % args.zstub)
    apt_install()
    lldb = lldb_source()
    api = os.path.join(lldb, "test", "API")
    paths = args.paths or (SMOKE if args.smoke else DEFAULT)
    files = test_files(api, paths)
    out = args.out or os.path.join(tempfile.gettempdir(), "lldb-testsuite-" + args.server)
    os.makedirs(os.path.join(out, "logs"), exist_ok=True)
    os.makedirs(os.path.join(out, "build"), exist_ok=True)
    tsv = os.path.join(out, "results.tsv")
    with open(tsv, "w") as f:
        f.write("# server=%s date=%s commit=%s\n" % (args.server, datetime.datetime.now(
            datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), git_commit()))
    print("%d test files, server %s, results in %s" % (len(files), args.server, out), flush=True)
    counts = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futs = [pool.submit(run_file, lldb, rel, args, out) for rel in files]
        for fut in concurrent.futures.as_completed(futs):
            rel, results, secs = fut.result()
            with open(tsv, "a") as f:
                for r in results:
                    f.write("\t".join(r) + "\n")
                    counts[r[2]] = counts.get(r[2], 0) + 1
            summary = " ".join("%s:%s" % (r[1].split(".")[-1], r[2]) for r in results)
            print("%-70s %5.1fs %s" % (rel, secs, summary), flush=True)
    print("totals:", " ".join("%s=%d" % kv for kv in sorted(counts.items())))
    print("results:", tsv)
    bad = sum(counts.get(k, 0) for k in ("FAIL", "ERROR", "TIMEOUT", "NO-RESULT"))
    if bad and (args.strict or args.smoke):
        sys.exit(1)


def git_commit():
    r = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                       text=True)
    return r.stdout.strip() or "unknown"


def load(path):
    if os.path.isdir(path):
        path = os.path.join(path, "results.tsv")
    res = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rel, test, status = line.rstrip("\n").split("\t")
            res[(rel, test)] = status
            if test == "(file)":  # a timed-out file: tests it never reported count as TIMEOUT
                res[(rel, "(file)")] = status
    return res


def cmd_compare(args):
    a, b = load(args.zstub_results), load(args.reference_results)
    files_a = {rel for rel, t in a if t == "(file)"}

    def status_a(key):
        if key in a:
            return a[key]
        return "TIMEOUT" if key[0] in files_a else "MISSING"

    ref_pass = sorted(k for k, v in b.items() if v == "PASS")
    both = [k for k in ref_pass if status_a(k) == "PASS"]
    print("%-60s %-12s %-12s" % ("test", "zstub", "lldb-server"))
    for k in sorted(set(a) | set(b)):
        sa, sb = status_a(k), b.get(k, "MISSING")
        if sa != sb:
            print("%-60s %-12s %-12s" % ("%s %s" % (k[0].split("/")[-1], k[1].split(".")[-1]),
                                         sa, sb))
    print("\npass on lldb-server: %d; of those pass on zstub: %d; fail on zstub: %d" %
          (len(ref_pass), len(both), len(ref_pass) - len(both)))
    extra = [k for k, v in a.items() if v == "PASS" and b.get(k) != "PASS"]
    print("pass on zstub but not on lldb-server: %d" % len(extra))
    for k in ref_pass:
        if status_a(k) != "PASS":
            print("  zstub %-8s %s %s" % (status_a(k), k[0], k[1].split(".")[-1]))


def main():
    ap = argparse.ArgumentParser(prog="lldb-testsuite", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="run test files against one server")
    r.add_argument("--server", choices=["zstub", "lldb-server"], default="zstub")
    r.add_argument("--zstub", default=os.environ.get("ZSTUB_BIN",
                                                     os.path.join(ROOT, "build", "zstub")))
    r.add_argument("--out", help="results folder (default /tmp/lldb-testsuite-SERVER)")
    r.add_argument("--timeout", type=int, default=int(os.environ.get("ZSTUB_LLDBTS_TIMEOUT",
                                                                     "300")),
                   help="seconds per test file (default 300)")
    r.add_argument("-j", "--jobs", type=int, default=1)
    r.add_argument("--smoke", action="store_true",
                   help="the short list (a few minutes); implies --strict")
    r.add_argument("--strict", action="store_true",
                   help="exit 1 if a test failed, errored or timed out")
    r.add_argument("--packet-log", action="store_true",
                   help="zstub --remote-debug into each test's build folder (implies --keep-build)")
    r.add_argument("--keep-build", action="store_true", help="keep each test's build folder")
    r.add_argument("paths", nargs="*", help="files or folders under lldb/test/API")
    c = sub.add_parser("compare", help="zstub results vs lldb-server results, test by test")
    c.add_argument("zstub_results")
    c.add_argument("reference_results")
    sub.add_parser("setup", help="install packages and fetch the lldb test sources only")
    args = ap.parse_args()
    if args.cmd == "run":
        signal.signal(signal.SIGTERM, stop_all)
        signal.signal(signal.SIGINT, stop_all)
        if args.packet_log:
            args.keep_build = True
        cmd_run(args)
    elif args.cmd == "compare":
        cmd_compare(args)
    else:
        apt_install()
        print(lldb_source())


if __name__ == "__main__":
    main()
