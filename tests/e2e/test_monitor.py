"""`monitor` commands as gdb's testsuite (gdb.server/server-mon.exp, no-thread-db.exp) and
scripts written for gdbserver use them."""
from harness.expect import at_line


def test_monitor_alone_lists_the_commands_and_fails(e2e):
    stub = e2e.stub("exitcode")
    r = e2e.gdb("exitcode", stub, ["monitor", "monitor help", "continue"])
    # An unknown (here: empty) command is an error reply after the list, as with gdbserver.
    assert "Unknown monitor command" in r.of(0), r
    assert "The following monitor commands are supported" in r.of(0), r
    assert "Protocol error with Rcmd" in r.of(0), r
    assert "Protocol error" not in r.of(1), r
    assert "exited with code 07" in r.of(2), r  # the session is still fine


def test_monitor_set_debug_format(e2e):
    stub = e2e.stub("exitcode")
    r = e2e.gdb("exitcode", stub, ["monitor set debug-format all",
                                   "monitor set debug-format none", "continue"])
    assert "All extra debug format options enabled." in r.of(0), r
    assert "All extra debug format options disabled." in r.of(1), r
    assert "exited with code 07" in r.of(2), r


def test_thread_local_lookup_fails_cleanly_without_libthread_db(e2e):
    stub = e2e.stub("tls")
    r = e2e.gdb("tls", stub, ["monitor set libthread-db-search-path /foo/bar",
                              f"break {at_line('tls.c', 'after_tls')}", "continue",
                              "print tls_value", "continue"])
    assert "libthread-db-search-path set to `/foo/bar'" in r.of(0), r
    assert "Breakpoint 1, main ()" in r.of(2), r
    # The request failed (not "doesn't support qGetTLSAddr packet").
    assert "Remote target failed to process qGetTLSAddr request" in r.of(3), r
    assert "exited normally" in r.of(4), r
