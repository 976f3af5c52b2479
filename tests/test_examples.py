"""The examples as a whole: every snippet is shown, every output checked, drift caught.

The per-example runs are the pytest-markdown-docs items of docs/ (see
example_runner.py); these tests check the pieces around them.
"""

import dataclasses
import re
from collections import Counter

import pytest

from examples import (
    DOCS,
    ROOT,
    SNIPPETS,
    ExampleError,
    all_examples,
    all_pages,
    example_named,
    page_examples,
    run_fresh,
    run_in_new_process,
    verify,
    visible,
)
from site_markdown.fences import fences
from site_markdown.programs import compose, pasteable
from site_prepare.pages import lab_sources, nav_pages

INCLUDE_LINE = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+)"', re.MULTILINE)


def included_files() -> Counter:
    return Counter(
        path for page in all_pages() for path in INCLUDE_LINE.findall(page.read_text())
    )


def graphs_on(page) -> list[str]:
    """The recorded outputs that the page's autograd-graph fences draw."""
    return [
        path
        for fence in fences(page.read_text(encoding="utf-8"))
        if fence.language == "autograd-graph"
        for path in INCLUDE_LINE.findall("\n".join(fence.lines))
    ]


def drawn_graphs() -> Counter:
    return Counter(path for page in all_pages() for path in graphs_on(page))


def imported_by_labs() -> set[str]:
    """The snippet files the labs import, which their pages show folded."""
    return {
        f"{fold.module.replace('.', '/')}.py"
        for lab in lab_sources()
        for fold in compose(lab.read_text(encoding="utf-8"), ROOT).folds
    }


def test_every_snippet_file_appears_on_a_page():
    shown = set(included_files()) | imported_by_labs()
    files = {
        path.relative_to(ROOT).as_posix()
        for path in SNIPPETS.rglob("*")
        if path.suffix in {".py", ".txt"} and path.name != "__init__.py"
    }
    assert sorted(files - shown) == []


def test_every_include_on_a_page_belongs_to_a_checked_example():
    in_examples = Counter()
    for example in all_examples():
        in_examples.update(INCLUDE_LINE.findall("\n".join(example.include_lines)))
        if example.output_path is not None:
            in_examples[example.output_path.relative_to(ROOT).as_posix()] += 1
    assert in_examples + drawn_graphs() == included_files()


def test_a_graph_is_drawn_from_an_output_its_page_shows():
    for page in all_pages():
        outputs = {
            e.output_path.relative_to(ROOT).as_posix()
            for e in page_examples(page)
            if e.output_path
        }
        for drawn in graphs_on(page):
            assert drawn in outputs, page


def imported_modules(program_source: str) -> set[str]:
    return {fold.module for fold in compose(program_source, ROOT).folds}


def test_each_building_block_is_shown_in_full_once_on_the_page_of_its_question():
    """A module that examples import is a definition block on its own page only."""
    imported = set()
    for path in SNIPPETS.rglob("*.py"):
        imported |= imported_modules(path.read_text(encoding="utf-8"))
    shown = Counter()
    for example in all_examples():
        if example.output_path is None:
            (include,) = example.include_lines
            module = include.split('"')[1].removesuffix(".py").replace("/", ".")
            question = module.split(".")[1].split("_")[0]  # "q4"
            assert example.page.name.startswith(f"{question}-"), example.where
            shown[module] += 1
    assert sorted(imported) == sorted(shown)
    assert set(shown.values()) == {1}


def test_each_example_has_its_own_output_file():
    names = [example.name for example in all_examples()]
    assert len(names) == len(set(names))


def test_a_python_fence_with_typed_code_is_refused(tmp_path):
    page = tmp_path / "typed.md"
    page.write_text("```python\nprint(7)\n```\n\n```text\n7\n```\n")
    with pytest.raises(ExampleError, match="must hold only --8<-- includes"):
        page_examples(page)


def test_a_definition_block_that_prints_is_refused(tmp_path):
    """A Python fence without an output fence shows a definition: it prints nothing."""
    page = tmp_path / "no_output.md"
    include = '--8<-- "snippets/q6_gradient_of_a_function/q6a_derivative.py"'
    page.write_text(f"```python\n{include}\n```\n\nText.\n")
    (example,) = page_examples(page)
    assert example.output_path is None
    with pytest.raises(ExampleError, match="shows a definition, with no output"):
        verify(example)


def test_changed_output_fails_with_a_diff_naming_the_snippet():
    example = example_named("q7b_grad_x_and_w")
    drifted = dataclasses.replace(
        example, shown_output=example.shown_output.replace("[4., 2.]", "[4., 3.]")
    )
    with pytest.raises(ExampleError) as failure:
        verify(drifted)
    message = str(failure.value)
    assert "q7b_grad_x_and_w prints something else than its page shows" in message
    assert "docs/autograd/q7-gradients-of-parameters.md:" in message
    assert "-w.grad = tensor([4., 3.])\n+w.grad = tensor([4., 2.])" in message


