"""Values a lab's prose states, read from its run (site_prepare/lab_values.py)."""

import contextlib
import io

import nbformat
import pytest
import torch

from site_prepare.lab_values import (
    read_values,
    stated_expressions,
    values_cell,
    without_markers,
)

PROSE = (
    "It trains {{ 1400 <- lab: STEPS }} steps of {{ 32 <- lab: BATCH }} images, "
    "{{ 1400 <- lab: STEPS }} in all, on {{ 0.5 <- lab: weights[0] }}; "
    "a page's own example stays: {{ 7 <- q6a_derivative: x.grad == 7 }}."
)


def notebook(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(source) for source in sources]
    )


def test_each_expression_of_the_labs_prose_once_in_page_order():
    assert stated_expressions(notebook(PROSE, "Then {{ 2 <- lab: len(data) }}.")) == [
        "STEPS",
        "BATCH",
        "weights[0]",
        "len(data)",
    ]


def run(cell, namespace) -> nbformat.NotebookNode:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(cell.source, namespace)
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=printed.getvalue())
    ]
    return cell


def test_the_values_cell_reads_numbers_tensors_and_lists_from_the_kernel():
    namespace = {
        "STEPS": 1400,
        "weights": torch.tensor([0.5, 0.25]),
        "sides": (4, 8),
    }
    cell = run(values_cell(["STEPS", "weights", "sides[1] - sides[0]"]), namespace)
    assert read_values(cell) == {
        "STEPS": 1400,
        "weights": [0.5, 0.25],
        "sides[1] - sides[0]": 4,
    }


def test_a_value_that_is_not_a_number_stops_the_run():
    with pytest.raises(TypeError, match="must be a number, not 'ten'"):
        run(values_cell(["word"]), {"word": "ten"})


def test_readers_see_the_written_values_alone():
    assert without_markers(PROSE) == (
        "It trains 1400 steps of 32 images, 1400 in all, on 0.5; "
        "a page's own example stays: 7."
    )
