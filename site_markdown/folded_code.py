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

The fence reads the snippets from the ``project_dir`` option of the extension
``site_markdown.folded_code``, which also keeps what the page has shown so far,
until Markdown's ``reset()``.
"""

from __future__ import annotations

import html

from markdown import Extension
from pymdownx.superfences import SuperFencesException

from site_markdown.page import where as page_where
from site_markdown.programs import Fold, ProgramError, compose, modules_by_code
from site_markdown.project import project_dir, project_dir_option
from site_markdown.superfences_highlight import highlighted_pre

MOST_SHOWN_LINES = 40
NAME = "site_markdown.folded_code"


class ShownTooLong(SuperFencesException):
    """A block shows more lines than a reader takes in at once.

    SuperFences turns any other exception of a formatter into a plain paragraph of
    the fence's text; its own exception stops the build.
    """


class UnreadableProgram(SuperFencesException):
    """A block's snippet cannot be made into a program (ProgramError)."""


class FoldedCodeExtension(Extension):
    """The settings of the ``python`` fence, and what it has shown on the page."""

    def __init__(self, **kwargs):
        self.config = {"project_dir": project_dir_option()}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        self.project = project_dir(self, NAME)
        self.reset()

    def reset(self):
        # The modules shown in full so far: later blocks link to them.
        self.shown_on_page: set[str] = set()
        self._modules_by_code: dict[str, str] | None = None

    def modules_by_code(self) -> dict[str, str]:
        """Each module of snippets/ by its code: read once per page, as a build
        asks it of every block and each asking read every file of snippets/."""
        if self._modules_by_code is None:
            self._modules_by_code = modules_by_code(self.project)
        return self._modules_by_code


def folded_code(md, where: str) -> FoldedCodeExtension:
    for extension in md.registeredExtensions:
        if isinstance(extension, FoldedCodeExtension):
            return extension
    raise UnreadableProgram(
        f"{where}: the python fence's formatter needs the extension {NAME} in "
        "markdown_extensions, with its project_dir option"
    )


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
    extension = folded_code(md, where)
    try:
        program = compose(src, extension.project, where=where)
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
    shown_on_page = extension.shown_on_page
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
    defined = extension.modules_by_code().get(program.shown)
    anchor = ""
    if defined and defined not in shown_on_page:
        shown_on_page.add(defined)
        anchor = f' id="{anchor_of(defined)}"'
    joined = "".join(parts)
    return f'<div class="highlight program"{anchor}{copy}>{joined}</div>'


def makeExtension(**kwargs):
    return FoldedCodeExtension(**kwargs)
