"""Which page an extension is converting, under either engine.

Python-Markdown extensions do not know the page they convert. Zensical tells them
through its rendering-context preprocessor; under MkDocs, ``hooks/page_context.py``
sets the page before each page is converted. Without either (Markdown converted by
hand, as in the unit tests) there is no page, and what needs one is left out.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


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


_mkdocs_page: Page | None = None


def set_mkdocs_page(source: str, url: str) -> None:
    global _mkdocs_page
    _mkdocs_page = Page(source, url)


def current_page(md) -> Page | None:
    """The page ``md`` converts, or None if no engine said."""
    for processor in md.preprocessors:
        zensical_page = getattr(processor, "page", None)
        if getattr(processor, "name", None) == "rendering_context" and zensical_page:
            return Page(
                zensical_page.path.lstrip("/"),
                zensical_page.url.lstrip("/"),
                engine_rewrites_links=True,
            )
    return _mkdocs_page


def where(md, line: int | None = None) -> str:
    """The page and line a message should name: ``docs/q.md:12``."""
    page = current_page(md)
    name = f"docs/{page.source}" if page else "the page"
    return f"{name}:{line}" if line else name
