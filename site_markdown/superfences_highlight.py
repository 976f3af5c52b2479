"""Code highlighted as SuperFences highlights a fence: the site's one use of
pymdown-extensions' undocumented parts.

A folded block (folded_code.py) shows several pieces of code, each as any other
block of the page shows its code, so each is highlighted by the method SuperFences
highlights every fence with, ``md.preprocessors["fenced_code_block"].highlight``,
with the page's pymdownx.highlight settings. pymdown-extensions documents custom
fences' formatters, not that method; tests/test_markdown_contracts.py reads what
this module relies on in the installed version, so that an upgrade that changes
it fails there, naming the version.
"""

from __future__ import annotations

import re

# SuperFences' preprocessor, under the name it registers it by.
FENCES = "fenced_code_block"
# What highlight() returns: the block's <pre> in pymdownx.highlight's wrapper.
PRE = re.compile(r"<pre\b.*</pre>", re.DOTALL)
# Pygments wraps runs of whitespace in spans that no style colours.
WHITESPACE_SPAN = re.compile(r'<span class="w">(\s+)</span>')
# Settings of pymdownx.highlight that give each block ids from its place on the
# page: with any of them on, a block's HTML is not a function of its code alone.
PER_BLOCK_IDS = ("linenums", "line_spans", "line_anchors", "anchor_linenums")
# Highlighted code by its code and settings: Pygments is a large share of each
# rebuild under `mkdocs serve`, and a page folds the same modules as the page before.
_HIGHLIGHTED: dict[tuple, str] = {}
MOST_KEPT_HIGHLIGHTS = 2048


def highlight_settings(md) -> dict:
    """The settings of the page's pymdownx.highlight, as SuperFences finds them."""
    for extension in md.registeredExtensions:
        if hasattr(extension, "get_pymdownx_highlight_settings"):
            return extension.get_pymdownx_highlight_settings()
    return {}


def highlighted_pre(md, code: str, hl_lines: list[int] | None = None) -> str:
    """The ``<pre>`` that SuperFences makes of the Python ``code`` in any block."""
    settings = highlight_settings(md)
    if any(settings.get(name) for name in PER_BLOCK_IDS):
        return _highlighted_pre(md, code, hl_lines)
    key = (
        code,
        tuple(hl_lines or ()),
        repr(settings),
        repr(md.preprocessors[FENCES].config),
    )
    if key not in _HIGHLIGHTED:
        if len(_HIGHLIGHTED) >= MOST_KEPT_HIGHLIGHTS:
            _HIGHLIGHTED.clear()
        _HIGHLIGHTED[key] = _highlighted_pre(md, code, hl_lines)
    return _HIGHLIGHTED[key]


def _highlighted_pre(md, code: str, hl_lines: list[int] | None) -> str:
    options = {"hl_lines": " ".join(map(str, hl_lines))} if hl_lines else {}
    block = md.preprocessors[FENCES].highlight(
        src=code,
        language="python",
        options=options,
        md=md,
        classes=[],
        id_value="",
        attrs={},
    )
    return WHITESPACE_SPAN.sub(r"\1", PRE.search(block)[0])
