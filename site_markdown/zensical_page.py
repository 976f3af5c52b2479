"""The page Zensical converts, as its rendering context holds it.

Zensical documents no Python interface for extensions. Each page's Markdown
gets a preprocessor named ``rendering_context``
(``zensical.extensions.context.ContextPreprocessor``) whose ``page`` has the
page's source ``path`` and its ``url``; this module is the one place that reads
it, and tests/test_markdown_contracts.py reads the installed Zensical for what
it relies on. It is found by name, so that a build with MkDocs imports nothing
of Zensical.
"""

from __future__ import annotations

RENDERING_CONTEXT = "rendering_context"


def zensical_page(md) -> tuple[str, str] | None:
    """The source path and URL of the page Zensical converts with ``md``, both from
    the docs folder (``autograd/q6.md``, ``autograd/q6/``), or None."""
    if RENDERING_CONTEXT not in md.preprocessors:
        return None
    page = getattr(md.preprocessors[RENDERING_CONTEXT], "page", None)
    if page is None:
        return None
    return page.path.lstrip("/"), page.url.lstrip("/")
