"""Folders of results, kept under a key of everything that made them."""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import tempfile
from collections.abc import Callable
from pathlib import Path

VERSIONED = ("torch", "numpy", "matplotlib", "ipykernel")


def versions() -> str:
    """The versions of Python and of the packages whose results a run depends on."""
    parts = [platform.python_version(), platform.machine()]
    parts += [f"{name}=={importlib.metadata.version(name)}" for name in VERSIONED]
    return " ".join(parts)


def key_of(*inputs: str | bytes) -> str:
    digest = hashlib.sha256(versions().encode())
    for part in inputs:
        digest.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return digest.hexdigest()[:24]


def cached_folder(folder: Path, key: str, make: Callable[[Path], None]) -> Path:
    """``folder/key``, filled by ``make`` unless an earlier run kept it.

    ``make`` writes into an empty folder; only a folder it filled without raising
    is kept, and it appears under its key in one step, so a concurrent run that
    got there first leaves the same result and a failed run leaves nothing.
    """
    kept = folder / key
    if kept.is_dir():
        return kept
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".making-", dir=folder) as scratch:
        made = Path(scratch) / "made"
        made.mkdir()
        make(made)
        try:
            made.rename(kept)
        except OSError:
            if not kept.is_dir():
                raise
    return kept
