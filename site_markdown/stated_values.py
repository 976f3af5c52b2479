"""Show stated values without their source marker; refuse malformed markers.

A result a page states in prose or math is written with its source and its
exact value: ``{{ 7 <- q6a_derivative: x.grad == 2 * 2 + 3 }}`` (the value as
readers see it, the example it comes from, an expression over that example's
variables, and after ``==`` the same value computed without the example). The
page shows ``7``; tests/test_stated_values.py checks the written value against
the exact one, rounded to the digits written, and the example's run against both.
A lab's prose names its own run, ``{{ 1400 <- lab: STEPS }}``, whose values
site_prepare keeps (site_prepare/lab_values.py). A number a paper or another
codebase gives names the bibliography entry that quotes it,
``{{ 1000 <- @ddpm-t1000 }}``.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from site_markdown.page import current_page, where
from site_markdown.project import project_dir, project_dir_option

MARKER = re.compile(
    r"\{\{\s*(?P<value>[^{}]+?)\s*<-\s*(?P<example>\w+)\s*:\s*(?P<expression>[^{}]+?)\s*\}\}"
)
# A number a source gives, not a run: {{ 1000 <- @ddpm-t1000 }}, whose entry in
# the bibliography must quote it.
SOURCED = re.compile(r"\{\{\s*(?P<value>[^{}]+?)\s*<-\s*@(?P<key>[\w.:-]+)\s*\}\}")
ANY_DOUBLE_BRACE = re.compile(r"\{\{.*?\}\}")
EXACT = " == "


def expression_and_exact(expression: str) -> tuple[str, str | None]:
    """A marker's expression over the example, and its exact value if it has one."""
    if EXACT not in expression:
        return expression.strip(), None
    example_side, exact = expression.split(EXACT, 1)
    return example_side.strip(), exact.strip()


class StatedValueError(ValueError):
    """A ``{{ ... }}`` marker that does not name a value and its source."""


def recorded_examples(project: Path) -> set[str]:
    """The names of the examples that have a recorded output in snippets/."""
    return {path.stem for path in (project / "snippets").rglob("*.txt")}


def shown(text: str) -> str:
    """``text`` as readers see it: each stated value without its marker."""
    text = MARKER.sub(lambda marker: marker["value"], text)
    return SOURCED.sub(lambda marker: marker["value"], text)


def on_a_lab_page(md) -> bool:
    """Whether ``md`` converts a page written from a lab, whose run it may name."""
    page = current_page(md)
    return page is not None and posixpath.basename(page.source).startswith("lab-")


class StatedValues(Preprocessor):
    def __init__(self, md, project: Path):
        super().__init__(md)
        self.project = project

    def run(self, lines: list[str]) -> list[str]:
        recorded = recorded_examples(self.project)
        for number, line in enumerate(lines, start=1):
            for candidate in ANY_DOUBLE_BRACE.findall(line):
                if SOURCED.fullmatch(candidate):
                    continue
                marker = MARKER.fullmatch(candidate)
                if marker is None:
                    raise StatedValueError(
                        f"{where(self.md, number)}: {candidate} is not a stated value; "
                        "write {{ value <- example_name: expression == exact value }}"
                    )
                if marker["example"] == "lab":
                    if not on_a_lab_page(self.md):
                        raise StatedValueError(
                            f"{where(self.md, number)}: {candidate} names the lab's "
                            "run, but this page is not a lab's"
                        )
                elif marker["example"] not in recorded:
                    raise StatedValueError(
                        f"{where(self.md, number)}: {candidate} names the example "
                        f"{marker['example']!r}, which has no recorded output in "
                        "snippets/"
                    )
        return [shown(line) for line in lines]


class StatedValuesExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"project_dir": project_dir_option()}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        project = project_dir(self, "site_markdown.stated_values")
        # Before pymdownx.snippets (32) and everything that reads math or fences.
        md.preprocessors.register(StatedValues(md, project), "stated_values", 40)


def makeExtension(**kwargs):
    return StatedValuesExtension(**kwargs)
