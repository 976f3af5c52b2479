"""Each page's notebook: the page's own examples, and it runs to the outputs it shows."""

import tempfile

import nbformat
import pytest
from nbclient import NotebookClient

from examples import DOCS, all_pages, expand_includes, page_examples, visible
from hooks.answer_notebooks import answer_notebook, notebook_of

ANSWER_PAGES = [page for page in all_pages() if page_examples(page)]


def expand(text: str) -> str:
    return expand_includes(text.splitlines()).rstrip("\n")


def code_lines(code: str) -> list[str]:
    return [line for line in code.splitlines() if line.strip()]


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def run(notebook, timeout: int = 120):
    """Execute ``notebook`` in place in a fresh kernel, as a reader's Jupyter would.

    The kernel works in an empty folder, so an example that writes files (Q1's
    figures) leaves nothing in the repository.
    """
    with tempfile.TemporaryDirectory(prefix="notebook-") as folder:
        NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
        ).execute()
    return notebook


# Before each example, as if the cell ran in a kernel of its own: no names of
# the cells before it (imported modules stay loaded, as a reader's would).
FORGET_EARLIER_CELLS = "%reset -f"


@pytest.fixture(scope="module")
def executed_cells() -> dict:
    """Every answer page's notebook cells, executed one by one in one kernel.

    Starting a kernel and importing torch takes seconds, so the nine notebooks run as
    one, each code cell after a cell that forgets every name the cells before defined.
    """
    cells = {page: code_cells(notebook_of(page, expand)) for page in ANSWER_PAGES}
    joined = nbformat.v4.new_notebook(
        cells=[
            part
            for page_cells in cells.values()
            for cell in page_cells
            for part in (
                nbformat.v4.new_code_cell(FORGET_EARLIER_CELLS),
                nbformat.v4.new_code_cell(cell.source),
            )
        ],
        metadata=notebook_of(ANSWER_PAGES[0], expand).metadata,
    )
    executed = iter(code_cells(run(joined, timeout=300))[1::2])
    return {
        page: [next(executed) for _ in page_cells] for page, page_cells in cells.items()
    }


def page_id(page):
    return page.relative_to(DOCS).as_posix()


@pytest.mark.parametrize("page", ANSWER_PAGES, ids=page_id)
def test_answer_notebook_holds_the_page_examples_and_prints_their_outputs(
    page, executed_cells
):
    notebook = notebook_of(page, expand)
    examples = page_examples(page)
    cells = code_cells(notebook)
    # The page keeps the blank lines between a fence's includes, which examples.py
    # drops; the code is otherwise the same, line for line.
    assert [code_lines(cell.source) for cell in cells] == [
        code_lines(e.code) for e in examples
    ]
    saved = [cell.outputs[0].text for cell in cells]
    assert [visible(text) for text in saved] == [
        visible(e.shown_output) for e in examples
    ]
    for cell, example in zip(executed_cells[page], examples, strict=True):
        printed = "".join(o.text for o in cell.outputs if o.output_type == "stream")
        assert {o.get("name") for o in cell.outputs} == {"stdout"}, example.where
        assert visible(printed) == visible(example.shown_output), example.where


def test_a_page_without_code_has_no_notebook():
    assert answer_notebook((DOCS / "index.md").read_text(), expand) is None


def test_notebooks_are_valid_and_the_same_on_every_build():
    page = DOCS / "autograd/q8-vector-outputs.md"
    first, second = notebook_of(page, expand), notebook_of(page, expand)
    nbformat.validate(first)
    assert nbformat.writes(first) == nbformat.writes(second)
