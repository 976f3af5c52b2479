"""The project's copies of theme templates (overrides/) follow the theme's own.

overrides/partials/palette.html is the theme's palette switch with one change: its
form is no longer the theme's palette component, for docs/javascripts/palette.js to
run. Should an upgrade of either engine change the theme's file, these fail, and the
copy must be made again from the new file.
"""

import re
from pathlib import Path

import material
import pytest
import zensical

from examples import ROOT

OVERRIDE = ROOT / "overrides" / "partials" / "palette.html"
THEMES = {
    "mkdocs-material": Path(material.__file__).parent / "templates",
    "zensical": Path(zensical.__file__).parent / "templates",
}
THEIR_FORM = '<form class="md-header__option" data-md-component="palette">'
OUR_FORM = '<form class="md-header__option" data-palette-switch>'
HEADER_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)


def template_body(path: Path) -> str:
    """A template without the comment it opens with."""
    return HEADER_COMMENT.sub("", path.read_text(encoding="utf-8"), count=1)


@pytest.mark.parametrize("engine", THEMES)
def test_the_palette_override_is_the_themes_file_but_for_its_form(engine):
    theirs = template_body(THEMES[engine] / "partials" / "palette.html")
    assert theirs.count(THEIR_FORM) == 1, f"{engine}'s palette form changed"
    assert template_body(OVERRIDE) == theirs.replace(THEIR_FORM, OUR_FORM)
