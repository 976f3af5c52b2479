"""The builds the tests share and the ones they break on purpose.

The project's site, built by MkDocs and by Zensical once per test run for every
test worker (site_tools builds it); MkDocs run in the test's own process, for the
many builds that must fail; and a small project of a few pages.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from filelock import FileLock
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from site_prepare.local_browser import CHROMIUM
from site_prepare.pages import all_pages, lab_page, lab_sources
from site_prepare.paths import THIS
from site_tools import zensical_build
from site_tools.builds import Build, build, copy_parts, copy_project

# What pytest needs beside what the build reads (PROJECT_PARTS): its settings, the
# extensions and site_prepare that read the pages, the builds, and the plugins and
# helpers of tests/.
TEST_PARTS = (
    "pyproject.toml",
    "site_markdown",
    "site_prepare",
    "site_serve",
    "site_tools",
    "tests",
)
# mkdocs.yml's nav: the line, then every indented, list or blank line under it.
TOP_LEVEL_NAV = re.compile(r"^nav:\n(?:(?:[ \t-].*)?\n)*", re.MULTILINE)
# Screenshots and other files the browser tests leave for people to look at.
BROWSER_ARTIFACTS = THIS.root / "test-artifacts" / "browser"


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} - {record.getMessage()}")


def build_in_process(
    project: Path, site: Path, cwd: Path | None = None, command: str = "build"
) -> Build:
    """``build`` without a new process, as ``mkdocs build --strict`` runs it in ``cwd``.

    For the many builds that must fail: starting MkDocs and importing its plugins
    in a new process takes about two seconds, longer than building. The log holds
    MkDocs' messages and the error that stopped the build. ``command`` is what the
    plugins' ``on_startup`` is told: "serve" builds as a rebuild of ``mkdocs
    serve`` does.
    """
    lines = _Lines()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(lines)
    level = logger.level
    logger.setLevel(logging.INFO)  # as the command line logs
    try:
        with contextlib.chdir(cwd or Path.cwd()):
            config = load_config(
                str(project / "mkdocs.yml"), site_dir=str(site), strict=True
            )
            config.plugins.on_startup(command=command, dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        returncode = 0
    except MkDocsException as error:
        lines.lines.append(f"{type(error).__name__}: {error}")
        returncode = 1
    except Exception as error:  # the command line prints it and exits with 1
        lines.lines.extend(traceback.format_exception(error))
        returncode = 1
    finally:
        logger.removeHandler(lines)
        logger.setLevel(level)
    return Build(returncode, "\n".join(lines.lines), site)


def _once_per_run(tmp_path_factory, name: str, make: Callable[[Path], Build]) -> Build:
    """What ``make`` builds in the run's temporary folder, made once per test run
    for every test and xdist worker.

    The first worker to ask builds it, holding a lock; the others wait for it and
    read the same site.
    """
    run_folder = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        run_folder = run_folder.parent  # the folder all workers of this run share
    record = run_folder / f"{name}.json"
    with FileLock(str(run_folder / f"{name}.lock")):
        if not record.is_file():
            record.write_text(json.dumps(asdict(make(run_folder)), default=str))
    recorded = json.loads(record.read_text())
    return Build(recorded["returncode"], recorded["log"], Path(recorded["site"]))


def shared_build(tmp_path_factory) -> Build:
    """The project's site, with its print edition where Chromium is installed, as
    ``make build`` makes them; once per test run."""
    return _once_per_run(tmp_path_factory, "shared-site", _site_and_print_edition)


def _site_and_print_edition(run_folder: Path) -> Build:
    folder = run_folder / "shared-site"
    folder.mkdir(exist_ok=True)
    result = build(THIS.root, folder / "site")
    if result.returncode != 0 or not CHROMIUM.is_file():
        return result
    # As `make build` prints it, in a process of its own: Playwright's
    # synchronous API refuses to run in the browser tests' event loop.
    printed = subprocess.run(
        [sys.executable, "-m", "site_prepare.print_edition", result.site],
        cwd=THIS.root,
        capture_output=True,
        text=True,
    )
    if printed.returncode != 0:
        return Build(printed.returncode, printed.stderr, result.site)
    return result


def shared_zensical_build(tmp_path_factory) -> Build:
    """A copy of the project built by Zensical, once per test run."""
    return _once_per_run(
        tmp_path_factory,
        "zensical-build",
        lambda run_folder: zensical_build.build(
            copy_project(run_folder / "zensical-project")
        ),
    )


def small_project(destination: Path, pages: dict[str, str]) -> Path:
    """A copy of the project whose site is ``pages`` alone, its nav in their order.

    ``pages`` maps a path under docs/ to the page's Markdown. The configuration,
    extensions, hooks, snippets and stylesheets are the project's, so a build
    checks these pages as the project's build would, in a fraction of its time.
    """
    labs = lab_sources()
    left_out = {*all_pages(THIS), *labs, *(lab_page(lab) for lab in labs)}

    def ignored(folder: str, names: list[str]) -> list[str]:
        return [
            name
            for name in names
            if name == "__pycache__" or Path(folder, name) in left_out
        ]

    copy_parts(destination, ignored)
    for path, markdown_text in pages.items():
        page = destination / "docs" / path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(markdown_text, encoding="utf-8")
    config = destination / "mkdocs.yml"
    nav = "nav:\n" + "".join(f"  - {path}\n" for path in pages)
    written, found = TOP_LEVEL_NAV.subn(nav, config.read_text(encoding="utf-8"))
    if found != 1:
        raise ValueError(
            f"mkdocs.yml: a small project replaces the one top-level `nav:`, "
            f"but found {found}"
        )
    config.write_text(written, encoding="utf-8")
    return destination
