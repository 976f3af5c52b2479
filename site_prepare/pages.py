"""The code examples of the pages, as the pages show them.

A page shows an example as a Python fence made only of ``--8<--`` includes of
files in ``snippets/``, followed by a ``text`` fence that includes the output
recorded for it::

    ```{.python title="q6a_derivative.py"}
    --8<-- "snippets/q6_gradient_of_a_function/q6a_derivative.py"
    ```

    ```{.text title="Output"}
    --8<-- "snippets/q6_gradient_of_a_function/q6a_derivative.txt"
    ```

Both fences are expanded with pymdownx.snippets configured from mkdocs.yml, and
the Python one becomes the program its block offers (site_markdown's ``compose``:
the snippet, with the building blocks it imports folded ahead of it). An example
is named after its output file (``q6a_derivative``). A Python fence without an
output fence shows a definition: its program prints nothing, and it is named
after its file.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import markdown
from mkdocs.config import load_config
from pymdownx.snippets import SnippetMissingError

from site_markdown.fences import fences
from site_markdown.programs import ProgramError, compose
from site_markdown.sources import read_bibliography
from site_prepare.paths import THIS, Project

PYTHON_LANGUAGES = {"py", "python", "python3"}
# A lab's page, docs/<part>/lab-<name>.md: the build writes it from the lab's
# source beside it, lab-<name>.py.
LAB_PAGE = "lab-*.md"
# The README's docs/<part>/qN-topic.md.
QUESTION_PAGE = re.compile(r"q\d+-.+\.md")


def shown_path(path: Path, project: Project = THIS) -> str:
    """``path`` from the project folder when it lies inside, for messages."""
    if path.is_relative_to(project.root):
        return path.relative_to(project.root).as_posix()
    return str(path)


class ExampleError(Exception):
    """A page's example is malformed, fails, or prints something else than it shows."""


@dataclass(frozen=True)
class Example:
    page: Path
    line: int  # 1-based line of the Python fence's opening line
    include_lines: tuple[str, ...]  # the Python fence's body, as typed in the page
    code: str  # the program the block offers: its snippet and what it folds
    output_path: Path | None  # the recorded output shown under it; None: none
    shown_output: str | None  # None until the output is recorded

    @property
    def name(self) -> str:
        if self.output_path is None:
            return Path(self.include_lines[-1].split('"')[1]).stem
        return self.output_path.stem

    @property
    def where(self) -> str:
        return f"{shown_path(self.page)}:{self.line}"


@functools.cache
def _snippet_preprocessor(project: Project):
    config = load_config(str(project.config))
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    snippets = md.preprocessors["snippet"]
    snippets.auto_append = []  # the glossary ends pages, not the code they include
    return snippets


@functools.cache
def site_url(project: Project = THIS) -> str:
    """Where the site is read, from mkdocs.yml: the downloads link its pages there."""
    return load_config(str(project.config)).site_url


@functools.cache
def bibliography(project: Project = THIS) -> dict:
    """The entries of the bibliography that mkdocs.yml gives the sources extension."""
    config = load_config(str(project.config))
    options = config.mdx_configs.get("site_markdown.sources", {})
    path = project.root / options.get("bibliography", "docs/includes/sources.bib")
    return read_bibliography(path.read_text(encoding="utf-8"), path.name).entries


def expand_includes(lines: list[str], project: Project = THIS) -> str:
    """Expand ``--8<--`` lines with the build's own pymdownx.snippets preprocessor."""
    return "\n".join(_snippet_preprocessor(project).run(list(lines)))


def _fences(page: Path) -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    found = fences(page.read_text(encoding="utf-8"), shown_path(page))
    return tuple((fence.line, fence.language, fence.lines) for fence in found)


def _only_includes(lines: list[str], page: Path, line: int) -> list[str]:
    body = [text for text in lines if text.strip()]
    typed = [text for text in body if not text.strip().startswith("--8<--")]
    if not body or typed:
        raise ExampleError(
            f"{shown_path(page)}:{line}: a code fence must hold only --8<-- includes of "
            f"files in snippets/, so that CI runs what the page shows; found {typed or 'nothing'}"
        )
    return body


