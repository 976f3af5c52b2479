"""Render every formula with KaTeX while the site is built.

pymdownx.arithmatex (generic mode) leaves each formula as ``\\(...\\)`` in a
``span.arithmatex`` or ``\\[...\\]`` in a ``div.arithmatex``. This hook turns
them into KaTeX HTML in ``on_post_page`` (after the search plugin has read the
page, so the index holds TeX, not MathML), links KaTeX's stylesheet and
preloads the fonts the page's math uses. Pages therefore ship no math
JavaScript, and a formula KaTeX cannot parse fails the build, naming the page
and the formula.

KaTeX comes from ``node_modules/katex`` (``npm ci`` with the committed lock
file) and runs in-process in V8 through mini-racer. Rendered formulas are kept in
``.cache/katex/`` (relative to the working folder, like the notebooks' and figures'
caches), so a rebuild, as ``mkdocs serve`` makes on every change, renders only
the formulas it has not met before; V8 starts only for those.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url
from py_mini_racer import MiniRacer

SITE_KATEX_DIR = "assets/katex"
STYLESHEET = f"{SITE_KATEX_DIR}/katex.min.css"

INLINE_MATH = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.DOTALL)
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


CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')

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


# One file per KaTeX version and rendering options (RENDER_JS): KaTeX gives the same
# HTML for the same TeX, so a formula rendered once is stored by its TeX and mode. A
# formula KaTeX rejects is never stored: it fails every build. After a build the file
# holds exactly the formulas that build rendered, so it never grows past the site's.
FORMULA_CACHE = Path(".cache/katex")


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


class KatexRenderer:
    """KaTeX's renderToString, running in an embedded V8 started on first need,
    with the formulas of earlier builds from ``.cache/katex/``."""

    def __init__(self, katex_dist: Path):
        script = katex_dist / "katex.min.js"
        if not script.is_file():
            raise PluginError(
                f"KaTeX is not installed: {script} is missing. "
                "Run `npm ci` in the project folder (the Makefile's set-up does)."
            )
        self.dist = katex_dist
        self.font_of_classes = fonts_of_classes(
            (katex_dist / "katex.min.css").read_text(encoding="utf-8")
        )
        self._script = script
        self._context: MiniRacer | None = None
        self.version = json.loads(
            (katex_dist.parent / "package.json").read_text(encoding="utf-8")
        )["version"]
        options = hashlib.sha256(RENDER_JS.encode()).hexdigest()[:12]
        self._cache_path = FORMULA_CACHE / f"katex-{self.version}-{options}.json"
        self._cached = read_formula_cache(self._cache_path)
        self._used: dict[str, str] = {}

    def _v8(self) -> MiniRacer:
        if self._context is None:
            self._context = MiniRacer()
            self._context.eval(self._script.read_text(encoding="utf-8"))
            self._context.eval(RENDER_JS)
        return self._context

    def close(self) -> None:
        # Closing here, not in the garbage collector at interpreter exit, where
        # tearing down V8 can deadlock.
        if self._context is not None:
            self._context.close()
            self._context = None

    def render(self, tex: str, display: bool) -> str:
        """KaTeX HTML for ``tex``; raises ValueError with KaTeX's message."""
        key = f"{'display' if display else 'inline'}:{tex}"
        rendered = self._cached.get(key)
        if rendered is None:
            result = self._v8().call("renderFormula", tex, display)
            if "error" in result:
                raise ValueError(result["error"])
            rendered = result["html"]
        self._used[key] = rendered
        return rendered

    def save(self) -> None:
        """Keep this build's formulas for the next build, if they changed."""
        if self._used.keys() != self._cached.keys():
            write_formula_cache(self._cache_path, self._used)


_renderer: KatexRenderer | None = None


def on_config(config):
    global _renderer
    _renderer = KatexRenderer(
        Path(config.config_file_path).resolve().parent
        / "node_modules"
        / "katex"
        / "dist"
    )
    return config


def _close_renderer() -> None:
    global _renderer
    if _renderer is not None:
        _renderer.close()
        _renderer = None


def on_post_build(config):
    _renderer.save()
    _close_renderer()


def on_build_error(error):
    _close_renderer()


def on_files(files: Files, config) -> Files:
    """Serve KaTeX's stylesheet and fonts from the site itself."""
    for source in [
        _renderer.dist / "katex.min.css",
        *sorted((_renderer.dist / "fonts").iterdir()),
    ]:
        relative = source.relative_to(_renderer.dist).as_posix()
        files.append(
            File.generated(
                config, f"{SITE_KATEX_DIR}/{relative}", abs_src_path=str(source)
            )
        )
    return files


def page_path(page, config) -> str:
    """The page's path from the project folder, as a maintainer would open it."""
    return (
        Path(page.file.abs_src_path)
        .relative_to(Path(config.config_file_path).resolve().parent)
        .as_posix()
    )


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".md"):
        return markdown  # a notebook page: its source is not Markdown
    for number, line in enumerate(markdown.splitlines(), start=1):
        if HEADING.match(line) and DOLLAR_MATH.search(line):
            raise PluginError(
                f"{page_path(page, config)}:{number}: a heading holds a formula, which the "
                "table of contents would show as raw TeX; write it in plain text."
            )
        if TABLE_ROW.match(line):
            for formula in DOLLAR_MATH.findall(line):
                if "|" in formula:
                    raise PluginError(
                        f"{page_path(page, config)}:{number}: the formula ${formula}$ sits in a table "
                        "row, where its '|' splits the cell; write \\lvert, \\rvert or \\Vert instead."
                    )
    return markdown


def render_page_math(page_html: str, page_name: str) -> tuple[str, int]:
    """Replace every arithmatex formula in ``page_html`` with KaTeX HTML.

    Returns the new HTML and the number of formulas rendered. Raises
    PluginError listing every formula KaTeX rejected.
    """
    errors = []
    count = 0

    def replace(match: re.Match, display: bool) -> str:
        nonlocal count
        tex = html.unescape(match.group(1)).strip()
        try:
            rendered = _renderer.render(tex, display)
        except ValueError as error:
            errors.append(
                f"  {'$$' if display else '$'}{tex}{'$$' if display else '$'}\n    {error}"
            )
            return match.group(0)
        count += 1
        return f'<div class="arithmatex">{rendered}</div>' if display else rendered

    page_html = DISPLAY_MATH.sub(lambda m: replace(m, True), page_html)
    page_html = INLINE_MATH.sub(lambda m: replace(m, False), page_html)
    if errors:
        raise PluginError(
            f"KaTeX cannot render {len(errors)} formula(s) in {page_name}:\n"
            + "\n".join(errors)
        )
    return page_html, count


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


def on_post_page(output: str, page, config) -> str:
    head_end = output.index("</head>")
    body, count = render_page_math(output[head_end:], page_path(page, config))
    if count == 0:
        return output
    links = [f'<link rel="stylesheet" href="{get_relative_url(STYLESHEET, page.url)}">']
    for font in fonts_used(body, _renderer.font_of_classes):
        href = get_relative_url(f"{SITE_KATEX_DIR}/fonts/{font}.woff2", page.url)
        links.append(
            f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'
        )
    return output[:head_end] + "\n".join(links) + "\n" + body
