"""``python -m site_prepare.print_edition [site]``: every page of the built site,
in navigation order, as one PDF for printing: ``site/answers.pdf``.

Chromium (Debian's, driven by Playwright, as in the browser tests) opens each
page of the served site and prints it to A4 as Ctrl+P does: the print
stylesheet drops the navigation, and the page's own script opens every fold and
shows every content tab (docs/javascripts/print.js). pypdf joins the pages.
``make build`` runs it after MkDocs.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from pypdf import PdfWriter

from site_prepare.local_browser import CHROMIUM, CHROMIUM_FLAGS, DESKTOP, serve
from site_prepare.pages import nav_pages, page_url
from site_prepare.paths import THIS, Project, add_config_file_option, project_of

FILE_NAME = "answers.pdf"
MARGIN = {"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"}


class PrintError(RuntimeError):
    """The print edition cannot be made; the message says why."""


def pages_in_nav_order(project: Project = THIS) -> list[str]:
    """The address of each page of the nav, from the site's root: "", "diffusion/q1-.../"."""
    return [page_url(page, project) for page in nav_pages(project)]


def print_page(browser_page, url: str) -> bytes:
    """The page at ``url`` printed to A4 PDF, as Ctrl+P prints it."""
    response = browser_page.goto(url, wait_until="load")
    if not response.ok:  # a page of the nav the site lacks, printed as its 404 page
        raise PrintError(f"{url}: HTTP {response.status}")
    browser_page.wait_for_function("document.fonts.status === 'loaded'")
    browser_page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    browser_page.emulate_media(media="print")
    return browser_page.pdf(
        format="A4", margin=MARGIN, print_background=True, prefer_css_page_size=False
    )


def write_print_edition(site: Path, project: Project = THIS) -> Path:
    """Print every page of the built ``site`` into ``site/answers.pdf``."""
    if not CHROMIUM.is_file():
        raise PrintError(
            f"Chromium is not installed at {CHROMIUM}; the print edition "
            f"({FILE_NAME}) is printed by it: apt-get install -y chromium"
        )
    from playwright.sync_api import sync_playwright

    joined = PdfWriter()
    with serve(site) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport=DESKTOP)
        for address in pages_in_nav_order(project):
            joined.append(io.BytesIO(print_page(page, root + address)))
        browser.close()
    target = site / FILE_NAME
    with target.open("wb") as file:
        joined.write(file)
    return target


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_prepare.print_edition")
    parser.add_argument("site", nargs="?", default="site", help="the built site")
    add_config_file_option(
        parser, "the project's mkdocs.yml, whose nav orders the pages"
    )
    options = parser.parse_args(arguments)
    site = Path(options.site).resolve()
    project = project_of(options.config_file)
    if not (site / "index.html").is_file():
        print(f"print_edition: {site} holds no built site", file=sys.stderr)
        return 1
    try:
        target = write_print_edition(site, project)
    except PrintError as error:
        print(f"print_edition: {error}", file=sys.stderr)
        return 1
    print(f"print_edition: wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
