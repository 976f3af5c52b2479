"""pytest plugin: test workers (pytest-xdist's ``-n``) that share the cores well.

Loaded with ``-p parallel_workers`` (pyproject.toml), for ``pytest docs`` too.

Torch's threads are split among the workers. Each worker, and each Python it
starts for an example, would otherwise run torch on a thread per core: with
``-n 2`` on two cores, four busy threads, each waiting on the others, and the
suite runs slower than with a thread per worker.
PyTorch's notes on CPU threading warn of this oversubscription:
https://docs.pytorch.org/docs/stable/notes/cpu_threading_torchscript_inference.html
What an example prints must not depend on the thread count: readers' machines
have any number of cores.

Tests marked ``long`` run first. xdist hands each worker a run of consecutive
tests and lets a worker that runs out take from the other's queue; a test of
several seconds left at the end would run alone while the other worker waits.
"""

from __future__ import annotations

import gc
import os

import pytest

THREADS_VARIABLE = "OMP_NUM_THREADS"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "long: takes seconds (a Jupyter kernel, builds of the whole site); runs "
        "first, so that the test workers finish together",
    )
    workers = getattr(config.option, "numprocesses", None)
    if isinstance(workers, int) and workers > 1:
        # Read by the workers xdist starts, and every process they start.
        cores = len(os.sched_getaffinity(0))
        os.environ.setdefault(THREADS_VARIABLE, str(max(1, cores // workers)))


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Spare the process's last garbage collections the objects it exits with.

    With torch loaded, walking them is a long part of each worker's exit, which
    the run waits for; gc.freeze leaves them out of every collection.
    """
    gc.freeze()
