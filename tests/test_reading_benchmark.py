"""The parts of benchmarks/reading.py that can be wrong without timing anything:
the variant sites it builds, where its byte counts come from, and its verdicts.
Nothing here opens a browser or builds a site."""

from pathlib import Path

import pytest
from mkdocs.config import load_config

from benchmarks import reading
from examples import ROOT
from site_prepare.pages import nav_pages

CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
CLIENT_VARIANTS = [reading.CLIENT_KATEX, reading.CLIENT_MATHJAX]


def variant_id(variant: reading.Variant) -> str:
    return variant.folder


@pytest.fixture(scope="module", params=reading.VARIANTS, ids=variant_id)
def prepared(request, tmp_path_factory):
    """The variant's copy of the project, and its configuration as MkDocs reads it."""
    variant = request.param
    project = reading.prepare_project(variant, tmp_path_factory.mktemp(variant.folder))
    return variant, project, load_config(str(project / "mkdocs.yml"))


def test_every_page_with_an_answer_is_measured_in_the_nav_s_order():
    answering = [
        page
        for page in nav_pages()
        if page.is_file() and '!!! abstract "Answer"' in page.read_text("utf-8")
    ]
    assert reading.ANSWER_PAGES == answering


@pytest.mark.parametrize("variant", CLIENT_VARIANTS, ids=variant_id)
def test_client_variants_drop_only_the_katex_extension(variant):
    """mkdocs.yml without that one line, and the variant's files added to its lists."""
    config = reading.variant_config(CONFIG, variant)
    assert "site_markdown.katex_math" not in config
    added = [*variant.extra_css, *variant.extra_javascript]
    for item in added:
        assert config.count(f"  - {item}\n") == 1
        config = config.replace(f"  - {item}\n", "")
    assert config == CONFIG.replace(reading.KATEX_EXTENSION, "")


def test_the_build_time_variant_keeps_the_katex_extension_and_adds_nothing():
    config = reading.variant_config(CONFIG, reading.BUILD_TIME_KATEX)
    assert config == CONFIG


def test_every_variant_builds_strict_and_renders_math_as_it_says(prepared):
    variant, _, config = prepared
    assert config["strict"] is True
    renders = "site_markdown.katex_math" in config["markdown_extensions"]
    assert renders is not variant.drops_katex_extension


def test_what_a_variant_serves_exists_in_node_modules_or_is_written(prepared):
    variant, project, config = prepared
    for source in variant.copied.values():
        assert source.exists(), f"{source} is missing: run npm ci"
        assert source.is_relative_to(reading.NODE_MODULES)
    served = [*map(str, config["extra_javascript"]), *config["extra_css"]]
    assert set(variant.extra_javascript) <= set(served)
    assert set(variant.extra_css) <= set(served)
    for path in served:
        assert (project / "docs" / path).is_file(), f"{variant.name} links {path}"


def test_client_katex_starts_as_mkdocs_material_documents_it():
    config = reading.variant_config(CONFIG, reading.CLIENT_KATEX)
    starter = reading.CLIENT_KATEX.written["javascripts/katex.js"]
    assert "document$.subscribe(({ body }) =>" in starter
    assert "renderMathInElement(body" in starter
    # The configuration is read before KaTeX itself, as the documentation orders it.
    assert config.index("javascripts/katex.js") < config.index("katex.min.js")
    assert config.index("katex.min.js") < config.index("auto-render.min.js")


def test_mathjax_is_version_3_and_loaded_after_its_configuration():
    package = reading.MATHJAX_ES5.parent / "package.json"
    assert '"version": "3.2.2"' in package.read_text(encoding="utf-8")
    config = reading.variant_config(CONFIG, reading.CLIENT_MATHJAX)
    assert config.index("javascripts/mathjax.js") < config.index("tex-mml-chtml.js")
    fonts = reading.MATHJAX_ES5 / "output" / "chtml" / "fonts" / "woff-v2"
    assert (fonts / "MathJax_Main-Regular.woff").is_file()


def test_a_changed_mkdocs_yml_fails_loudly_instead_of_building_the_wrong_site():
    with pytest.raises(ValueError, match="site_markdown.katex_math"):
        reading.variant_config(
            CONFIG.replace(reading.KATEX_EXTENSION, ""), reading.CLIENT_KATEX
        )


def test_append_to_list_extends_a_list_or_adds_it():
    text = "a: 1\nextra_css:\n  - one.css\nb: 2\n"
    assert reading.append_to_list(text, "extra_css", ["two.css"]) == (
        "a: 1\nextra_css:\n  - one.css\n  - two.css\nb: 2\n"
    )
    assert reading.append_to_list("a: 1\n", "extra_javascript", ["x.js"]) == (
        "a: 1\n\nextra_javascript:\n  - x.js\n"
    )


