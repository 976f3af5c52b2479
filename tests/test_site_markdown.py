"""The site's Markdown extensions as units: Markdown in, HTML out, every refusal.

Each test converts a piece of Markdown with the extensions and settings of
mkdocs.yml, as either engine does, without building a site.
"""

import html as html_module
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from pymdownx.superfences import SuperFencesException

from examples import ROOT, SNIPPETS
from markdown_pages import CONFIG, page_markdown
from site_markdown import katex_renderer
from site_markdown.autograd_graphs import GraphError
from site_markdown.include_check import MissingInclude
from site_markdown.katex_math import MathError, formula_text
from site_markdown.katex_reading import drawn_characters
from site_markdown.katex_renderer import KatexRenderer, KatexThread, katex_dist
from site_markdown.page import Page
from site_markdown.programs import pasteable
from site_markdown.project import OPTION, ProjectError
from site_markdown.stated_values import StatedValueError


def converter(project, **settings):
    """Convert Markdown as the page docs/autograd/q6.md of ``project``."""
    return lambda text: page_markdown(project, **settings).convert(text)


@pytest.fixture
def convert():
    return converter(ROOT)


@pytest.fixture
def project(tmp_path):
    """A project of the site's snippets and node_modules, which a test may add to."""
    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    (tmp_path / "docs/includes").mkdir(parents=True)
    shutil.copy(ROOT / "docs/includes/abbreviations.md", tmp_path / "docs/includes")
    return tmp_path


INCLUDE = '```{{.python title="{name}"}}\n--8<-- "snippets/{path}"\n```\n'


def block(path: str) -> str:
    return "# Title\n\n" + INCLUDE.format(name=path.rsplit("/", 1)[-1], path=path)


# Stated values


def test_a_stated_value_shows_only_its_value(convert):
    html = convert("It is {{ 7 <- q6a_derivative: x.grad }} here.")
    assert "<p>It is 7 here.</p>" in html


@pytest.mark.parametrize(
    "text, message",
    [
        ("It is {{ 7 from q6a_derivative }}.", "is not a stated value"),
        (
            "It is {{ 7 <- q6z_nowhere: x.grad }}.",
            "names the example 'q6z_nowhere', which has no recorded output",
        ),
    ],
)
def test_a_malformed_stated_value_is_refused_with_page_and_line(convert, text, message):
    with pytest.raises(StatedValueError, match=re.escape(message)) as refusal:
        convert("Line one.\n\n" + text)
    assert str(refusal.value).startswith("docs/autograd/q6.md:3:")


# Math


def test_a_formula_becomes_katex_with_a_text_for_search(convert):
    html = convert("The bottleneck is $8 \\times 8$.")
    assert '<span class="katex">' in html and "\\(" not in html
    assert '<template class="formula-text">8 × 8</template>' in html
    # Kept for copy-tex, which copies a formula as its TeX; out of the search index.
    assert re.search(
        r'<span data-search-exclude="">\s*<span class="katex">.*'
        r'<annotation encoding="application/x-tex">8 \\times 8</annotation>',
        html,
    )


def test_an_inline_formula_holds_the_punctuation_after_it(convert):
    short = convert("The bottleneck is $8 \\times 8$.")
    assert re.search(
        r'<span class="formula kept-whole">.*</template>\.</span></p>', short
    )
    long = convert("So $a_1 + a_2 + a_3 + a_4 + a_5$, then.")
    assert re.search(r'<span class="formula">.*</template>,</span> then', long)


def test_the_fonts_of_the_page_are_preloaded_relative_to_it(convert):
    html = convert("# Title\n\n$$\n\\mathbb{E}[x]\n$$\n")
    assert (
        '<link rel="preload" href="../../assets/katex/fonts/KaTeX_AMS-Regular.woff2"'
        in html
    )


def test_a_formula_meets_v8_once_per_process(tmp_path, monkeypatch):
    # `make serve` rebuilds in one process: its first build fills the renderer.
    rendered_in_v8 = []
    render = KatexThread.render

    def counted(thread, script, tex, display):
        rendered_in_v8.append(tex)
        return render(thread, script, tex, display)

    monkeypatch.setattr(KatexThread, "render", counted)
    renderer = KatexRenderer(katex_dist(ROOT), tmp_path)
    try:
        first, again = (renderer.render("x^2", False) for _ in range(2))
    finally:
        renderer.close()
    assert first == again and '<span class="msupsub">' in first
    assert rendered_in_v8 == ["x^2"]


