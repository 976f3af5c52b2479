"""The strict build: every page built, every formula rendered, nothing loaded from elsewhere."""

import html
import json
import re
from pathlib import Path

import nbformat
import pytest

from examples import DOCS, PERFORMANCE_PAGE, ROOT, all_pages, page_examples
from hooks.answer_notebooks import notebook_of
from site_build import (
    build_in_process,
    copy_project,
    formulas_in,
    shared_build,
)
from test_notebooks import expand

EXTERNAL_LOAD = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=["'](?:https?:)?//"""
    r"""|<link\b[^>]*\bhref=["'](?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//"""
    r"""|@import\s+["'](?:https?:)?//""",
    re.IGNORECASE,
)
KATEX_ROOT_SPAN = '<span class="katex">'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = shared_build(tmp_path_factory)
    assert result.returncode == 0, result.log
    return result


def built_path(page: Path) -> str:
    relative = page.relative_to(DOCS).with_suffix("")
    return (
        "index.html"
        if relative.name == "index"
        else f"{relative.as_posix()}/index.html"
    )


def test_every_page_in_the_nav_is_built(site):
    nav_pages = re.findall(
        r"^\s*- (?:[^:\n]+: )?(\S+\.md)$",
        (ROOT / "mkdocs.yml").read_text(),
        re.MULTILINE,
    )
    pages = [*all_pages(), PERFORMANCE_PAGE]
    assert sorted(nav_pages) == sorted(
        page.relative_to(DOCS).as_posix() for page in pages
    )
    for page in pages:
        assert (site.site / built_path(page)).is_file(), page


@pytest.mark.parametrize(
    "page", all_pages(), ids=lambda page: page.relative_to(DOCS).as_posix()
)
def test_every_formula_is_rendered_by_katex(site, page):
    built = site.page(built_path(page))
    expected = formulas_in(page)
    assert expected > 0, (
        f"{page} has no math; every answer page states its answer as a formula"
    )
    assert built.count(KATEX_ROOT_SPAN) == expected
    assert "katex-error" not in built
    assert not re.search(r'class="arithmatex">\\[(\[]', built), (
        "raw TeX left in the page"
    )


def test_math_pages_link_the_local_katex_stylesheet_and_preload_its_fonts(site):
    built = site.page("autograd/q7-gradients-of-parameters/index.html")
    assert '<link rel="stylesheet" href="../../assets/katex/katex.min.css">' in built
    assert 'href="../../assets/katex/fonts/KaTeX_Main-Regular.woff2" as="font"' in built
    assert 'href="../../assets/katex/fonts/KaTeX_Math-Italic.woff2" as="font"' in built
    for preloaded in re.findall(r'<link rel="preload" href="([^"]+)"', built):
        assert (
            (site.site / "autograd/q7-gradients-of-parameters" / preloaded)
            .resolve()
            .is_file()
        )


@pytest.mark.parametrize(
    "page", ["q6-gradient-of-a-function", "q7-gradients-of-parameters"]
)
def test_autograd_pages_show_their_graph_as_inline_svg(site, page):
    built = site.page(f"autograd/{page}/index.html")
    assert built.count('<figure class="autograd-graph"><svg') == 1
    assert "```autograd-graph" not in built and "AccumulateGrad</text>" in built


def test_every_page_with_code_links_the_notebook_made_from_it(site):
    pages = [p for p in all_pages() if page_examples(p)] + sorted(
        DOCS.rglob("lab-*.py")
    )
    assert len(pages) >= 10
    for page in pages:
        page_folder = built_path(page).removesuffix("index.html")
        links = re.findall(
            r'<p class="page-notebook"><a href="([^"]+)" download>',
            site.page(page_folder + "index.html"),
        )
        assert links == [f"{page.stem}.ipynb"], page
        downloaded = site.page(page_folder + links[0])
        expected = notebook_of(page, expand)
        assert downloaded == nbformat.writes(expected), page


def test_notebook_pages_have_no_cdn_scripts_and_their_math_is_katex(site):
    built = site.page("autograd/lab-energy-langevin/index.html")
    assert built.count(KATEX_ROOT_SPAN) >= 10
    assert "katex-error" not in built
    for page in site.site.rglob("*.html"):
        for script in re.findall(
            r"<script\b[^>]*>.*?</script>", page.read_text(), re.S
        ):
            assert not re.search(r'src=""|https?://|mathjax|mermaid', script, re.I), (
                page
            )


