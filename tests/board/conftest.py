"""Board tests: one emulated board per session (ZSTUB_BOARD_ENV: the board.env that
scripts/boards/build printed)."""
import os
import tempfile

import pytest

from board import Board


@pytest.fixture(scope="session")
def board():
    env = os.environ.get("ZSTUB_BOARD_ENV")
    if not env:
        pytest.fail("ZSTUB_BOARD_ENV is not set: run scripts/boards/test (or scripts/boards/build)")
    with tempfile.TemporaryDirectory(prefix="zstub-board-") as work:
        b = Board(env, work)
        try:
            yield b
        finally:
            b.stop()


@pytest.fixture
def stub(board):
    """Start zstub in the board (board.start_stub); whatever the test started there is killed
    afterwards."""
    started = []

    def start(*args, **kw):
        s = board.start_stub(*args, **kw)
        started.append(s)
        return s

    yield start
    for s in started:
        s.shell.close()
    board.cleanup()


PROGRAMS = {"wprog": "native", "wprog32t": "arm32 Thumb-2", "wprog32a": "arm32 ARM state"}


@pytest.fixture(params=list(PROGRAMS))
def prog(request, board):
    """The test program: the board's own, and on aarch64 the 32-bit arm builds (compat)."""
    if request.param != "wprog" and not board.host_prog(request.param).exists():
        pytest.skip(f"no {PROGRAMS[request.param]} program for this board")
    return request.param
