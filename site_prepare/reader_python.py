"""The Python of a reader's fresh session: the requirements, not the project.

This environment has the project installed (``pip install -e .``), so that
``snippets`` and the site's extensions import; a reader who copies a program or
downloads a notebook has only the packages of ``requirements.txt``. Programs and
notebooks run here with a virtual environment whose one ``.pth`` file names this
environment's site-packages: its packages import, while the ``.pth`` files there,
among them the one that makes the project importable, are not run.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import sysconfig
import tempfile
import venv
from pathlib import Path


@functools.cache
def reader_python() -> str:
    """The path of such a Python, made once per process in a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="reader-python-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    venv.EnvBuilder(with_pip=False, symlinks=True).create(folder)
    own = Path(sysconfig.get_path("purelib", vars={"base": folder, "platbase": folder}))
    packages = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (own / "requirements.pth").write_text("\n".join(sorted(packages)) + "\n")
    return str(folder / "bin" / "python")
