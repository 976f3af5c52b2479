"""The environment programs and notebooks run in while the site is prepared.

Only what a run needs is passed on, with a home of its own, so that what the
builder's shell sets (``MPLBACKEND``, locale, a matplotlib or Jupyter
configuration in ``~``) cannot change a figure or a lab, and every cache key can
leave the environment out.
"""

from __future__ import annotations

import os
from pathlib import Path


def clean_environment(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "MPLCONFIGDIR": str(home / ".matplotlib"),
    }
