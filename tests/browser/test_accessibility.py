"""axe-core finds no serious or critical violation on any page, in either scheme;
every image has alt text; headings go down one level at a time."""

from collections.abc import Iterator

import pytest
from browsing import DESKTOP, PAGES, open_reader, page_id, page_url

from examples import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
HEADING_LEVELS = """
() => [...document.querySelector("article").querySelectorAll("h1, h2, h3, h4, h5, h6")]
  .map((heading) => Number(heading.tagName[1]))
"""


@pytest.fixture(scope="module")
def schemed_readers(browser, site_url) -> Iterator[dict]:
    opened = {
        scheme: open_reader(browser, site_url, viewport=DESKTOP, color_scheme=scheme)
        for scheme in ("light", "dark")
    }
    yield opened
    for reader in opened.values():
        reader.close()


def describe(violation: dict) -> str:
    targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
    )


@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(schemed_readers, scheme, page):
    shown = schemed_readers[scheme].open(page_url(page))
    # Injected as inline script text: the page requests nothing for it.
    shown.add_script_tag(path=AXE)
    results = shown.evaluate("axe.run(document, {resultTypes: ['violations']})")
    blocking = [
        describe(violation)
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, "\n".join(blocking)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_images_have_alt_text_and_headings_are_in_order(reader, page):
    shown = reader.open(page_url(page))
    images = shown.locator("article img")
    for index in range(images.count()):
        assert (images.nth(index).get_attribute("alt") or "").strip(), (
            f"an image has no alt text: {images.nth(index).get_attribute('src')}"
        )
    levels = shown.evaluate(HEADING_LEVELS)
    assert levels[0] == 1 and levels.count(1) == 1, "one h1, first"
    jumps = [
        (before, after)
        for before, after in zip(levels, levels[1:], strict=False)
        if after > before + 1
    ]
    assert jumps == [], f"headings skip levels: {levels}"
