"""Link each page that shows code to the notebook of its code, at its title.

``site_prepare`` writes the notebook of ``docs/<part>/<page>.md`` (every example
of the page, or the lab itself) to ``docs/<part>/notebooks/<page>.ipynb``; this
extension links it from every page that has a Python block. A lab's page says
that its blocks continue each other, and links the lab as a Python program too
(``notebooks/<page>.py``).
"""

from __future__ import annotations

import posixpath

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from site_markdown import raw_html
from site_markdown.fences import fences
from site_markdown.page import current_page, where

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


class NotebookLink(Treeprocessor):
    """Link the page's notebook at its title.

    An answer page's link is a small button floated beside the title, so that
    the answer is the first thing under it; a lab's is a paragraph under the
    title, which says how its blocks run.
    """

    def __init__(self, md, extension: NotebookLinkExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        page = current_page(self.md)
        heading = next(root.iter("h1"), None)
        if page is None or heading is None or not self.extension.shows_code:
            return
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
            raw_html.insert_after(self.md, heading, link)
            return
        button = (
            f'<a class="page-notebook-button" href="{href}" download '
            'aria-label="Download this page\'s code as a Jupyter notebook" '
            'title="Download this page\'s code as a Jupyter notebook">'
            f"{DOWNLOAD_ICON}Notebook</a>"
        )
        raw_html.insert_before(
            self.md, raw_html.parents(root)[heading], heading, button
        )


class NotebookLinkExtension(Extension):
    def extendMarkdown(self, md):
        md.registerExtension(self)
        self.reset()
        md.preprocessors.register(FindsCode(md, self), "finds_code", 39)
        # After the tree is laid out (prettify, 10): the link's HTML keeps the
        # line breaks around the title.
        md.treeprocessors.register(NotebookLink(md, self), "notebook_link", 3)

    def reset(self):
        self.shows_code = False


def makeExtension(**kwargs):
    return NotebookLinkExtension(**kwargs)
