"""The test workers' share of the cores, and the long tests first."""

from types import SimpleNamespace

import pytest

import parallel_workers
from parallel_workers import THREADS_VARIABLE


class Config:
    def __init__(self, workers):
        self.option = SimpleNamespace(numprocesses=workers)
        self.ini_lines = []

    def addinivalue_line(self, name, line):
        self.ini_lines.append((name, line))


@pytest.fixture
def eight_cores(monkeypatch):
    monkeypatch.delenv(THREADS_VARIABLE, raising=False)
    monkeypatch.setattr(
        parallel_workers.os, "sched_getaffinity", lambda pid: set(range(8))
    )


@pytest.mark.parametrize(("workers", "threads"), [(2, "4"), (3, "2"), (16, "1")])
def test_each_worker_gets_its_share_of_the_cores(eight_cores, workers, threads):
    parallel_workers.pytest_configure(Config(workers))
    assert parallel_workers.os.environ[THREADS_VARIABLE] == threads


@pytest.mark.parametrize("workers", [None, 0, 1])
def test_one_process_keeps_every_core(eight_cores, workers):
    parallel_workers.pytest_configure(Config(workers))
    assert THREADS_VARIABLE not in parallel_workers.os.environ


def test_a_thread_count_set_by_the_shell_is_kept(eight_cores, monkeypatch):
    monkeypatch.setenv(THREADS_VARIABLE, "3")
    parallel_workers.pytest_configure(Config(2))
    assert parallel_workers.os.environ[THREADS_VARIABLE] == "3"


def test_the_long_marker_is_registered(eight_cores):
    config = Config(None)
    parallel_workers.pytest_configure(config)
    assert [name for name, _ in config.ini_lines] == ["markers"]
    assert config.ini_lines[0][1].startswith("long: ")


class Item:
    def __init__(self, name, long=False):
        self.name, self.long = name, long

    def get_closest_marker(self, name):
        return object() if name == "long" and self.long else None


def test_long_tests_go_first_and_the_others_keep_their_order():
    items = [Item("a"), Item("b", long=True), Item("c"), Item("d", long=True)]
    parallel_workers.pytest_collection_modifyitems(items)
    assert [item.name for item in items] == ["b", "d", "a", "c"]
