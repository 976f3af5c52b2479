"""axe-core finds no serious or critical violation on any page, in either scheme;
every image has alt text; headings go down one level at a time.

The light scheme runs every rule. The dark one changes colours only, so there axe
runs its colour rules: those tagged ``cat.color``, less the AAA rule that axe
leaves off by default.
"""

import pytest
from browsing import PAGES
from measures import COLOUR_RULES, blocking_violations

from site_prepare.pages import page_id


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_axe_finds_no_serious_violation_in_the_light_scheme(visits, page):
    blocking = visits.desktop(page).axe
    assert not blocking, "\n".join(blocking)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_axe_finds_no_serious_colour_violation_in_the_dark_scheme(visits, page):
    blocking = visits.dark(page).axe
    assert not blocking, "\n".join(blocking)


def test_axe_in_the_dark_scheme_finds_text_too_faint_to_read(visits):
    shown = visits.reader("dark", "desktop").open("")
    # Dark grey on the slate background: a contrast near 1.3:1.
    shown.evaluate("document.querySelector('article p').style.color = '#333333'")
    blocking = blocking_violations(shown, COLOUR_RULES)
    assert any(found.startswith("color-contrast (serious)") for found in blocking), (
        blocking
    )


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_images_have_alt_text_and_headings_are_in_order(visits, page):
    seen = visits.desktop(page)
    assert seen.images_without_alt == [], "images without alt text"
    levels = seen.heading_levels
    assert levels[0] == 1 and levels.count(1) == 1, "one h1, first"
    jumps = [
        (before, after)
        for before, after in zip(levels, levels[1:], strict=False)
        if after > before + 1
    ]
    assert jumps == [], f"headings skip levels: {levels}"
