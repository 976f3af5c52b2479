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
from mkdocs.livereload import LiveReloadServer
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
    module defines (a wrapper's own file, not that of what it wraps)."""
    return [
        label
        for label, (owner, name, module) in replacements.items()
        if inspect.getfile(getattr(owner, name)) != inspect.getfile(module)
    ]


def server_made_by(serve_module, root) -> LiveReloadServer:
    server = serve_module.LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=0, root=str(root)
    )
    server.server_close()
    return server


def changed(package: str, internal, change: str) -> str:
    """What a failed ``..._relied_on`` test says."""
    return (
        f"{package} {version(package)} changed {internal.__module__}."
        f"{internal.__qualname__}, which site_serve.{change} relies on: read it "
        "again, then update site_serve or drop the change"
    )


@pytest.mark.parametrize("command", ["build", "gh-deploy"])
def test_a_build_or_deploy_starts_with_the_packages_as_they_are(
    serve_replacements, command
):
    start(command)
    assert replaced(serve_replacements) == []


def test_mkdocs_serve_starts_with_every_replacement(serve_replacements):
    start("serve")
    assert replaced(serve_replacements) == list(serve_replacements)


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


def test_the_server_mkdocs_serve_makes_looks_every_tenth_of_a_second(
    serve_replacements, tmp_path
):
    start("serve")
    assert site_serve.POLLING_SECONDS == 0.1
    assert server_made_by(mkdocs_serve, tmp_path).observer.timeout == 0.1


def test_a_build_leaves_mkdocs_server_as_it_is(serve_replacements, tmp_path):
    start("build")
    assert server_made_by(mkdocs_serve, tmp_path).observer.timeout == 0.5


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
    setting, only the module's sets of tags and its classes of parts."""
    parser = material_search.Parser
    names_read = set()
    for method in vars(parser).values():
        if inspect.isfunction(method):
            names_read |= set(inspect.getclosurevars(method).globals)
    assert names_read == {"Element", "Section", "void", "escape"}, changed(
        "mkdocs-material", parser, "KeptParser"
    )


def test_mkdocs_serve_s_making_of_its_server_as_relied_on():
    """poll_quickly replaces the name ``serve`` makes its server by, in on_startup;
    ``serve`` must make it after on_startup, by its module's name, and leave the
    polling interval to the server's default."""
    serve = inspect.getsource(mkdocs_serve.serve)
    message = changed("mkdocs", mkdocs_serve.serve, "poll_quickly")
    assert "server = LiveReloadServer(" in serve, message
    assert serve.index("config.plugins.on_startup(") < serve.index(
        "server = LiveReloadServer("
    ), message
    assert "polling_interval" not in serve, message


def test_mkdocs_server_s_polling_interval_as_relied_on():
    """QuickPollingServer gives the interval as a keyword; the server must take it
    as one and poll the watched files at it."""
    make_server = LiveReloadServer.__init__
    interval = inspect.signature(make_server).parameters.get("polling_interval")
    message = changed("mkdocs", make_server, "QuickPollingServer")
    assert interval is not None, message
    keyword = {interval.POSITIONAL_OR_KEYWORD, interval.KEYWORD_ONLY}
    assert interval.kind in keyword, message
    assert "PollingObserver(timeout=polling_interval)" in (
        inspect.getsource(make_server)
    ), message


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
