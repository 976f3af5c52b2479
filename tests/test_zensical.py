"""The same site built by Zensical: every page, its formulas, its code blocks.

Zensical runs no MkDocs hooks, so the checks that only hooks/ performs are
expected failures below, each with the hook that is missing; the README's
"Zensical" section lists them with what would replace them.
"""

import re
from pathlib import Path

import pytest

import zensical_build
from examples import DOCS, ROOT, all_pages, page_examples
from hooks.stated_values import MARKER
from site_build import copy_project, shared_build
from test_build import (
    BROKEN_PAGES,
    EXTERNAL_LOAD,
    KATEX_ROOT_SPAN,
    built_path,
    formulas_in,
)

# A titled block: an example's code or its output.
CODE_BLOCK = re.compile(
    r'<div class="highlight"><span class="filename">.*?</code></pre></div>', re.DOTALL
)
TEX_FORMULA = re.compile(r'class="arithmatex">\\[(\[]')
NO_HOOKS = "Zensical runs no MkDocs hooks"

# The broken pages that Zensical refuses too, and what its message names. Every
# other case of test_build.BROKEN_PAGES only a hook refuses.
ZENSICAL_NAMES = {
    "a missing snippet": "snippets/q6_gradient_of_a_function/missing.py",
    "a broken link": "diffusion/q10-nowhere.md",
    "a broken anchor": "#q6d",
}
HOOK_THAT_REFUSES = {
    "a formula KaTeX cannot parse": "hooks/katex_math.py renders with KaTeX",
    "an unknown macro": "hooks/katex_math.py renders with KaTeX",
    "a malformed stated value": "hooks/stated_values.py reads the markers",
    "a stated value from an unknown example": "hooks/stated_values.py reads the markers",
    "a formula in a heading": "hooks/katex_math.py checks headings",
    "a bar inside math in a table": "hooks/katex_math.py checks table rows",
}
PAGE_IDS = {"ids": lambda page: page.relative_to(DOCS).as_posix()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The project's two builds: (MkDocs, Zensical of a copy, as it writes into it)."""
    mkdocs = shared_build(tmp_path_factory)
    assert mkdocs.returncode == 0, mkdocs.log
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    zensical = zensical_build.build(project)
    assert zensical.returncode == 0, zensical.log
    return mkdocs, zensical


@pytest.fixture(scope="module")
def zensical(sites):
    return sites[1]


def pages_with_stated_values() -> list[Path]:
    return [page for page in all_pages() if MARKER.search(page.read_text())]


def pages_with_math() -> list[Path]:
    return [page for page in all_pages() if formulas_in(page)]


def pages_with_graphs() -> list[Path]:
    return [page for page in all_pages() if "```autograd-graph" in page.read_text()]


def notebook_pages() -> list[Path]:
    """The pages mkdocs-jupyter makes from notebooks listed in the nav."""
    nav = (ROOT / "mkdocs.yml").read_text().partition("\nnav:\n")[2]
    notebooks = re.findall(
        r"^\s*- (?:[^:\n]+: )?(\S+\.(?:py|ipynb))$", nav, re.MULTILINE
    )
    return [DOCS / page for page in notebooks]


def test_the_overlay_is_mkdocs_yml_with_the_folder_written_out(tmp_path):
    project = copy_project(tmp_path / "project")
    overlay = zensical_build.write_overlay(project).read_text()
    assert zensical_build.CONFIG_DIR_TAG not in overlay
    assert overlay.splitlines()[-1] == f"site_dir: {zensical_build.SITE_DIR}"
    original = (
        (ROOT / "mkdocs.yml")
        .read_text()
        .replace(zensical_build.CONFIG_DIR_TAG, f'"{project}"')
    )
    assert original in overlay


def test_an_overlay_that_would_drop_settings_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "site_dir: public\n")
    with pytest.raises(ValueError, match="site_dir: public"):
        zensical_build.write_overlay(project)


@pytest.mark.parametrize("page", all_pages(), **PAGE_IDS)
def test_every_page_is_built(zensical, page):
    assert (zensical.site / built_path(page)).is_file()


