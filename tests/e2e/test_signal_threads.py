"""Signals gdb asks the stub to deliver to a thread that is not in a signal-delivery stop (it
was stopped by an interrupt): the kernel ignores a signal injected there, so the stub queues it
(gdb.threads/signal-sigtrap, signal-command-handle-nopass, queue-signal)."""
from harness.programs import line_of


def test_signal_command_to_an_interrupted_thread(e2e):
    stub = e2e.stub("signal_to_waiter")
    r = e2e.gdb("signal_to_waiter", stub,
                [f"break signal_to_waiter.c:{line_of('signal_to_waiter.c', 'worker_body')}",
                 "continue", "break on_usr1", "thread 1", "signal SIGUSR1", "info threads",
                 "delete", "continue"])
    assert "hit Breakpoint 1, worker" in r.of(1), r
    assert "Breakpoint 2, on_usr1" in r.of(4), r
    assert "received signal" not in r.of(4), r
    assert r.of(5).lstrip().startswith("Id") and "* 1 " in r.of(5), r
    assert "exited normally" in r.of(7), r
