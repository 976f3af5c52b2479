"""What the site reads of KaTeX's own files: its stylesheet and the HTML it writes.

KaTeX documents neither the rules of its minified stylesheet nor the markup of
``renderToString``; the site reads both with the regular expressions of this
module, its one reader of them: which font files a formula's classes draw with
(the fonts a page preloads), which characters its drawn part holds (the
characters the site's fonts keep), and which font files the stylesheet links
(the files site_prepare serves). tests/test_markdown_contracts.py checks them
against the KaTeX that package-lock.json installs; ``CHECKED_AGAINST`` is the
version they were last read against.
"""

from __future__ import annotations

import html
import re

CHECKED_AGAINST = "0.19.1"

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
# Every font file the stylesheet links: "url(fonts/KaTeX_AMS-Regular.woff2)".
FONT_URL = re.compile(r"url\((fonts/[^)]+)\)")

CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
# KaTeX's output holds its MathML first, then the HTML that is drawn.
DRAWN_PART = 'class="katex-html"'
TAG = re.compile(r"<[^>]*>")


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


def font_files(stylesheet: str) -> list[str]:
    """The font files the stylesheet links, from KaTeX's dist folder."""
    return sorted(set(FONT_URL.findall(stylesheet)))


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
