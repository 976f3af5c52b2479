"""The code examples of the site, as the pages show them.

A page shows an example as a Python fence made only of ``--8<--`` includes of
files in ``snippets/``, followed by a ``text`` fence that includes the output
recorded for it::

    ```{.python title="q6a_derivative.py"}
    --8<-- "snippets/q6_gradient_of_a_function/q6a_derivative.py"
    ```

    ```{.text title="Output"}
    --8<-- "snippets/q6_gradient_of_a_function/q6a_derivative.txt"
    ```

Both fences are expanded with pymdownx.snippets configured from mkdocs.yml,
so the code run here is the code the built page shows, and the copy button
copies. An example is named after its output file (``q6a_derivative``).
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import functools
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import markdown
from markdown_it import MarkdownIt
from mkdocs.config import load_config
from pytest_markdown_docs.plugin import parse_superfences_block_info

from fresh_python import Run, run_as_new_process

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
PYTHON_LANGUAGES = {"py", "python", "python3"}
RUN_TIMEOUT_SECONDS = 300


def shown_path(path: Path) -> str:
    """``path`` from the repository root when it lies inside, for messages."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


class ExampleError(Exception):
    """A page's example is malformed, fails, or prints something else than it shows."""


@dataclass(frozen=True)
class Example:
    page: Path
    line: int  # 1-based line of the Python fence's opening line
    include_lines: tuple[str, ...]  # the Python fence's body, as typed in the page
    code: str  # the body expanded as the build expands it
    output_path: Path  # the recorded output the page shows under the code
    shown_output: str | None  # None until the output is recorded

    @property
    def name(self) -> str:
        return self.output_path.stem

    @property
    def where(self) -> str:
        return f"{shown_path(self.page)}:{self.line}"


@functools.cache
def _snippet_preprocessor():
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    return md.preprocessors["snippet"]


def expand_includes(lines: list[str]) -> str:
    """Expand ``--8<--`` lines with the build's own pymdownx.snippets preprocessor."""
    return "\n".join(_snippet_preprocessor().run(list(lines)))


def _fences(page: Path):
    parser = MarkdownIt("commonmark")
    for token in parser.parse(page.read_text(encoding="utf-8")):
        if token.type == "fence" and token.map:
            info = parse_superfences_block_info(token.info)
            language = info[0] if info else ""
            yield token.map[0] + 1, language, token.content.splitlines()


def _only_includes(lines: list[str], page: Path, line: int) -> list[str]:
    body = [text for text in lines if text.strip()]
    typed = [text for text in body if not text.strip().startswith("--8<--")]
    if not body or typed:
        raise ExampleError(
            f"{shown_path(page)}:{line}: a code fence must hold only --8<-- includes of "
            f"files in snippets/, so that CI runs what the page shows; found {typed or 'nothing'}"
        )
    return body


def page_examples(page: Path) -> list[Example]:
    """Every Python example of ``page``, paired with the output fence that follows it."""
    examples = []
    fences = list(_fences(page))
    for index, (line, language, lines) in enumerate(fences):
        if language not in PYTHON_LANGUAGES:
            continue
        include_lines = _only_includes(lines, page, line)
        following = fences[index + 1] if index + 1 < len(fences) else None
        if following is None or following[1] != "text":
            raise ExampleError(
                f"{shown_path(page)}:{line}: the Python fence must be followed by a "
                '```{.text title="Output"} fence that includes its recorded output'
            )
        output_includes = _only_includes(following[2], page, following[0])
        if len(output_includes) != 1:
            raise ExampleError(
                f"{shown_path(page)}:{following[0]}: an output fence includes exactly one file"
            )
        output_path = ROOT / output_includes[0].split('"')[1]
        examples.append(
            Example(
                page=page,
                line=line,
                include_lines=tuple(include_lines),
                # Blank lines between includes are kept: the page shows them.
                code=expand_includes(lines),
                output_path=output_path,
                shown_output=expand_includes(output_includes)
                if output_path.is_file()
                else None,
            )
        )
    return examples


# Written by `make performance` (benchmarks/performance.py): measurements, not answers.
PERFORMANCE_PAGE = DOCS / "performance.md"


def all_pages() -> list[Path]:
    """The home page and the answer pages."""
    return sorted(page for page in DOCS.rglob("*.md") if page != PERFORMANCE_PAGE)


def all_examples() -> list[Example]:
    return [example for page in all_pages() for example in page_examples(page)]


def example_named(name: str) -> Example:
    matches = [example for example in all_examples() if example.name == name]
    if len(matches) != 1:
        raise LookupError(f"expected one example named {name!r}, found {len(matches)}")
    return matches[0]


def example_at(page: Path, fence_line: int) -> Example:
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
            [sys.executable, "-I", "-c", code],
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


def run_in_process(name: str) -> dict:
    """Run the page's example ``name`` here and return its variables, for checking values.

    It runs in an empty folder, as run_fresh does, so an example that writes files
    (Q1's figures) leaves nothing in the repository.
    """
    namespace: dict = {"__name__": "__main__"}
    example = example_named(name)
    with (
        tempfile.TemporaryDirectory(prefix="example-") as folder,
        contextlib.chdir(folder),
    ):
        exec(compile(example.code, f"{example.where} ({name})", "exec"), namespace)
    return namespace
