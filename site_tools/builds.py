"""Build the site with ``mkdocs build --strict``, as the README's commands do.

Its hook runs site_prepare first (notebooks, figures, labs). A copy of the
project, which tests break on purpose, shares the project's caches, so that it
runs no lab again unless the test changed what the lab runs.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

import markdown
from filelock import FileLock
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from site_markdown.katex_renderer import FORMULA_CACHE
from site_markdown.page import PageExtension
from site_prepare.local_browser import CHROMIUM
from site_prepare.pages import all_pages, lab_page, lab_sources
from site_prepare.paths import CACHE_FOLDER, THIS
from site_prepare.steps import prepare

PROJECT_PARTS = (
    "mkdocs.yml",
    "requirements.txt",
    "docs",
    "snippets",
    "hooks",
    "overrides",
)
# What pytest needs beside what the build reads: its settings, the extensions and
# site_prepare that read the pages, the builds here, and the plugins and helpers
# of tests/.
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
KATEX_EXTENSION = "site_markdown.katex_math"


@dataclass(frozen=True)
class Build:
    returncode: int
    log: str
    site: Path

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def build(project: Path, site: Path, cwd: Path | None = None) -> Build:
    """Build ``project`` into ``site``, from the working folder ``cwd``."""
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={
            "PATH": "/usr/bin:/bin",
            "NO_MKDOCS_2_WARNING": "1",
            "HOME": str(site.parent),
        },
        timeout=300,
    )
    return Build(process.returncode, process.stdout + process.stderr, site)


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


def shared_build(tmp_path_factory) -> Build:
    """The project's site, built once per test run for every test and xdist worker,
    with its print edition where Chromium is installed, as ``make build`` does.

    The first worker to ask builds it under the run's temporary folder, holding a
    lock; the others wait for it and read the same site.
    """
    run_folder = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        run_folder = run_folder.parent  # the folder all workers of this run share
    folder = run_folder / "shared-site"
    record = folder / "build.json"
    with FileLock(str(run_folder / "shared-site.lock")):
        if not record.is_file():
            folder.mkdir(exist_ok=True)
            result = build(THIS.root, folder / "site")
            if result.returncode == 0 and CHROMIUM.is_file():
                # As `make build` prints it, in a process of its own: Playwright's
                # synchronous API refuses to run in the browser tests' event loop.
                printed = subprocess.run(
                    [sys.executable, "-m", "site_prepare.print_edition", result.site],
                    cwd=THIS.root,
                    capture_output=True,
                    text=True,
                )
                if printed.returncode != 0:
                    result = Build(printed.returncode, printed.stderr, result.site)
            record.write_text(json.dumps(asdict(result), default=str))
    recorded = json.loads(record.read_text())
    return Build(recorded["returncode"], recorded["log"], Path(recorded["site"]))


@functools.cache
def prepared_project() -> None:
    """Run site_prepare on the project once per process, so that copies find its
    runs kept (run again for each copy, it would only find them kept)."""
    THIS.cache.mkdir(exist_ok=True)
    with FileLock(str(THIS.cache / "prepare.lock")):
        prepare(THIS)


def copy_project(destination: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """A copy of what the build reads (or of ``parts``), for tests that change it
    or break it on purpose."""
    prepared_project()
    ignored = shutil.ignore_patterns("__pycache__")
    return _copy_of_project(destination, ignored, parts)


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

    _copy_of_project(destination, ignored)
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


def _copy_of_project(
    destination: Path, ignored, parts: tuple[str, ...] = PROJECT_PARTS
) -> Path:
    destination.mkdir(parents=True)
    for part in parts:
        source = THIS.root / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=ignored)
        else:
            shutil.copy2(source, destination / part)
    (destination / "node_modules").symlink_to(THIS.root / "node_modules")
    _share_cache(destination / CACHE_FOLDER)
    return destination


def _share_cache(cache: Path) -> None:
    """The project's kept runs, shared; its formula cache, copied, so that the
    formulas of the tests' pages stay out of the project's."""
    cache.mkdir()
    THIS.cache.mkdir(exist_ok=True)
    for kept in THIS.cache.iterdir():
        if kept.name == FORMULA_CACHE:
            # Not a build's half-written file, which its rename may take mid-copy.
            ignored = shutil.ignore_patterns("*.tmp")
            shutil.copytree(kept, cache / kept.name, ignore=ignored)
        else:
            (cache / kept.name).symlink_to(kept)


def formulas_in(page: Path) -> int:
    """How many formulas the page's Markdown holds, as arithmatex finds them."""
    config = load_config(str(THIS.config))
    source = page.relative_to(THIS.docs).as_posix()
    md = markdown.Markdown(
        extensions=[
            *(e for e in config.markdown_extensions if e != KATEX_EXTENSION),
            # As hooks/page_context.py names the page.
            PageExtension(source=source, url=source.removesuffix(".md") + "/"),
        ],
        extension_configs=config.mdx_configs,
    )
    return md.convert(page.read_text(encoding="utf-8")).count('class="arithmatex"')


# Screenshots and other files the browser tests leave for people to look at.
BROWSER_ARTIFACTS = THIS.root / "test-artifacts" / "browser"
