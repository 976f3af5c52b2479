"""Values a lab's prose states, read from the lab's own run.

A lab's Markdown cell writes a number with the expression that gives it, over
the names the lab defined: ``{{ 1400 <- lab: STEPS }}`` (site_markdown's stated
values, with ``lab`` for the example). After the lab has run, one more cell
evaluates each such expression in its kernel; the values are kept with the run,
and tests/test_stated_values.py compares each written value with its value. The
page and the notebook a reader downloads show the written value alone.
"""

from __future__ import annotations

import json

import nbformat

from site_markdown.stated_values import MARKER, expression_and_exact, shown

LAB = "lab"
VALUES_FILE = "stated-values.json"
PRINTED_AS = "stated values: "


class LabValueError(RuntimeError):
    """A stated value's expression that the lab's run cannot evaluate."""


def stated_expressions(notebook: nbformat.NotebookNode) -> list[str]:
    """The expressions of the lab's stated values, each once, in page order."""
    expressions = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for marker in MARKER.finditer(cell.source):
            if marker["example"] != LAB:
                continue
            expression, _ = expression_and_exact(marker["expression"])
            if expression not in expressions:
                expressions.append(expression)
    return expressions


def values_cell(expressions: list[str]) -> nbformat.NotebookNode:
    """A cell that prints each expression's value, as numbers, on one JSON line."""
    source = f"""\
def _plain(value):
    value = value.tolist() if hasattr(value, "tolist") else value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"a stated value must be a number, not {{value!r}}")
    return value


print({PRINTED_AS!r} + __import__("json").dumps(
    {{expression: _plain(eval(expression)) for expression in {expressions!r}}}
))"""
    return nbformat.v4.new_code_cell(source)


def read_values(cell: nbformat.NotebookNode) -> dict:
    """What ``values_cell`` printed when it ran."""
    for output in cell.get("outputs", []):
        text = output.get("text", "")
        if output.get("name") == "stdout" and text.startswith(PRINTED_AS):
            return json.loads(text.removeprefix(PRINTED_AS))
    raise LabValueError(f"the stated values cell printed nothing: {cell.outputs}")


def without_markers(text: str) -> str:
    """Prose as readers see it: each stated value without its marker."""
    return shown(text)
