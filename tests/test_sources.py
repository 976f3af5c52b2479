"""Citations and Sources lists (site_markdown/sources.py): Markdown in, HTML out,
and every refusal, on a small project of its own bibliography and pages."""

import markdown
import pytest

from site_markdown import sources
from site_markdown.page import PageExtension
from site_markdown.sources import (
    SourceError,
    citations_as_links,
    read_bibliography,
    unpinned,
)

ENTRIES = r"""
@article{paper-claim,
  author = {Ho, Jonathan and Jain, Ajay and Abbeel, Pieter},
  title = {Denoising Diffusion Probabilistic Models},
  journal = {NeurIPS},
  year = {2020},
  url = {https://arxiv.org/abs/2006.11239v2},
  locator = {Section 4},
  quote = {We set T = 1000 for all experiments},
}

@misc{code-claim,
  author = {Ho, Jonathan},
  label = {nn.py, get_timestep_embedding},
  title = {diffusion_tf/nn.py},
  url = {https://github.com/hojonathanho/diffusion/blob/1e0dceb3b3495bbe19116a5e1b3596cd0706c543/diffusion_tf/nn.py#L90-L109},
  code = {if embedding_dim % 2 == 1:  # zero pad
  emb = tf.pad(emb, [[0, 0], [0, 1]])},
}
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "docs" / "includes").mkdir(parents=True)
    (tmp_path / "docs" / "includes" / "sources.bib").write_text(ENTRIES, "utf-8")
    return tmp_path


def convert(project, text: str, cited_elsewhere: str = "") -> str:
    """``text`` as the page docs/part/page.md; ``cited_elsewhere`` is another page."""
    (project / "docs" / "part").mkdir(exist_ok=True)
    (project / "docs" / "part" / "page.md").write_text(text, "utf-8")
    (project / "docs" / "part" / "other.md").write_text(cited_elsewhere, "utf-8")
    md = markdown.Markdown(
        extensions=[
            "toc",
            PageExtension(source="part/page.md", url="part/page/"),
            "site_markdown.sources",
        ],
        extension_configs={"site_markdown.sources": {"project_dir": str(project)}},
    )
    return md.convert(text)


def test_a_citation_links_its_entry_and_the_page_ends_with_its_sources(project):
    html = convert(project, "Sines first [@code-claim], and $T$ [@paper-claim, Eq. 4].")
    assert '(<a href="#source-code-claim">nn.py, get_timestep_embedding</a>)' in html
    assert '(<a href="#source-paper-claim">Ho et al. 2020, Eq. 4</a>)' in html
    sources = html[html.index('<h2 id="sources">') :]
    assert sources.startswith(
        '<h2 id="sources">Sources</h2><details class="sources"><summary>The 2 '
        'places this page cites, each with what it says</summary><ol class="sources">'
    )
    assert sources.index("source-code-claim") < sources.index("source-paper-claim")
    assert (
        '<details class="source-quote"><summary>What it says</summary><blockquote>'
        "<p>We set T = 1000 for all experiments</p>"
    ) in sources
    assert "diffusion_tf/nn.py." in sources  # a file name keeps its case
    assert "if embedding_dim % 2 == 1:  # zero pad\n  emb = tf.pad(" in sources
    assert "hojonathanho/diffusion @ 1e0dceb3b3: diffusion_tf/nn.py#L90-L109" in sources


def test_a_page_lists_the_docs_once_however_many_citations_it_has(project, monkeypatch):
    listed = []
    list_docs = sources._docs_state

    def recorded(folder):
        listed.append(folder)
        return list_docs(folder)

    monkeypatch.setattr(sources, "_docs_state", recorded)
    convert(project, "[@paper-claim] [@code-claim] [@paper-claim, Eq. 4]")
    assert len(listed) == 1
    convert(project, "[@paper-claim] [@code-claim]")  # a new page: read again
    assert len(listed) == 2


def test_a_paper_cited_without_a_locator_shows_the_entrys(project):
    html = convert(project, "See [@paper-claim]. [@code-claim]")
    assert ">Ho et al. 2020, Section 4</a>" in html


def test_a_page_that_cites_nothing_gets_no_sources_list(project):
    html = convert(project, "Nothing cited.", "[@paper-claim] [@code-claim]")
    assert "sources" not in html


def test_an_unknown_key_fails_naming_page_and_key(project):
    with pytest.raises(SourceError, match=r"docs/part/page.md cites 'no-such-entry'"):
        convert(project, "[@no-such-entry] [@paper-claim] [@code-claim]")


def test_an_entry_no_page_cites_fails(project):
    with pytest.raises(SourceError, match="no page cites code-claim"):
        convert(project, "Only [@paper-claim].")


def test_a_handwritten_sources_heading_fails(project):
    with pytest.raises(SourceError, match="writes a Sources heading"):
        convert(project, "[@paper-claim] [@code-claim]\n\n## Sources\n\n- a link\n")


@pytest.mark.parametrize(
    "url, pinned",
    [
        ("https://arxiv.org/abs/2006.11239v2", True),
        ("https://arxiv.org/abs/2006.11239", False),
        (
            "https://github.com/a/b/blob/1e0dceb3b3495bbe19116a5e1b3596cd0706c543/f.py",
            True,
        ),
        ("https://github.com/a/b/blob/v0.42.1/f.py#L3", True),
        ("https://github.com/a/b/blob/main/f.py", False),
        ("https://github.com/a/b", False),
        ("https://docs.pytorch.org/docs/2.13/generated/torch.randint.html", True),
        ("https://docs.pytorch.org/docs/stable/generated/torch.randint.html", False),
        ("https://docs.pytorch.org/docs/main/notes/autograd.html", False),
        ("https://doi.org/10.1162/NECO_a_00142", True),
        ("https://www.w3.org/TR/2023/REC-WCAG22-20231005/#non-text-contrast", True),
        ("https://www.w3.org/TR/WCAG22/#non-text-contrast", False),
    ],
)
def test_what_counts_as_pinned(url, pinned):
    assert unpinned(url) is not pinned


def test_an_entry_with_a_floating_link_or_no_quote_is_refused():
    floating = ENTRIES.replace("2006.11239v2", "2006.11239")
    with pytest.raises(SourceError, match="paper-claim's url .* is not pinned"):
        read_bibliography(floating, "floating.bib")
    unquoted = ENTRIES.replace("  quote = {We set T = 1000 for all experiments},\n", "")
    with pytest.raises(SourceError, match="paper-claim has neither a quote nor a code"):
        read_bibliography(unquoted, "unquoted.bib")


def test_a_code_field_keeps_its_lines_and_indentation():
    entries = read_bibliography(ENTRIES, "sources.bib").entries
    assert entries["code-claim"].fields["code"] == (
        "if embedding_dim % 2 == 1:  # zero pad\n  emb = tf.pad(emb, [[0, 0], [0, 1]])"
    )


def test_a_downloaded_notebook_links_each_citation_to_its_source():
    entries = read_bibliography(ENTRIES, "sources.bib").entries
    assert citations_as_links("As [@paper-claim, Eq. 4] says.", entries) == (
        "As ([Ho et al. 2020, Eq. 4](https://arxiv.org/abs/2006.11239v2)) says."
    )
