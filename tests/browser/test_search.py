"""Typing into the search box lists the pages that hold the word, and a result
leads to the section that holds it."""

import re
from urllib.parse import urlsplit

import pytest
from browsing import PAGES

from examples import expand_includes
from site_prepare.pages import page_url

RESULT_LINKS = "li.md-search-result__item > a.md-search-result__link"
# The text of the section a heading opens: up to the next heading of its level or above.
SECTION_TEXT = """
(id) => {
  const heading = document.getElementById(id);
  const level = Number(heading.tagName[1]);
  let text = heading.textContent;
  for (let node = heading.nextElementSibling; node; node = node.nextElementSibling) {
    if (/^H[1-6]$/.test(node.tagName) && Number(node.tagName[1]) <= level) break;
    text += node.textContent;
  }
  return {text: text, top: heading.getBoundingClientRect().top};
}
"""


def pages_holding(word: str) -> set[str]:
    """Pages whose text, code and outputs included, hold a word that starts with
    ``word``, as the search matches (``requires_grad`` finds ``requires_grad_``)."""
    pattern = re.compile(rf"\b{re.escape(word)}", re.IGNORECASE)
    return {
        page_url(page)
        for page in PAGES
        if pattern.search(
            expand_includes(page.read_text(encoding="utf-8").splitlines())
        )
    }


def search(reader, word: str):
    shown = reader.open("")
    box = shown.locator("input.md-search__input")
    box.click()
    # Material queries the index on each key released and redraws the results, so
    # a word typed key by key can have its list redrawn while it is read: the
    # word goes in at once, then one key is released, for one query and one list.
    box.fill(word)
    box.press("End")
    shown.locator(RESULT_LINKS).first.wait_for()
    return shown


def listed_pages(shown, site_url) -> set[str]:
    # Read in one go: a list read link by link can be redrawn halfway.
    hrefs = shown.eval_on_selector_all(
        RESULT_LINKS, "links => links.map((link) => link.getAttribute('href'))"
    )
    return {urlsplit(href).path.removeprefix(urlsplit(site_url).path) for href in hrefs}


@pytest.mark.parametrize("word", ["requires_grad", "bottleneck"])
def test_search_lists_the_pages_that_hold_the_word(reader, word):
    expected = pages_holding(word)
    assert expected, f"no page mentions {word}"
    shown = search(reader, word)
    assert listed_pages(shown, reader.site_url) == expected


@pytest.mark.parametrize("word", ["requires_grad", "bottleneck"])
def test_a_search_result_leads_to_the_section_that_holds_the_word(reader, word):
    shown = search(reader, word)
    links = shown.locator(RESULT_LINKS)
    # The first result that names a section, not only a page.
    href = next(
        links.nth(index).get_attribute("href")
        for index in range(links.count())
        if "#" in links.nth(index).get_attribute("href")
    )
    shown.locator(f'{RESULT_LINKS}[href="{href}"]').click()
    shown.wait_for_url(href)
    anchor = urlsplit(href).fragment
    section = shown.evaluate(SECTION_TEXT, anchor)
    assert word.lower() in section["text"].lower()
    assert 0 <= section["top"] < shown.viewport_size["height"] / 2, (
        f"the section #{anchor} is not at the top of the window"
    )
    assert shown.locator("article mark").first.inner_text().lower() == word.lower()


def test_search_results_show_math_as_text(reader):
    """The index holds each formula as text: "8 × 8", not TeX or KaTeX's glyphs."""
    shown = search(reader, "bottleneck")
    results = shown.locator("li.md-search-result__item").all_inner_texts()
    text = " ".join(results)
    assert "8 × 8" in text
    assert "\\(" not in text and "\\times" not in text and "katex" not in text
