"""axe-core finds no serious or critical violation on any page, in either scheme;
every image has alt text; headings go down one level at a time.

The light scheme runs every rule. The dark one changes colours only, so there axe
runs its colour rules: those tagged ``cat.color``, less the AAA rule that axe
leaves off by default.
"""

from collections.abc import Iterator

import pytest
from browsing import DESKTOP, PAGES, open_reader, page_id, page_url

from examples import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
EVERY_RULE = "axe.run(document, {resultTypes: ['violations']})"
COLOUR_RULES = """
axe.run(document, {resultTypes: ['violations'], runOnly: axe.getRules(['cat.color'])
  .filter((rule) => !rule.tags.includes('wcag2aaa')).map((rule) => rule.ruleId)})
"""
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


def blocking_violations(shown, scheme: str) -> list[str]:
    # Injected as inline script text: the page requests nothing for it.
    shown.add_script_tag(path=AXE)
    results = shown.evaluate(EVERY_RULE if scheme == "light" else COLOUR_RULES)
    return [
        describe(violation)
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(schemed_readers, scheme, page):
    shown = schemed_readers[scheme].open(page_url(page))
    blocking = blocking_violations(shown, scheme)
    assert not blocking, "\n".join(blocking)


def test_axe_in_the_dark_scheme_finds_text_too_faint_to_read(schemed_readers):
    shown = schemed_readers["dark"].open("")
    # Dark grey on the slate background: a contrast near 1.3:1.
    shown.evaluate("document.querySelector('article p').style.color = '#333333'")
    blocking = blocking_violations(shown, "dark")
    assert any(found.startswith("color-contrast (serious)") for found in blocking), (
        blocking
    )


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
