"""A reader's browser tab on the served site, and what it records while pages load."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page

from site_prepare.pages import lab_page, lab_sources, nav_pages

# Every page of the site, in the nav's order: the Markdown pages, the
# Performance page and the pages the build writes from the labs.
PAGES = nav_pages()
LAB_PAGES = [lab_page(source) for source in lab_sources()]
COPY_TIMEOUT_SECONDS = 5
OPEN_THE_FOLDS_AROUND = """
(block) => {
  for (let fold = block.closest("details"); fold; fold = fold.parentElement.closest("details")) {
    fold.open = true;
  }
}
"""
# What comes into view is laid out and drawn in the next animation frame; the
# frame after it starts once that one is drawn.
IN_VIEW = """
  const twoFrames = () => new Promise((done) =>
    requestAnimationFrame(() => requestAnimationFrame(done)));
  const bringIntoView = async (box) => {
    box.scrollIntoView({block: "center"});
    await twoFrames();
  };
"""


def in_view(body: str, parameter: str = "") -> str:
    """A script for ``evaluate``: an async function of ``parameter`` whose ``body``
    may ``await bringIntoView(box)``, which scrolls ``box`` to the middle of the
    screen and returns once the browser has drawn it there, and ``await
    twoFrames()``."""
    return f"async ({parameter}) => {{{IN_VIEW}{body}}}"


# The theme gives a code block its copy button as the block comes into view
# (content.lazy): a reader scrolls through the page, and every block has its own.
SCROLL_PAST_EVERY_CODE_BLOCK = in_view(
    """
  const top = within ? window.scrollY : 0;
  const scope = within || document.querySelector("article");
  for (const code of scope.querySelectorAll("pre > code")) {
    if (!code.checkVisibility()) continue;  // in a closed fold or a hidden tab
    await bringIntoView(code);
  }
  window.scrollTo(0, top);
""",
    parameter="within",
)
# The theme's copy button on a code block (mkdocs-material 9.7 and later).
COPY_BUTTON = ".md-code__button[data-md-type=copy]"
EVERY_CODE_BLOCK_HAS_ITS_BUTTON = f"""
() => [...document.querySelectorAll("article pre > code")].every((code) =>
  !code.checkVisibility() || code.closest(".no-copy") ||
  code.parentElement.querySelector("{COPY_BUTTON}"))
"""


def scroll_past_every_code_block(page: Page) -> None:
    """Scroll each code block shown into view, as a reader reading to the end does,
    until every one has the copy button the theme gives it as it comes into view."""
    # Only the tab in front renders, and a block comes into view only when rendered.
    page.bring_to_front()
    page.evaluate(SCROLL_PAST_EVERY_CODE_BLOCK)
    page.wait_for_function(EVERY_CODE_BLOCK_HAS_ITS_BUTTON, polling=100)


def require_chromium(chromium: Path, environment) -> None:
    """Skip the calling test, with the reason, where Chromium is missing; in CI, fail."""
    if chromium.is_file():
        return
    reason = (
        f"Chromium is not installed at {chromium}; the browser tests need Debian's "
        "package (apt-get install -y chromium)"
    )
    if environment.get("CI") == "true":
        pytest.fail(f"{reason}. CI must not skip them: .ci/run installs it.")
    pytest.skip(reason)


@dataclass
class Traffic:
    """What the browser asked for and what went wrong since the last page load."""

    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.requests.clear()
        self.failures.clear()
        self.console_errors.clear()

    def to_other_hosts(self, site_url: str) -> list[str]:
        local = urlsplit(site_url).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob"}
            and urlsplit(url).netloc != local
        ]


def _record(context: BrowserContext, page: Page, traffic: Traffic) -> None:
    # Context-wide, so that the search worker's requests are recorded too.
    context.on("request", lambda request: traffic.requests.append(request.url))
    context.on(
        "requestfailed",
        lambda request: traffic.failures.append(f"{request.url}: {request.failure}"),
    )

    def on_response(response):
        if response.status >= 400:
            traffic.failures.append(f"{response.url}: HTTP {response.status}")

    def on_console(message):
        if message.type == "error":
            traffic.console_errors.append(f"{message.text} at {message.location}")

    context.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: traffic.console_errors.append(str(error)))


@dataclass
class Reader:
    """One browser tab, reused for page after page."""

    page: Page
    traffic: Traffic
    site_url: str

    def open(self, url: str, until_idle: bool = False) -> Page:
        """Load a page and wait until its fonts have loaded (a page whose fonts never
        do fails here); ``until_idle`` also waits for the search index and all else
        requested after "load" (half a second without requests), to record it all."""
        self.traffic.clear()
        self.page.goto(self.site_url + url, wait_until="load")
        self.page.wait_for_function("document.fonts.status === 'loaded'")
        if until_idle:
            self.page.wait_for_load_state("networkidle")
        return self.page

    def copy(self, block: Locator) -> str:
        """Press the copy button of a code block and read what reached the clipboard."""
        self.page.evaluate("navigator.clipboard.writeText('')")
        # A block in a fold is copied as a reader copies it: the fold opened first.
        block.evaluate(OPEN_THE_FOLDS_AROUND)
        # Each of its parts comes into view, and the theme gives it its copy
        # button then; only the tab in front renders.
        self.page.bring_to_front()
        block.evaluate(SCROLL_PAST_EVERY_CODE_BLOCK)
        # The click moves the pointer onto the button, as a reader's hover would.
        # A block whose program folds code has a button on each of its parts, all
        # but the first part's hidden: every one copies the whole program.
        block.locator("button[data-md-type=copy]:visible").click()
        deadline = time.monotonic() + COPY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            copied = self.page.evaluate("navigator.clipboard.readText()")
            if copied:
                return copied
            time.sleep(0.05)
        raise AssertionError(f"the copy button put nothing on the clipboard: {block}")

    def close(self) -> None:
        self.page.context.close()


def open_reader(browser: Browser, site_url: str, **context_options) -> Reader:
    context = browser.new_context(**context_options)
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/")
    )
    page = context.new_page()
    traffic = Traffic()
    _record(context, page, traffic)
    return Reader(page, traffic, site_url)
