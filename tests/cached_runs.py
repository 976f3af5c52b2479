"""Results of the labs' long runs, kept between test runs until their inputs change.

A lab takes 15 to 60 s to run. Its results depend on the notebook's text, the
snippet files it runs, and the versions of torch, numpy and Python: the same key
as the build's cache of the lab (hooks/notebook_cache.py) plus the last two. A
result is computed once per key, by the first xdist worker that asks for it while
the others wait, and kept in ``.cache/lab-runs/``.
"""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Callable
from pathlib import Path

import numpy
from filelock import FileLock

from examples import ROOT
from hooks import notebook_cache

CACHE = ROOT / ".cache" / "lab-runs"


def inputs_key(lab: Path) -> str:
    inputs = [
        lab.read_text(encoding="utf-8"),
        notebook_cache.inputs_digest(lab, ROOT / "snippets"),
        numpy.__version__,
        platform.python_version(),
    ]
    return hashlib.sha256("\0".join(inputs).encode()).hexdigest()[:24]


def cached_run(name: str, lab: Path, run: Callable[[], bytes]) -> bytes:
    """What ``run()`` returns for ``lab`` as it is now; run only if not kept yet."""
    CACHE.mkdir(parents=True, exist_ok=True)
    kept = CACHE / f"{name}-{inputs_key(lab)}"
    with FileLock(str(CACHE / f"{name}.lock")):
        if not kept.is_file():
            partial = kept.with_suffix(".partial")
            partial.write_bytes(run())
            partial.replace(kept)
    return kept.read_bytes()
