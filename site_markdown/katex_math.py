"""Render every formula with KaTeX while the page is converted.

pymdownx.arithmatex (generic mode) leaves each formula as ``\\(...\\)`` in a
``span.arithmatex`` or ``\\[...\\]`` in a ``div.arithmatex``. A treeprocessor
replaces them with KaTeX's HTML (with MathML for screen readers), so pages ship no
math JavaScript, and a formula KaTeX cannot parse fails the conversion, naming
the page and the formula. Each formula also carries a plain-text rendering
(pylatexenc), which the search index reads instead of KaTeX's markup
(``data-search-exclude``), so search shows "8 × 8", not TeX or glyph soup. It
sits in a ``<template>``: never shown, and, unlike a hidden element, not in the
text that copying a selection takes (copy-tex copies the formula's TeX). The
fonts the page's formulas draw with are preloaded, since KaTeX's stylesheet
hides math until its fonts arrive.

KaTeX runs from the project's ``node_modules/``, and rendered formulas are kept in
its ``.site-cache/`` (katex_renderer.py): the project is the extension's
``project_dir`` option.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)

from site_markdown import raw_html
from site_markdown.fences import fences
from site_markdown.katex_reading import drawn_characters, fonts_used
from site_markdown.katex_renderer import MathError, renderer
from site_markdown.page import current_page, where
from site_markdown.project import project_dir, project_dir_option

SITE_KATEX_DIR = "assets/katex"  # where site_prepare copies the stylesheet and fonts

# What follows an inline formula and must not start a line of its own.
PUNCTUATION = re.compile(r"[.,;:!?)]*")
# A formula this short reads as one expression: it is not broken across lines.
SHORT_FORMULA = 20

# The characters the site's KaTeX fonts keep: site_prepare.katex_assets cuts each
# font down to them (and their mirror images, which fontTools keeps), so that a
# phone loads no other glyph before the page's first formula shows. They are the characters the site's formulas
# draw; a formula that draws another fails the build, naming it.
FONT_CHARACTERS = frozenset(
    "()+,./0123456789:;<=EIJLNPRTU[]^abcdefghijklmnopqrstuvwxyz{}~"
    "\u00a0×ˉΔΣαβηθλμξπσωϵ\u200b…′ℓ→↦∂∇∈∏∑−∝∣∥∫∼≈≤⊤⋅⌈⌉⌊⌋"
)

# A formula in a heading would show as raw TeX in the table of contents and the
# window title, which are plain text.
HEADING = re.compile(r"^#{1,6}\s")
# A formula inside a Markdown table row: a "|" in it would split the cell.
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
DOLLAR_MATH = re.compile(r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\])\$")


def _text_converter() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    context.add_context_category(
        "site",
        prepend=True,
        macros=[
            MacroTextSpec("texttt", simplify_repl="%(1)s"),
            MacroTextSpec("times", simplify_repl=" × "),
        ],
    )
    return LatexNodes2Text(latex_context=context, math_mode="text")


_TEXT = _text_converter()


# Kept by text: `mkdocs serve` asks it of every formula again on each rebuild.
@functools.lru_cache(maxsize=4096)
def formula_text(tex: str) -> str:
    """A formula as plain text for the search index: ``8 \\times 8`` -> "8 × 8"."""
    tex = re.sub(r"\\[dt]frac\b", r"\\frac", tex)
    return re.sub(r"\s+", " ", _TEXT.latex_to_text(tex)).strip()


class MathPlacement(Preprocessor):
    """Refuse formulas where the page cannot show them: headings, table rows."""

    def run(self, lines: list[str]) -> list[str]:
        in_code = {
            number
            for fence in fences("\n".join(lines), where(self.md))
            for number in range(fence.line, fence.end + 1)
        }
        for number, line in enumerate(lines, start=1):
            if number in in_code:
                continue
            if HEADING.match(line) and DOLLAR_MATH.search(line):
                raise MathError(
                    f"{where(self.md, number)}: a heading holds a formula, which the "
                    "table of contents would show as raw TeX; write it in plain text."
                )
            if TABLE_ROW.match(line):
                for formula in DOLLAR_MATH.findall(line):
                    if "|" in formula:
                        raise MathError(
                            f"{where(self.md, number)}: the formula ${formula}$ sits in "
                            "a table row, where its '|' splits the cell; write \\lvert, "
                            "\\rvert or \\Vert instead."
                        )
        return lines


def arithmatex_formulas(root):
    """Each formula arithmatex left in the tree: (parent, element, TeX, display)."""
    for parent in root.iter():
        for element in parent:
            if element.get("class") != "arithmatex" or element.text is None:
                continue
            # Its text, wrapped in \( \) or \[ \]; a display formula's is escaped.
            tex = html.unescape(element.text[2:-2]).strip()
            yield parent, element, tex, element.tag == "div"


class KatexRendering(Treeprocessor):
    """Replace every arithmatex formula with KaTeX's HTML and a searchable text."""

    def __init__(self, md, project: Path):
        super().__init__(md)
        self.project = project

    def run(self, root):
        errors: list[str] = []
        katex = renderer(self.project)
        rendered_parts: list[str] = []
        for parent, element, tex, display in list(arithmatex_formulas(root)):
            marks = "$$" if display else "$"
            try:
                rendered = katex.render(tex, display)
            except MathError as error:
                errors.append(f"  {marks}{tex}{marks}\n    {error}")
                continue
            if missing := drawn_characters(rendered) - FONT_CHARACTERS:
                errors.append(
                    f"  {marks}{tex}{marks}\n    draws {''.join(sorted(missing))!r}, "
                    "which the site's KaTeX fonts leave out: add the characters to "
                    "FONT_CHARACTERS in site_markdown/katex_math.py"
                )
                continue
            rendered_parts.append(rendered)
            searchable = html.escape(formula_text(tex), quote=False)
            for_search = f'<template class="formula-text">{searchable}</template>'
            if display:
                # A block: inside an inline wrapper the formula got an empty line
                # above and below it.
                element.text = self.md.htmlStash.store(
                    f'<div data-search-exclude="">{rendered}</div>{for_search}'
                )
                continue
            inner = f'<span data-search-exclude="">{rendered}</span>{for_search}'
            kept_whole = " kept-whole" if len(tex) <= SHORT_FORMULA else ""
            # Inside the span, which the stylesheet keeps from breaking before it.
            tail = element.tail or ""
            punctuation = PUNCTUATION.match(tail)[0]
            formula = f'<span class="formula{kept_whole}">{inner}{punctuation}</span>'
            raw_html.replace(
                self.md, parent, element, formula, tail[len(punctuation) :]
            )
        if errors:
            raise MathError(
                f"KaTeX cannot render {len(errors)} formula(s) in {where(self.md)}:\n"
                + "\n".join(errors)
            )
        self.preload("".join(rendered_parts), root)

    def preload(self, rendered: str, root) -> None:
        """Put preload links for the fonts of ``rendered`` at the page's start."""
        page = current_page(self.md)
        if page is None or not rendered:
            return
        katex = renderer(self.project)
        links = "\n".join(
            f'<link rel="preload" href="{page.link_to(f"{SITE_KATEX_DIR}/fonts/{font}.woff2")}" '
            'as="font" type="font/woff2" crossorigin>'
            for font in fonts_used(rendered, katex.font_of_classes)
        )
        # The page's HTML is stripped of the space before its first element.
        root.text = self.md.htmlStash.store(links) + "\n" + (root.text or "").lstrip()


class KatexExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"project_dir": project_dir_option()}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        project = project_dir(self, "site_markdown.katex_math")
        md.preprocessors.register(MathPlacement(md), "math_placement", 38)
        # After every other change to the tree (the table of contents, 5): they
        # see each formula as arithmatex wrote it.
        md.treeprocessors.register(KatexRendering(md, project), "katex", 4)


def makeExtension(**kwargs):
    return KatexExtension(**kwargs)
