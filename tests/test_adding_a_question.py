"""A question added as the README's "Adding a question" says is checked at once.

The README's steps, in a copy of the project: a snippet, its recorded output, a
page that shows them and the page's nav entry. Every list of pages then holds the
new page, and pytest collects its example and runs it, with nothing else edited.
"""

import re
import subprocess
import sys
import textwrap

from examples import DOCS
from site_build import TEST_PARTS
from site_prepare.pages import all_pages, question_pages
from site_prepare.paths import Project
from site_tools.builds import PROJECT_PARTS, copy_project

SNIPPET = "snippets/q10_sum_of_squares/q10a_gradient_of_a_sum.py"
PROGRAM = """\
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
(x**2).sum().backward()
print(x.grad)
"""
OUTPUT = "tensor([2., 4.])\n"
NAV_CHECK = (
    "tests/test_examples.py::"
    "test_the_nav_lists_each_page_under_docs_once_and_only_pages_that_exist"
)
PAGE = textwrap.dedent(f"""\
    # Q10. The gradient of a sum of squares

    !!! abstract "Answer"
        The gradient of the sum of the squares of `x` is twice `x`.

    ```{{.python title="q10a_gradient_of_a_sum.py"}}
    --8<-- "{SNIPPET}"
    ```

    ```{{.text title="Output"}}
    --8<-- "{SNIPPET.removesuffix(".py")}.txt"
    ```
""")


def add_question(project, part: str) -> str:
    """The README's steps for a tenth question, listed after the last question of
    the nav, its output recorded as `make update-outputs` records it; the new
    page's path under docs/."""
    snippet = project / SNIPPET
    snippet.parent.mkdir()
    (snippet.parent / "__init__.py").touch()
    snippet.write_text(PROGRAM, encoding="utf-8")
    snippet.with_suffix(".txt").write_text(OUTPUT, encoding="utf-8")
    page = f"{part}/q10-sum-of-squares.md"
    (project / "docs" / page).write_text(PAGE, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    last = question_pages()[-1].relative_to(DOCS).as_posix()
    entry = re.search(rf"^( *- ){re.escape(last)}\n", text, re.MULTILINE)
    listed = f"{text[: entry.end()]}{entry[1]}{page}\n{text[entry.end() :]}"
    config.write_text(listed, encoding="utf-8")
    return page


def test_a_question_added_to_the_nav_is_in_every_page_list_and_its_example_runs(
    tmp_path,
):
    project = copy_project(tmp_path / "project", PROJECT_PARTS + TEST_PARTS)
    part = question_pages()[-1].parent.name
    page = add_question(project, part)

    copy = Project(project)
    assert project / "docs" / page in all_pages(copy)
    assert question_pages(copy)[-1] == project / "docs" / page

    # From the copy's folder, so that pytest imports the copy's site_prepare,
    # which reads the copy's pages and snippets.
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-v",
            f"docs/{page}",
            NAV_CHECK,
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"docs/{page}::" in run.stdout and "2 passed" in run.stdout, run.stdout
