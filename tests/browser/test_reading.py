"""What a reader sees of code, outputs and formulas: nothing too long, nothing cut off.

- No Python block shows more than 40 lines before the reader opens a fold.
- At 1280 px no code line scrolls sideways, folds opened; at 375 px no output
  and no display formula is wider than its box.
- A fold opens from the keyboard, tells screen readers whether it is open, and
  opens without JavaScript.
- Code blocks and tables below the screen are laid out as the reader nears them,
  and all of them on paper.

Each measurement is a function of the page (measures.py), taken once per page
and view (visits.py), and each is shown to find the fault it looks for on a page
broken on purpose (the last tests).
"""

import time

import pytest
from browsing import PAGES, open_reader
from measures import (
    CODE,
    DISPLAY_FORMULAS,
    OPEN_EVERY_FOLD,
    OUTPUTS,
    PAST_THE_SCREEN,
    too_long,
    too_wide,
)

from site_prepare.local_browser import DESKTOP, PHONE
from site_prepare.pages import page_id


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_no_python_block_shows_more_than_40_lines(visits, page):
    assert visits.desktop(page).too_long == []


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_no_code_line_scrolls_sideways_on_a_desktop(visits, page):
    assert visits.desktop(page).code_too_wide_folds_open == []


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_outputs_and_formulas_fit_a_phone(visits, page):
    seen = visits.phone(page)
    assert seen.outputs_too_wide == []
    assert seen.formulas_too_wide == []
    assert seen.formulas_past_the_screen == []


# Q3's first example folds sinusoidal_embedding, in the open; Q4's examples,
# each in a fold of its own, show over 40 lines with every fold open.
FOLDED_PAGE = "diffusion/q3-positional-vs-timestep/"
FIRST_FOLD = "article > .highlight.program details.program-fold"
LONG_PROGRAMS_PAGE = "diffusion/q4-unet-downsampling/"


def expanded_state(shown, summary: str) -> bool:
    """What the accessibility tree tells screen readers of the disclosure whose
    summary starts with ``summary``."""
    tree = shown.context.new_cdp_session(shown).send("Accessibility.getFullAXTree")
    (expanded,) = [
        prop["value"]["value"]
        for node in tree["nodes"]
        if node["role"]["value"] == "DisclosureTriangle"
        and node.get("name", {}).get("value", "").startswith(summary)
        for prop in node.get("properties", [])
        if prop["name"] == "expanded"
    ]
    return expanded


def test_a_fold_opens_from_the_keyboard_and_says_whether_it_is_open(reader):
    shown = reader.open(FOLDED_PAGE)
    fold = shown.locator(FIRST_FOLD).first
    summary = fold.locator("summary").inner_text()[:30]
    assert not fold.evaluate("details => details.open")
    assert expanded_state(shown, summary) is False
    fold.locator("summary").focus()
    shown.keyboard.press("Enter")
    assert fold.evaluate("details => details.open")
    assert expanded_state(shown, summary) is True
    shown.keyboard.press("Enter")
    assert not fold.evaluate("details => details.open")


def test_folded_code_is_there_without_javascript(browser, site_url):
    reader = open_reader(browser, site_url, viewport=DESKTOP, java_script_enabled=False)
    try:
        shown = reader.page
        shown.goto(site_url + FOLDED_PAGE)
        fold = shown.locator(FIRST_FOLD).first
        fold.locator("summary").click()
        assert fold.evaluate("details => details.open")
        assert "def sinusoidal_embedding" in fold.locator("pre code").inner_text()
    finally:
        reader.close()


# Pages whose last code block (the energy lab, its code unfolded) or table (the
# Performance page) lies far below a phone's first screen.
DEFERRED_BOXES = {
    "autograd/lab-energy-model/": "article .highlight code",
    "about/performance/": "article table td",
}
# Whether each of the boxes ``selector`` finds is laid out, in page order, but for
# those in a closed fold, which a reader opens first.
LAID_OUT = """
(selector) => [...document.querySelectorAll(selector)]
  .filter((box) => !box.closest("details:not([open])"))
  .map((box) => box.checkVisibility({contentVisibilityAuto: true}))
"""


def lay_out_the_last(shown, selector: str) -> bool:
    """Scroll to the last box ``selector`` finds; whether it is then laid out."""
    shown.locator(selector).last.scroll_into_view_if_needed()
    deadline = time.monotonic() + 5
    while not shown.evaluate(LAID_OUT, selector)[-1]:
        if time.monotonic() > deadline:
            return False
        shown.wait_for_timeout(50)
    return True


@pytest.mark.parametrize(
    ("address", "java_script"),
    [
        ("autograd/lab-energy-model/", True),
        ("about/performance/", True),
        # Without JavaScript the theme never wraps the tables.
        ("about/performance/", False),
    ],
    ids=["code blocks", "tables", "tables without JavaScript"],
)
def test_a_box_below_the_screen_is_laid_out_as_the_reader_nears_it(
    browser, site_url, address, java_script
):
    reader = open_reader(
        browser, site_url, viewport=PHONE, java_script_enabled=java_script
    )
    try:
        shown = reader.page
        shown.goto(site_url + address)
        selector = DEFERRED_BOXES[address]
        assert not shown.evaluate(LAID_OUT, selector)[-1], "the last box laid out"
        assert lay_out_the_last(shown, selector), "the last box never laid out"
        assert shown.locator(selector).last.inner_text().strip()
    finally:
        reader.close()


@pytest.mark.parametrize("address", DEFERRED_BOXES)
def test_on_paper_every_code_block_and_table_is_laid_out(visits, address):
    shown = visits.reader("light", "phone").open(address)
    shown.emulate_media(media="print")
    try:
        # Seen from the top of the page, far from the last boxes.
        assert all(shown.evaluate(LAID_OUT, DEFERRED_BOXES[address]))
    finally:
        shown.emulate_media(media="screen")


# The measurements above find what they look for.


def test_the_line_count_finds_a_block_too_long(reader):
    shown = reader.open(LONG_PROGRAMS_PAGE)
    assert too_long(shown) == []
    shown.evaluate(OPEN_EVERY_FOLD)
    assert too_long(shown), "with every fold open, Q4's examples show over 40 lines"


def test_the_width_checks_find_code_outputs_and_formulas_too_wide(visits):
    shown = visits.reader("light", "phone").open("diffusion/q1-sinusoidal-embedding/")
    assert too_wide(shown, OUTPUTS) == [] and too_wide(shown, DISPLAY_FORMULAS) == []
    shown.add_style_tag(
        content=".md-typeset pre > code { white-space: pre !important; } "
        ".katex-display { font-size: 3em !important; }"
    )
    assert too_wide(shown, OUTPUTS), "outputs that do not wrap overflow a phone"
    assert too_wide(shown, DISPLAY_FORMULAS) or shown.evaluate(PAST_THE_SCREEN)
    assert too_wide(shown, CODE)
