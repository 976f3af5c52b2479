"""Each page opened once in each view, and everything the tests measure there.

Loading a page is most of what a browser check costs, so the checks that only
read a page share its load: the first test that asks for a page in a view opens
it and takes every measurement of that view, in one fixed order, the ones that
change the page last (pressing copy buttons, opening every fold). The tests
assert on what was measured, so none sees what another changed, whatever their
order.

Each xdist worker keeps its own visits, so a view that tests of both workers
read is taken twice; put_in_page_order keeps each page's tests together on one
worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from browsing import LAB_PAGES, PAGES, Reader, Traffic, open_reader
from measures import (
    BLOCK_TEXTS,
    BLOCKS,
    CODE,
    COLOUR_RULES,
    DISPLAY_FORMULAS,
    EVERY_RULE,
    FONT_REQUESTS,
    HEADING_LEVELS,
    IMAGES_WITHOUT_ALT,
    OPEN_EVERY_FOLD,
    OUTPUTS,
    PAST_THE_SCREEN,
    RENDERED_FORMULAS,
    blocking_violations,
    raw_tex,
    sideways,
    too_long,
    too_wide,
)
from playwright.sync_api import Browser, Page

from site_prepare.local_browser import DESKTOP, PHONE
from site_prepare.pages import page_id, page_url

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
# mkdocs.yml's palette: the scheme shown to a reader whose system asks for it.
SCHEMES = {"light": "default", "dark": "slate"}


@dataclass(frozen=True)
class Arrival:
    """A reader arriving at the page: a new browser context, nothing cached, the
    load followed until the search index and all else has arrived."""

    traffic: Traffic
    fonts: dict


@dataclass(frozen=True)
class Copied:
    """A code or output block, and what its copy button put on the clipboard."""

    title: str
    rendered: str
    copied: str


@dataclass(frozen=True)
class Desktop:
    """The page at 1280 px in the light scheme, with what axe-core finds there
    (every rule) and, on pages other than labs, what each block's copy button
    copies."""

    raw_tex: list[str]
    katex_errors: int
    formulas: list[dict]
    too_long: list[dict]
    images_without_alt: list[str]
    heading_levels: list[int]
    sideways: dict
    axe: list[str]
    copies: list[Copied]
    code_too_wide_folds_open: list[dict]


@dataclass(frozen=True)
class Phone:
    """The page at 375 px in the light scheme."""

    sideways: dict
    outputs_too_wide: list[dict]
    formulas_too_wide: list[dict]
    formulas_past_the_screen: list[str]


@dataclass(frozen=True)
class Dark:
    """The page at 1280 px in the dark scheme, as axe-core's colour rules find it:
    the scheme changes colours only."""

    sideways: dict
    axe: list[str]


class Visits:
    def __init__(self, browser: Browser, site_url: str, screenshots: Path | None):
        self.browser = browser
        self.site_url = site_url
        self.screenshots = screenshots
        self._readers: dict[tuple[str, str], Reader] = {}
        self._seen: dict[tuple[str, Path], object] = {}

    def reader(self, scheme: str, screen: str) -> Reader:
        """The tab of this view, which the tests that break a page also use."""
        if (scheme, screen) not in self._readers:
            self._readers[scheme, screen] = open_reader(
                self.browser,
                self.site_url,
                viewport=SCREENS[screen],
                color_scheme=scheme,
            )
        return self._readers[scheme, screen]

    def close(self) -> None:
        for reader in self._readers.values():
            reader.close()

    def arrival(self, page: Path) -> Arrival:
        return self._once("arrival", page, self._arrive)

    def desktop(self, page: Path) -> Desktop:
        return self._once("light-desktop", page, self._look_on_a_desktop)

    def phone(self, page: Path) -> Phone:
        return self._once("light-phone", page, self._look_on_a_phone)

    def dark(self, page: Path) -> Dark:
        return self._once("dark-desktop", page, self._look_in_the_dark)

    def sideways(self, scheme: str, screen: str, page: Path) -> dict:
        if (scheme, screen) == ("dark", "phone"):
            return self._once("dark-phone", page, self._look_in_the_dark_on_a_phone)
        visit = {
            ("light", "desktop"): self.desktop,
            ("light", "phone"): self.phone,
            ("dark", "desktop"): self.dark,
        }[scheme, screen]
        return visit(page).sideways

    def _once(self, view: str, page: Path, take):
        if (view, page) not in self._seen:
            self._seen[view, page] = take(page)
        return self._seen[view, page]

    def _open(self, scheme: str, screen: str, page: Path) -> Page:
        shown = self.reader(scheme, screen).open(page_url(page))
        if self.screenshots is not None:
            name = page_id(page).removesuffix(".md").replace("/", "-")
            folder = self.screenshots / f"{scheme}-{screen}"
            shown.screenshot(path=folder / f"{name}.png", full_page=True)
        return shown

    def _arrive(self, page: Path) -> Arrival:
        arriving = open_reader(
            self.browser, self.site_url, viewport=DESKTOP, color_scheme="light"
        )
        try:
            shown = arriving.open(page_url(page), until_idle=True)
            fonts = shown.evaluate(FONT_REQUESTS)
            recorded = arriving.traffic
            traffic = Traffic(
                list(recorded.requests),
                list(recorded.failures),
                list(recorded.console_errors),
            )
        finally:
            arriving.close()
        return Arrival(traffic, fonts)

    def _look_on_a_desktop(self, page: Path) -> Desktop:
        shown = self._open("light", "desktop", page)
        read = {
            "raw_tex": raw_tex(shown),
            "katex_errors": shown.locator(".katex-error").count(),
            "formulas": shown.evaluate(RENDERED_FORMULAS),
            "too_long": too_long(shown),
            "images_without_alt": shown.evaluate(IMAGES_WITHOUT_ALT),
            "heading_levels": shown.evaluate(HEADING_LEVELS),
            "sideways": sideways(shown),
            "axe": blocking_violations(shown, EVERY_RULE),
        }
        # Pressing a copy button focuses it and shows a tooltip; then the folds open.
        copies = [] if page in LAB_PAGES else self._copy_every_block()
        shown.evaluate(OPEN_EVERY_FOLD)
        return Desktop(
            **read, copies=copies, code_too_wide_folds_open=too_wide(shown, CODE)
        )

    def _copy_every_block(self) -> list[Copied]:
        reader = self.reader("light", "desktop")
        # A block in a closed fold has no rendered text: every fold opens first,
        # as a reader opens the one around a block before copying it.
        reader.page.evaluate(OPEN_EVERY_FOLD)
        # Every block's title and text in one call, before any button is pressed.
        texts = reader.page.evaluate(BLOCK_TEXTS)
        blocks = reader.page.locator(BLOCKS)
        return [
            Copied(**text, copied=reader.copy(blocks.nth(index)))
            for index, text in enumerate(texts)
        ]

    def _look_on_a_phone(self, page: Path) -> Phone:
        shown = self._open("light", "phone", page)
        return Phone(
            sideways=sideways(shown),
            outputs_too_wide=too_wide(shown, OUTPUTS),
            formulas_too_wide=too_wide(shown, DISPLAY_FORMULAS),
            formulas_past_the_screen=shown.evaluate(PAST_THE_SCREEN),
        )

    def _look_in_the_dark(self, page: Path) -> Dark:
        shown = self._open("dark", "desktop", page)
        measured = sideways(shown)
        return Dark(sideways=measured, axe=blocking_violations(shown, COLOUR_RULES))

    def _look_in_the_dark_on_a_phone(self, page: Path) -> dict:
        return sideways(self._open("dark", "phone", page))


def put_in_page_order(items: list, folder: Path) -> None:
    """Order the tests of ``folder`` page by page, in their places among the others.

    A worker takes each view of a page once; xdist hands each worker a run of
    consecutive tests, so with a page's tests side by side its views are taken by
    one worker, not by both. The tests of no page, the link check the longest, go
    first, not last, where one would run alone.
    """
    slots = [i for i, item in enumerate(items) if item.path.is_relative_to(folder)]
    ordered = sorted((items[i] for i in slots), key=_page_order)
    for slot, item in zip(slots, ordered, strict=True):
        items[slot] = item


def _page_order(item) -> int:
    params = getattr(item, "callspec", None)
    page = params.params.get("page") if params else None
    return -1 if page is None else PAGES.index(page)
