"""The ``--update-golden`` and ``--screenshots`` options, and where the browser
tests leave the screenshots; what ``mkdocs serve`` replaces in MkDocs and
mkdocs-material, given back after a test."""

import pytest
from material.plugins.search import plugin as material_search
from mkdocs import theme

import site_serve
from site_build import BROWSER_ARTIFACTS

# What site_serve.serve_quickly replaces, for the rest of the process, by the
# names of site_serve.REPLACEMENTS: each by its owner, its name there, and the
# module of the package that defines it.
SERVE_REPLACES = {
    "mkdocs.theme.Theme.get_env": (theme.Theme, "get_env", theme),
    "material.plugins.search.plugin.Parser": (
        material_search,
        "Parser",
        material_search,
    ),
}


@pytest.fixture
def serve_replacements(monkeypatch):
    """SERVE_REPLACES, each given back as it is now once the test ends: a test that
    starts MkDocs as ``mkdocs serve`` would leave the others built with them.
    serve_quickly leaves none out, whatever the environment says."""
    monkeypatch.delenv(site_serve.LEAVE_OUT, raising=False)
    for owner, name, _ in SERVE_REPLACES.values():
        monkeypatch.setattr(owner, name, getattr(owner, name))
    return SERVE_REPLACES


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden HTML files of tests/golden/ with what the "
        "extensions make now",
    )
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="also save every page, light and dark, desktop and phone, as a full-page "
        f"screenshot under {BROWSER_ARTIFACTS}",
    )


def pytest_report_header(config):
    if config.getoption("--screenshots"):
        return f"browser test screenshots: {BROWSER_ARTIFACTS}"
    return None
