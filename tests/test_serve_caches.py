"""What a build keeps for the next one in the same process changes nothing it builds.

``mkdocs serve`` builds the whole site again in one process on every change; the
kept template bytecode, search parses and highlighted code (site_serve/,
site_markdown/superfences_highlight.py) must give the site a fresh ``mkdocs
build`` builds, and the theme's files left unlisted must be none that MkDocs
would copy.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from material.plugins.search import plugin as material_search
from mkdocs.config import load_config
from mkdocs.structure.files import Files

import site_serve
from examples import ROOT
from site_build import build_in_process, shared_build
from site_prepare.print_edition import FILE_NAME as PRINT_EDITION
from site_serve import TEMPLATE_BYTECODE, KeptParser, speed_up_themes
from site_tools.builds import copy_project

EDITED_PAGE = "docs/autograd/q8-vector-outputs.md"
SENTENCE = "A sentence added between two builds."
# A building block that only the Q2 page folds: no lab runs it, so none runs again.
EDITED_BLOCK = "snippets/q2_embedding_d8_t1/embedding_layouts.py"
BLOCK_LINE = "def source_embedding(timesteps, dim, max_period=10000.0):"
BLOCK_COMMENT = "# A comment added between two builds."


def different_files(left: Path, right: Path) -> list[str]:
    """Files that are in one folder tree only, or differ in content.

    The print edition is left out: `make build` prints it after MkDocs builds.
    """
    compared = filecmp.dircmp(left, right, ignore=[PRINT_EDITION])
    found = [str(left / name) for name in compared.left_only + compared.right_only]
    _, mismatched, errors = filecmp.cmpfiles(
        left, right, compared.common_files, shallow=False
    )
    found += [str(left / name) for name in mismatched + errors]
    for folder in compared.common_dirs:
        found += different_files(left / folder, right / folder)
    return found


@pytest.mark.long
@pytest.mark.usefixtures("serve_replacements")
def test_a_rebuild_in_one_process_builds_what_a_new_process_does(
    tmp_path, tmp_path_factory, monkeypatch
):
    """A build of edited files, then one of the files as they are, in one process,
    each as ``mkdocs serve`` builds.

    The second must give the project's site as ``mkdocs build`` builds it in a new
    process (the site that other tests share), not what the first build kept of
    the edits.
    """
    fresh = shared_build(tmp_path_factory)
    assert fresh.returncode == 0, fresh.log
    project = copy_project(tmp_path / "project")
    page, block = project / EDITED_PAGE, project / EDITED_BLOCK
    text, code = (path.read_text(encoding="utf-8") for path in (page, block))
    assert BLOCK_LINE in code
    page.write_text(f"{text}\n{SENTENCE}\n", encoding="utf-8")
    edited_code = code.replace(BLOCK_LINE, f"{BLOCK_COMMENT}\n{BLOCK_LINE}")
    block.write_text(edited_code, encoding="utf-8")
    edited = build_in_process(project, tmp_path / "edited", command="serve")
    assert edited.returncode == 0, edited.log
    assert SENTENCE in edited.page("autograd/q8-vector-outputs/index.html")
    assert SENTENCE in edited.page("search/search_index.json")
    assert BLOCK_COMMENT in edited.page("diffusion/q2-embedding-d8-t1/index.html")

    page.write_text(text, encoding="utf-8")
    block.write_text(code, encoding="utf-8")
    found_compiled = []
    load = TEMPLATE_BYTECODE.load_bytecode

    def recorded(bucket):
        load(bucket)
        found_compiled.append(bucket.code is not None)

    monkeypatch.setattr(TEMPLATE_BYTECODE, "load_bytecode", recorded)
    rebuilt = build_in_process(project, tmp_path / "rebuilt", command="serve")
    assert rebuilt.returncode == 0, rebuilt.log

    assert different_files(rebuilt.site, fresh.site) == []
    assert material_search.Parser is KeptParser  # the rebuild's index used it
    assert any(found_compiled)  # and its templates came from the kept bytecode


def test_a_kept_parse_gives_each_index_its_own_sections(monkeypatch):
    site_serve._sections.cache_clear()
    html = '<h2 id="a">A</h2><p>Some text.</p><h2 id="b"></h2><p>More.</p>'
    tags_parsed = []
    material_parser = site_serve._MATERIAL_PARSER
    parse_tag = material_parser.handle_starttag

    def counted(self, tag, attrs):
        tags_parsed.append(tag)
        parse_tag(self, tag, attrs)

    monkeypatch.setattr(material_parser, "handle_starttag", counted)
    untitled = []
    for _ in range(2):
        parser = KeptParser()
        parser.feed(html)
        parser.close()
        # Before the first heading, Material starts a section of no id.
        assert [section.id for section in parser.data] == [None, "a", "b"]
        untitled.append(parser.data[2].title)
        # What Material's index does to a section without a title.
        parser.data[2].title = ["The page's title"]

    assert tags_parsed == ["h2", "p", "h2", "p"]  # the second parser parsed nothing
    assert untitled == [[], []]


@pytest.mark.usefixtures("serve_replacements")
def test_the_theme_files_to_copy_are_those_mkdocs_finds_alone():
    config = load_config(str(ROOT / "mkdocs.yml"))
    found_alone = Files([])
    found_alone.add_files_from_theme(config.theme.get_env(), config)
    speed_up_themes()
    speed_up_themes()  # as a second start of mkdocs serve in one process would
    found = Files([])
    found.add_files_from_theme(config.theme.get_env(), config)
    assert [file.src_uri for file in found] == [file.src_uri for file in found_alone]
    assert "assets/javascripts/lunr/min/lunr.de.min.js" in found.src_uris