def test_copies_of_the_project_share_its_v8_context(tmp_path, monkeypatch):
    # The project's context, made here unless this process has one already.
    KatexRenderer(katex_dist(ROOT), tmp_path).render("x^{project}", False)
    contexts_made = []

    class CountedMiniRacer(katex_renderer.MiniRacer):
        def __init__(self):
            contexts_made.append(self)
            super().__init__()

    monkeypatch.setattr(katex_renderer, "MiniRacer", CountedMiniRacer)
    for copy in ("one", "two"):
        (tmp_path / copy).mkdir()
        (tmp_path / copy / "node_modules").symlink_to(ROOT / "node_modules")
        renderer = KatexRenderer(katex_dist(tmp_path / copy), tmp_path / copy)
        assert '<span class="msupsub">' in renderer.render(f"x^{{{copy}}}", False)
    assert contexts_made == []


def test_a_build_of_some_pages_keeps_the_other_formulas_cached(tmp_path):
    for tex in ("x^2", "y^2"):  # two builds, each of a page of its own
        renderer = KatexRenderer(katex_dist(ROOT), tmp_path)
        renderer.render(tex, False)
        renderer.close()
    (cache_file,) = tmp_path.glob("katex-*.json")
    kept = json.loads(cache_file.read_text(encoding="utf-8"))
    assert kept.keys() == {"inline:x^2", "inline:y^2"}


# Zensical converts pages on worker threads that end before the build exits;
# mini-racer's V8 crashed (SIGSEGV) when a context was closed after the thread
# that ran KaTeX in it, or made on a second thread (a second project's renderer).
ON_THREADS_THAT_END = """
import sys, threading
from pathlib import Path
from site_markdown.katex_renderer import KatexRenderer, katex_dist
project, cache = map(Path, sys.argv[1:])
renderers = [KatexRenderer(katex_dist(project), cache / name) for name in "ab"]
for renderer in renderers:
    worker = threading.Thread(target=renderer.render, args=(r"\\frac{1}{2}", False))
    worker.start()
    worker.join()
for renderer in renderers:
    renderer.close()
"""


