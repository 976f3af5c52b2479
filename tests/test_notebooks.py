"""Each page's notebook: the page's own examples, and it runs to the outputs it shows."""

import nbformat
import pytest
import torch

from examples import DOCS, all_pages, page_examples, visible
from site_prepare.execution import execute_notebook
from site_prepare.notebooks import notebook_of
from site_prepare.pages import page_id
from site_prepare.paths import THIS

ANSWER_PAGES = [page for page in all_pages() if page_examples(page)]


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


# Between two pages' notebooks, as if the next ran in a kernel of its own: no
# names of the page before (imported modules stay loaded, as they would not in
# a new kernel; importing them again is what makes a kernel start slow).
# %reset ends with a full garbage collection, which walks every object of
# torch, on every page; frozen, what is loaded so far is left out of every
# later collection, and no name is left behind for the next page.
FORGET_THE_PAGE_BEFORE = '%reset -f\n__import__("gc").freeze()'
# The kernel starts with an environment of its own, so it is told the share of
# the cores this test worker has (tests/parallel_workers.py).
SAME_THREADS_AS_THIS_WORKER = (
    f"import torch\ntorch.set_num_threads({torch.get_num_threads()})"
)


def executed_cells(pages: list) -> dict:
    """The notebook cells of ``pages``, executed as a reader's "Run All" runs them.

    The kernel is the reader's Python, in an empty folder: what a reader who
    downloads the notebook has. Each page's cells run in order, each seeing
    the names its page's cells before it defined, as they do in the reader's
    kernel (that each example also runs alone, the page examples' own tests
    check). Starting a kernel and importing torch takes seconds, so the pages'
    notebooks run in one kernel, each after a cell that forgets the page before.
    """
    cells = {page: code_cells(notebook_of(page, THIS)) for page in pages}
    added = [SAME_THREADS_AS_THIS_WORKER, FORGET_THE_PAGE_BEFORE]
    joined = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(SAME_THREADS_AS_THIS_WORKER),
            *(
                cell
                for page_cells in cells.values()
                for cell in [
                    nbformat.v4.new_code_cell(FORGET_THE_PAGE_BEFORE),
                    *(nbformat.v4.new_code_cell(cell.source) for cell in page_cells),
                ]
            ),
        ]
    )
    executed = iter(
        cell
        for cell in code_cells(execute_notebook(joined, timeout=300))
        if cell.source not in added
    )
    return {
        page: [next(executed) for _ in page_cells] for page, page_cells in cells.items()
    }


@pytest.mark.parametrize("page", ANSWER_PAGES, ids=page_id)
def test_answer_notebook_holds_the_page_examples_and_their_outputs(page):
    examples = page_examples(page)
    cells = code_cells(notebook_of(page, THIS))
    assert [cell.source for cell in cells] == [example.code for example in examples]
    saved = ["".join(output.text for output in cell.outputs) for cell in cells]
    assert [visible(text) for text in saved] == [
        visible(example.shown_output) for example in examples
    ]


# One test for every page, not one per page: the pages' notebooks run in one
# kernel, and a fixture shared by tests would run again on each test worker.
@pytest.mark.long
def test_every_answer_notebook_prints_its_outputs_in_a_kernel():
    wrong = []
    for page, cells in executed_cells(ANSWER_PAGES).items():
        for cell, example in zip(cells, page_examples(page), strict=True):
            streams = {output.get("name") for output in cell.outputs}
            printed = "".join(o.text for o in cell.outputs if o.output_type == "stream")
            if not streams <= {"stdout"} or visible(printed) != visible(
                example.shown_output
            ):
                wrong.append(f"{example.where} printed {cell.outputs}")
    assert wrong == [], "\n".join(wrong)


def test_a_page_without_code_gets_no_notebook():
    assert not page_examples(DOCS / "index.md")


def test_notebooks_are_valid_and_the_same_on_every_build():
    page = DOCS / "autograd/q8-vector-outputs.md"
    first, second = notebook_of(page, THIS), notebook_of(page, THIS)
    nbformat.validate(first)
    assert nbformat.writes(first) == nbformat.writes(second)
