"""The labs as the build ran them: their served notebooks, and what they printed.

site_prepare runs each lab as a reader runs the notebook the site serves (the
reader's Python, an empty folder, a clean environment) and keeps the run until
its code changes; the tests read that run instead of running the lab again.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from site_markdown.notebook_link import notebook_path
from site_prepare.paths import THIS
from site_tools.builds import prepared_project

NUMBER = r"-?\d+(?:\.\d+)?"


def served_notebook(lab: Path) -> nbformat.NotebookNode:
    """The notebook the site offers for ``lab``, as the build left it."""
    prepared_project()
    page = lab.with_suffix(".md").relative_to(THIS.docs).as_posix()
    return nbformat.read(THIS.docs / notebook_path(page), as_version=4)


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def run_problems(notebook) -> list:
    """Cells that never ran, and every error or warning a cell printed."""
    return [
        problem
        for cell in code_cells(notebook)
        for problem in (
            ([] if cell.execution_count is not None else [cell.source])
            + [
                output
                for output in cell.outputs
                if output.output_type == "error" or output.get("name") == "stderr"
            ]
        )
    ]


def numbers_after(text: str, label: str) -> list[float]:
    """The numbers on the line of ``text`` that starts with ``label``."""
    line = next(line for line in text.splitlines() if line.startswith(label))
    return [float(n) for n in re.findall(NUMBER, line.removeprefix(label))]


def figures(notebook) -> list[dict]:
    """The data of each image a cell displayed: its PNG and its alt text."""
    return [
        output.data
        for cell in code_cells(notebook)
        for output in cell.outputs
        if "image/png" in output.get("data", {})
    ]
