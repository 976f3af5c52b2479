"""The strict build: every page built, every formula rendered, nothing loaded from elsewhere.

Each check runs against both engines that read mkdocs.yml: MkDocs, which the
Makefile's commands use, and Zensical (site_tools/zensical_build.py), its successor.
"""

import gzip
import html
import json
import re
import unicodedata
from pathlib import Path

import matplotlib.image
import nbformat
import pytest
from fontTools.ttLib import TTFont

from examples import DOCS, ROOT, all_pages, page_examples
from site_build import (
    build_in_process,
    shared_build,
    shared_zensical_build,
    small_project,
)
from site_markdown.katex_math import FONT_CHARACTERS, SITE_KATEX_DIR
from site_markdown.katex_reading import drawn_characters
from site_markdown.katex_renderer import FORMULA_CACHE, katex_dist
from site_prepare.notebooks import notebook_of
from site_prepare.pages import (
    lab_page,
    lab_sources,
    nav_pages,
    page_url,
    question_pages,
)
from site_prepare.paths import CACHE_FOLDER, THIS
from site_tools import zensical_build
from site_tools.builds import formulas_in

LAB_PAGES = [lab_page(source) for source in lab_sources()]

EXTERNAL_LOAD = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=["'](?:https?:)?//"""
    # A canonical link names the page's own address, from site_url: not a load.
    r"""|<link\b(?![^>]*\brel=["']canonical)[^>]*\bhref=["'](?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//"""
    r"""|@import\s+["'](?:https?:)?//""",
    re.IGNORECASE,
)
KATEX_ROOT_SPAN = '<span class="katex">'


ENGINES = ["mkdocs", "zensical"]


@pytest.fixture(scope="module", params=ENGINES)
def site(request, tmp_path_factory):
    if request.param == "mkdocs":
        result = shared_build(tmp_path_factory)
    else:
        result = shared_zensical_build(tmp_path_factory)
    assert result.returncode == 0, result.log
    return result


def build_with(engine: str, project: Path, site_folder: Path):
    if engine == "mkdocs":
        return build_in_process(project, site_folder)
    return zensical_build.build(project)


def built_path(page: Path) -> str:
    """Where the build writes the page, from the site's root."""
    return page_url(page) + "index.html"


def test_every_page_in_the_nav_is_built(site):
    for page in nav_pages():
        assert (site.site / built_path(page)).is_file(), page


@pytest.mark.parametrize(
    "page",
    [*all_pages(), *LAB_PAGES],
    ids=lambda page: page.relative_to(DOCS).as_posix(),
)
def test_every_formula_is_rendered_by_katex(site, page):
    built = site.page(built_path(page))
    expected = formulas_in(page)
    if "about" not in page.relative_to(DOCS).parts:
        assert expected > 0, f"{page} has no math; every answer states a formula"
    assert built.count(KATEX_ROOT_SPAN) == expected
    assert "katex-error" not in built
    assert not re.search(r'class="arithmatex">\\[(\[]', built), (
        "raw TeX left in the page"
    )


def test_math_pages_link_the_local_katex_stylesheet_and_preload_its_fonts(site):
    built = site.page("autograd/q7-gradients-of-parameters/index.html")
    assert re.search(
        r'<link rel="stylesheet" href="../../assets/katex/katex.min.css', built
    )
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
    pages = [p for p in all_pages() if page_examples(p)]
    assert set(question_pages()) <= set(pages)
    for page in [*pages, *LAB_PAGES]:
        page_folder = built_path(page).removesuffix("index.html")
        links = re.findall(
            r'href="([^"]+\.ipynb)" download',
            site.page(page_folder + "index.html"),
        )
        assert links == [f"../notebooks/{page.stem}.ipynb"], page
        downloaded = site.page(page_folder + links[0])
        if page in pages:
            expected = nbformat.writes(notebook_of(page, THIS))
            assert downloaded == expected, page
        else:
            notebook = nbformat.reads(downloaded, as_version=4)
            code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
            assert "from snippets" not in code, page


