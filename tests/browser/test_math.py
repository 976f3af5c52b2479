"""Every formula of a page's Markdown is on screen as KaTeX, and no TeX shows raw."""

import re

import pytest
from browsing import DESKTOP, PAGES, open_reader, page_id, page_url

from site_build import formulas_in

# The article's text outside math and code (and the styles and scripts a notebook
# page carries inline), as the reader sees it.
PROSE_TEXT = """
() => {
  const article = document.querySelector("article");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.parentElement.closest(".katex, pre, code, style, script")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const parts = [];
  while (walker.nextNode()) parts.push(walker.currentNode.textContent);
  return parts.join("");
}
"""
# What KaTeX would leave behind if it had not rendered a formula: its delimiters,
# a TeX command, or a dollar opening a formula (a dollar amount such as $5 is prose).
RAW_TEX = re.compile(r"\\[()\[\]]|\$\$|\\[a-zA-Z]+|\$(?=[^\s\d])")
# KaTeX draws what it cannot parse in its errorColor, #cc0000.
KATEX_ERROR_COLOUR = "rgb(204, 0, 0)"
RENDERED_FORMULAS = """
() => [...document.querySelectorAll("article .katex")].map((formula) => {
  const box = formula.querySelector(".katex-html").getBoundingClientRect();
  return {
    drawn: box.width > 0 && box.height > 0,
    errorColoured: [formula, ...formula.querySelectorAll("*")].some(
      (element) => getComputedStyle(element).color === arguments[0]),
  };
})
"""


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_formula_of_the_page_is_rendered_math(reader, page):
    shown = reader.open(page_url(page))
    prose = shown.evaluate(PROSE_TEXT)
    assert RAW_TEX.findall(prose) == [], "raw TeX is visible on the page"
    assert shown.locator(".katex-error").count() == 0
    formulas = shown.evaluate(
        RENDERED_FORMULAS.replace("arguments[0]", repr(KATEX_ERROR_COLOUR))
    )
    assert len(formulas) == formulas_in(page)
    assert all(formula["drawn"] for formula in formulas)
    assert not any(formula["errorColoured"] for formula in formulas)
    assert shown.evaluate("document.fonts.status") == "loaded"


FONT_REQUESTS = """
() => ({
  requested: performance.getEntriesByType("resource").map((entry) => entry.name)
    .filter((url) => url.includes("/assets/katex/fonts/")),
  preloaded: [...document.querySelectorAll('link[rel="preload"][as="font"]')]
    .map((link) => link.href),
})
"""


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_katex_font_the_page_draws_with_is_preloaded(browser, site_url, page):
    """A font found only while laying out the math arrives late; KaTeX's stylesheet
    hides the formula's text until it has (font-display: block)."""
    # A reader arriving at this page: a new context, nothing cached from other pages.
    arriving = open_reader(browser, site_url, viewport=DESKTOP, color_scheme="light")
    try:
        fonts = arriving.open(page_url(page)).evaluate(FONT_REQUESTS)
    finally:
        arriving.close()
    if formulas_in(page) == 0:
        assert fonts == {"requested": [], "preloaded": []}
        return
    assert fonts["requested"], "the page's math loads no KaTeX font"
    assert sorted(set(fonts["requested"]) - set(fonts["preloaded"])) == []
