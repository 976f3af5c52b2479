"""The answer in a student's hands: copied, read at body size, found at once.

- Copying a selection that holds math gives each formula as its TeX between
  dollar signs (KaTeX's copy-tex), never its characters twice.
- Each Answer box's button copies the answer as Markdown with TeX math.
- Answer boxes read at body size, in both schemes.
- Each answer, and the example that shows it, is on the first screen where a
  reader lands (the page, or the part's anchor), at 1280 px; with its folds
  closed, no answer page is taller than 4,000 px.
- On a phone, a copy button covers no code, and a short inline formula never
  breaks across two lines.
"""

from __future__ import annotations

import pytest
from browsing import LAB_PAGES, PAGES, scroll_past_every_code_block
from measures import LAY_OUT_EVERY_BOX

from examples import DOCS
from site_prepare.local_browser import PHONE
from site_prepare.pages import page_id, page_url, question_pages

ANSWER_PAGES = question_pages()
TALLEST_ANSWER_PAGE = 4000
BODY_SIZE = 16
# Short enough that breaking it would split an expression a reader reads at once.
SHORT_FORMULA = 20
SELECT_AND_COPY = """
(selector) => {
  const element = document.querySelector(selector);
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  document.execCommand("copy");
}
"""


def copied_selection(reader, url: str, selector: str) -> str:
    shown = reader.open(url)
    shown.evaluate("navigator.clipboard.writeText('')")
    shown.evaluate(SELECT_AND_COPY, selector)
    return shown.evaluate("navigator.clipboard.readText()")


def test_copying_math_gives_its_tex_between_dollar_signs(reader):
    q6a = "article p:has(a[href$='q6-gradient-of-a-function/#q6a'])"
    copied = copied_selection(reader, "", q6a)
    assert "$dy/dx = 2x + 3$, which is\n$2 \\cdot 2 + 3 = 7$ at $x = 2$" in (
        copied.replace("\n", " ").replace("  ", " ").replace(" $2", "\n$2", 1)
    ), copied
    assert "ω\nk" not in copied and "x\n=\n2" not in copied


def test_copying_without_copy_tex_doubles_every_character(reader):
    """What copy-tex prevents: the HTML and the MathML of a formula both copied."""
    shown = reader.open("")
    shown.evaluate("navigator.clipboard.writeText('')")
    shown.evaluate(
        """() => {
          const copy = (event) => event.stopImmediatePropagation();
          document.addEventListener("copy", copy, true);
        }"""
    )
    shown.evaluate(SELECT_AND_COPY, "article .katex")
    copied = shown.evaluate("navigator.clipboard.readText()")
    assert "$" not in copied and len(copied) > 0


def test_an_answer_box_copies_its_answer_as_markdown_with_tex(reader):
    shown = reader.open("diffusion/q2-embedding-d8-t1/")
    shown.evaluate("navigator.clipboard.writeText('')")
    shown.locator(".admonition.abstract button.answer-copy").first.click()
    shown.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
    copied = shown.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("With $d = 8$ there are four pairs")
    assert "**Interleaved.**" in copied and "**Sines first.**" in copied
    assert "(Vaswani et al. 2017, Section 3.5)" in copied
    assert "[0.8415, 0.5403, 0.0998, 0.9950, 0.0100, 1.0000, 0.0010, 1.0000]" in copied
    assert "{{" not in copied and "[@" not in copied and "===" not in copied
    assert shown.locator("button.answer-copy").first.inner_text() == "Copied"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_answer_boxes_read_at_body_size(visits, scheme):
    reader = visits.reader(scheme, "desktop")
    shown = reader.open("diffusion/q1-sinusoidal-embedding/")
    sizes = shown.evaluate(
        """() => [...document.querySelectorAll('.admonition.abstract')].map((box) =>
             [box, ...box.querySelectorAll('p, li')].map(
               (element) => parseFloat(getComputedStyle(element).fontSize)))"""
    )
    assert sizes and all(size >= BODY_SIZE for box in sizes for size in box), sizes


# Where each Answer box ends and the example after it starts, seen from where a
# reader lands: the top of the page, or a part's heading scrolled to the top.
FIRST_SCREEN = """
(landing) => {
  const start = landing ? document.getElementById(landing) :
    document.querySelector("article h1");
  if (landing) start.scrollIntoView();
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  const seen = landing ? header : 0;
  let answer = start.nextElementSibling;
  while (answer && !answer.matches(".admonition.abstract")) {
    answer = answer.nextElementSibling;
  }
  let example = answer.nextElementSibling;
  while (example && !example.matches(".highlight, .program, div:has(> .highlight)")) {
    example = example.nextElementSibling;
  }
  const answerBox = answer.getBoundingClientRect();
  return {
    answerEnds: answerBox.bottom - seen,
    exampleStarts: example ? example.getBoundingClientRect().top - seen : null,
    screen: window.innerHeight - seen,
  };
}
"""
# The example's title and its first lines, on the screen: enough to see what it is.
EXAMPLE_SEEN = 100


