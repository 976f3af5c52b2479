"""Build the site with ``mkdocs build --strict``, as the README's commands do."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jupytext
import markdown
from mkdocs.config import load_config

from examples import ROOT

PROJECT_PARTS = ("mkdocs.yml", "docs", "snippets", "hooks")


@dataclass(frozen=True)
class Build:
    returncode: int
    log: str
    site: Path

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def build(project: Path, site: Path, cwd: Path | None = None) -> Build:
    """Build ``project`` into ``site``; mkdocs-jupyter's cache lives under ``cwd``."""
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


def copy_project(destination: Path) -> Path:
    """A copy of what the build reads, for tests that break it on purpose."""
    destination.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(
                source, destination / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, destination / part)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def markdown_of(page: Path) -> str:
    """The page's Markdown; for a lab notebook, its Markdown cells."""
    if page.suffix == ".md":
        return page.read_text(encoding="utf-8")
    cells = jupytext.read(page).cells
    return "\n\n".join(cell.source for cell in cells if cell.cell_type == "markdown")


def formulas_in(page: Path) -> int:
    """How many formulas the page's Markdown holds, as arithmatex finds them."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    return md.convert(markdown_of(page)).count('class="arithmatex"')


# Screenshots and other files the browser tests leave for people to look at.
BROWSER_ARTIFACTS = ROOT / "test-artifacts" / "browser"
