"""Self-tests of the benchmark's pure parts (no stub, no gdb needed):
  /usr/bin/python3 -m unittest discover -s scripts/bench_lib -t scripts
"""

import unittest

from bench_lib import (lldb_session, lldb_workloads, progress, report, rsp_client, runner, stats,
                       stubs, workloads)


class RspCodec(unittest.TestCase):
    def test_frame_has_checksum(self):
        self.assertEqual(rsp_client.frame(b"g"), b"$g#67")
        self.assertEqual(rsp_client.frame(b"OK"), b"$OK#9a")

    def test_unescape_escape_and_rle(self):
        self.assertEqual(rsp_client.unescape(b"}\x03"), b"#")
        # '0* ' is '0' plus 32-29 = 3 more copies
        self.assertEqual(rsp_client.unescape(b"0* "), b"0000")
        self.assertEqual(rsp_client.unescape(b"ab"), b"ab")


class Progress(unittest.TestCase):
    def test_fraction_and_failure_rows(self):
        result = {"threads": 64, "hits": 1000, "reference": stats.summarize([2e9]), "rows": [
            {"stub": "zstub", "mode": "non-stop", "rate": stats.summarize([1.9e9]),
             "seconds": stats.summarize([4.0]), "fraction": 0.95, "errors": []},
            {"stub": "gdbserver", "mode": "all-stop", "rate": None, "seconds": None,
             "fraction": None, "errors": ["timed out"]}]}
        text = "\n".join(progress.table(result))
        self.assertIn("| zstub | non-stop | 1.9e+09 | 95 % | 4.00 |", text)
        self.assertIn("| gdbserver | all-stop | failed: timed out | | |", text)


class GdbOutput(unittest.TestCase):
    INFO = ("Num     Type           Disp Enb Address            What\n"
            "1       breakpoint     keep y   0x0000555555555140 in hit at bp_calls.c:9\n"
            "\tstop only if i % 100 == 99 (target evals)\n"
            "\tbreakpoint already hit 20 times\n"
            "\tignore next 99999980 hits\n"
            "2       breakpoint     keep y   0x000055555555515e in bench_done at bp_calls.c:11\n"
            "\tbreakpoint already hit 1 time\n")

    def test_hits_of_each_breakpoint(self):
        self.assertEqual(workloads.hits_of(self.INFO, 1), 20)
        self.assertEqual(workloads.hits_of(self.INFO, 2), 1)
        self.assertIsNone(workloads.hits_of(self.INFO, 3))

    def test_expect_hits_reports_shortfall(self):
        check = workloads.expect_hits(1, lambda n: n)
        self.assertIn("hit 20 times, expected 21", check(21, self.INFO + "bench_done ()", {}))
        self.assertIsNone(check(20, self.INFO + "bench_done ()", {}))

    def test_workload_names_unique(self):
        names = [w.name for w in workloads.WORKLOADS]
        self.assertEqual(len(names), len(set(names)))


class Summaries(unittest.TestCase):
    def test_median_and_ratio(self):
        a, b = stats.summarize([3.0, 1.0, 2.0]), stats.summarize([4.0, 4.0])
        self.assertEqual(a, {"median": 2.0, "min": 1.0, "max": 3.0, "n": 3})
        self.assertEqual(stats.ratio(a, b), 0.5)
        self.assertIsNone(stats.ratio(None, b))
        self.assertIsNone(stats.summarize([]))


class StubArgv(unittest.TestCase):
    def test_launch_and_attach_lines(self):
        by_name = {s.name: s for s in stubs.known_stubs("/nonexistent/zstub", "/nonexistent/lldb")}
        z, zi, g, lldb = (by_name[n] for n in ("zstub", "zstub-inplace", "gdbserver",
                                                 "lldb-server"))
        self.assertFalse(z.available)
        self.assertEqual(zi.launch_argv(5, ["prog"])[1:], ["--once", "--no-displaced-stepping",
                                                           ":5", "prog"])
        self.assertEqual(g.launch_argv(5, ["prog", "1"])[-4:], ["--once", "127.0.0.1:5", "prog", "1"])
        self.assertEqual(lldb.attach_argv(5, 42)[1:], ["gdbserver", "--attach", "42", "127.0.0.1:5"])
        self.assertEqual(z.attach_argv(7, 9)[1:], ["--attach", ":7", "9"])


class TextReport(unittest.TestCase):
    def test_na_rows_share_one_note(self):
        na = {"status": "n/a", "reason": "boom"}
        ok = {"status": "ok", "wall": stats.summarize([0.5]),
              "cpu_per_event_us": stats.summarize([10.0])}
        result = {
            "meta": {"date": "d", "reps": 1, "quick": True, "pin": None},
            "stubs": [{"name": "zstub", "version": "", "available": True, "reason": "",
                       "gdb_ok": True}, {"name": "gdbserver", "version": "v", "available": True,
                                         "reason": "", "gdb_ok": True}],
            "gdb": [{"name": w, "events": 1, "unit": "hit", "ratio_zstub_gdbserver": None,
                     "stubs": {"zstub": na, "gdbserver": ok}} for w in ("a", "b")],
        }
        text = report.text_report(result)
        self.assertEqual(text.count("[1] zstub: boom"), 1)
        self.assertEqual(text.count("n/a [1]"), 2)
        self.assertIn("500.00 ms", text)


class LldbOutput(unittest.TestCase):
    OUT = ("@@bench bp1_hits 7\n(lldb) script print(\"%s\")\n%s\n"
           "@@bench bp1_hits 200\n@@bench function bench_done\n"
           % (lldb_session.END_TAG, lldb_session.END_TAG))

    def test_results_only_after_end_tag(self):
        self.assertEqual(lldb_session.results_of(self.OUT),
                         {"bp1_hits": "200", "function": "bench_done"})

    def test_hit_check(self):
        wl = {w.name: w for w in lldb_workloads.LLDB_WORKLOADS}["lldb_bp_hits"]
        ctx = {"results": lldb_session.results_of(self.OUT)}
        self.assertIsNone(wl.check(200, self.OUT, ctx))
        self.assertIn("expected 201", wl.check(201, self.OUT, ctx))

    def test_names_do_not_clash_with_gdb_workloads(self):
        names = [w.name for w in workloads.WORKLOADS + lldb_workloads.LLDB_WORKLOADS]
        self.assertEqual(len(names), len(set(names)))

    def test_ratio_against_lldb_server(self):
        entry = {"stubs": {"zstub": {"wall": stats.summarize([1.0])},
                           "lldb-server": {"wall": stats.summarize([2.0])}}}
        runner._add_ratios(entry, "wall", "cpu", "lldb-server")
        self.assertEqual(entry["ratio_zstub_lldb_server"], 0.5)
        self.assertNotIn("ratio_zstub_gdbserver", entry)


if __name__ == "__main__":
    unittest.main()
