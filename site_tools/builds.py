"""Build the site with ``mkdocs build --strict``, as the README's commands do,
in a process of its own.

Its hook runs site_prepare first (notebooks, figures, labs). A copy of the
project, which tests and benchmarks change or break on purpose, shares the
project's caches, so that it runs no lab again unless the change is to what the
lab runs.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import markdown
from filelock import FileLock
from mkdocs.config import load_config

from site_markdown.katex_renderer import FORMULA_CACHE
from site_markdown.page import PageExtension
from site_prepare.pages import page_id, page_url
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


@functools.cache
def prepared_project() -> None:
    """Run site_prepare on the project once per process, so that copies find its
    runs kept (run again for each copy, it would only find them kept)."""
    THIS.cache.mkdir(exist_ok=True)
    with FileLock(str(THIS.cache / "prepare.lock")):
        prepare(THIS)


def copy_project(destination: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """A copy of what the build reads (or of ``parts``), for tests and benchmarks
    that change it or break it on purpose."""
    prepared_project()
    return copy_parts(destination, shutil.ignore_patterns("__pycache__"), parts)


def copy_parts(
    destination: Path, ignored, parts: tuple[str, ...] = PROJECT_PARTS
) -> Path:
    """``parts`` of the project copied into ``destination``, but what ``ignored``
    (shutil.copytree's ``ignore``) leaves out; node_modules and the kept runs
    shared with the project."""
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
    md = markdown.Markdown(
        extensions=[
            *(e for e in config.markdown_extensions if e != KATEX_EXTENSION),
            # As hooks/page_context.py names the page.
            PageExtension(source=page_id(page), url=page_url(page)),
        ],
        extension_configs=config.mdx_configs,
    )
    return md.convert(page.read_text(encoding="utf-8")).count('class="arithmatex"')
