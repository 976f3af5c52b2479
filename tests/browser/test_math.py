"""Every formula of a page's Markdown is on screen as KaTeX, no TeX shows raw, and
every KaTeX font a page draws with is preloaded."""

import pytest
from browsing import PAGES

from site_prepare.pages import page_id
from site_tools.builds import formulas_in


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_formula_of_the_page_is_rendered_math(visits, page):
    seen = visits.desktop(page)
    assert seen.raw_tex == [], "raw TeX is visible on the page"
    assert seen.katex_errors == 0
    assert len(seen.formulas) == formulas_in(page)
    assert all(formula["drawn"] for formula in seen.formulas)
    assert not any(formula["errorColoured"] for formula in seen.formulas)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_katex_font_the_page_draws_with_is_preloaded(visits, page):
    """A font found only while laying out the math arrives late; KaTeX's stylesheet
    hides the formula's text until it has (font-display: block). Measured on a
    reader arriving at the page, with nothing cached from other pages."""
    fonts = visits.arrival(page).fonts
    if formulas_in(page) == 0:
        assert fonts == {"requested": [], "preloaded": []}
        return
    assert fonts["requested"], "the page's math loads no KaTeX font"
    assert sorted(set(fonts["requested"]) - set(fonts["preloaded"])) == []
