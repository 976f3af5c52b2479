"""Which page an extension is converting, under either engine.

Python-Markdown extensions do not know the page they convert. Zensical tells them
through its rendering context (site_markdown/zensical_page.py). MkDocs does not:
``hooks/page_context.py`` gives each page's Markdown a ``PageExtension`` whose
options name the page, as Zensical gives each its context. Without either
(Markdown converted by hand) there is no page, and what needs one is left out.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from markdown import Extension

from site_markdown.zensical_page import zensical_page


@dataclass(frozen=True)
class Page:
    source: str  # from the docs folder: "autograd/q6-gradient-of-a-function.md"
    url: str  # from the site root: "autograd/q6-gradient-of-a-function/"
    # Zensical rewrites every relative link of a page, raw HTML included, as a
    # path from the page's source file; MkDocs leaves raw HTML as it is.
    engine_rewrites_links: bool = False

    def link_to(self, target: str) -> str:
        """A link to ``target`` (a path from the site root) for this page's HTML."""
        if self.engine_rewrites_links:
            folder = posixpath.dirname(self.source)
        elif self.url.endswith("/") or not self.url:
            folder = self.url
        else:
            folder = posixpath.dirname(self.url)
        return posixpath.relpath(target, folder.strip("/") or ".")


class PageExtension(Extension):
    """The page a Markdown instance converts, for the site's other extensions."""

    def __init__(self, **kwargs):
        self.config = {
            "source": ["", "the page's file from the docs folder: autograd/q6.md"],
            "url": ["", "the page's address from the site root: autograd/q6/"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)


def current_page(md) -> Page | None:
    """The page ``md`` converts, or None if no engine said."""
    if zensical := zensical_page(md):
        return Page(*zensical, engine_rewrites_links=True)
    for extension in md.registeredExtensions:
        if isinstance(extension, PageExtension) and extension.getConfig("source"):
            return Page(extension.getConfig("source"), extension.getConfig("url"))
    return None


def where(md, line: int | None = None) -> str:
    """The page and line a message should name: ``docs/q.md:12``."""
    page = current_page(md)
    name = f"docs/{page.source}" if page else "the page"
    return f"{name}:{line}" if line else name


def makeExtension(**kwargs):
    return PageExtension(**kwargs)
