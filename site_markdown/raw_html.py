"""HTML an extension puts into the element tree as the page's own raw HTML.

Python-Markdown keeps raw HTML out of the tree, as a placeholder in the text
that its raw HTML postprocessor replaces with the HTML once the tree is written
out; HTML put in this way reaches the page exactly as written. MkDocs checks and
rewrites only the links of the tree's own elements, not those of raw HTML, as it
does for HTML typed in a page.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree


def parents(root: etree.Element) -> dict[etree.Element, etree.Element]:
    """Each element under ``root`` -> the element that holds it."""
    return {child: parent for parent in root.iter() for child in parent}


def _put_before(parent: etree.Element, element: etree.Element, text: str) -> None:
    index = list(parent).index(element)
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        parent[index - 1].tail = (parent[index - 1].tail or "") + text


def insert_before(md, parent: etree.Element, element: etree.Element, html: str) -> None:
    """Put ``html`` right before ``element``, a child of ``parent``."""
    _put_before(parent, element, md.htmlStash.store(html))


def insert_after(md, element: etree.Element, html: str) -> None:
    """Put ``html`` right after ``element``."""
    element.tail = md.htmlStash.store(html) + (element.tail or "")


def replace(
    md, parent: etree.Element, element: etree.Element, html: str, tail: str
) -> None:
    """Put ``html``, then ``tail``, where ``element`` (and its tail) stood."""
    _put_before(parent, element, md.htmlStash.store(html) + tail)
    parent.remove(element)
