"""__thread variables: gdb asks the stub for each thread's TLS block (qGetTLSAddr); lldb finds it
from the thread pointer register the stub names (generic:tp, fs_base on x86_64)."""
import re

import pytest

from harness.expect import value_of
from harness.programs import line_of


@pytest.mark.parametrize("program", ["tls_vars", "tls_static"])
def test_thread_local_variable_per_thread(e2e, program):
    stub = e2e.stub(program)
    r = e2e.gdb(program, stub,
                [f"break tls_vars.c:{line_of('tls_vars.c', 'main_ready')}", "continue",
                 "print tls_value", "thread 2", "print tls_value", "print tls_value = 7",
                 "thread 1", "next", "print tls_value", "thread 2", "print tls_value"])
    assert "Breakpoint 1, main" in r.of(1), r
    assert value_of(r.of(2)) == "1000", r
    assert value_of(r.of(4)) == "2000", r
    assert value_of(r.of(8)) == "1001", r  # main's own copy moved on
    assert value_of(r.of(10)) == "7", r  # the worker's copy kept what gdb wrote


def test_tls_address_query_rejects_bad_input(e2e):
    client = e2e.rsp(e2e.stub("tls_vars"))
    client.handshake()
    for bad in ("qGetTLSAddr:", "qGetTLSAddr:p1.7fffffff,0,0", "qGetTLSAddr:zz,1,2",
                "qGetTLSAddr:1,2", "qGetTLSAddr:1,,2"):
        assert client.request(bad).startswith(b"E"), bad
    assert client.request("vMustReplyEmpty") == b""


@pytest.mark.zstub_only  # gdbserver names no thread pointer register for lldb
def test_lldb_reads_a_thread_local_variable_in_each_thread(e2e):
    # lldb's TestTlsGlobals: without a register marked as the thread pointer lldb says "no TLS
    # data currently exists for this thread".
    stub = e2e.stub("tls_vars")
    r = e2e.lldb("tls_vars", stub, [
        f"breakpoint set -f tls_vars.c -l {line_of('tls_vars.c', 'main_ready')}", "continue",
        "expression tls_value", "thread select 2", "expression tls_value"])
    assert "stop reason = breakpoint 1.1" in r.of(1), r
    assert "(int) $0 = 1000" in r.of(2), r
    assert "(int) $1 = 2000" in r.of(4), r
