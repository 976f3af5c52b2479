"""No page scrolls sideways, on a desktop or on a 375 px phone, and the site takes
the scheme the reader's system asks for. With ``--screenshots``, every page in light
and dark on both screens is also saved as a full-page screenshot, for people to
look at."""

from collections.abc import Iterator

import pytest
from browsing import DESKTOP, PAGES, PHONE, open_reader, page_id, page_url

# mkdocs.yml's palette: the scheme shown to a reader whose system asks for it.
SCHEMES = {"light": "default", "dark": "slate"}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}
# What is wider than the window: elements whose right edge passes it and that do not
# sit inside a box that scrolls by itself (code blocks, display math, tables).
OVERFLOWING = """
() => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
  .filter((element) => !element.parentElement.closest(
    "pre, .arithmatex, .md-typeset__scrollwrap, .md-sidebar, .md-search, .md-nav"))
  .map((element) => element.tagName + "." + element.className)
"""


def pytest_generate_tests(metafunc):
    # The schemes differ in colours only (readable.css, the palette), not in
    # widths, so without screenshots to take the light one is measured alone.
    if "view" in metafunc.fixturenames:
        schemes = SCHEMES if metafunc.config.getoption("--screenshots") else ["light"]
        views = [(scheme, screen) for scheme in schemes for screen in SCREENS]
        metafunc.parametrize("view", views, ids=["-".join(v) for v in views])


@pytest.fixture(scope="module")
def readers(browser, site_url) -> Iterator[dict]:
    opened = {
        (scheme, screen): open_reader(
            browser, site_url, viewport=SCREENS[screen], color_scheme=scheme
        )
        for scheme in SCHEMES
        for screen in SCREENS
    }
    yield opened
    for reader in opened.values():
        reader.close()


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_does_not_scroll_sideways(readers, request, view, page):
    shown = readers[view].open(page_url(page))
    if request.config.getoption("--screenshots"):
        folder = request.getfixturevalue("artifacts") / "-".join(view)
        name = page_id(page).removesuffix(".md").replace("/", "-")
        shown.screenshot(path=folder / f"{name}.png", full_page=True)
    sideways = shown.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, (
        f"the page scrolls {sideways} px sideways; too wide: {shown.evaluate(OVERFLOWING)}"
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_page_takes_the_scheme_the_reader_s_system_asks_for(readers, scheme):
    shown = readers[scheme, "desktop"].open("")
    assert (
        shown.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    )
