"""Draw the figures of the pages by running the examples that draw them.

A figure example is a page example like any other (shown on its page, its output
checked by the tests) whose last file ends in ``_figures.py``; it writes SVG files into
its working folder. While the site is built this hook runs each such example, joined
from its includes as the page shows it, in an empty folder, and serves the SVG files
it wrote next to the page, so ``![alt text](q1b_embedding_heatmap.svg)`` finds them.
A failing example fails the build, naming the page. Drawings are kept per code, so
``mkdocs serve`` redraws only when an example changes.
"""

from __future__ import annotations

import hashlib
import re
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

_drawings: dict[str, dict[str, bytes]] = {}  # code digest -> SVG name -> SVG


def draw(code: str, where: str) -> dict[str, bytes]:
    digest = hashlib.sha256(code.encode()).hexdigest()
    if digest not in _drawings:
        with tempfile.TemporaryDirectory(prefix="figures-") as folder:
            run = subprocess.run(
                [sys.executable, "-I", "-c", code],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=300,
            )
            if run.returncode != 0:
                raise PluginError(f"{where}: the figure example failed:\n{run.stderr}")
            _drawings[digest] = {
                svg.name: svg.read_bytes() for svg in Path(folder).glob("*.svg")
            }
    return _drawings[digest]


def on_files(files: Files, config) -> Files:
    project = Path(config.config_file_path).parent
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
