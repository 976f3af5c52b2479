"""Markdown converted as the site converts a page, without building a site.

The extensions and settings of mkdocs.yml, each folder a file is read from set to
one project, and the page named as hooks/page_context.py names it to MkDocs.
"""

from __future__ import annotations

from pathlib import Path

import markdown
from mkdocs.config import load_config

from examples import ROOT
from site_markdown.page import PageExtension
from site_markdown.project import OPTION

CONFIG = load_config(str(ROOT / "mkdocs.yml"))
Q6 = ("autograd/q6.md", "autograd/q6/")


def extension_configs(project: Path, **highlight) -> dict:
    """mkdocs.yml's extension settings, reading ``project``, with pymdownx.highlight's
    settings ``highlight`` added."""
    configs = {
        name: {**options, OPTION: str(project)} if OPTION in options else options
        for name, options in CONFIG.mdx_configs.items()
    }
    configs["pymdownx.snippets"] = {
        **configs["pymdownx.snippets"],
        "base_path": [str(project)],
    }
    configs["pymdownx.highlight"] = {
        **configs.get("pymdownx.highlight", {}),
        **highlight,
    }
    return configs


def page_markdown(
    project: Path = ROOT, page: tuple[str, str] = Q6, **highlight
) -> markdown.Markdown:
    """The Markdown of the page ``page`` (its source and URL) of ``project``."""
    source, url = page
    return markdown.Markdown(
        extensions=[*CONFIG.markdown_extensions, PageExtension(source=source, url=url)],
        extension_configs=extension_configs(project, **highlight),
    )
