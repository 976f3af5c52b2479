"""The print edition, site/answers.pdf, read back: every answer in it as text, in
the order of the nav, with folds open, and no line of code past the right margin.

The shared build prints it as ``make build`` does (site_prepare/print_edition.py);
pdfplumber reads its words and where each character lies.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys

import pdfplumber
import pytest
from browsing import PAGES, require_chromium
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

from site_prepare.local_browser import CHROMIUM
from site_prepare.pages import page_url
from site_prepare.paths import THIS
from site_prepare.print_edition import FILE_NAME, MARGIN, pages_in_nav_order

MILLIMETRE = 72 / 25.4  # PDF points


@functools.cache
def read(pdf_path):
    with pdfplumber.open(pdf_path) as pdf:
        pages = [
            (page.width, page.extract_text() or "", page.chars) for page in pdf.pages
        ]
    return pages


@pytest.fixture(scope="module")
def edition(built_site):
    path = built_site / FILE_NAME
    assert path.is_file(), f"the build wrote no {FILE_NAME}"
    return read(path)


@pytest.fixture(scope="module")
def text(edition):
    return "\n".join(page_text for _, page_text, _ in edition)


def test_the_home_page_links_the_print_edition(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'href="{FILE_NAME}"' in home


def test_its_pages_are_the_nav_s_as_mkdocs_reads_it_in_its_order(built_site):
    """The pages MkDocs' nav holds once the build has written the labs' pages,
    and MkDocs' addresses for them."""
    config = load_config(str(THIS.config))
    nav = get_navigation(get_files(config), config)
    assert pages_in_nav_order() == [page.url for page in nav.pages]


def test_a_page_of_the_nav_missing_from_the_site_stops_it(tmp_path):
    """Printed, the server's 404 page would stand in for the missing page."""
    require_chromium(CHROMIUM, os.environ)
    (tmp_path / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    printing = subprocess.run(
        [sys.executable, "-m", "site_prepare.print_edition", str(tmp_path)],
        cwd=THIS.root,
        capture_output=True,
        text=True,
    )
    missing = pages_in_nav_order()[1]
    assert printing.returncode == 1
    assert f"{missing}: HTTP 404" in printing.stderr, printing.stderr
    assert not (tmp_path / FILE_NAME).exists()


def test_every_page_of_the_nav_is_in_it_in_order(text):
    """Each page's title, found after the title of the page before it in the nav."""
    title_of = {
        page_url(page): re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), re.M)
        for page in PAGES
    }
    nav = pages_in_nav_order()
    assert sorted(nav) == sorted(title_of)
    words = " ".join(text.split())  # a long title wraps in print
    position, missing = 0, []
    for address in nav:
        if title_of[address] is None:  # a page whose title is not a Markdown heading
            continue
        title = title_of[address][1].replace("`", "")
        found = words.find(title, position)
        if found < 0:
            missing.append(title)
        else:
            position = found + len(title)
    assert missing == [], "not found, or not after the page before it in the nav"


@pytest.mark.parametrize(
    "value",
    [
        "0.8415",
        "0.5403",
        "0.0998",
        "0.9950",
        "0.0100",
        "1.0000",
        "0.0010",
        "[4, 2]",
        "18",
        "8×8",
    ],
)
def test_every_answer_is_in_it_as_text(text, value):
    assert value in text.replace(" × ", "×").replace(" ×", "×")


def test_the_answers_values_are_in_the_answer_sheets_order(text):
    sheet = text[: text.find("How this site is verified")]
    vector = "[0.8415, 0.5403, 0.0998, 0.9950, 0.0100, 1.0000, 0.0010, 1.0000]"
    assert vector in " ".join(sheet.split())
    assert re.search(r"2\s*⋅\s*2\s*\+\s*3\s*=\s*7", sheet)


def test_folds_are_printed_open(text):
    """A building block folded on the page is printed whole."""
    assert "def checked_timesteps(timesteps, dim, max_period):" in text


def test_no_line_of_code_runs_past_the_right_margin(edition):
    right_margin = float(MARGIN["right"].removesuffix("mm")) * MILLIMETRE
    past = []
    for number, (width, _, chars) in enumerate(edition, start=1):
        edge = width - right_margin
        for char in chars:
            if "Mono" in char["fontname"] and char["x1"] > edge + 0.5:
                past.append((number, char["text"], round(char["x1"] - edge, 1)))
    assert past == []
