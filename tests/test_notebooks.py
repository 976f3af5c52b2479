"""Each page's notebook: the page's own examples, and it runs to the outputs it shows."""

import nbformat
import pytest

from examples import DOCS, all_pages, page_examples, visible
from site_prepare.execution import execute_notebook
from site_prepare.notebooks import answer_notebook, page_title

ANSWER_PAGES = [page for page in all_pages() if page_examples(page)]


def notebook_of(page):
    return answer_notebook(page_examples(page), page_title(page))


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


# Before each example, as if the cell ran in a kernel of its own: no names of
# the cells before it (imported modules stay loaded, as a reader's would).
FORGET_EARLIER_CELLS = "%reset -f"


@pytest.fixture(scope="module")
def executed_cells() -> dict:
    """Every answer page's notebook cells, executed one by one in one kernel.

    The kernel is the reader's Python, in an empty folder: what a reader who
    downloads the notebook has. Starting a kernel and importing torch takes
    seconds, so the notebooks run as one, each code cell after a cell that forgets
    every name the cells before defined.
    """
    cells = {page: code_cells(notebook_of(page)) for page in ANSWER_PAGES}
    joined = nbformat.v4.new_notebook(
        cells=[
            part
            for page_cells in cells.values()
            for cell in page_cells
            for part in (
                nbformat.v4.new_code_cell(FORGET_EARLIER_CELLS),
                nbformat.v4.new_code_cell(cell.source),
            )
        ]
    )
    executed = iter(code_cells(execute_notebook(joined, timeout=300))[1::2])
    return {
        page: [next(executed) for _ in page_cells] for page, page_cells in cells.items()
    }


def page_id(page):
    return page.relative_to(DOCS).as_posix()


@pytest.mark.parametrize("page", ANSWER_PAGES, ids=page_id)
def test_answer_notebook_holds_the_page_examples_and_prints_their_outputs(
    page, executed_cells
):
    examples = page_examples(page)
    cells = code_cells(notebook_of(page))
    assert [cell.source for cell in cells] == [example.code for example in examples]
    saved = ["".join(output.text for output in cell.outputs) for cell in cells]
    assert [visible(text) for text in saved] == [
        visible(example.shown_output) for example in examples
    ]
    for cell, example in zip(executed_cells[page], examples, strict=True):
        printed = "".join(o.text for o in cell.outputs if o.output_type == "stream")
        assert {o.get("name") for o in cell.outputs} <= {"stdout"}, example.where
        assert visible(printed) == visible(example.shown_output), example.where


def test_a_page_without_code_gets_no_notebook():
    assert not page_examples(DOCS / "index.md")


def test_notebooks_are_valid_and_the_same_on_every_build():
    page = DOCS / "autograd/q8-vector-outputs.md"
    first, second = notebook_of(page), notebook_of(page)
    nbformat.validate(first)
    assert nbformat.writes(first) == nbformat.writes(second)