def test_formulas_rendered_on_threads_that_ended_close_cleanly(tmp_path):
    closing = subprocess.run(
        [sys.executable, "-c", ON_THREADS_THAT_END, str(ROOT), str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert closing.returncode == 0, closing.stderr
    for name in "ab":
        (cache_file,) = (tmp_path / name).glob("katex-*.json")
        kept = json.loads(cache_file.read_text(encoding="utf-8"))
        assert '<span class="mfrac">' in kept["inline:\\frac{1}{2}"]


@pytest.mark.parametrize(
    "text, message",
    [
        (r"The sum $\frac{1}{2$ is broken.", "Unexpected end of input"),
        (r"Label $x \eqref{one}$ here.", r"Undefined control sequence: \eqref"),
        ("## Where $x = 2$", "docs/autograd/q6.md:1: a heading holds a formula"),
        ("| norm |\n|---|\n| $\\|x\\|$ |", "docs/autograd/q6.md:3: the formula"),
        (r"Angle $\psi$ here.", "draws 'ψ', which the site's KaTeX fonts leave out"),
    ],
)
def test_math_the_page_cannot_show_is_refused(convert, text, message):
    with pytest.raises(MathError, match=re.escape(message)):
        convert(text)


def test_math_checks_skip_code_as_the_page_model_reads_it(convert):
    # A fence of four backticks holds a line of three: the fence goes on.
    page = "````text\n```\n# the heading $x$ | $|y|$ |\n```\n````\n"
    assert "# the heading $x$" in convert(page)
    with pytest.raises(MathError, match="a heading holds a formula"):
        convert(page.replace("````", "```"))


def test_the_characters_a_formula_draws_are_those_of_its_html_not_its_mathml():
    rendered = katex_renderer.renderer(ROOT).render(r"\psi \leq \texttt{x.grad}", False)
    assert "<mi>ψ</mi>" in rendered  # MathML reads ψ as well
    assert drawn_characters(rendered) == set("ψ≤x.grad")


@pytest.mark.parametrize(
    "tex, text",
    [
        (r"8 \times 8", "8 × 8"),
        (r"\omega_k = 10000^{-2k/d}", "ω_k = 10000^-2k/d"),
        (r"\texttt{x.grad} \mathrel{+}= v^\top J", "x.grad += v^⊤J"),
        (r"\dfrac{dy}{dx} = 2x + 3", "dy/dx = 2x + 3"),
    ],
)
def test_formula_text_is_what_a_reader_would_type(tex, text):
    assert formula_text(tex) == text


# Settings and state


def reads_the_project(name: str) -> bool:
    return OPTION in markdown.Markdown().build_extension(name, {}).config


SITE_EXTENSIONS = [
    e for e in CONFIG.markdown_extensions if e.startswith("site_markdown.")
]
READING_THE_PROJECT = [name for name in SITE_EXTENSIONS if reads_the_project(name)]


def test_mkdocs_yml_gives_each_extension_that_reads_the_project_its_folder():
    assert READING_THE_PROJECT == [
        "site_markdown.stated_values",
        "site_markdown.include_check",
        "site_markdown.katex_math",
        "site_markdown.sources",
        "site_markdown.folded_code",
    ]
    for name in READING_THE_PROJECT:
        assert Path(CONFIG.mdx_configs[name][OPTION]) == ROOT, name


@pytest.mark.parametrize("name", READING_THE_PROJECT)
def test_an_extension_without_a_project_folder_names_its_option(name, tmp_path):
    with pytest.raises(ProjectError, match=f"^{name} has no project_dir option"):
        markdown.Markdown(extensions=[name])
    nowhere = str(tmp_path / "nowhere")
    with pytest.raises(
        ProjectError,
        match=f"^{name}'s option project_dir is {re.escape(repr(nowhere))}, which is "
        "not a folder",
    ):
        markdown.Markdown(
            extensions=[name], extension_configs={name: {OPTION: nowhere}}
        )


def test_the_python_fence_without_its_extension_names_it():
    fences = CONFIG.mdx_configs["pymdownx.superfences"]
    md = markdown.Markdown(
        extensions=["pymdownx.superfences", "pymdownx.snippets"],
        extension_configs={
            "pymdownx.superfences": fences,
            "pymdownx.snippets": {"base_path": [str(ROOT)]},
        },
    )
    with pytest.raises(
        SuperFencesException, match="needs the extension site_markdown.folded_code"
    ):
        md.convert(block("q6_gradient_of_a_function/q6a_derivative.py"))


def test_a_markdown_reset_converts_the_next_page_as_a_new_markdown_would():
    first = '!!! abstract "Answer"\n    It is $x^2$ [@ddpm-simple-loss].\n\n' + block(
        "q4_unet_downsampling/tiny_unet.py"
    )
    second = "# Next\n\n" + INCLUDE.format(
        name="q4c.py", path="q4_unet_downsampling/q4c_unet_shapes.py"
    )
    md = page_markdown()
    md.convert(first)
    md.reset()
    after_reset = md.convert(second)
    assert after_reset == page_markdown().convert(second)
    assert "(shown in full above)" not in after_reset
    # What the first page lends the second without the reset: its module shown
    # in full, which the second page's fold would link to.
    unreset = page_markdown()
    unreset.convert(first)
    assert "(shown in full above)" in unreset.convert(second)


# Includes and folded code


def test_a_missing_include_names_the_page_and_line(convert):
    with pytest.raises(MissingInclude, match=r"docs/autograd/q6.md:4 includes"):
        convert(block("q6_gradient_of_a_function/missing.py"))


def test_an_include_of_lines_is_checked_for_its_file(convert):
    # As a lab's page includes its cells: "file:first:last".
    lines = '```python\n--8<-- "snippets/q6_gradient_of_a_function/{}:1:2"\n```\n'
    html = convert("# Title\n\n" + lines.format("q6a_derivative.py"))
    assert "import" in html and "torch" in html
    with pytest.raises(MissingInclude, match=r"q6.md:4 includes 'snippets/.*/gone.py'"):
        convert("# Title\n\n" + lines.format("gone.py"))


def test_a_block_folds_the_building_blocks_its_code_imports(convert):
    html = convert(block("q4_unet_downsampling/q4c_unet_shapes.py"))
    folds = re.findall(r'<details class="program-fold" data-search-exclude>', html)
    assert len(folds) == 5
    summaries = re.findall(r"<summary><code>(\w+)</code>", html)
    assert summaries[0] == "sinusoidal_embedding" and summaries[-1] == "TinyUNet"
    copied = re.search(r'data-copy="([^"]*)"', html)[1]
    assert "class TinyUNet" in copied and "from snippets" not in copied


def test_a_block_whose_repl_layout_differs_copies_that_layout(convert):
    """The REPL needs a blank line after a loop, before the next statement."""
    html = convert(block("q9_zeroing_and_detaching/q9a_micro_batches.py"))
    copied = html_module.unescape(re.search(r'data-copy="([^"]*)"', html)[1])
    assert (
        copied
        == pasteable(
            (SNIPPETS / "q9_zeroing_and_detaching/q9a_micro_batches.py").read_text()
        ).rstrip("\n")
        + "\n"
    )
    assert "backward()  # each micro-batch is half of the batch\n\nprint(" in copied


def test_a_block_already_laid_out_for_the_repl_copies_its_code(convert):
    html = convert(block("q6_gradient_of_a_function/q6a_derivative.py"))
    assert "data-copy" not in html


def test_a_module_shown_above_is_a_link_in_later_folds(convert):
    html = convert(
        block("q4_unet_downsampling/tiny_unet.py")
        + "\n"
        + INCLUDE.format(name="q4c.py", path="q4_unet_downsampling/q4c_unet_shapes.py")
    )
    assert 'id="code-snippets-q4-unet-downsampling-tiny-unet"' in html
    assert 'href="#code-snippets-q4-unet-downsampling-tiny-unet"' in html
    assert "(shown in full above)" in html


def test_each_block_keeps_ids_of_its_own_where_highlighting_gives_them():
    # Both blocks fold sinusoidal_embedding: highlighted code kept from the first
    # block would repeat its line ids in the second.
    convert = converter(ROOT, line_spans="__span")
    html = convert(
        block("q2_embedding_d8_t1/q2a_embedding_d8_t1.py")
        + "\n"
        + INCLUDE.format(
            name="q2b.py", path="q2_embedding_d8_t1/q2b_source_vector_check.py"
        )
    )
    ids = re.findall(r' id="(__span-[^"]+)"', html)
    assert len(ids) > 20 and len(ids) == len(set(ids))


def test_a_block_that_shows_too_much_is_refused(project):
    snippet = project / "snippets/q6_gradient_of_a_function/long.py"
    snippet.write_text("".join(f"print({n})\n" for n in range(41)))
    with pytest.raises(SuperFencesException, match="shows 41 lines, more than 40"):
        converter(project)(block("q6_gradient_of_a_function/long.py"))


@pytest.mark.parametrize(
    "code, message",
    [
        (
            "from snippets.q6_gradient_of_a_function.nowhere import x\n",
            "does not exist",
        ),
        ("import snippets.q6_gradient_of_a_function.backward_graph\n", "write `from"),
        ("from .backward_graph import backward_graph\n", "a relative import"),
        (
            "from snippets.q6_gradient_of_a_function.backward_graph import "
            "backward_graph as walk\n",
            "`import ... as ...`",
        ),
        (
            "def f():\n    from snippets.q6_gradient_of_a_function.backward_graph "
            "import backward_graph\n",
            "belong at the top",
        ),
        ("# fold: a fold\nx = 1\n", "has no # end fold line"),
        ("# fold: a\n# fold: b\nx = 1\n# end fold\n", "folds do not nest"),
    ],
)
def test_a_snippet_the_page_cannot_make_a_program_of_is_refused(project, code, message):
    (project / "snippets/q6_gradient_of_a_function/broken.py").write_text(code)
    with pytest.raises(SuperFencesException, match=re.escape(message)):
        converter(project)(block("q6_gradient_of_a_function/broken.py"))


# Graphs


def test_a_recorded_graph_becomes_an_svg_figure(convert):
    graph = '```autograd-graph\n--8<-- "snippets/q6_gradient_of_a_function/q6a_graph.txt"\n```\n'
    html = convert(graph)
    assert '<figure class="autograd-graph"><svg' in html
    assert "AccumulateGrad</text>" in html


def test_an_output_that_is_not_a_graph_is_refused(convert):
    graph = '```autograd-graph\n--8<-- "snippets/q6_gradient_of_a_function/q6a_derivative.txt"\n```\n'
    with pytest.raises(GraphError, match="first line must read"):
        convert(graph)


# The notebook link


def test_a_page_with_code_links_its_notebook_beside_the_title(convert):
    html = convert(block("q6_gradient_of_a_function/q6a_derivative.py"))
    assert html.startswith(
        '<a class="page-notebook-button" href="../notebooks/q6.ipynb" download '
        'aria-label="Download this page\'s code as a Jupyter notebook"'
    )
    assert html.count("page-notebook") == 1
    assert '<h1 id="title">' in html  # the toc's names of headings are left alone


def test_a_lab_says_its_blocks_continue_and_links_notebook_and_program():
    lab = ("autograd/lab-energy.md", "autograd/lab-energy/")
    html = converter(ROOT, page=lab)(
        block("q6_gradient_of_a_function/q6a_derivative.py")
    )
    title_end = html.index("</h1>") + len("</h1>")
    assert html[title_end:].startswith(
        '<p class="page-notebook">This lab is one notebook: each block continues'
    )
    assert 'href="../notebooks/lab-energy.ipynb" download>Jupyter notebook' in html
    assert 'href="../notebooks/lab-energy.py" download>Python program' in html


def test_a_page_without_code_gets_no_link(convert):
    assert "page-notebook" not in convert("# Title\n\nProse only.\n")


def test_under_zensical_links_are_written_from_the_source_file():
    zensical = Page("autograd/q6.md", "autograd/q6/", True)
    mkdocs = Page("autograd/q6.md", "autograd/q6/")
    assert zensical.link_to("autograd/notebooks/q6.ipynb") == "notebooks/q6.ipynb"
    assert mkdocs.link_to("autograd/notebooks/q6.ipynb") == "../notebooks/q6.ipynb"
    assert (
        mkdocs.link_to("assets/katex/fonts/a.woff2")
        == "../../assets/katex/fonts/a.woff2"
    )
