"""What ``mkdocs serve`` keeps from one rebuild to the next.

MkDocs' server builds the whole site again on every change, with a new
configuration and theme each time, so what outlives a build lives in this imported
module. ``serve_quickly`` changes mkdocs-material for the rest of the process;
``hooks/serve_speed.py`` calls it when ``mkdocs serve`` starts, and never for
``mkdocs build`` or ``mkdocs gh-deploy``, so that the published site is made by
the packages as they are. What is kept is mkdocs-material's parse of each page's
HTML into search sections, by the HTML, so a rebuild still renders and checks
every page as ``make build`` does.

The change relies on a part of mkdocs-material that it does not document;
tests/test_serve_patches.py reads that part in the installed package. A change
stays only while it saves at least a tenth of an edit's time, which the
Performance page measures with and without it (``LEAVE_OUT``); the theme's
kept template bytecode and a quicker look for changes went for saving less.
"""

from __future__ import annotations

import functools
import os
import pickle

from material.plugins.search import plugin as material_search

# Material's own parser, before keep_search_parses puts KeptParser in its place.
_MATERIAL_PARSER = material_search.Parser


# Kept by HTML, pickled: a bound of 64, as each edit of a page adds a parse.
@functools.lru_cache(maxsize=64)
def _sections(html: str) -> bytes:
    parser = _MATERIAL_PARSER()
    parser.feed(html)
    parser.close()
    return pickle.dumps(parser.data)


class KeptParser(_MATERIAL_PARSER):
    """Material's search parser, giving the sections it found for HTML it has seen.

    Material's index feeds a page's HTML to a new parser, closes it, and takes its
    ``data``; the index then changes those sections (an untitled one gets the
    page's title), so each parser gets a copy of the kept ones.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._fed: list[str] = []

    def feed(self, data: str) -> None:
        self._fed.append(data)

    def close(self) -> None:
        self.data = pickle.loads(_sections("".join(self._fed)))


def keep_search_parses() -> None:
    """Have Material's search index parse each page's HTML through KeptParser."""
    material_search.Parser = KeptParser


# Each change above, by the name of what it replaces.
REPLACEMENTS = {
    "material.plugins.search.plugin.Parser": keep_search_parses,
}
# The changes serve_quickly leaves out, named as in REPLACEMENTS, separated by
# commas: benchmarks/editing.py times an edit without each, to show what each saves.
LEAVE_OUT = "SITE_SERVE_LEAVE_OUT"


def serve_quickly() -> None:
    """Make every change above that LEAVE_OUT does not name, for the rest of the
    process."""
    left_out = {name for name in os.environ.get(LEAVE_OUT, "").split(",") if name}
    if unknown := left_out - set(REPLACEMENTS):
        raise ValueError(
            f"{LEAVE_OUT} names {sorted(unknown)}, not among site_serve's "
            f"replacements {list(REPLACEMENTS)}"
        )
    for name, replace in REPLACEMENTS.items():
        if name not in left_out:
            replace()
