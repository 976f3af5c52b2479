"""Every page in light and dark, on a desktop and on a phone: screenshots for people
to look at, and no page that scrolls sideways on a 375 px phone."""

from collections.abc import Iterator

import pytest
from browsing import DESKTOP, PAGES, PHONE, open_reader, page_id, page_url

# mkdocs.yml's palette: the scheme shown to a reader whose system asks for it.
SCHEMES = {"light": "default", "dark": "slate"}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}
VIEWS = [(scheme, screen) for scheme in SCHEMES for screen in SCREENS]
# What is wider than the window: elements whose right edge passes it and that do not
# sit inside a box that scrolls by itself (code blocks, display math, tables).
OVERFLOWING = """
() => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
  .filter((element) => !element.parentElement.closest(
    "pre, .arithmatex, .md-typeset__scrollwrap, .md-sidebar, .md-search, .md-nav"))
  .map((element) => element.tagName + "." + element.className)
"""


@pytest.fixture(scope="module")
def readers(browser, site_url) -> Iterator[dict]:
    opened = {
        (scheme, screen): open_reader(
            browser, site_url, viewport=SCREENS[screen], color_scheme=scheme
        )
        for scheme, screen in VIEWS
    }
    yield opened
    for reader in opened.values():
        reader.close()


@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("scheme, screen", VIEWS, ids=["-".join(v) for v in VIEWS])
def test_page_in_each_scheme_and_screen(readers, artifacts, scheme, screen, page):
    shown = readers[scheme, screen].open(page_url(page))
    assert (
        shown.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    )
    name = page_id(page).removesuffix(".md").replace("/", "-")
    shown.screenshot(
        path=artifacts / f"{scheme}-{screen}" / f"{name}.png", full_page=True
    )
    sideways = shown.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, (
        f"the page scrolls {sideways} px sideways; too wide: {shown.evaluate(OVERFLOWING)}"
    )