def test_no_page_runs_a_script_of_its_own_or_from_elsewhere(site):
    for page in site.site.rglob("*.html"):
        for script in re.findall(
            r"<script\b[^>]*>.*?</script>", page.read_text(), re.S
        ):
            assert not re.search(r'src=""|https?://|mathjax|mermaid', script, re.I), (
                page
            )


def test_katex_stylesheet_finds_every_font_a_browser_asks_for(site):
    """Every font as WOFF2, the format each font-face lists first; no browser
    that reads WOFF2 asks for its WOFF and TTF fallbacks."""
    stylesheet = site.site / "assets/katex/katex.min.css"
    css = stylesheet.read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\{[^}]*?src:url\((fonts/[^)]+)\)", css)
    assert len(faces) >= 20
    assert all(font.endswith(".woff2") for font in faces)
    assert all((stylesheet.parent / font).is_file() for font in faces)


def test_the_site_loads_nothing_from_other_hosts(site):
    loads = []
    for file in site.site.rglob("*"):
        if file.suffix in {".html", ".css", ".js"}:
            loads += [
                f"{file.relative_to(site.site)}: {match}"
                for match in EXTERNAL_LOAD.findall(file.read_text(encoding="utf-8"))
            ]
    assert loads == []


def search_entries(site) -> list[dict]:
    """The search index's entries, each with its location and text."""
    mkdocs_index = site.site / "search/search_index.json"
    if mkdocs_index.is_file():
        return json.loads(mkdocs_index.read_text(encoding="utf-8"))["docs"]
    return json.loads((site.site / "search.json").read_text(encoding="utf-8"))["items"]


def test_search_index_holds_math_as_text(site):
    # The Performance page names KaTeX in its prose; the answers' text must not.
    answers = [
        entry
        for entry in search_entries(site)
        if not entry["location"].startswith("about/performance/")
    ]
    text = " ".join(entry["text"] for entry in answers)
    assert "katex" not in text and "<math" not in text
    assert "\\times" not in text and "\\omega" not in text and "\\(" not in text
    assert "8 × 8" in text and "ω_k" in text and "requires_grad" in text


def test_search_index_holds_each_building_block_once(site):
    """Folded copies are left out, so a search finds a definition where it is shown."""
    text = " ".join(entry["text"] for entry in search_entries(site))
    assert text.count("def checked_timesteps") == 1


# The pages a test breaks are built as a site of their own (site_build.small_project):
# the project's configuration, a fraction of its build time.
A_PAGE = "# A page\n\nIts formula is $x^2$.\n"
ANOTHER_PAGE = "# Another page\n\n## A heading\n\nIts text.\n"


def small_site_with(tmp_path: Path, engine: str, addition: str):
    project = small_project(
        tmp_path / "project",
        {"index.md": f"{A_PAGE}\n{addition}\n", "other.md": ANOTHER_PAGE},
    )
    return build_with(engine, project, tmp_path / "site")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_literal_dollar_in_prose_stays_text(tmp_path, engine):
    result = small_site_with(tmp_path, engine, "A GPU costs $5 an hour and a CPU $1.")
    assert result.returncode == 0, result.log
    built = html.unescape(result.page("index.html"))
    assert "A GPU costs $5 an hour and a CPU $1." in built
    assert built.count(KATEX_ROOT_SPAN) == 1  # the page's formula, and only it


def test_a_small_site_keeps_its_formulas_out_of_the_projects_cache(tmp_path):
    result = small_site_with(tmp_path, "zensical", "Its other formula is $x^{99}$.")
    assert result.returncode == 0, result.log
    formulas = tmp_path / "project" / CACHE_FOLDER / FORMULA_CACHE
    assert not formulas.resolve().is_relative_to(ROOT)
    # One file per KaTeX version and rendering options; older ones stay until
    # `make clean`.
    assert any(
        "inline:x^{99}" in json.loads(kept.read_text(encoding="utf-8"))
        for kept in formulas.glob("katex-*.json")
    )


