"""ruff keeps the Python of the project formatted and lint-free (pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

from examples import ROOT

RUFF = Path(sys.executable).with_name("ruff")
CHECKED = [
    "benchmarks",
    "docs/autograd",
    "docs/diffusion",
    "hooks",
    "site_markdown",
    "site_prepare",
    "site_serve",
    "site_tools",
    "snippets",
    "tests",
    "noxfile.py",
]


def ruff(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(RUFF), *arguments, *CHECKED], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_lint_passes():
    result = ruff("check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_leaves_nothing_to_change():
    result = ruff("format", "--check", "--diff", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
