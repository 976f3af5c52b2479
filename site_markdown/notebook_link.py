"""Link each page that shows code to the notebook of its code, under its title.

``site_prepare`` writes the notebook of ``docs/<part>/<page>.md`` (every example
of the page, or the lab itself) to ``docs/<part>/notebooks/<page>.ipynb``; this
extension links it from every page that has a Python block.
"""

from __future__ import annotations

import posixpath
import re

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from site_markdown.fences import fences
from site_markdown.page import current_page, where

FIRST_HEADING_END = re.compile(r"</h1>")


def notebook_path(source: str) -> str:
    """``autograd/q6.md`` -> ``autograd/notebooks/q6.ipynb``."""
    folder, name = posixpath.split(source)
    stem = posixpath.splitext(name)[0]
    return posixpath.join(folder, "notebooks", f"{stem}.ipynb")


class FindsCode(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        self.md.page_shows_code = any(
            fence.language == "python"
            for fence in fences("\n".join(lines), where(self.md))
        )
        return lines


class NotebookLink(Postprocessor):
    """Insert the link after the page's title.

    Python-Markdown's toc extension also runs the postprocessors on the inside
    of each heading, to name it; those pieces hold no ``</h1>``, and are left
    alone, or the link's text would become part of every heading's anchor.
    """

    def run(self, text: str) -> str:
        page = current_page(self.md)
        heading_end = FIRST_HEADING_END.search(text)
        shows_code = getattr(self.md, "page_shows_code", False)
        if page is None or heading_end is None or not shows_code:
            return text
        href = page.link_to(notebook_path(page.source))
        link = (
            f'<p class="page-notebook"><a href="{href}" download>'
            "Download this page's code as a Jupyter notebook</a></p>"
        )
        return text[: heading_end.end()] + link + text[heading_end.end() :]


class NotebookLinkExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(FindsCode(md), "finds_code", 39)
        md.postprocessors.register(NotebookLink(md), "notebook_link", 24)


def makeExtension(**kwargs):
    return NotebookLinkExtension(**kwargs)