# tests/test_site_markdown.py checks each refusal of the extensions one by one;
# here each engine's build must fail, naming the page, on each way a refusal
# reaches it: a preprocessor, a treeprocessor, a fence, site_prepare, the
# engine's own link checks.
BROKEN_PAGES = {
    "a malformed stated value": (
        "It is {{ 7 from q6a_derivative }}.",
        ["docs/index.md:", "is not a stated value"],
    ),
    "a formula KaTeX cannot parse": (
        r"The sum $\frac{1}{2$ is broken.",
        [r"\frac{1}{2", "docs/index.md"],
    ),
    "an unreadable autograd graph": (
        '```autograd-graph\n--8<-- "snippets/q6_gradient_of_a_function/q6a_derivative.txt"\n```',
        ["docs/index.md", "cannot draw the autograd graph", "first line must read"],
    ),
    "a missing snippet": (
        '```{.python title="missing.py"}\n--8<-- "snippets/q6_gradient_of_a_function/missing.py"\n```',
        [
            "docs/index.md:",
            "snippets/q6_gradient_of_a_function/missing.py",
            "does not exist",
        ],
    ),
    # One build for both: each engine reports every link it cannot follow, then fails.
    "a broken link and a broken anchor": (
        "See [nowhere](nowhere.md) and [a heading](other.md#no-such-heading).",
        ["nowhere.md", "#no-such-heading"],
    ),
}
BROKEN_BUILDS = [
    pytest.param(addition, messages, engine, id=f"{case}-{engine}")
    for case, (addition, messages) in BROKEN_PAGES.items()
    for engine in ENGINES
]


@pytest.mark.parametrize("addition, messages, engine", BROKEN_BUILDS)
def test_the_build_fails_loudly_on(tmp_path, addition, messages, engine):
    result = small_site_with(tmp_path, engine, addition)
    assert result.returncode != 0
    for message in messages:
        assert message in result.log, result.log


@pytest.mark.parametrize("engine", ENGINES)
def test_the_small_site_of_the_failing_builds_builds(tmp_path, engine):
    """Each failure above is the page's addition, not the small site."""
    result = small_site_with(tmp_path, engine, "See [a heading](other.md#a-heading).")
    assert result.returncode == 0, result.log
    assert sorted(
        page.relative_to(result.site).as_posix()
        for page in result.site.rglob("index.html")
    ) == ["index.html", "other/index.html"]


# What a phone downloads of a page's HTML, compressed as a web server sends it. The
# markup of highlighted code and of formulas is long but compresses well; the
# heaviest page is the DDPM lab.
MOST_PAGE_BYTES_COMPRESSED = 60_000


def test_every_page_is_light(site):
    weights = {
        page.relative_to(site.site).as_posix(): len(gzip.compress(page.read_bytes()))
        for page in site.site.rglob("index.html")
    }
    assert len(weights) >= 13
    assert {
        page: size
        for page, size in weights.items()
        if size > MOST_PAGE_BYTES_COMPRESSED
    } == {}


def test_no_page_inlines_an_image(site):
    """Figures are files: an image inlined as data would not compress, and a
    phone would download it with the page whether or not it is scrolled to."""
    inlined = [
        page.relative_to(site.site).as_posix()
        for page in site.site.rglob("*.html")
        if "data:image/" in page.read_text(encoding="utf-8")
    ]
    assert inlined == []


def test_every_image_has_alt_text(site):
    for page in site.site.rglob("*.html"):
        for image in re.findall(r"<img\b[^>]*>", page.read_text(encoding="utf-8")):
            alt = re.search(r'\balt="([^"]*)"', image)
            assert alt and alt[1].strip(), (
                f"{page.relative_to(site.site)}: {image[:120]}"
            )


def test_a_labs_figure_opens_full_size_when_tapped(site):
    for page in LAB_PAGES:
        html = site.page(built_path(page))
        images = re.findall(r'<img [^>]*src="((?:\.\./)?figures/[^"]+\.png)"', html)
        links = re.findall(r'<a href="((?:\.\./)?figures/[^"]+\.png)"><img ', html)
        assert images and links == images, page


