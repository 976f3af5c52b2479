"""What a reader sees of code, outputs and formulas: nothing too long, nothing cut off.

- No Python block shows more than 40 lines before the reader opens a fold.
- At 1280 px no code line scrolls sideways, folds opened; at 375 px no output
  and no display formula is wider than its box.
- A fold opens from the keyboard, tells screen readers whether it is open, and
  opens without JavaScript.

Each measurement is a function of the page, and each is shown to find the fault
it looks for on a page broken on purpose (the last tests).
"""

import pytest
from browsing import DESKTOP, PAGES, PHONE, open_reader, page_id, page_url

MOST_SHOWN_LINES = 40

# Lines in view of each Python block: the lines of its parts in view, and one line
# for each closed fold or link to a fold.
SHOWN_LINES = """
() => [...document.querySelectorAll("article .highlight.program")].map((block) => {
  let lines = 0;
  for (const part of block.children) {
    if (part.matches("pre")) {
      lines += part.querySelector("code").textContent.replace(/\\n$/, "").split("\\n").length;
    } else if (part.matches("details[open]")) {
      lines += 1 + part.querySelector("pre code").textContent.replace(/\\n$/, "").split("\\n").length;
    } else if (part.matches("details, .program-fold--above")) {
      lines += 1;
    }
  }
  const title = block.querySelector(".filename");
  return {block: title ? title.textContent : "(untitled)", lines: lines};
})
"""
OPEN_EVERY_FOLD = (
    "document.querySelectorAll('article details').forEach((d) => d.open = true)"
)
# Boxes whose content is wider than the box, by how many pixels.
TOO_WIDE = """
(selector) => [...document.querySelectorAll(selector)]
  .filter((box) => box.getClientRects().length > 0)
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => ({text: box.textContent.slice(0, 60), by: box.scrollWidth - box.clientWidth}))
"""
# Code boxes scroll in their <code> element, not in the <pre> around it.
CODE = "article pre > code"
OUTPUTS = "article .highlight:not(.program) pre > code"
DISPLAY_FORMULAS = "article .katex-display"
# Display formulas that pass the edge of the screen.
PAST_THE_SCREEN = """
() => [...document.querySelectorAll("article .katex-display > .katex")]
  .filter((formula) => formula.getBoundingClientRect().right > window.innerWidth + 1)
  .map((formula) => formula.textContent.slice(0, 60))
"""


@pytest.fixture(scope="module")
def phone(browser, site_url):
    reader = open_reader(browser, site_url, viewport=PHONE, color_scheme="light")
    yield reader
    reader.close()


def shown_lines(shown) -> list[dict]:
    return shown.evaluate(SHOWN_LINES)


def too_long(shown) -> list[dict]:
    return [block for block in shown_lines(shown) if block["lines"] > MOST_SHOWN_LINES]


def too_wide(shown, selector: str) -> list[dict]:
    return shown.evaluate(TOO_WIDE, selector)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_no_python_block_shows_more_than_40_lines(reader, page):
    shown = reader.open(page_url(page))
    assert too_long(shown) == []


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_no_code_line_scrolls_sideways_on_a_desktop(reader, page):
    shown = reader.open(page_url(page))
    shown.evaluate(OPEN_EVERY_FOLD)
    assert too_wide(shown, CODE) == []


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_outputs_and_formulas_fit_a_phone(phone, page):
    shown = phone.open(page_url(page))
    assert too_wide(shown, OUTPUTS) == []
    assert too_wide(shown, DISPLAY_FORMULAS) == []
    assert shown.evaluate(PAST_THE_SCREEN) == []


FOLDED_PAGE = "diffusion/q4-unet-downsampling/"
FIRST_FOLD = "article .highlight.program details.program-fold"


def expanded_states(shown) -> list[bool]:
    """What the accessibility tree tells screen readers of each disclosure."""
    tree = shown.context.new_cdp_session(shown).send("Accessibility.getFullAXTree")
    return [
        prop["value"]["value"]
        for node in tree["nodes"]
        if node["role"]["value"] == "DisclosureTriangle"
        for prop in node.get("properties", [])
        if prop["name"] == "expanded"
    ]


def test_a_fold_opens_from_the_keyboard_and_says_whether_it_is_open(reader):
    shown = reader.open(FOLDED_PAGE)
    fold = shown.locator(FIRST_FOLD).first
    assert not fold.evaluate("details => details.open")
    assert expanded_states(shown)[0] is False
    fold.locator("summary").focus()
    shown.keyboard.press("Enter")
    assert fold.evaluate("details => details.open")
    assert expanded_states(shown)[0] is True
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
        assert "class TimeConditionedBlock" in fold.locator("pre code").inner_text()
    finally:
        reader.close()


# The measurements above find what they look for.


def test_the_line_count_finds_a_block_too_long(reader):
    shown = reader.open(FOLDED_PAGE)
    assert too_long(shown) == []
    shown.evaluate(OPEN_EVERY_FOLD)
    assert too_long(shown), "with every fold open, Q4's examples show over 40 lines"


def test_the_width_checks_find_code_outputs_and_formulas_too_wide(phone):
    shown = phone.open("diffusion/q1-sinusoidal-embedding/")
    assert too_wide(shown, OUTPUTS) == [] and too_wide(shown, DISPLAY_FORMULAS) == []
    shown.add_style_tag(
        content=".md-typeset pre > code { white-space: pre !important; } "
        ".katex-display { font-size: 3em !important; }"
    )
    assert too_wide(shown, OUTPUTS), "outputs that do not wrap overflow a phone"
    assert too_wide(shown, DISPLAY_FORMULAS) or shown.evaluate(PAST_THE_SCREEN)
    assert too_wide(shown, CODE)
