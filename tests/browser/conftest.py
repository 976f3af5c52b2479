"""The built site as a reader meets it: served over HTTP, opened in headless Chromium.

Every test in this folder is marked ``browser`` (run them alone with
``pytest -m browser``). Each pytest process (each xdist worker) builds the
site, serves it and starts Chromium once, and reuses them for all its tests.
A worker opens each page once in each view for all the tests that read it
(visits.py).

Chromium is Debian's package, driven by Playwright; Playwright's own browser
downloads are never used. Where it is missing the tests are skipped with the
reason, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import Reader, require_chromium
from playwright.sync_api import Browser, sync_playwright
from visits import Visits, put_in_page_order

from site_build import BROWSER_ARTIFACTS, shared_build
from site_prepare.local_browser import CHROMIUM, CHROMIUM_FLAGS, serve

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
    put_in_page_order(items, HERE)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    result = shared_build(tmp_path_factory)
    assert result.returncode == 0, result.log
    return result.site


@pytest.fixture(scope="session")
def site_url(built_site) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require_chromium(CHROMIUM, os.environ)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def visits(browser, site_url, request) -> Iterator[Visits]:
    """Each page once per view; with ``--screenshots``, each view also saved."""
    screenshots = None
    if request.config.getoption("--screenshots"):
        BROWSER_ARTIFACTS.mkdir(parents=True, exist_ok=True)
        screenshots = BROWSER_ARTIFACTS
    opened = Visits(browser, site_url, screenshots)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def reader(visits) -> Reader:
    """The desktop tab in the light scheme, for tests that press, type or break."""
    return visits.reader("light", "desktop")
