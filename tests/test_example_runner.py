"""What example_runner.py relies on in pytest-markdown-docs, which does not document it.

Its README documents the ``--markdown-docs`` options, the fence's info strings and
the hooks ``pytest_markdown_docs_globals`` and ``pytest_markdown_docs_markdown_it``;
those run a fence by ``exec`` of its text, which for our ``--8<--`` fences is no
Python. The runner that expands and runs them is registered through the package's
private module ``_runners``; these tests read it in the installed package, so that
an upgrade that changes it fails here, naming the version.
"""

import dataclasses
import inspect
from importlib.metadata import version

from pytest_markdown_docs import _runners, plugin
from pytest_markdown_docs.definitions import FenceTestDefinition

from example_runner import PageExampleRunner

PACKAGE = f"pytest-markdown-docs {version('pytest-markdown-docs')}"


def changed(internal) -> str:
    return (
        f"{PACKAGE} changed {internal.__module__}.{internal.__qualname__}, which "
        "tests/example_runner.py relies on to run the pages' examples: read it "
        "again and update the runner"
    )


def test_the_page_example_runner_is_the_runner_of_every_fence():
    """A fence without a ``runner:`` info string runs with the default runner."""
    runner = _runners.get_runner(None)
    assert isinstance(runner, PageExampleRunner), (
        f"{PACKAGE} runs a fence with {runner!r}, not the PageExampleRunner that "
        "tests/example_runner.py registers as its default"
    )


def test_the_runner_interface_as_relied_on():
    """PageExampleRunner implements _Runner's two methods, with these parameters,
    and reads the fence's page and line from the test definition."""
    for method, parameters in [
        (_runners._Runner.runtest, ["self", "test", "args"]),
        (_runners.DefaultRunner.runtest, ["self", "test", "args", "asyncio_runner"]),
        (_runners._Runner.repr_failure, ["self", "test", "excinfo", "style"]),
    ]:
        assert list(inspect.signature(method).parameters) == parameters, changed(method)
    ours = inspect.signature(PageExampleRunner.runtest).parameters
    assert list(ours) == list(
        inspect.signature(_runners.DefaultRunner.runtest).parameters
    ), "PageExampleRunner.runtest takes what the default runner takes"
    fields = {field.name for field in dataclasses.fields(FenceTestDefinition)}
    assert {"source_path", "start_line"} <= fields, changed(FenceTestDefinition)


def test_the_item_s_use_of_its_runner_as_relied_on():
    """A fence that names no runner gets the default one; its item runs the test
    with it, passing pytest-asyncio's runner by keyword as the default runner
    takes it, and has it report the failure."""
    collect = plugin.extract_fence_tests
    named = inspect.getsource(collect)
    assert 'get_prefixed_strings(code_options, "runner:")' in named, changed(collect)
    assert "runner_name = None" in named, changed(collect)
    item = plugin.MarkdownInlinePythonItem
    source = inspect.getsource(item)
    for line in [
        "self.runner = get_runner(self.runner_name)",
        "asyncio_runner=asyncio_runner,",
        "return self.runner.repr_failure(self.test_definition, excinfo, style)",
    ]:
        assert line in source, changed(item)
