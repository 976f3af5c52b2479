"""Zensical builds the same site as MkDocs, from the same mkdocs.yml.

test_build.py runs every check of the build against both engines; this file
holds what only concerns Zensical: the overlay it reads instead of mkdocs.yml,
and that the two engines put the same code blocks and formulas on each page.
"""

import re

import pytest

from examples import ROOT, all_pages
from site_build import shared_build, shared_zensical_build
from site_prepare.pages import page_id
from site_tools import zensical_build
from site_tools.builds import copy_project
from test_build import built_path

CODE_BLOCK = re.compile(r'<div class="highlight program".*?</div>', re.DOTALL)
# Zensical leaves out the attribute once its search has left the element out.
SEARCH_EXCLUDE = re.compile(r' data-search-exclude(="")?')
KATEX_FORMULA = re.compile(r'<span class="katex">')


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The project's two builds: (MkDocs, Zensical)."""
    mkdocs = shared_build(tmp_path_factory)
    zensical = shared_zensical_build(tmp_path_factory)
    assert mkdocs.returncode == 0, mkdocs.log
    assert zensical.returncode == 0, zensical.log
    return mkdocs, zensical


def test_the_overlay_is_mkdocs_yml_with_folder_and_variables_written_out(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("SITE_URL", "https://example.org/answers/")
    project = copy_project(tmp_path / "project")
    overlay = zensical_build.write_overlay(project).read_text()
    assert zensical_build.CONFIG_DIR_TAG not in overlay and "!ENV" not in overlay
    assert overlay.splitlines()[-1] == f"site_dir: {zensical_build.SITE_DIR}"
    original = (
        (ROOT / "mkdocs.yml")
        .read_text()
        .replace(zensical_build.CONFIG_DIR_TAG, f'"{project}"')
        .replace(
            '!ENV [SITE_URL, "http://127.0.0.1:8000/"]',
            '"https://example.org/answers/"',
        )
    )
    assert original in overlay


def test_an_unset_variable_gets_its_default_in_the_overlay(tmp_path, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    project = copy_project(tmp_path / "project")
    overlay = zensical_build.write_overlay(project).read_text()
    assert 'site_url: "http://127.0.0.1:8000/"' in overlay


def test_an_overlay_that_would_drop_settings_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "site_dir: public\n")
    with pytest.raises(ValueError, match="site_dir: public"):
        zensical_build.write_overlay(project)


@pytest.mark.parametrize("page", all_pages(), ids=page_id)
def test_code_blocks_and_formulas_equal_the_mkdocs_build(sites, page):
    mkdocs, zensical = (
        SEARCH_EXCLUDE.sub("", site.page(built_path(page))) for site in sites
    )
    assert CODE_BLOCK.findall(zensical) == CODE_BLOCK.findall(mkdocs)
    assert len(KATEX_FORMULA.findall(zensical)) == len(KATEX_FORMULA.findall(mkdocs))
