"""Python code blocks that fold what a reader need not see at first.

A SuperFences custom fence for ``python``. The block shows its snippet without
the imports of the ``snippets`` package; ahead of it, each in a closed
``<details>``, come the modules those imports name, and a ``# fold:`` region of
the snippet itself closes the same way (programs.py). The copy button copies the
whole program, folds included: mkdocs-material copies a block's ``data-copy``
attribute when it has one. A ``<details>`` element opens from the keyboard,
tells screen readers whether it is open, and opens without JavaScript too. The
folded modules are left out of the search index, so a search finds a definition
on the page that shows it.

A module the page has already shown in full, in a block of its own, is not
repeated in a later block's fold: that fold is a link to it (the copy button still
copies the module's code).

A block that shows more than ``MOST_SHOWN_LINES`` lines fails the build: fold
what a reader does not need at first.
"""

from __future__ import annotations

import html
import re

from pymdownx.superfences import SuperFencesException

from site_markdown.page import where as page_where
from site_markdown.programs import Fold, ProgramError, compose, modules_by_code
from site_markdown.project import project_folder

MOST_SHOWN_LINES = 40
PRE = re.compile(r"<pre\b.*</pre>", re.DOTALL)
# Pygments wraps runs of whitespace in spans that no style colours.
WHITESPACE_SPAN = re.compile(r'<span class="w">(\s+)</span>')


class ShownTooLong(SuperFencesException):
    """A block shows more lines than a reader takes in at once.

    SuperFences turns any other exception of a formatter into a plain paragraph of
    the fence's text; its own exception stops the build.
    """


class UnreadableProgram(SuperFencesException):
    """A block's snippet cannot be made into a program (ProgramError)."""


# Settings of pymdownx.highlight that give each block ids from its place on the
# page: with any of them on, a block's HTML is not a function of its code alone.
PER_BLOCK_IDS = ("linenums", "line_spans", "line_anchors", "anchor_linenums")
# Highlighted code by its code and settings: Pygments is a large share of each
# rebuild under `mkdocs serve`, and a page folds the same modules as the page before.
_HIGHLIGHTED: dict[tuple, str] = {}
MOST_KEPT_HIGHLIGHTS = 2048


def highlight_settings(md) -> dict:
    """The settings of the page's pymdownx.highlight, as SuperFences finds them."""
    for extension in md.registeredExtensions:
        if hasattr(extension, "get_pymdownx_highlight_settings"):
            return extension.get_pymdownx_highlight_settings()
    return {}


def highlighted_pre(md, code: str, hl_lines: list[int] | None = None) -> str:
    """The ``<pre>`` that pymdownx.highlight makes of ``code``, as in any block."""
    settings = highlight_settings(md)
    if any(settings.get(name) for name in PER_BLOCK_IDS):
        return _highlighted_pre(md, code, hl_lines)
    fences = md.preprocessors["fenced_code_block"]
    key = (code, tuple(hl_lines or ()), repr(settings), repr(fences.config))
    if key not in _HIGHLIGHTED:
        if len(_HIGHLIGHTED) >= MOST_KEPT_HIGHLIGHTS:
            _HIGHLIGHTED.clear()
        _HIGHLIGHTED[key] = _highlighted_pre(md, code, hl_lines)
    return _HIGHLIGHTED[key]


def _highlighted_pre(md, code: str, hl_lines: list[int] | None) -> str:
    options = {"hl_lines": " ".join(map(str, hl_lines))} if hl_lines else {}
    block = md.preprocessors["fenced_code_block"].highlight(
        src=code,
        language="python",
        options=options,
        md=md,
        classes=[],
        id_value="",
        attrs={},
    )
    return WHITESPACE_SPAN.sub(r"\1", PRE.search(block)[0])


def module_summary(fold: Fold) -> str:
    names = ", ".join(f"<code>{html.escape(name)}</code>" for name in fold.names)
    origin = f" from {fold.question}" if fold.question else ""
    summary = f"{names}{origin}, {fold.line_count} lines"
    if fold.description:
        summary += f": {html.escape(fold.description)}"
    return summary


def anchor_of(module: str) -> str:
    return "code-" + module.replace(".", "-").replace("_", "-")


def shown_above_html(fold: Fold) -> str:
    return (
        f'<p class="program-fold program-fold--above">'
        f'<a href="#{anchor_of(fold.module)}">{module_summary(fold)} '
        "(shown in full above)</a></p>"
    )


def fold_html(summary: str, code_html: str, searchable: bool) -> str:
    exclude = "" if searchable else " data-search-exclude"
    return (
        f'<details class="program-fold"{exclude}><summary>{summary}</summary>'
        f"{code_html}</details>"
    )


def shown_numbers(hl_lines: str | None) -> set[int]:
    """The lines ``hl_lines="3 5-7"`` names, counted over the lines in view."""
    numbers: set[int] = set()
    for part in (hl_lines or "").split():
        first, _, last = part.partition("-")
        numbers.update(range(int(first), int(last or first) + 1))
    return numbers


def format_python(src, language, class_name, options, md, **kwargs):
    """SuperFences formatter: the shown code, its folds, the whole program to copy."""
    title = options.get("title")
    block = f"the code block {title!r}" if title else "a code block"
    where = f"{page_where(md)}: {block}"
    try:
        program = compose(src, project_folder(md), where=where)
        program.shown_segments()
    except ProgramError as error:
        raise UnreadableProgram(str(error)) from error
    if program.shown_line_count > MOST_SHOWN_LINES:
        raise ShownTooLong(
            f"{where} shows {program.shown_line_count} lines, more than "
            f"{MOST_SHOWN_LINES}; fold what readers need not see at first: move it "
            "into a module of snippets/ and import it, or mark it `# fold: ...` / "
            "`# end fold`"
        )
    # Markdown instances are made per page, by MkDocs and by Zensical alike.
    shown_on_page = md.__dict__.setdefault("site_modules_shown", set())
    parts = [f'<span class="filename">{html.escape(title)}</span>'] if title else []
    parts += [
        shown_above_html(fold)
        if fold.module in shown_on_page
        else fold_html(module_summary(fold), highlighted_pre(md, fold.code), False)
        for fold in program.folds
    ]
    highlight = shown_numbers(options.get("hl_lines"))
    line = 0  # lines in view so far
    for segment in program.shown_segments():
        if segment.summary:
            summary = f"{html.escape(segment.summary)} ({segment.line_count} lines)"
            parts.append(fold_html(summary, highlighted_pre(md, segment.code), True))
            continue
        local = [n - line for n in highlight if 0 < n - line <= segment.line_count]
        parts.append(highlighted_pre(md, segment.code, local))
        line += segment.line_count
    # The copy button copies the code element's text unless the block says otherwise:
    # say so when the program holds more than the block's one part in view, or
    # when its REPL layout differs from the code shown (programs.pasteable).
    one_part = len(parts) == (2 if title else 1)
    as_shown = program.text == program.shown.rstrip("\n") + "\n"
    copy = (
        ""
        if one_part and as_shown
        else f' data-copy="{html.escape(program.text, quote=True)}"'
    )
    # Read once per page: a build asks it of every block, and each asking read
    # every file of snippets/ (4,300 reads a build).
    if "site_modules_by_code" not in md.__dict__:
        md.site_modules_by_code = modules_by_code(project_folder(md))
    defined = md.site_modules_by_code.get(program.shown)
    anchor = ""
    if defined and defined not in shown_on_page:
        shown_on_page.add(defined)
        anchor = f' id="{anchor_of(defined)}"'
    joined = "".join(parts)
    return f'<div class="highlight program"{anchor}{copy}>{joined}</div>'
