"""Each page opened once in each view, and everything the tests measure there.

Loading a page is most of what a browser check costs, so the checks that only
read a page share its load: the first test that asks for a page in a view opens
it and takes every measurement of that view, in one fixed order, the ones that
change the page last (opening every fold). The tests assert on what was
measured, so none sees what another changed, whatever their order.

Each xdist worker keeps its own visits, so a view that tests of both workers
read is taken twice; axe-core, the slowest measurement, has a view of its own
that only its tests ask for.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from browsing import DESKTOP, PHONE, Reader, Traffic, open_reader, page_id, page_url
from measures import (
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
class Desktop:
    """The page at 1280 px in the light scheme."""

    raw_tex: list[str]
    katex_errors: int
    formulas: list[dict]
    too_long: list[dict]
    images_without_alt: list[str]
    heading_levels: list[int]
    sideways: dict
    code_too_wide_folds_open: list[dict]


@dataclass(frozen=True)
class Phone:
    """The page at 375 px in the light scheme."""

    sideways: dict
    outputs_too_wide: list[dict]
    formulas_too_wide: list[dict]
    formulas_past_the_screen: list[str]


@dataclass(frozen=True)
class Checked:
    """The page at 1280 px in one scheme, as axe-core finds it: every rule in the
    light scheme, the colour rules in the dark one, which changes colours only."""

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

    def checked(self, scheme: str, page: Path) -> Checked:
        return self._once(f"{scheme}-axe", page, functools.partial(self._check, scheme))

    def sideways(self, scheme: str, screen: str, page: Path) -> dict:
        if (scheme, screen) == ("dark", "phone"):
            return self._once("dark-phone", page, self._look_in_the_dark_on_a_phone)
        if (scheme, screen) == ("dark", "desktop"):
            return self.checked("dark", page).sideways
        visit = {"desktop": self.desktop, "phone": self.phone}[screen]
        return visit(page).sideways

    def _once(self, view: str, page: Path, take):
        if (view, page) not in self._seen:
            self._seen[view, page] = take(page)
        return self._seen[view, page]

    def _open(
        self, scheme: str, screen: str, page: Path, screenshot: bool = True
    ) -> Page:
        shown = self.reader(scheme, screen).open(page_url(page))
        if screenshot and self.screenshots is not None:
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
        }
        shown.evaluate(OPEN_EVERY_FOLD)
        return Desktop(**read, code_too_wide_folds_open=too_wide(shown, CODE))

    def _look_on_a_phone(self, page: Path) -> Phone:
        shown = self._open("light", "phone", page)
        return Phone(
            sideways=sideways(shown),
            outputs_too_wide=too_wide(shown, OUTPUTS),
            formulas_too_wide=too_wide(shown, DISPLAY_FORMULAS),
            formulas_past_the_screen=shown.evaluate(PAST_THE_SCREEN),
        )

    def _check(self, scheme: str, page: Path) -> Checked:
        # The light desktop's screenshot is the desktop visit's.
        shown = self._open(scheme, "desktop", page, screenshot=scheme == "dark")
        measured = sideways(shown)
        rules = EVERY_RULE if scheme == "light" else COLOUR_RULES
        return Checked(sideways=measured, axe=blocking_violations(shown, rules))

    def _look_in_the_dark_on_a_phone(self, page: Path) -> dict:
        return sideways(self._open("dark", "phone", page))
