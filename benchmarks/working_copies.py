"""Copies of the project that the building and editing benchmarks build and serve.

Each copy is built and served from its own folder, as a user works in the project's:
mkdocs-jupyter's and the figures' caches are relative to the working folder, the DDPM
lab finds ``snippets/`` from the folder it runs in, and mkdocs-jupyter deletes the
entries a build did not use, so copies that differ must not share a cache. A warm copy
starts with a copy of the project's ``.cache/`` (never the folder itself).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from site_build import copy_project  # noqa: E402

PROJECT_CACHE = ROOT / ".cache"
# The command the Makefile runs, from the same virtual environment.
MKDOCS = Path(sys.executable).with_name("mkdocs")


def working_copy(workdir: Path, warm: bool) -> Path:
    """A copy of the project in ``workdir``, a new folder; with ``warm``, the
    project's caches copied to ``workdir/.cache``. Returns ``workdir``."""
    copy_project(workdir)
    if warm and PROJECT_CACHE.is_dir():
        shutil.copytree(PROJECT_CACHE, workdir / ".cache")
    return workdir


def mkdocs_environment(workdir: Path) -> dict[str, str]:
    """As tests/site_build.py builds: nothing from the caller's environment, and
    temporary files (serve's site folder) inside the working folder."""
    temporary = workdir / "tmp"
    temporary.mkdir(exist_ok=True)
    return {
        "PATH": "/usr/bin:/bin",
        "NO_MKDOCS_2_WARNING": "1",
        "HOME": str(workdir),
        "TMPDIR": str(temporary),
    }
