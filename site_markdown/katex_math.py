"""Render every formula with KaTeX while the page is converted.

pymdownx.arithmatex (generic mode) leaves each formula as ``\\(...\\)`` in a
``span.arithmatex`` or ``\\[...\\]`` in a ``div.arithmatex``. A postprocessor
turns them into KaTeX's HTML (with MathML for screen readers), so pages ship no
math JavaScript, and a formula KaTeX cannot parse fails the conversion, naming
the page and the formula. Each formula also carries a plain-text rendering
(pylatexenc), which the search index reads instead of KaTeX's markup
(``data-search-exclude``), so search shows "8 × 8", not TeX or glyph soup. It
sits in a ``<template>``: never shown, and, unlike a hidden element, not in the
text that copying a selection takes (copy-tex copies the formula's TeX). The
fonts the page's formulas draw with are preloaded, since KaTeX's stylesheet
hides math until its fonts arrive.

KaTeX comes from the project's ``node_modules/katex`` (``npm ci`` with the
committed lock file) and runs in-process in V8 through mini-racer. Rendered
formulas are kept in the project's ``.site-cache/katex/``, so a rebuild renders
only formulas no build has met before; V8 starts only for those. The project is
the extension's ``project_dir`` option.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import html
import json
import os
import queue
import re
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from py_mini_racer import MiniRacer
from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)

from site_markdown.page import current_page, where
from site_markdown.project import project_dir, project_dir_option

SITE_KATEX_DIR = "assets/katex"  # where site_prepare copies the stylesheet and fonts
FORMULA_CACHE = "katex"  # in the project's .site-cache/

# An inline formula, with the punctuation that follows it, which must not start a
# line of its own.
INLINE_MATH = re.compile(
    r'<span class="arithmatex">\\\((.*?)\\\)</span>([.,;:!?)]*)', re.DOTALL
)
# A formula this short reads as one expression: it is not broken across lines.
SHORT_FORMULA = 20
DISPLAY_MATH = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.DOTALL)

# Read from KaTeX's own stylesheet, so the preloads follow the KaTeX version:
# "@font-face{...font-family:KaTeX_AMS;font-style:normal;font-weight:400;src:url(fonts/KaTeX_AMS-Regular.woff2)..."
FONT_FACE = re.compile(
    r"@font-face\{[^}]*?font-family:\"?(?P<family>KaTeX_\w+)\"?;font-style:(?P<style>\w+);"
    r"font-weight:(?P<weight>\d+);src:url\(fonts/(?P<file>[\w-]+)\.woff2\)"
)
# ".katex .amsrm,.katex .mathbb{font-family:KaTeX_AMS}", ".katex .op-symbol.large-op{...}",
# and ".katex .textbf{font-weight:700}", which keeps the family it is in (KaTeX_Main).
CLASS_RULE = re.compile(
    r"(?P<selectors>(?:,?\.katex \.[\w.-]+)+)\{"
    r"(?:font-family:(?P<family>KaTeX_\w+))?(?P<rest>[^}]*)\}"
)
# The font every formula starts in: ".katex{font:normal 1.21em KaTeX_Main,...}"
BASE_FONT = ("KaTeX_Main", "normal", "400")
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
# KaTeX's output holds its MathML first, then the HTML that is drawn.
DRAWN_PART = 'class="katex-html"'
TAG = re.compile(r"<[^>]*>")

# The characters the site's KaTeX fonts keep: site_prepare.katex_assets cuts each
# font down to them (and their mirror images, which fontTools keeps), so that a
# phone loads no other glyph before the page's first formula shows. They are the characters the site's formulas
# draw; a formula that draws another fails the build, naming it.
FONT_CHARACTERS = frozenset(
    "()+,./0123456789:;<=EIJLNPRTU[]^abcdefghijklmnopqrstuvwxyz{}~"
    "\u00a0×ˉΔΣαβηθλμξπσωϵ\u200b…′ℓ→↦∂∇∈∏∑−∝∣∥∫∼≈≤⊤⋅⌈⌉⌊⌋"
)

# A JS wrapper so a parse error comes back as data, not as a V8 stack dump.
RENDER_JS = """
function renderFormula(tex, displayMode) {
  try {
    return {html: katex.renderToString(tex, {
      displayMode: displayMode, throwOnError: true, strict: "error", output: "htmlAndMathml"})};
  } catch (error) {
    const where = error.position === undefined ? "" : " (at character " + (error.position + 1) + ")";
    return {error: (error.rawMessage || String(error)) + where};
  }
}
"""

# A formula in a heading would show as raw TeX in the table of contents and the
# window title, which are plain text.
HEADING = re.compile(r"^#{1,6}\s")
# A formula inside a Markdown table row: a "|" in it would split the cell.
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
DOLLAR_MATH = re.compile(r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\])\$")
FENCE = re.compile(r"^\s*(```|~~~)")


class MathError(ValueError):
    """A formula the page cannot show."""


def fonts_of_classes(stylesheet: str) -> dict[frozenset[str], str]:
    """The classes an element must all have -> the font file (no suffix) it draws with."""
    files = {
        (face["family"], face["style"], face["weight"]): face["file"]
        for face in FONT_FACE.finditer(stylesheet)
    }
    fonts = {frozenset({"katex"}): files[BASE_FONT]}
    for rule in CLASS_RULE.finditer(stylesheet):
        family = rule["family"] or BASE_FONT[0]
        if not rule["family"] and not re.search(r"font-(style|weight)", rule["rest"]):
            continue
        style = "italic" if "font-style:italic" in rule["rest"] else "normal"
        weight = "700" if "font-weight:700" in rule["rest"] else "400"
        for selector in rule["selectors"].strip(",").split(","):
            classes = frozenset(selector.removeprefix(".katex .").split("."))
            fonts[classes] = files[(family, style, weight)]
    return fonts


def fonts_used(
    rendered_html: str, font_of_classes: dict[frozenset[str], str]
) -> list[str]:
    """The font files KaTeX's stylesheet gives the elements of ``rendered_html``."""
    elements = {
        frozenset(attribute.split())
        for attribute in CLASS_ATTRIBUTE.findall(rendered_html)
    }
    return sorted(
        {
            font
            for classes, font in font_of_classes.items()
            if any(classes <= element for element in elements)
        }
    )


