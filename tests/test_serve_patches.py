"""What site_serve replaces in MkDocs and mkdocs-material: only under ``mkdocs serve``.

``mkdocs build`` and ``mkdocs gh-deploy`` must publish what the packages make as
they are. Each replacement relies on a part of a package that the package does not
document; the tests named ``..._relied_on`` read that part in the installed
package, so that an upgrade that changes it fails here, naming the package and its
version, rather than in a rebuild of ``mkdocs serve``.
"""

from __future__ import annotations

import inspect
import json
from importlib.metadata import version
from pathlib import Path

import material
import mkdocs
import pytest
from material.plugins.search import plugin as material_search
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from mkdocs.theme import Theme

import site_serve
from examples import ROOT
from site_build import build_in_process, small_project


def start(command: str) -> None:
    """What ``mkdocs <command>`` does first with mkdocs.yml's hooks."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)


def replaced(replacements) -> list[str]:
    """The replacements in place: each object that a file other than its package's
    module defines (site_serve's own)."""
    return [
        label
        for label, (owner, name, module) in replacements.items()
        if inspect.getfile(getattr(owner, name)) != inspect.getfile(module)
    ]


def changed(package: str, internal, change: str) -> str:
    """What a failed ``..._relied_on`` test says."""
    return (
        f"{package} {version(package)} changed {internal.__module__}."
        f"{internal.__qualname__}, which site_serve.{change} relies on: read it "
        "again, then update site_serve or drop the change"
    )


def test_mkdocs_serve_clean_starts_as_a_build_as_the_page_says():
    """``mkdocs serve --clean`` gives the hooks ``build``: no replacement."""
    serve = inspect.getsource(mkdocs_serve.serve)
    assert "on_startup(command=('build' if is_clean else 'serve')" in serve


@pytest.mark.parametrize("command", ["build", "gh-deploy"])
def test_a_build_or_deploy_starts_with_the_packages_as_they_are(
    serve_replacements, command
):
    start(command)
    assert replaced(serve_replacements) == []


def test_mkdocs_serve_starts_with_every_replacement(serve_replacements):
    assert list(site_serve.REPLACEMENTS) == list(serve_replacements)
    start("serve")
    assert replaced(serve_replacements) == list(serve_replacements)


@pytest.mark.parametrize(
    "left_out",
    [[name] for name in site_serve.REPLACEMENTS] + [list(site_serve.REPLACEMENTS)],
    ids=[*site_serve.REPLACEMENTS, "all"],
)
def test_a_replacement_left_out_leaves_the_package_s_own_in_place(
    serve_replacements, monkeypatch, left_out
):
    originals = {
        label: getattr(owner, name)
        for label, (owner, name, _) in serve_replacements.items()
    }
    monkeypatch.setenv(site_serve.LEAVE_OUT, ",".join(left_out))
    start("serve")
    for label, (owner, name, _) in serve_replacements.items():
        now = getattr(owner, name)
        assert (now is originals[label]) == (label in left_out), label
    kept = [label for label in serve_replacements if label not in left_out]
    assert replaced(serve_replacements) == kept


def test_leaving_out_a_replacement_site_serve_does_not_make_fails(
    serve_replacements, monkeypatch
):
    first = next(iter(site_serve.REPLACEMENTS))
    monkeypatch.setenv(site_serve.LEAVE_OUT, f"{first},polling")
    with pytest.raises(ValueError, match=r"names \['polling'\], not among"):
        start("serve")


def test_a_build_s_search_index_is_made_by_material_s_own_parser(
    serve_replacements, tmp_path, monkeypatch
):
    material_parser = material_search.Parser
    parsers_made = []
    make_parser = material_parser.__init__

    def recorded(self, *args, **kwargs):
        parsers_made.append(type(self))
        make_parser(self, *args, **kwargs)

    monkeypatch.setattr(material_parser, "__init__", recorded)
    pages = {"index.md": "# A page\n\nIts text.\n", "other.md": "# Another\n\nMore.\n"}
    project = small_project(tmp_path / "project", pages)
    built = build_in_process(project, tmp_path / "site", command="build")
    assert built.returncode == 0, built.log

    assert replaced(serve_replacements) == []
    assert parsers_made == [material_parser] * len(pages)
    index = json.loads(built.page("search/search_index.json"))["docs"]
    assert [entry["title"] for entry in index] == ["A page", "Another"]


def test_material_s_index_use_of_its_parser_as_relied_on():
    """KeptParser stands in for Material's parser: the index must make a new one
    by the module's name, feed it the page's HTML, close it, and read its data and
    nothing else."""
    add_entry = material_search.SearchIndex.add_entry_from_context
    uses = [
        line.strip()
        for line in inspect.getsource(add_entry).splitlines()
        if "parser" in line.lower()
    ]
    assert uses == [
        "parser = Parser()",
        "parser.feed(page.content)",
        "parser.close()",
        "for section in parser.data:",
    ], changed("mkdocs-material", add_entry, "KeptParser")


def test_material_s_parse_reads_only_the_html_as_relied_on():
    """KeptParser keeps a parse by the HTML alone: Material's parser must read no
    setting, only the module's set of void tags, its ``Element`` and ``Section``
    classes and ``html.escape``."""
    parser = site_serve._MATERIAL_PARSER  # Material's own, whatever is in place
    names_read = set()
    for method in vars(parser).values():
        if inspect.isfunction(method):
            names_read |= set(inspect.getclosurevars(method).globals)
    assert names_read == {"Element", "Section", "void", "escape"}, changed(
        "mkdocs-material", parser, "KeptParser"
    )


def test_mkdocs_theme_environment_as_relied_on():
    """speed_up_themes gives the environment its loader and bytecode cache: MkDocs
    must load the theme's folders with a FileSystemLoader and keep no bytecode."""
    source = inspect.getsource(Theme.get_env)
    message = changed("mkdocs", Theme.get_env, "speed_up_themes")
    assert "loader = jinja2.FileSystemLoader(self.dirs)" in source, message
    assert "env = jinja2.Environment(loader=loader, auto_reload=False)" in source, (
        message
    )


def test_mkdocs_listing_of_a_theme_s_files_as_relied_on():
    """ThemeLoader lists no hidden file: the one listing of a theme's files must be
    MkDocs' list of static files to copy, which leaves hidden ones out."""
    copy = inspect.getsource(Files.add_files_from_theme)
    message = changed("mkdocs", Files.add_files_from_theme, "ThemeLoader")
    assert "patterns = ['.*', '*/.*'," in copy, message
    assert "env.list_templates(filter_func=filter)" in copy, message
    listings = [
        f"{package}: {path.relative_to(folder).as_posix()}"
        for package, folder in [
            ("mkdocs", Path(mkdocs.__file__).parent),
            ("mkdocs-material", Path(material.__file__).parent),
        ]
        for path in sorted(folder.rglob("*.py"))
        if "list_templates(" in path.read_text(encoding="utf-8")
    ]
    assert listings == ["mkdocs: structure/files.py"], (
        f"mkdocs {version('mkdocs')} and mkdocs-material "
        f"{version('mkdocs-material')} list a theme's files in {listings}, not only "
        "in mkdocs.structure.files, which site_serve.ThemeLoader relies on"
    )