def landings(page) -> list[str]:
    """Where a reader lands for each answer of the page: its top, or a part's anchor."""
    text = page.read_text(encoding="utf-8")
    parts = [
        line.split("{ #")[1].split(" }")[0]
        for line in text.splitlines()
        if line.startswith("## (") and "{ #" in line
    ]
    return parts or [""]


@pytest.mark.parametrize("page", ANSWER_PAGES, ids=page_id)
def test_each_answer_and_its_example_are_on_the_first_screen(visits, page):
    shown = visits.reader("light", "desktop").open(page_url(page))
    for landing in landings(page):
        where = shown.evaluate(FIRST_SCREEN, landing or None)
        assert where["answerEnds"] <= where["screen"], (landing, where)
        assert where["exampleStarts"] is not None, (landing, "no example after it")
        assert where["exampleStarts"] + EXAMPLE_SEEN <= where["screen"], (
            landing,
            where,
        )


@pytest.mark.parametrize("page", ANSWER_PAGES, ids=page_id)
def test_no_answer_page_is_taller_than_4000_px_with_its_folds_closed(visits, page):
    shown = visits.reader("light", "desktop").open(page_url(page))
    # The height once the reader has seen every block, each at its own height.
    shown.evaluate(LAY_OUT_EVERY_BOX)
    height = shown.evaluate("document.documentElement.scrollHeight")
    assert height <= TALLEST_ANSWER_PAGE, f"{page_id(page)} is {height} px tall"


COPY_BUTTONS_OVER_CODE = """
() => [...document.querySelectorAll("article .md-code__button[data-md-type=copy]")]
  .filter((button) =>
  button.offsetParent !== null).flatMap((button) => {
    const box = button.getBoundingClientRect();
    const block = button.closest(".highlight, .program");
    const lines = block ? block.querySelectorAll("code > span, code .line") : [];
    const covered = [...lines].filter((line) => {
      const range = document.createRange();
      range.selectNodeContents(line);
      return [...range.getClientRects()].some((text) =>
        text.width > 0 && text.right > box.left && text.left < box.right &&
        text.bottom > box.top && text.top < box.bottom);
    });
    return covered.map((line) => line.textContent.trim());
  })
"""
BROKEN_SHORT_FORMULAS = """
(shortest) => [...document.querySelectorAll("article .katex:not(.katex-display .katex)")]
  .filter((formula) => {
    const tex = formula.querySelector("annotation");
    return tex && tex.textContent.length <= shortest &&
      new Set([...formula.querySelector(".katex-html").getClientRects()]
        .map((box) => Math.round(box.top))).size > 1;
  }).map((formula) => formula.querySelector("annotation").textContent)
"""


@pytest.mark.parametrize(
    "page", [p for p in PAGES if p.parent != DOCS / "about"], ids=page_id
)
def test_on_a_phone_no_copy_button_covers_code(visits, page):
    shown = visits.reader("light", "phone").open(page_url(page))
    shown.evaluate("document.querySelectorAll('details').forEach((d) => d.open = true)")
    scroll_past_every_code_block(shown)
    assert shown.evaluate(COPY_BUTTONS_OVER_CODE) == []


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_on_a_phone_a_short_inline_formula_stays_on_one_line(visits, page):
    shown = visits.reader("light", "phone").open(page_url(page))
    shown.evaluate("document.querySelectorAll('details').forEach((d) => d.open = true)")
    assert shown.evaluate(BROKEN_SHORT_FORMULAS, SHORT_FORMULA) == []


def test_the_phone_is_a_phone(visits):
    shown = visits.reader("light", "phone").open("")
    assert shown.evaluate("window.innerWidth") == PHONE["width"]


LAZY_PAGE = LAB_PAGES[0]
BUTTONS_OF_BLOCKS_OFF_SCREEN = """
() => [...document.querySelectorAll("article pre > code")]
  .filter((code) => !code.closest("details:not([open])") &&
    code.getBoundingClientRect().top > 2 * innerHeight)
  .map((code) => code.parentElement.querySelectorAll(
    ".md-code__button[data-md-type=copy]").length)
"""


def test_a_code_block_gets_its_copy_button_as_it_comes_into_view(visits):
    """The theme's content.lazy flag, which its documentation does not list: should
    an upgrade drop it, every block has its button at once and this fails."""
    shown = visits.reader("light", "phone").open(page_url(LAZY_PAGE))
    far = shown.evaluate(BUTTONS_OF_BLOCKS_OFF_SCREEN)
    assert far and set(far) == {0}, "blocks far below the screen have no button yet"
    scroll_past_every_code_block(shown)
    assert set(shown.evaluate(BUTTONS_OF_BLOCKS_OFF_SCREEN)) == {1}
