"""pytest plugin: runs every example of every page as the page shows it.

Loaded with ``-p example_runner`` (pyproject.toml), so that it is active for
``pytest docs`` as well as for ``pytest tests``.

pytest-markdown-docs collects each Python fence of docs/ as a test item named
by page and line, read with the page model of site_markdown/fences.py (its
documented ``pytest_markdown_docs_markdown_it`` hook), so that a fence inside
an admonition or a collapsible block is collected as the build renders it.
Our fences are ``--8<--`` includes, so the default runner (``exec`` of the
fence text) is replaced by one that expands the includes as the build does,
runs the result in a fresh Python process, and compares what it prints with
the output block shown under it.

Runners are not part of pytest-markdown-docs' documented interface: this module
alone registers one, through its private ``_runners``, and
tests/test_example_runner.py reads what that relies on in the installed version.

``pytest --update-outputs`` rewrites the recorded outputs instead of failing.
"""

from pathlib import Path

import pytest
from pytest_markdown_docs._runners import _Runner, register_runner

import examples
from site_markdown.fences import markdown_it


def pytest_addoption(parser):
    parser.addoption(
        "--update-outputs",
        action="store_true",
        help="rewrite each example's recorded output with what it prints now",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_markdown_docs_markdown_it():
    """Collect the fences the build renders, those inside admonitions too."""
    return markdown_it()


def pytest_configure(config):
    PageExampleRunner.update_outputs = config.getoption("update_outputs")


@register_runner(default=True)
class PageExampleRunner(_Runner):
    update_outputs = False

    # asyncio_runner, which the plugin passes (None without pytest-asyncio), is
    # of no use to an example that runs in a process of its own.
    def runtest(self, test, args, *, asyncio_runner=None):
        example = examples.example_at(Path(test.source_path), test.start_line)
        note = examples.verify(example, update=self.update_outputs)
        if note:
            print(note)

    def repr_failure(self, test, excinfo, style=None):
        if excinfo.errisinstance(examples.ExampleError):
            return str(excinfo.value)
        return str(excinfo.getrepr(style=style or "short"))
