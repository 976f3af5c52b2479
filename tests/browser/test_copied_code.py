"""What a reader copies is what CI tested, and it prints what the page shows.

The copy button of each block is pressed and the clipboard read back (the
desktop visit of visits.py does it, once per page); the copied code must be
the program the tests run (the snippet with the building blocks it folds), and
run as a new Python session runs it, without the project installed, it must
print the output block as the page renders it. A definition block prints nothing.
run_fresh forks each run from a process that has imported torch once;
tests/test_examples.py holds its runs to what new processes print.
"""

import difflib

import pytest
from browsing import LAB_PAGES, PAGES

from examples import page_examples, run_fresh, shown_path, visible
from site_prepare.pages import page_id, question_pages

# A lab's page shows the code of its notebook, which the build ran (test_lab.py).
PAGES_WITH_CODE = [p for p in PAGES if p not in LAB_PAGES and page_examples(p)]


def difference(expected: str, actual: str, expected_name: str, actual_name: str):
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=expected_name,
            tofile=actual_name,
        )
    )


def test_pages_with_code_are_found():
    assert set(question_pages()) <= set(PAGES_WITH_CODE)


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_copied_code_is_the_tested_code_and_prints_the_shown_output(visits, page):
    examples = page_examples(page)
    copies = visits.desktop(page).copies
    expected_blocks = sum(1 if e.output_path is None else 2 for e in examples)
    assert len(copies) == expected_blocks, (
        "every code block of the page is an example, with its output, or a definition"
    )
    blocks = iter(copies)
    copied_runs = []
    for example in examples:
        copied = next(blocks).copied
        # The copy button leaves out the line break that ends the last line.
        tested_code = visible(example.code)
        assert copied == tested_code, difference(
            tested_code, copied, f"{example.name} as tested", "as copied from the page"
        )
        rendered_output = ""
        if example.output_path is not None:
            output_block = next(blocks)
            assert output_block.title == "Output"
            assert visible(output_block.copied) == visible(example.shown_output)
            rendered_output = output_block.rendered
        copied_runs.append((example, copied, rendered_output))

    for example, copied, rendered_output in copied_runs:
        run = run_fresh(copied)
        assert (run.returncode, run.stderr) == (0, ""), f"{example.where}: {run.stderr}"
        assert visible(run.stdout) == visible(rendered_output), difference(
            visible(rendered_output) + "\n",
            visible(run.stdout) + "\n",
            f"output shown under {example.name} on {shown_path(page)}",
            "what the copied code prints",
        )