def test_update_outputs_rewrites_the_recorded_file(tmp_path):
    example = example_named("q6a_derivative")
    recorded = tmp_path / "q6a_derivative.txt"
    recorded.write_text("tensor(8.)\n")
    stale = dataclasses.replace(
        example, output_path=recorded, shown_output="tensor(8.)\n"
    )
    assert verify(stale, update=True).startswith("rewrote")
    assert recorded.read_text() == "tensor(7.)\n"


def test_output_on_stderr_fails_the_example():
    example = example_named("q6a_derivative")
    noisy = dataclasses.replace(
        example, code=example.code + "import sys\nprint('careful', file=sys.stderr)\n"
    )
    with pytest.raises(ExampleError, match="(?s)must run cleanly.*careful"):
        verify(noisy)


def test_an_example_runs_without_the_repository_on_its_path():
    run = run_fresh("import snippets\n")
    assert run.returncode != 0
    assert "ModuleNotFoundError: No module named 'snippets'" in run.stderr


def test_the_nav_lists_each_page_under_docs_once_and_only_pages_that_exist():
    """Every list of pages is read from the nav: a page left out of it, or listed
    but missing, would be left out of every check."""
    typed = [
        page
        for page in DOCS.rglob("*.md")
        if "includes" not in page.relative_to(DOCS).parts
    ]
    written_from_labs = [lab.with_suffix(".md") for lab in DOCS.glob("*/lab-*.py")]
    pages = {page.relative_to(DOCS).as_posix() for page in typed + written_from_labs}
    nav = [page.relative_to(DOCS).as_posix() for page in nav_pages()]
    assert sorted(set(nav) - pages) == [], "listed in the nav, but missing"
    assert sorted(pages - set(nav)) == [], "not in the nav"
    assert len(nav) == len(set(nav)), "listed twice"


NEW_SESSION_PROBES = {
    "a warning and a traceback": (
        "import warnings\nwarnings.warn('careful')\nx = 1\nprint(x)\n1 / 0\n"
    ),
    "an exit with a message": "print('leaving')\nraise SystemExit('bye')\n",
    "the session's names, path, folder and torch": (
        "import os, sys, torch\n"
        "print(sorted(globals()), sys.path, sys.argv, os.listdir('.'))\n"
        "print(torch.get_num_threads(), torch.tensor([1.5]) * 2)\n"
    ),
}


@pytest.mark.parametrize("code", NEW_SESSION_PROBES.values(), ids=NEW_SESSION_PROBES)
def test_a_run_prints_what_a_new_python_process_prints(code):
    assert run_fresh(code) == run_in_new_process(code)


def test_nothing_a_run_changes_reaches_the_next_run():
    # Not a thread count a new process has: with two test workers on two cores,
    # that is already 1.
    run_fresh(
        "import sys, torch\ntorch.manual_seed(5)\n"
        "torch.set_num_threads(torch.get_num_threads() + 1)\n"
        "sys.modules['left_behind'] = sys\nopen('left-behind.txt', 'w').close()\n"
    )
    probe = (
        "import os, sys, torch\n"
        "print(torch.get_num_threads(), torch.initial_seed() == 5,\n"
        "      'left_behind' in sys.modules, os.listdir('.'))\n"
    )
    assert run_fresh(probe) == run_in_new_process(probe)


def test_each_run_draws_new_random_seeds_as_a_new_process_does():
    unseeded = (
        "import random, numpy, torch\n"
        "print(torch.rand(1).item(), numpy.random.rand(), random.random())\n"
    )
    first, second = (run_fresh(unseeded).stdout.split() for _ in range(2))
    assert all(a != b for a, b in zip(first, second, strict=True)), (first, second)


REPL = """\
import code
console = code.InteractiveConsole({{"__name__": "__main__"}})
waiting = False
for line in {lines!r}:
    waiting = console.push(line)
if waiting:
    console.push("")
"""


def pasted_into_the_repl(program: str):
    """What the interactive interpreter prints when ``program`` is pasted into it,
    line by line, as the Python REPL reads a paste (the standard library's
    ``code.InteractiveConsole``, in a new process)."""
    return run_fresh(REPL.format(lines=visible(program).splitlines()))


def in_order(expected: list[str], printed: list[str]) -> bool:
    """Whether ``expected`` lines appear in ``printed`` in order: the REPL also
    echoes the value of each bare expression, such as a hook's handle."""
    remaining = iter(printed)
    return all(any(line == seen for seen in remaining) for line in expected)


@pytest.mark.parametrize("example", all_examples(), ids=lambda e: e.where)
def test_every_example_pastes_into_the_python_repl(example):
    run = pasted_into_the_repl(example.code)
    assert (run.returncode, run.stderr) == (0, ""), f"{example.where}:\n{run.stderr}"
    expected = visible(example.shown_output or "").splitlines()
    assert in_order(expected, visible(run.stdout).splitlines()), run.stdout


def test_a_blank_line_in_a_class_body_breaks_a_paste_unless_laid_out():
    written = (
        "class A:\n    x = 1\n\n    def f(self):\n        return 2\nprint(A().f())\n"
    )
    assert "IndentationError" in pasted_into_the_repl(written).stderr
    assert pasted_into_the_repl(pasteable(written)).stdout == "2\n"
