"""Make the pages mkdocs-jupyter renders from notebooks load nothing from elsewhere.

nbconvert's template puts three scripts into every notebook page: MathJax (an
empty ``src`` when no URL is configured, so the browser fetches the page itself
as a script), its configuration, and a module that imports mermaid from a CDN
when the page has a diagram. None is needed here: this hook removes them and
wraps the ``$...$`` and ``$$...$$`` of the notebook's Markdown cells the way
pymdownx.arithmatex does, so hooks/katex_math.py renders them at build time
like every other formula of the site.
"""

from __future__ import annotations

import re

NOTEBOOK_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
UNNEEDED_SCRIPT = re.compile(r'src=""|mathjax|mermaid', re.IGNORECASE)
MARKDOWN_CELL = re.compile(
    r'(<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>)(.*?)(</div>)', re.DOTALL
)
# A code cell scrolls sideways; keyboard users can scroll it only if it takes focus,
# as the theme's own code blocks do (axe-core rule scrollable-region-focusable).
CODE_CELL = '<div class="highlight-ipynb hl-python">'
FOCUSABLE_CODE_CELL = '<div class="highlight-ipynb hl-python" tabindex="0">'
DISPLAY_MATH = re.compile(r"<p>\s*\$\$(.+?)\$\$\s*</p>", re.DOTALL)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\])\$", re.DOTALL)


def is_notebook_page(page) -> bool:
    return not page.file.src_uri.endswith(".md")


def wrap_math(cell_html: str) -> str:
    cell_html = DISPLAY_MATH.sub(
        lambda m: f'<div class="arithmatex">\\[{m[1]}\\]</div>', cell_html
    )
    return INLINE_MATH.sub(
        lambda m: f'<span class="arithmatex">\\({m[1]}\\)</span>', cell_html
    )


def on_page_content(content: str, page, config, files) -> str:
    if not is_notebook_page(page):
        return content
    content = NOTEBOOK_SCRIPT.sub(
        lambda m: "" if UNNEEDED_SCRIPT.search(m[0]) else m[0], content
    )
    content = content.replace(CODE_CELL, FOCUSABLE_CODE_CELL)
    return MARKDOWN_CELL.sub(lambda m: m[1] + wrap_math(m[2]) + m[3], content)
