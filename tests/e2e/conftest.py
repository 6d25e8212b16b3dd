"""Fixtures for the end-to-end suite. See harness/ for the machinery.

Run: /usr/bin/python3 -m pytest tests/e2e -n 2
Against GNU gdbserver instead of zstub: ZSTUB_TEST_STUB=gdbserver ..."""
import pytest

from harness import config as settings, programs as progs
from harness.testenv import TestEnv


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "zstub_only: behaviour zstub promises but gdbserver does not share "
                   "(skipped only when ZSTUB_TEST_STUB=gdbserver)")


def pytest_collection_modifyitems(config, items):  # noqa: ARG001 - pytest's signature
    if config_kind_is_gdbserver():
        skip = pytest.mark.skip(reason="zstub-only behaviour; running against gdbserver")
        for item in items:
            if "zstub_only" in item.keywords:
                item.add_marker(skip)


def config_kind_is_gdbserver():
    return not settings.is_zstub()


def pytest_report_header():
    return f"stub under test: {settings.stub_kind()} ({settings.stub_binary()})"


@pytest.fixture(scope="session")
def programs(tmp_path_factory):
    """The compiled test programs, built once per worker (each xdist worker has
    its own tmp dir, so no locking is needed)."""
    return progs.build_all(tmp_path_factory.mktemp("programs"))


@pytest.fixture
def e2e(tmp_path, programs):
    env = TestEnv(tmp_path, programs)
    yield env
    env.cleanup()