def test_katex_stylesheet_finds_every_font_it_names(site):
    stylesheet = site.site / "assets/katex/katex.min.css"
    fonts = re.findall(r"url\((fonts/[^)]+)\)", stylesheet.read_text(encoding="utf-8"))
    assert len(fonts) >= 20
    assert all((stylesheet.parent / font).is_file() for font in fonts)


def test_the_site_loads_nothing_from_other_hosts(site):
    loads = []
    for file in site.site.rglob("*"):
        if file.suffix in {".html", ".css", ".js"}:
            loads += [
                f"{file.relative_to(site.site)}: {match}"
                for match in EXTERNAL_LOAD.findall(file.read_text(encoding="utf-8"))
            ]
    assert loads == []


def test_search_index_holds_tex_not_rendered_math(site):
    index = json.loads(
        (site.site / "search/search_index.json").read_text(encoding="utf-8")
    )
    # The Performance page names KaTeX in its prose; the answers' text must not.
    answers = [e for e in index["docs"] if not e["location"].startswith("performance/")]
    text = " ".join(entry["text"] for entry in answers)
    assert "katex" not in text and "<math" not in text
    assert "requires_grad" in text


def test_a_literal_dollar_in_prose_stays_text(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs/index.md"
    page.write_text(
        page.read_text() + "\nA GPU costs $5 an hour and a CPU $1.\n", encoding="utf-8"
    )
    result = build_in_process(project, tmp_path / "site")
    assert result.returncode == 0, result.log
    assert "A GPU costs $5 an hour and a CPU $1." in html.unescape(
        result.page("index.html")
    )


BROKEN_PAGES = {
    "a formula KaTeX cannot parse": (
        r"The sum $\frac{1}{2$ is broken.",
        [r"\frac{1}{2", "docs/index.md"],
    ),
    "an unknown macro": (
        r"Label $x \eqref{one}$ here.",
        [r"Undefined control sequence: \eqref", "docs/index.md"],
    ),
    "a missing snippet": (
        '```{.python title="missing.py"}\n--8<-- "snippets/q6_gradient_of_a_function/missing.py"\n```',
        [
            "docs/index.md:",
            "snippets/q6_gradient_of_a_function/missing.py",
            "does not exist",
        ],
    ),
    "a broken link": (
        "See [nowhere](diffusion/q10-nowhere.md).",
        ["diffusion/q10-nowhere.md"],
    ),
    "a broken anchor": (
        "See [Q6(d)](autograd/q6-gradient-of-a-function.md#q6d).",
        ["#q6d"],
    ),
    "an autograd graph of a missing output": (
        "```autograd-graph\nsnippets/q6_gradient_of_a_function/missing.txt\n```",
        ["docs/index.md:", "missing.txt", "does not exist"],
    ),
    "an unreadable autograd graph": (
        "```autograd-graph\nsnippets/q6_gradient_of_a_function/q6a_derivative.txt\n```",
        ["docs/index.md:", "cannot draw the graph", "first line must read"],
    ),
    "a malformed stated value": (
        "It is {{ 7 from q6a_derivative }}.",
        ["docs/index.md:", "is not a stated value"],
    ),
    "a stated value from an unknown example": (
        "It is {{ 7 <- q6z_nowhere: x.grad }}.",
        ["docs/index.md:", "'q6z_nowhere', which has no recorded output"],
    ),
    "a formula in a heading": (
        "## Where $x = 2$",
        ["docs/index.md:", "heading holds a formula"],
    ),
    "a bar inside math in a table": (
        "| norm |\n|---|\n| $\\|x\\|$ |",
        ["docs/index.md:", "table", "\\lvert"],
    ),
}


@pytest.mark.parametrize(
    "addition, messages", BROKEN_PAGES.values(), ids=BROKEN_PAGES.keys()
)
def test_the_build_fails_loudly_on(tmp_path, addition, messages):
    project = copy_project(tmp_path / "project")
    page = project / "docs/index.md"
    page.write_text(page.read_text() + "\n" + addition + "\n", encoding="utf-8")
    result = build_in_process(project, tmp_path / "site")
    assert result.returncode != 0
    for message in messages:
        assert message in result.log, result.log


def test_every_image_has_alt_text(site):
    for page in site.site.rglob("*.html"):
        for image in re.findall(r"<img\b[^>]*>", page.read_text(encoding="utf-8")):
            alt = re.search(r'\balt="([^"]*)"', image)
            assert alt and alt[1].strip(), (
                f"{page.relative_to(site.site)}: {image[:120]}"
            )
