"""`monitor` commands as gdb's testsuite (gdb.server/server-mon.exp, no-thread-db.exp) and
scripts written for gdbserver use them."""
from harness.expect import at_line, value_of


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


def test_search_path_without_libthread_db_turns_tls_lookups_off(e2e):
    """gdb.server/no-thread-db.exp: with no libthread_db to be found, printing a thread-local
    variable fails cleanly (the request fails; the packet is not unknown)."""
    stub = e2e.stub("tls_vars")
    r = e2e.gdb("tls_vars", stub, ["monitor set libthread-db-search-path /foo/bar",
                                   f"break {at_line('tls_vars.c', 'main_ready')}", "continue",
                                   "print tls_value", "continue"])
    assert "libthread-db-search-path set to `/foo/bar'" in r.of(0), r
    assert "Breakpoint 1, main ()" in r.of(2), r
    assert "Remote target failed to process qGetTLSAddr request" in r.of(3), r
    assert "exited normally" in r.of(4), r


def test_search_path_with_the_system_libthread_db_keeps_tls_lookups(e2e):
    stub = e2e.stub("tls_vars")
    r = e2e.gdb("tls_vars", stub, ["monitor set libthread-db-search-path /foo/bar",
                                   "monitor set libthread-db-search-path $sdir",
                                   f"break {at_line('tls_vars.c', 'main_ready')}", "continue",
                                   "print tls_value"])
    assert "libthread-db-search-path set to `$sdir'" in r.of(1), r
    assert "Breakpoint 1, main ()" in r.of(3), r
    assert value_of(r.of(4)) == "1000", r
