"""Link each page that shows code to the notebook of its code, at its title.

``site_prepare`` writes the notebook of ``docs/<part>/<page>.md`` (every example
of the page, or the lab itself) to ``docs/<part>/notebooks/<page>.ipynb``; this
extension links it from every page that has a Python block. A lab's page says
that its blocks continue each other, and links the lab as a Python program too
(``notebooks/<page>.py``).
"""

from __future__ import annotations

import posixpath
import re

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from site_markdown.fences import fences
from site_markdown.page import current_page, where

FIRST_HEADING = re.compile(r"<h1\b")
FIRST_HEADING_END = re.compile(r"</h1>")
# Material's "download" icon (material/templates/.icons/material/download.svg).
DOWNLOAD_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg>'
)


def notebook_path(source: str) -> str:
    """``autograd/q6.md`` -> ``autograd/notebooks/q6.ipynb``."""
    folder, name = posixpath.split(source)
    stem = posixpath.splitext(name)[0]
    return posixpath.join(folder, "notebooks", f"{stem}.ipynb")


class FindsCode(Preprocessor):
    def __init__(self, md, extension: NotebookLinkExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.shows_code = any(
            fence.language == "python"
            for fence in fences("\n".join(lines), where(self.md))
        )
        return lines


class NotebookLink(Postprocessor):
    """Link the page's notebook at its title.

    An answer page's link is a small button floated beside the title, so that
    the answer is the first thing under it; a lab's is a paragraph under the
    title, which says how its blocks run.

    Python-Markdown's toc extension also runs the postprocessors on the inside
    of each heading, to name it; those pieces hold no ``</h1>``, and are left
    alone, or the link's text would become part of every heading's anchor.
    """

    def __init__(self, md, extension: NotebookLinkExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        page = current_page(self.md)
        heading = FIRST_HEADING.search(text)
        heading_end = FIRST_HEADING_END.search(text)
        if page is None or heading_end is None or not self.extension.shows_code:
            return text
        notebook = notebook_path(page.source)
        href = page.link_to(notebook)
        if posixpath.basename(page.source).startswith("lab-"):
            program = page.link_to(posixpath.splitext(notebook)[0] + ".py")
            link = (
                '<p class="page-notebook">This lab is one notebook: each block '
                "continues the blocks above it and does not run alone. Download it "
                f'as a <a href="{href}" download>Jupyter notebook</a> or as a '
                f'<a href="{program}" download>Python program</a>.</p>'
            )
            return text[: heading_end.end()] + link + text[heading_end.end() :]
        button = (
            f'<a class="page-notebook-button" href="{href}" download '
            'aria-label="Download this page\'s code as a Jupyter notebook" '
            'title="Download this page\'s code as a Jupyter notebook">'
            f"{DOWNLOAD_ICON}Notebook</a>"
        )
        return text[: heading.start()] + button + text[heading.start() :]


class NotebookLinkExtension(Extension):
    def extendMarkdown(self, md):
        md.registerExtension(self)
        self.reset()
        md.preprocessors.register(FindsCode(md, self), "finds_code", 39)
        md.postprocessors.register(NotebookLink(md, self), "notebook_link", 24)

    def reset(self):
        self.shows_code = False


def makeExtension(**kwargs):
    return NotebookLinkExtension(**kwargs)
