"""The figures of the pages, drawn by running the examples that draw them.

A figure example is a page example like any other (shown on its page, its output
checked by the tests) whose file ends in ``_figures.py``; it writes SVG files into
its working folder. Each is run as a reader runs it, in an empty folder with the
reader's Python, and the files it wrote go to ``docs/<part>/figures/``, where the
page finds them (``![alt text](figures/q1b_embedding_heatmap.svg)``). Drawings
are kept in ``.site-cache/figures/`` by the program and the versions that draw it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from site_prepare.cached import cached_folder, key_of
from site_prepare.pages import page_examples, shown_path
from site_prepare.paths import Project
from site_prepare.reader_python import reader_python
from site_prepare.runs import clean_environment

FIGURE_EXAMPLE = "_figures"


class FigureError(RuntimeError):
    """A figure example that fails or draws nothing."""


def draw(code: str, folder: Path, where: str) -> None:
    run = subprocess.run(
        [reader_python(), "-I", "-c", code],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        env=clean_environment(folder),
    )
    if run.returncode != 0:
        raise FigureError(f"{where}: the figure example failed:\n{run.stderr}")
    if not any(folder.glob("*.svg")):
        raise FigureError(f"{where}: the figure example wrote no SVG file")


def write_figures(project: Project, pages: list) -> list[str]:
    """Draw every figure example's files into its page's figures/ folder."""
    written = []
    for page in pages:
        for example in page_examples(page, project):
            if not example.name.endswith(FIGURE_EXAMPLE):
                continue
            where = shown_path(example.page)

            def make(folder: Path, code=example.code, where=where) -> None:
                scratch = folder / "run"
                scratch.mkdir()
                draw(code, scratch, where)
                for svg in scratch.glob("*.svg"):
                    svg.rename(folder / svg.name)
                shutil.rmtree(scratch)

            drawn = cached_folder(project.cache / "figures", key_of(example.code), make)
            target = page.parent / "figures"
            target.mkdir(exist_ok=True)
            for svg in sorted(drawn.glob("*.svg")):
                destination = target / svg.name
                if not destination.is_file() or (
                    destination.read_bytes() != svg.read_bytes()
                ):
                    shutil.copyfile(svg, destination)
                written.append(destination.relative_to(project.docs).as_posix())
    return written
