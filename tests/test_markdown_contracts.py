"""What the site's extensions rely on in packages that do not document it.

Each such use sits in one module of site_markdown/ per package:

- pymdown-extensions: SuperFences' ``highlight`` method (superfences_highlight.py);
- Zensical: its rendering context, which names the page (zensical_page.py);
- KaTeX: the rules of its stylesheet and the markup of its output
  (katex_reading.py).

These tests read each in the installed package, so that an upgrade that changes
one fails here, naming the package and its version, rather than as a page that
looks wrong.
"""

from __future__ import annotations

import inspect
import json
import re
from importlib.metadata import version

import markdown
from pymdownx import superfences
from zensical.extensions.context import ContextExtension, ContextPreprocessor, Page
from zensical.markdown import render as zensical_render

from examples import ROOT
from markdown_pages import page_markdown
from site_markdown import katex_reading, superfences_highlight, zensical_page
from site_markdown.katex_renderer import katex_dist, renderer
from site_markdown.superfences_highlight import PRE, WHITESPACE_SPAN, highlighted_pre


def changed(package: str, internal, user) -> str:
    """What a failed test says of an installed package's internal."""
    return (
        f"{package} {version(package)} changed {internal.__module__}."
        f"{internal.__qualname__}, which {user.__name__} relies on: read it again, "
        "then update that module"
    )


# pymdown-extensions


def test_superfences_highlight_as_relied_on():
    """highlighted_pre calls the method SuperFences highlights each fence with,
    under the name SuperFences registers its preprocessor by, with the keywords
    the method reads, and keys its kept results by the preprocessor's config."""
    method = superfences.SuperFencesBlockPreprocessor.highlight
    message = changed("pymdown-extensions", method, superfences_highlight)
    parameters = list(inspect.signature(method).parameters)
    assert parameters == ["self", "src", "language", "options", "md", "kwargs"], message
    source = inspect.getsource(method)
    for keyword in ("classes", "id_value", "attrs"):
        assert f"kwargs['{keyword}']" in source, message
    registered = inspect.getsource(
        superfences.SuperFencesCodeExtension.patch_fenced_rule
    )
    for line in (
        "fenced.config = config",
        'self.md.preprocessors.register(fenced, "fenced_code_block", 25)',
    ):
        assert line in registered, changed(
            "pymdown-extensions",
            superfences.SuperFencesCodeExtension.patch_fenced_rule,
            superfences_highlight,
        )


def test_a_folded_piece_of_code_is_highlighted_as_any_fence_is():
    """The <pre> of a folded piece is that of a fence of the same code, less the
    whitespace spans, which Pygments writes as PRE and WHITESPACE_SPAN expect."""
    code = "def f(x):\n    return x**2  # the square\n"
    md = page_markdown()
    fence = md.convert(f"```py\n{code}```\n")  # not the site's python fence
    message = (
        f"pymdown-extensions {version('pymdown-extensions')} with Pygments "
        f"{version('pygments')} highlights a fence as {fence!r}, which "
        "site_markdown/superfences_highlight.py does not read as it expects"
    )
    assert fence.startswith('<div class="highlight"><pre>'), message
    assert fence.endswith("</pre></div>"), message
    assert WHITESPACE_SPAN.search(fence), message
    whole = WHITESPACE_SPAN.sub(r"\1", PRE.search(fence)[0])
    # Within a conversion, as a formatter is called: SuperFences reads the page's
    # settings when it starts one.
    assert highlighted_pre(md, code.rstrip("\n")) == whole, message


# Zensical


def test_zensical_s_rendering_context_as_relied_on():
    """Every page's Markdown gets a ContextExtension of its page, whose
    preprocessor, under its name, holds the page's path and URL."""
    assert ContextPreprocessor.name == zensical_page.RENDERING_CONTEXT, changed(
        "zensical", ContextPreprocessor, zensical_page
    )
    render = inspect.getsource(zensical_render.render)
    message = changed("zensical", zensical_render.render, zensical_page)
    assert 'extension._kwargs["page"] = page' in render, message
    assert re.search(r"ContextExtension\(\s*page=page,", render), message
    assert render.index("page = Page(") < render.index("md = Markdown("), message
    page = Page(url="/autograd/q6/", path="/autograd/q6.md")
    md = markdown.Markdown(extensions=[ContextExtension(page=page, config={})])
    assert zensical_page.zensical_page(md) == (
        "autograd/q6.md",
        "autograd/q6/",
    ), changed("zensical", ContextExtension, zensical_page)


# KaTeX


def katex_version() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/katex"]["version"]


def katex_changed(what: str) -> str:
    return (
        f"katex {katex_version()} (package-lock.json) {what}; "
        "site_markdown/katex_reading.py was checked against katex "
        f"{katex_reading.CHECKED_AGAINST}: read KaTeX's stylesheet and output "
        "again, then update it and its CHECKED_AGAINST"
    )


def stylesheet() -> str:
    return (katex_dist(ROOT) / "katex.min.css").read_text(encoding="utf-8")


def test_katex_is_the_version_its_reading_was_checked_against():
    installed = json.loads(
        (katex_dist(ROOT).parent / "package.json").read_text(encoding="utf-8")
    )["version"]
    assert installed == katex_version(), (
        f"node_modules holds katex {installed}, package-lock.json {katex_version()}: "
        "run npm ci"
    )
    assert katex_version() == katex_reading.CHECKED_AGAINST, katex_changed(
        "is not the version read"
    )


def test_every_font_face_and_font_file_of_katex_s_stylesheet_is_read():
    css = stylesheet()
    faces = katex_reading.FONT_FACE.findall(css)
    assert len(faces) == css.count("@font-face") == 20, katex_changed(
        "declares its fonts otherwise"
    )
    files = katex_reading.font_files(css)
    assert len(files) == css.count("url(") == 60, katex_changed(
        "links its font files otherwise"
    )
    missing = [name for name in files if not (katex_dist(ROOT) / name).is_file()]
    assert missing == [], katex_changed(f"does not ship {missing}")


def test_the_font_of_katex_s_classes_is_read_from_its_rules():
    fonts = katex_reading.fonts_of_classes(stylesheet())
    expected = {
        frozenset({"katex"}): "KaTeX_Main-Regular",
        frozenset({"mathbb"}): "KaTeX_AMS-Regular",
        frozenset({"textbf"}): "KaTeX_Main-Bold",
        frozenset({"mathnormal"}): "KaTeX_Math-Italic",
        frozenset({"op-symbol", "large-op"}): "KaTeX_Size2-Regular",
    }
    assert {classes: fonts.get(classes) for classes in expected} == expected, (
        katex_changed("gives its classes their fonts otherwise")
    )


def test_katex_s_output_draws_after_its_mathml():
    rendered = renderer(ROOT).render(r"\mathbb{E}[x^2]", False)
    message = katex_changed("writes a formula otherwise")
    assert rendered.index('class="katex-mathml"') < rendered.index(
        katex_reading.DRAWN_PART
    ), message
    assert katex_reading.drawn_characters(rendered) == set("E[x2]"), message
    assert katex_reading.fonts_used(
        rendered, katex_reading.fonts_of_classes(stylesheet())
    ) == ["KaTeX_AMS-Regular", "KaTeX_Main-Regular", "KaTeX_Math-Italic"], message