@pytest.mark.parametrize("page", all_pages(), **PAGE_IDS)
def test_code_blocks_equal_the_mkdocs_build(sites, page):
    mkdocs, zensical = sites
    shown = CODE_BLOCK.findall(mkdocs.page(built_path(page)))
    assert len(shown) >= 2 * len(page_examples(page)), "each example: code and output"
    assert CODE_BLOCK.findall(zensical.page(built_path(page))) == shown


@pytest.mark.parametrize("page", all_pages(), **PAGE_IDS)
def test_every_formula_reaches_the_page_as_tex(zensical, page):
    """What a math renderer in the page would need: each formula, delimited."""
    built = zensical.page(built_path(page))
    assert len(TEX_FORMULA.findall(built)) == formulas_in(page)


@pytest.mark.xfail(
    strict=True,
    reason=f"{NO_HOOKS}: formulas stay TeX, as hooks/katex_math.py renders them with KaTeX",
)
@pytest.mark.parametrize("page", pages_with_math(), **PAGE_IDS)
def test_every_formula_is_rendered_by_katex(zensical, page):
    built = zensical.page(built_path(page))
    assert built.count(KATEX_ROOT_SPAN) == formulas_in(page)
    assert not TEX_FORMULA.search(built)


@pytest.mark.xfail(
    strict=True,
    reason=f"{NO_HOOKS}: the markers stay, as hooks/stated_values.py removes them",
)
@pytest.mark.parametrize("page", pages_with_stated_values(), **PAGE_IDS)
def test_stated_values_show_only_the_value(zensical, page):
    assert "&lt;-" not in zensical.page(built_path(page))


@pytest.mark.xfail(
    strict=True,
    reason="Zensical does not run mkdocs-jupyter (it ignores plugins it does not "
    "support): the notebook is copied as a file, not made a page",
)
@pytest.mark.parametrize("page", notebook_pages(), **PAGE_IDS)
def test_every_notebook_page_is_built(zensical, page):
    assert (zensical.site / built_path(page)).is_file()


@pytest.mark.xfail(
    strict=True,
    reason=f"{NO_HOOKS}: the fence stays code, as hooks/autograd_graphs.py draws it",
)
@pytest.mark.parametrize("page", pages_with_graphs(), **PAGE_IDS)
def test_autograd_graphs_are_drawn(zensical, page):
    assert '<figure class="autograd-graph"><svg' in zensical.page(built_path(page))


@pytest.mark.xfail(
    strict=True,
    reason=f"{NO_HOOKS}: hooks/answer_notebooks.py writes each page's notebook",
)
def test_every_notebook_offered_by_the_mkdocs_build_is_offered(sites):
    mkdocs, zensical = sites
    offered = sorted(
        path.relative_to(mkdocs.site) for path in mkdocs.site.rglob("*.ipynb")
    )
    assert offered, "the MkDocs build offers no notebook"
    assert [path for path in offered if not (zensical.site / path).is_file()] == []


def test_the_site_loads_nothing_from_other_hosts(zensical):
    loads = [
        f"{file.relative_to(zensical.site)}: {match}"
        for file in zensical.site.rglob("*")
        if file.suffix in {".html", ".css", ".js"}
        for match in EXTERNAL_LOAD.findall(file.read_text(encoding="utf-8"))
    ]
    assert loads == []


def broken_cases() -> list:
    cases = []
    for case, (addition, _messages) in BROKEN_PAGES.items():
        marks = []
        if case not in ZENSICAL_NAMES:
            hook = HOOK_THAT_REFUSES.get(case, "a MkDocs hook refuses it")
            reason = f"{NO_HOOKS}; only {hook}"
            marks = [pytest.mark.xfail(strict=True, reason=reason)]
        cases.append(
            pytest.param(addition, ZENSICAL_NAMES.get(case), id=case, marks=marks)
        )
    return cases


@pytest.mark.parametrize("addition, named", broken_cases())
def test_the_build_fails_loudly_on(tmp_path, addition, named):
    project = copy_project(tmp_path / "project")
    page = project / "docs/index.md"
    page.write_text(page.read_text() + "\n" + addition + "\n", encoding="utf-8")
    result = zensical_build.build(project)
    assert result.returncode != 0
    assert named and named in result.log, result.log
