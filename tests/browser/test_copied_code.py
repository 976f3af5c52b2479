"""What a reader copies is what CI tested, and it prints what the page shows.

The copy button is pressed and the clipboard read back; the copied code must be
the example exactly as tests/examples.py expands it, and run in a fresh Python
process it must print the output block as the page renders it.
"""

import difflib
from concurrent.futures import ThreadPoolExecutor

import pytest
from browsing import PAGES, page_id, page_url

from examples import page_examples, run_in_new_process, shown_path, visible

PAGES_WITH_CODE = [page for page in PAGES if page_examples(page)]
# Examples run two at a time: each mostly waits for torch to import.
PARALLEL_RUNS = 2


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
    assert len(PAGES_WITH_CODE) >= 9


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_copied_code_is_the_tested_code_and_prints_the_shown_output(reader, page):
    examples = page_examples(page)
    shown = reader.open(page_url(page))
    blocks = shown.locator("article div.highlight")
    assert blocks.count() == 2 * len(examples), (
        "every code block of the page is an example followed by its output"
    )
    copied_runs = []
    for index, example in enumerate(examples):
        code_block, output_block = blocks.nth(2 * index), blocks.nth(2 * index + 1)
        assert output_block.locator(".filename").inner_text() == "Output"
        copied = reader.copy(code_block)
        # The copy button leaves out the line break that ends the last line.
        tested_code = visible(example.code)
        assert copied == tested_code, difference(
            tested_code, copied, f"{example.name} as tested", "as copied from the page"
        )
        copied_output = reader.copy(output_block)
        assert visible(copied_output) == visible(example.shown_output)
        rendered_output = output_block.locator("code").inner_text()
        copied_runs.append((example, copied, rendered_output))

    with ThreadPoolExecutor(PARALLEL_RUNS) as pool:
        runs = list(pool.map(lambda item: run_in_new_process(item[1]), copied_runs))
    for (example, _, rendered_output), run in zip(copied_runs, runs, strict=True):
        assert (run.returncode, run.stderr) == (0, ""), f"{example.where}: {run.stderr}"
        assert visible(run.stdout) == visible(rendered_output), difference(
            visible(rendered_output) + "\n",
            visible(run.stdout) + "\n",
            f"output shown under {example.name} on {shown_path(page)}",
            "what the copied code prints",
        )