def figure_size(file: Path) -> tuple[int, int]:
    """The width and height in CSS pixels a browser gives the image ``file``."""
    if file.suffix == ".svg":
        svg = re.search(r"<svg [^>]*>", file.read_text(encoding="utf-8")).group(0)
        # Matplotlib writes its sizes in points: 4/3 of a CSS pixel each.
        width, height = (
            float(re.search(rf'{side}="([0-9.]+)pt"', svg).group(1)) * 4 / 3
            for side in ("width", "height")
        )
        return round(width), round(height)
    height, width = matplotlib.image.imread(file).shape[:2]
    return width, height


def test_every_figure_loads_lazily_in_a_place_of_its_own_size(site):
    """Figures below the first screen wait until the reader nears them, and the
    page keeps their place meanwhile, so that nothing moves when one arrives."""
    figure_tag = re.compile(r'<img [^>]*src="((?:\.\./)*figures/[^"]+)"[^>]*>')
    pages_with_figures = set()
    for page in nav_pages():
        built = Path(built_path(page))
        for match in figure_tag.finditer(site.page(str(built))):
            pages_with_figures.add(page.name)
            tag, source = match.group(0), match.group(1)
            width, height = figure_size(site.site / built.parent / source)
            assert 'loading="lazy"' in tag, tag
            assert f'width="{width}"' in tag and f'height="{height}"' in tag, (
                f"{tag} on {page.name}: the file is {width} x {height}"
            )
    assert pages_with_figures >= {lab.name for lab in LAB_PAGES} | {
        "q1-sinusoidal-embedding.md"
    }, pages_with_figures


def test_the_fonts_keep_exactly_the_characters_the_sites_formulas_draw(site):
    """A character no formula draws any more leaves FONT_CHARACTERS too."""
    drawn = set()
    for page in sorted(site.site.rglob("*.html")):
        for formula in page.read_text(encoding="utf-8").split('<span class="katex">')[
            1:
        ]:
            # Each formula ends where its plain text for search begins.
            drawn |= drawn_characters(
                formula.split('<template class="formula-text">')[0]
            )
    assert drawn == FONT_CHARACTERS, (
        f"drawn but not kept: {sorted(drawn - FONT_CHARACTERS)}; "
        f"kept but not drawn: {sorted(FONT_CHARACTERS - drawn)}"
    )


def test_the_served_fonts_keep_the_glyphs_the_formulas_draw_and_few_others(site):
    dist = katex_dist(ROOT) / "fonts"
    served = sorted((site.site / SITE_KATEX_DIR / "fonts").glob("*.woff2"))
    assert len(served) == len(list(dist.glob("*.woff2"))) > 0
    for font in served:
        whole, cut = TTFont(dist / font.name), TTFont(font)
        kept = {ord(character) for character in FONT_CHARACTERS}
        kept_here = kept & set(whole.getBestCmap())
        assert kept_here <= set(cut.getBestCmap()), font.name
        for code, glyph in cut.getBestCmap().items():
            assert cut["hmtx"][glyph] == whole["hmtx"][whole.getBestCmap()[code]]
        # Beside them, only their mirror images, which fontTools keeps for
        # right-to-left text (its bidi_closure option); pairs from Unicode's
        # BidiMirroring.txt.
        extra = {chr(code) for code in set(cut.getBestCmap()) - kept_here}
        mirrors = {"<": ">", "∈": "∋", "≤": "≥", "∼": "∽"}
        assert extra <= {mirrors.get(chr(code)) for code in kept_here}, font.name
        assert all(unicodedata.mirrored(character) for character in extra)
        assert font.stat().st_size < (dist / font.name).stat().st_size, font.name


def test_the_header_switch_is_the_projects_not_the_themes_component(site):
    """The theme's palette component restyles the whole page as it loads; the
    site's own script runs the switch instead (overrides/partials/palette.html)."""
    home = site.page("index.html")
    assert '<form class="md-header__option" data-palette-switch>' in home
    assert 'data-md-component="palette"' not in home
    assert re.search(r'<script src="[^"]*javascripts/palette\.js" defer>', home)
