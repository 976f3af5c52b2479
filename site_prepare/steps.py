"""Every step of site_prepare, in the order the build needs them."""

from __future__ import annotations

from site_markdown.fences import UnplacedFence
from site_prepare.figures import FigureError, write_figures
from site_prepare.katex_assets import copy_katex_assets
from site_prepare.lab_values import LabValueError
from site_prepare.labs import LabError, write_labs
from site_prepare.notebooks import write_answer_notebooks
from site_prepare.pages import ExampleError, all_pages
from site_prepare.paths import Project

# What a step raises when the project's own files are at fault; the message says why.
PREPARE_ERRORS = (
    ExampleError,
    FigureError,
    LabError,
    LabValueError,
    UnplacedFence,
    FileNotFoundError,
)


def prepare(project: Project) -> list[str]:
    """Write everything the build needs beside the pages; the paths under docs/."""
    pages = all_pages(project)
    return [
        *copy_katex_assets(project),
        *write_answer_notebooks(project, pages),
        *write_figures(project, pages),
        *write_labs(project),
    ]