@pytest.mark.parametrize(
    ("url", "file"),
    [
        ("http://127.0.0.1:8123/", "index.html"),
        (
            "http://127.0.0.1:8123/autograd/q8-vector-outputs/",
            "autograd/q8-vector-outputs/index.html",
        ),
        (
            "http://127.0.0.1:8123/assets/katex/fonts/KaTeX_Main-Regular.woff2",
            "assets/katex/fonts/KaTeX_Main-Regular.woff2",
        ),
        (
            "http://127.0.0.1:8123/search/search_index.json?v=1",
            "search/search_index.json",
        ),
        ("http://127.0.0.1:8123/a%20b.svg", "a b.svg"),
    ],
)
def test_bytes_are_counted_from_the_file_the_server_answered_with(url, file):
    assert reading.served_file(Path("/site"), url) == Path("/site") / file


def test_served_sizes_are_raw_and_gzip_level_6(tmp_path):
    served = tmp_path / "page.html"
    served.write_bytes(b"<p>" + b"math " * 1000 + b"</p>")
    raw, packed = reading.served_sizes(served)
    assert raw == 5007
    assert 0 < packed < 100


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (0.92, "NOT met (by 0.12x)"),
        (0.81, "NOT met (by 0.01x)"),
        (0.8, "met"),
        (0.5, "met"),
    ],
)
def test_the_ratio_goal_reports_how_far_a_ratio_is_above_it(ratio, expected):
    assert reading.verdict(ratio, reading.FASTER_THAN_CLIENT_KATEX) == expected


def test_the_mathjax_goal_is_half():
    assert reading.verdict(0.62, reading.FASTER_THAN_MATHJAX) == "NOT met (by 0.12x)"
    assert reading.verdict(0.49, reading.FASTER_THAN_MATHJAX) == "met"


def test_layout_shift_must_stay_under_its_limit():
    assert reading.verdict(0.009, reading.NO_LAYOUT_SHIFT) == "met"
    assert reading.verdict(0.01, reading.NO_LAYOUT_SHIFT) == "NOT met (by 0.000)"
    assert reading.verdict(0.125, reading.NO_LAYOUT_SHIFT) == "NOT met (by 0.115)"


def fake_loads(times: dict[str, list[float]]) -> reading.Loads:
    """Loads of every answer page with the given times per variant, all else zero."""
    return {
        (page, variant.name): [
            reading.Load(time, 0.0, 1, 1, 1, (), 0) for time in times[variant.name]
        ]
        for page in reading.ANSWER_PAGES
        for variant in reading.VARIANTS
    }


def test_ratios_are_of_the_medians_and_the_goal_lines_say_so():
    loads = fake_loads(
        {
            "build-time KaTeX": [450, 900, 450],  # median 450
            "client KaTeX": [500, 500, 9000],  # median 500: 0.90x
            "client MathJax": [1000, 1000, 1000],  # 0.45x
        }
    )
    assert reading.time_ratios(loads, reading.CLIENT_KATEX) == [0.9] * 9
    katex_line = reading.ratio_goal(
        loads, reading.CLIENT_KATEX, reading.FASTER_THAN_CLIENT_KATEX
    )
    assert "**NOT met (by 0.10x)** (0.90x" in katex_line
    assert "met on 0 of 9 pages" in katex_line
    mathjax_line = reading.ratio_goal(
        loads, reading.CLIENT_MATHJAX, reading.FASTER_THAN_MATHJAX
    )
    assert "**met** (0.45x" in mathjax_line


def test_math_javascript_in_the_build_time_site_fails_its_goal():
    loads = fake_loads({variant.name: [500] for variant in reading.VARIANTS})
    assert "**met**" in reading.no_math_javascript_goal(loads)
    page = reading.ANSWER_PAGES[0]
    loads[page, "build-time KaTeX"] = [
        reading.Load(500, 0.0, 1, 1, 1, ("http://127.0.0.1/katex.min.js",), 0)
    ]
    assert (
        "**NOT met (http://127.0.0.1/katex.min.js)**"
        in reading.no_math_javascript_goal(loads)
    )


def test_the_variant_order_rotates_so_none_always_goes_first():
    names = [variant.name for variant in reading.VARIANTS]
    firsts = [reading.rotated(names, steps)[0] for steps in range(3)]
    assert sorted(firsts) == sorted(names)
    assert sorted(reading.rotated(names, 4)) == sorted(names)


@pytest.mark.parametrize(
    ("script", "renders_math"),
    [
        ("http://127.0.0.1:8000/assets/katex/katex.min.js", True),
        ("http://127.0.0.1:8000/assets/katex/contrib/auto-render.min.js", True),
        ("http://127.0.0.1:8000/javascripts/katex.js", True),
        ("http://127.0.0.1:8000/assets/mathjax/tex-mml-chtml.js", True),
        ("http://127.0.0.1:8000/assets/katex/contrib/copy-tex.min.js", False),
        ("http://127.0.0.1:8000/javascripts/answer-copy.js", False),
    ],
)
def test_a_math_script_is_one_that_renders_math(script, renders_math):
    assert bool(reading.MATH_SCRIPT.search(script)) is renders_math
