"""``mkdocs serve`` looks for changes every site_serve.POLLING_SECONDS, not 0.5 s."""

from __future__ import annotations

import inspect

import pytest
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

import site_serve
from examples import ROOT

# How often MkDocs' own server looks at the watched files.
MKDOCS_POLLING_SECONDS = 0.5


@pytest.fixture
def serve_module(monkeypatch):
    """mkdocs.commands.serve, given back its own server after the test."""
    monkeypatch.setattr(mkdocs_serve, "LiveReloadServer", LiveReloadServer)
    return mkdocs_serve


def start(command: str) -> None:
    """What ``mkdocs serve`` or ``mkdocs build`` does first with mkdocs.yml's hooks."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)


def server_made_by(serve_module, root) -> LiveReloadServer:
    server = serve_module.LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=0, root=str(root)
    )
    server.server_close()
    return server


def test_the_server_mkdocs_serve_makes_looks_more_often_than_mkdocs_own(
    serve_module, tmp_path
):
    start("serve")
    polling = server_made_by(serve_module, tmp_path).observer.timeout
    assert polling == site_serve.POLLING_SECONDS < MKDOCS_POLLING_SECONDS


def test_a_build_leaves_mkdocs_server_as_it_is(serve_module, tmp_path):
    start("build")
    polling = server_made_by(serve_module, tmp_path).observer.timeout
    assert polling == MKDOCS_POLLING_SECONDS


def test_mkdocs_serve_makes_its_server_after_the_hooks_start():
    """What poll_quickly relies on, read in the installed MkDocs."""
    source = inspect.getsource(mkdocs_serve.serve)
    assert source.index("config.plugins.on_startup(") < source.index(
        "server = LiveReloadServer("
    )
