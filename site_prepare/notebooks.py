"""Each page's code as a notebook: one cell per example, as the page shows it.

A cell holds the program the example's copy button copies (the folded building
blocks included), with the output the page shows saved under it, so the
notebook runs in an empty folder with nothing but the requirements installed.
"""

from __future__ import annotations

import functools
import re

import nbformat

from site_markdown.notebook_link import notebook_path
from site_prepare.downloads import install_cell
from site_prepare.execution import KERNEL
from site_prepare.pages import Example, page_examples, site_url
from site_prepare.paths import Project

TITLE = re.compile(r"^# (.+)$", re.MULTILINE)


def answer_notebook(
    examples: list[Example], title: str, page: str, project: Project
) -> nbformat.NotebookNode:
    code = "\n".join(example.code for example in examples)
    cells = [
        install_cell(code, page, site_url(project), project),
        nbformat.v4.new_markdown_cell(
            f"# {title}\n\nThe code of the page *{title}*: each code cell is one "
            "example exactly as the page's copy button gives it, and the output saved "
            "under it is the output the page shows. Each cell runs on its own."
        ),
    ]
    for example in examples:
        cells.append(nbformat.v4.new_markdown_cell(f"**{example.name}**"))
        outputs = []
        if example.shown_output:
            outputs.append(
                nbformat.v4.new_output(
                    "stream", name="stdout", text=example.shown_output + "\n"
                )
            )
        cells.append(nbformat.v4.new_code_cell(example.code, outputs=outputs))
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # stable ids: the same page gives the same file
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": KERNEL})


# Kept by its examples: nbformat checks each new cell against the notebook
# schema, again on each rebuild under `mkdocs serve`.
@functools.lru_cache(maxsize=64)
def answer_notebook_text(
    examples: tuple[Example, ...], title: str, page: str, project: Project
) -> str:
    return nbformat.writes(answer_notebook(list(examples), title, page, project))


def notebook_of(page, project: Project) -> nbformat.NotebookNode:
    """The notebook of ``page`` (a path under docs/), as the build writes it."""
    source = page.relative_to(project.docs).as_posix()
    return answer_notebook(
        page_examples(page, project), page_title(page), source, project
    )


def page_title(page) -> str:
    return TITLE.search(page.read_text(encoding="utf-8"))[1]


def write_answer_notebooks(project: Project, pages: list) -> list[str]:
    """Write the notebook of every page with examples; their paths under docs/."""
    written = []
    for page in pages:
        examples = page_examples(page, project)
        if not examples:
            continue
        source = page.relative_to(project.docs).as_posix()
        path = notebook_path(source)
        text = answer_notebook_text(tuple(examples), page_title(page), source, project)
        write_if_changed(project.docs / path, text)
        written.append(path)
    return written


def write_if_changed(path, text: str) -> None:
    """Leave an unchanged file alone, so a watching server does not rebuild for it."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
