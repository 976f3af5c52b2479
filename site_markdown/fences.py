"""The fences of a page, as the build reads them: one model for every reader.

A page's fences sit at its top level or inside admonitions and their
collapsible form (``!!! note``, ``??? note``, ``???+ note``), indented by four
spaces, as Python-Markdown with admonition and pymdownx.details reads them.
markdown-it reads the page the same way with mdit-py-plugins' admonition plugin
(and its front matter plugin for a page's ``---`` header); this module gives
that parser to everyone who looks for fences: site_prepare (notebooks,
figures, the examples the tests run) and pytest-markdown-docs, through its
``pytest_markdown_docs_markdown_it`` hook.

A fence indented under anything else (a content tab, a list item) would be
read as an indented code block, shown to readers as literal text: ``fences``
refuses it, naming its line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

FENCE_MARK = re.compile(r"^(`{3,}|~{3,})")


class UnplacedFence(ValueError):
    """A fence the page model cannot place: it would not render as code."""


@dataclass(frozen=True)
class Fence:
    line: int  # 1-based line of the opening ``` line
    language: str  # "python" for {.python title="a.py"} and python title="a.py"
    info: str  # the opening line after the backticks
    lines: tuple[str, ...]  # the body, without the container's indentation
    end: int  # 1-based line of the closing ``` line (the container's last, unclosed)


def markdown_it() -> MarkdownIt:
    """A markdown-it parser that reads fences where the site's Markdown does."""
    return MarkdownIt("commonmark").use(front_matter_plugin).use(admon_plugin)


def fence_language(info: str) -> str:
    """``{.python title="a.py"}`` or ``python title="a.py"`` -> ``python``."""
    info = info.strip()
    if info.startswith("{"):
        classes = [word for word in info.strip("{}").split() if word.startswith(".")]
        return classes[0][1:] if classes else ""
    return info.split()[0] if info else ""


@functools.lru_cache(maxsize=256)
def fences(text: str, where: str = "the page") -> tuple[Fence, ...]:
    """Each fence of the Markdown ``text``, in order; refuse one it cannot place."""
    found = []
    for token in _parser().parse(text):
        if not token.map:
            continue
        if token.type == "code_block" and FENCE_MARK.match(token.content.lstrip()):
            raise UnplacedFence(
                f"{where}:{token.map[0] + 1}: a fence indented under something that "
                "is neither an admonition nor a collapsible block; Python-Markdown "
                "would show it as literal text"
            )
        if token.type == "fence":
            found.append(
                Fence(
                    token.map[0] + 1,
                    fence_language(token.info),
                    token.info,
                    tuple(token.content.splitlines()),
                    token.map[1],
                )
            )
    return tuple(found)


@functools.cache
def _parser() -> MarkdownIt:
    return markdown_it()
