"""No page scrolls sideways, on a desktop or on a 375 px phone, and the site takes
the scheme the reader's system asks for. With ``--screenshots``, every page in light
and dark on both screens is also saved as a full-page screenshot, for people to
look at (visits.py takes them)."""

import pytest
from browsing import PAGES
from visits import SCHEMES, SCREENS

from site_prepare.pages import page_id


def pytest_generate_tests(metafunc):
    # The schemes differ in colours only (readable.css, the palette), not in
    # widths, so without screenshots to take the light one is measured alone.
    if "view" in metafunc.fixturenames:
        schemes = SCHEMES if metafunc.config.getoption("--screenshots") else ["light"]
        views = [(scheme, screen) for scheme in schemes for screen in SCREENS]
        metafunc.parametrize("view", views, ids=["-".join(v) for v in views])


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_does_not_scroll_sideways(visits, view, page):
    sideways = visits.sideways(*view, page)
    assert sideways["by"] <= 0, (
        f"the page scrolls {sideways['by']} px sideways; too wide: "
        f"{sideways['too wide']}"
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_page_takes_the_scheme_the_reader_s_system_asks_for(visits, scheme):
    shown = visits.reader(scheme, "desktop").open("")
    assert (
        shown.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    )
