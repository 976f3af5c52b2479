"""Running the site's examples as a reader does, and comparing what they print.

What a page's examples are (its Python fences, the programs their blocks offer,
the outputs shown under them) is read by site_prepare.pages, as the build reads
it; this module runs them.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import functools
import os
import subprocess
import tempfile

from fresh_python import Run, run_as_new_process
from site_prepare.pages import (
    Example,
    ExampleError,
    expand_includes,
    page_examples,
    shown_path,
)
from site_prepare.pages import all_pages as site_pages
from site_prepare.paths import THIS
from site_prepare.reader_python import reader_python

ROOT = THIS.root
DOCS = THIS.docs
SNIPPETS = THIS.snippets
RUN_TIMEOUT_SECONDS = 300

__all__ = ["ExampleError", "expand_includes", "shown_path"]

# Written by `make performance` (benchmarks/performance.py): measurements, not answers.
PERFORMANCE_PAGE = DOCS / "about" / "performance.md"


def all_pages() -> list:
    """The pages of answers and of prose: every page but the Performance page."""
    return [page for page in site_pages() if page != PERFORMANCE_PAGE]


def all_examples() -> list[Example]:
    return [example for page in all_pages() for example in page_examples(page)]


def example_named(name: str) -> Example:
    matches = [example for example in all_examples() if example.name == name]
    if len(matches) != 1:
        raise LookupError(f"expected one example named {name!r}, found {len(matches)}")
    return matches[0]


def example_at(page, fence_line: int) -> Example:
    for example in page_examples(page):
        if example.line == fence_line:
            return example
    raise LookupError(f"no Python example at {page}:{fence_line}")


def run_fresh(code: str) -> Run:
    """Run ``code`` as a reader would: a new Python session, in an empty folder.

    It runs as ``python -I -c code`` would (``-I`` keeps the repository and PYTHON*
    variables out, so an example that leans on anything but its own text and the
    installed packages fails), forked from a process that has imported torch once
    (fresh_python.py) rather than starting one per example.
    """
    return run_as_new_process(code, RUN_TIMEOUT_SECONDS)


def run_in_new_process(code: str) -> Run:
    """Run ``code`` with ``python -I -c`` in a process of its own, in an empty folder."""
    with tempfile.TemporaryDirectory(prefix="example-") as folder:
        process = subprocess.run(
            [reader_python(), "-I", "-c", code],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_SECONDS,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
    return Run(process.stdout, process.stderr, process.returncode)


def check_last_statement_echoes_nothing(example: Example) -> None:
    """Pasted into a notebook cell, a final bare expression would print an extra value."""
    statements = ast.parse(example.code).body
    last = statements[-1] if statements else None
    if isinstance(last, ast.Expr) and not (
        isinstance(last.value, ast.Call)
        and getattr(last.value.func, "id", None) == "print"
    ):
        raise ExampleError(
            f"{example.where} ({example.name}): the example ends in a bare expression, which a "
            "notebook cell would echo under the output; print it or assign it"
        )


def visible(text: str) -> str:
    """Text as a page shows it: trailing blank lines do not show."""
    return text.rstrip("\n")


def output_diff(example: Example, printed: str) -> str:
    return "".join(
        difflib.unified_diff(
            (visible(example.shown_output or "") + "\n").splitlines(keepends=True),
            (visible(printed) + "\n").splitlines(keepends=True),
            fromfile=f"{shown_path(example.output_path)} (shown on {example.where})",
            tofile=f"what {example.name} really prints",
        )
    )


def verify(example: Example, update: bool = False) -> str | None:
    """Run ``example``; raise ExampleError unless it prints exactly its shown output.

    With ``update``, a differing output is written to the example's output file
    instead, and a note saying so is returned.
    """
    check_last_statement_echoes_nothing(example)
    run = run_fresh(example.code)
    if run.returncode != 0 or run.stderr:
        raise ExampleError(
            f"{example.where} ({example.name}) must run cleanly in a fresh Python process, "
            f"but exited with {run.returncode} and wrote to stderr:\n{run.stderr}"
        )
    if example.shown_output is not None and visible(run.stdout) == visible(
        example.shown_output
    ):
        return None
    if example.output_path is None:
        raise ExampleError(
            f"{example.where} ({example.name}) shows a definition, with no output "
            f"block under it, but its program prints:\n{run.stdout}"
        )
    if update:
        example.output_path.write_text(run.stdout, encoding="utf-8")
        return f"rewrote {shown_path(example.output_path)}"
    if example.shown_output is None:
        raise ExampleError(
            f"{example.where}: {shown_path(example.output_path)} does not exist; "
            "record the output of the new example with `make update-outputs`"
        )
    raise ExampleError(
        f"{example.where}: {example.name} prints something else than its page shows.\n"
        f"{output_diff(example, run.stdout)}\n"
        "If the change is intended, record it with `make update-outputs` and review the diff."
    )


@functools.cache
def run_in_process(name: str) -> dict:
    """Run the page's example ``name`` here and return its variables, for checking values.

    It runs in an empty folder, as run_fresh does, so an example that writes files
    (Q1's figures) leaves nothing in the repository. It runs once per test process:
    the tests read its variables, and none changes them.
    """
    namespace: dict = {"__name__": "__main__"}
    example = example_named(name)
    with (
        tempfile.TemporaryDirectory(prefix="example-") as folder,
        contextlib.chdir(folder),
    ):
        exec(compile(example.code, f"{example.where} ({name})", "exec"), namespace)
    return namespace