def drawn_characters(rendered_html: str) -> set[str]:
    """The characters of one formula's KaTeX HTML that its fonts draw."""
    drawn = rendered_html.split(DRAWN_PART, 1)[1].split(">", 1)[1]
    return set(html.unescape(TAG.sub("", drawn)))


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


def read_formula_cache(path: Path) -> dict[str, str]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: render again


def write_formula_cache(path: Path, formulas: dict[str, str]) -> None:
    """Replace the file in one step, so a concurrent build reads it whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
    ) as file:
        json.dump(formulas, file)
    os.replace(file.name, path)


class KatexThread:
    """Every V8 context of the process, made, run and closed on one thread.

    mini-racer crashes the process (SIGSEGV) when a context is made on any
    thread while one made on a thread other than the main one is alive, or is
    closed after the thread that ran KaTeX in it has ended; Zensical converts
    pages on worker threads that end before the build exits. This thread is a daemon, so it is still alive when
    atexit closes the contexts: closing V8 from the garbage collector, as the
    interpreter tears down, can deadlock.
    """

    def __init__(self):
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="katex", daemon=True)
        self._thread.start()

    def render(self, script: Path, tex: str, display: bool) -> dict:
        """``renderFormula(tex, display)`` in the context that ran ``script``."""
        answer: Future = Future()
        self._jobs.put((answer, script, tex, display))
        return answer.result()

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join()

    def _serve(self) -> None:
        contexts: dict[Path, MiniRacer] = {}
        while (job := self._jobs.get()) is not None:
            answer, script, tex, display = job
            try:
                if script not in contexts:
                    context = MiniRacer()
                    context.eval(script.read_text(encoding="utf-8"))
                    context.eval(RENDER_JS)
                    contexts[script] = context
                answer.set_result(contexts[script].call("renderFormula", tex, display))
            except Exception as error:  # raised again in render()
                answer.set_exception(error)
        for context in contexts.values():
            context.close()


_v8: KatexThread | None = None
_v8_started = threading.Lock()


def v8() -> KatexThread:
    """The process's V8 thread, started on first need and stopped at exit."""
    global _v8
    with _v8_started:
        if _v8 is None:
            _v8 = KatexThread()
            atexit.register(_stop_v8)
        return _v8


def _stop_v8() -> None:
    global _v8
    with _v8_started:
        if _v8 is not None:
            _v8.close()
            _v8 = None


class KatexRenderer:
    """KaTeX's renderToString, in the process's V8, with the formulas of earlier
    builds from the cache."""

    def __init__(self, katex_dist: Path, cache: Path):
        script = katex_dist / "katex.min.js"
        if not script.is_file():
            raise MathError(
                f"KaTeX is not installed: {script} is missing. Run `npm ci` in the "
                "project folder (the Makefile's set-up does)."
            )
        self.dist = katex_dist
        self.font_of_classes = fonts_of_classes(
            (katex_dist / "katex.min.css").read_text(encoding="utf-8")
        )
        # Copies of the project link its node_modules/: one V8 context for all.
        self._script = script.resolve()
        self._lock = threading.Lock()
        version = json.loads(
            (katex_dist.parent / "package.json").read_text(encoding="utf-8")
        )["version"]
        # The TeX source stays in the MathML's annotation: copy-tex copies it.
        options = hashlib.sha256(RENDER_JS.encode()).hexdigest()[:12]
        self._cache_path = cache / f"katex-{version}-{options}.json"
        self._formulas = read_formula_cache(self._cache_path)
        self._rendered_here = False

    def render(self, tex: str, display: bool) -> str:
        """KaTeX HTML for ``tex``; raises MathError with KaTeX's message."""
        key = f"{'display' if display else 'inline'}:{tex}"
        with self._lock:
            if key not in self._formulas:
                result = v8().render(self._script, tex, display)
                if "error" in result:
                    raise MathError(result["error"])
                self._formulas[key] = result["html"]
                self._rendered_here = True
            return self._formulas[key]

    def close(self) -> None:
        """Add the formulas this process rendered to the cache (at exit).

        Nothing is dropped: a build of some pages, or a test's, must not cost the
        next full build the rest; ``make clean`` empties the cache.
        """
        with self._lock:
            if self._rendered_here:
                # With what other processes added since this one read it.
                kept = read_formula_cache(self._cache_path)
                write_formula_cache(self._cache_path, {**kept, **self._formulas})


