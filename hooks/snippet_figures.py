"""Draw the figures of the pages by running the examples that draw them.

A figure example is a page example like any other (shown on its page, its output
checked by the tests) whose last file ends in ``_figures.py``; it writes SVG files into
its working folder. While the site is built this hook runs each such example, joined
from its includes as the page shows it, in an empty folder, and serves the SVG files
it wrote next to the page, so ``![alt text](q1b_embedding_heatmap.svg)`` finds them.
A failing example fails the build, naming the page.

Drawings are cached in ``.cache/snippet-figures/`` (relative to the working folder, like
mkdocs-jupyter's cache), keyed by the example's code and the versions of Python, torch
and matplotlib that draw it: a build redraws only when one of them changes, and two
builds that draw the same example at once each finish the same drawing.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

PYTHON_FENCE = re.compile(
    r"^```\{\.python[^\n]*\}\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL
)
INCLUDE = re.compile(r'^\s*--8<--\s+"([^"]+)"\s*$', re.MULTILINE)
FIGURE_EXAMPLE = "_figures.py"
CACHE = Path(".cache/snippet-figures")
# Under "mkdocs", so that `mkdocs build` and `mkdocs serve` show it as they show
# mkdocs-jupyter's "Cache miss" when a lab runs.
log = logging.getLogger("mkdocs.hooks.snippet_figures")


def drawing_key(code: str) -> str:
    """What a drawing depends on: the code and the versions of what runs it."""
    versions = (
        platform.python_version(),
        importlib.metadata.version("torch"),
        importlib.metadata.version("matplotlib"),
    )
    return hashlib.sha256("\0".join([code, *versions]).encode()).hexdigest()[:24]


def run_figure_example(code: str, folder: Path, where: str) -> None:
    run = subprocess.run(
        [sys.executable, "-I", "-c", code],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if run.returncode != 0:
        raise PluginError(f"{where}: the figure example failed:\n{run.stderr}")
    if not any(folder.glob("*.svg")):
        raise PluginError(f"{where}: the figure example wrote no SVG file")


def draw(code: str, where: str) -> dict[str, bytes]:
    """The SVG files the example writes, by name: from the cache, or drawn now."""
    cached = CACHE / drawing_key(code)
    if not cached.is_dir():
        log.info("Figure example run: %s (not in %s)", where, CACHE)
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="figures-", dir=CACHE) as folder:
            drawn = Path(folder) / "drawn"
            drawn.mkdir()
            run_figure_example(code, drawn, where)
            # Complete drawings only appear under their key; a concurrent build
            # that got there first has drawn the same files.
            try:
                drawn.rename(cached)
            except OSError:
                shutil.rmtree(drawn)
    return {svg.name: svg.read_bytes() for svg in sorted(cached.glob("*.svg"))}


def on_files(files: Files, config) -> Files:
    project = Path(config.config_file_path).resolve().parent
    for page in [
        file for file in files.documentation_pages() if file.src_uri.endswith(".md")
    ]:
        markdown = Path(page.abs_src_path).read_text(encoding="utf-8")
        for fence in PYTHON_FENCE.finditer(markdown):
            includes = INCLUDE.findall(fence["body"])
            if not includes or not includes[-1].endswith(FIGURE_EXAMPLE):
                continue
            code = "\n\n".join(
                (project / path).read_text(encoding="utf-8") for path in includes
            )
            folder = PurePosixPath(page.src_uri).parent
            for name, svg in draw(code, f"docs/{page.src_uri}").items():
                files.append(File.generated(config, str(folder / name), content=svg))
    return files