def program_of(lines: list[str], where: str, project: Project = THIS) -> str:
    """The program the page's block offers for a fence body of includes."""
    try:
        return compose(expand_includes(lines, project), project.root, where).text
    except ProgramError as error:
        raise ExampleError(str(error)) from error
    except SnippetMissingError as error:
        raise ExampleError(
            f"{where} includes a file that does not exist: {error}"
        ) from error


def page_examples(page: Path, project: Project = THIS) -> list[Example]:
    """Every Python example of ``page``, with the output fence that follows it."""
    examples = []
    fences = _fences(page)
    for index, (line, language, lines) in enumerate(fences):
        if language not in PYTHON_LANGUAGES:
            continue
        include_lines = tuple(_only_includes(lines, page, line))
        program = program_of(lines, f"{shown_path(page, project)}:{line}", project)
        following = fences[index + 1] if index + 1 < len(fences) else None
        if following is None or following[1] != "text":
            examples.append(Example(page, line, include_lines, program, None, ""))
            continue
        output_includes = _only_includes(following[2], page, following[0])
        if len(output_includes) != 1:
            raise ExampleError(
                f"{shown_path(page)}:{following[0]}: an output fence includes exactly one file"
            )
        output_path = project.root / output_includes[0].split('"')[1]
        shown = (
            expand_includes(output_includes, project) if output_path.is_file() else None
        )
        examples.append(Example(page, line, include_lines, program, output_path, shown))
    return examples


def nav_pages(project: Project = THIS) -> list[Path]:
    """The pages mkdocs.yml's nav lists, in its order. Every list of pages is made
    from it, so that a question is added to all of them by its nav entry."""
    config = project.config.read_text(encoding="utf-8")
    return [project.docs / page for page in _nav_entries(project, config)]


@functools.cache
def _nav_entries(project: Project, config: str) -> tuple[str, ...]:
    # Keyed by the text too: `mkdocs serve` prepares again after a nav edit.
    return tuple(_paths_in(load_config(str(project.config))["nav"]))


def _paths_in(nav) -> list[str]:
    """The page paths of MkDocs' nav, however nested."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _paths_in(value)]
    return [page for entry in nav for page in _paths_in(entry)]


def lab_sources(project: Project = THIS) -> list[Path]:
    """Each lab's source, docs/<part>/lab-<name>.py, of each lab page of the nav,
    in path order."""
    return sorted(
        page.with_suffix(".py")
        for page in nav_pages(project)
        if fnmatch(page.name, LAB_PAGE)
    )


def lab_page(source: Path) -> Path:
    """The page the build writes from a lab's notebook source."""
    return source.with_suffix(".md")


def all_pages(project: Project = THIS) -> list[Path]:
    """The Markdown pages of the site, without the ones the build writes, in path
    order."""
    return sorted(
        page for page in nav_pages(project) if not fnmatch(page.name, LAB_PAGE)
    )


def question_pages(project: Project = THIS) -> list[Path]:
    """The pages that answer the assignment's questions, in the nav's order."""
    return [page for page in nav_pages(project) if QUESTION_PAGE.fullmatch(page.name)]


def page_id(page: Path, project: Project = THIS) -> str:
    """The page's path under docs/: ``diffusion/q4-unet-downsampling.md``."""
    return page.relative_to(project.docs).as_posix()


def address_in_site(path: str) -> str:
    """The address MkDocs gives the page at ``path`` under docs/, from the site's
    root: ``diffusion/q4.md`` is at ``diffusion/q4/``, ``index.md`` at the root."""
    stem = posixpath.splitext(path)[0]
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return stem + "/" if stem else ""


def page_url(page: Path, project: Project = THIS) -> str:
    """The page's address from the site's root, as MkDocs writes it."""
    return address_in_site(page_id(page, project))