_renderers: dict[Path, KatexRenderer] = {}


def renderer(project: Path) -> KatexRenderer:
    """The project's renderer, one per process, kept across builds (``serve``)."""
    if project not in _renderers:
        _renderers[project] = KatexRenderer(
            katex_dist(project), project / ".site-cache" / FORMULA_CACHE
        )
        atexit.register(_renderers[project].close)
    return _renderers[project]


def katex_dist(project: Path) -> Path:
    return project / "node_modules" / "katex" / "dist"


class MathPlacement(Preprocessor):
    """Refuse formulas where the page cannot show them: headings, table rows."""

    def run(self, lines: list[str]) -> list[str]:
        in_fence = False
        for number, line in enumerate(lines, start=1):
            if FENCE.match(line):
                in_fence = not in_fence
            if in_fence:
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


class KatexRendering(Postprocessor):
    """Replace every arithmatex formula with KaTeX's HTML and a searchable text."""

    def __init__(self, md, project: Path):
        super().__init__(md)
        self.project = project

    def run(self, text: str) -> str:
        errors: list[str] = []
        katex = renderer(self.project)
        rendered_parts: list[str] = []

        def replace(match: re.Match, display: bool) -> str:
            tex = html.unescape(match.group(1)).strip()
            marks = "$$" if display else "$"
            try:
                rendered = katex.render(tex, display)
            except MathError as error:
                errors.append(f"  {marks}{tex}{marks}\n    {error}")
                return match.group(0)
            if missing := drawn_characters(rendered) - FONT_CHARACTERS:
                errors.append(
                    f"  {marks}{tex}{marks}\n    draws {''.join(sorted(missing))!r}, "
                    "which the site's KaTeX fonts leave out: add the characters to "
                    "FONT_CHARACTERS in site_markdown/katex_math.py"
                )
                return match.group(0)
            rendered_parts.append(rendered)
            searchable = html.escape(formula_text(tex), quote=False)
            for_search = f'<template class="formula-text">{searchable}</template>'
            if display:
                # A block: inside an inline wrapper the formula got an empty line
                # above and below it.
                rendered = f'<div data-search-exclude="">{rendered}</div>'
                return f'<div class="arithmatex">{rendered}{for_search}</div>'
            inner = f'<span data-search-exclude="">{rendered}</span>{for_search}'
            kept_whole = " kept-whole" if len(tex) <= SHORT_FORMULA else ""
            # Inside the span, which the stylesheet keeps from breaking before it.
            punctuation = match.group(2)
            return f'<span class="formula{kept_whole}">{inner}{punctuation}</span>'

        text = DISPLAY_MATH.sub(lambda m: replace(m, True), text)
        text = INLINE_MATH.sub(lambda m: replace(m, False), text)
        if errors:
            raise MathError(
                f"KaTeX cannot render {len(errors)} formula(s) in {where(self.md)}:\n"
                + "\n".join(errors)
            )
        return self.preloads("".join(rendered_parts), text) + text

    def preloads(self, rendered: str, text: str) -> str:
        """Preload links for the fonts of ``rendered``, relative to the page.

        Only for the whole page: the toc extension also runs the postprocessors on
        the inside of each heading, which holds no ``</h1>``.
        """
        page = current_page(self.md)
        if page is None or not rendered or "</h1>" not in text:
            return ""
        links = []
        katex = renderer(self.project)
        for font in fonts_used(rendered, katex.font_of_classes):
            href = page.link_to(f"{SITE_KATEX_DIR}/fonts/{font}.woff2")
            links.append(
                f'<link rel="preload" href="{href}" as="font" type="font/woff2" '
                "crossorigin>"
            )
        return "\n".join(links) + ("\n" if links else "")


class KatexExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"project_dir": project_dir_option()}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        project = project_dir(self, "site_markdown.katex_math")
        md.preprocessors.register(MathPlacement(md), "math_placement", 38)
        # After the raw HTML (arithmatex's output among it) is back in place (30).
        md.postprocessors.register(KatexRendering(md, project), "katex", 25)


def makeExtension(**kwargs):
    return KatexExtension(**kwargs)
