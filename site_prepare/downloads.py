"""What a downloaded notebook needs to stand alone, away from the site.

Its links to the site's pages are absolute, from mkdocs.yml's ``site_url``
(the pages themselves keep relative ones); it opens with a cell that says what
to install, the versions the site was checked with; and a lab is offered as a
whole Python program too.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import json
import os
import platform
import posixpath
import re
import sys
from collections.abc import Mapping

import jupytext
import nbformat

from site_prepare.pages import address_in_site
from site_prepare.paths import Project

# A link of the site's Markdown to one of its pages: [text](../part/page.md#anchor).
PAGE_LINK = re.compile(r"\]\((?P<path>[^()\s#:]+\.md)(?P<anchor>#[\w-]+)?\)")
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)", re.MULTILINE)
# torch warns on stderr without numpy, whether or not a program imports it.
ALWAYS = ("numpy",)
# The minor version: a patch release does not change what the code prints.
PYTHON = ".".join(platform.python_version_tuple()[:2])


def page_address(target: str, site_url: str) -> str:
    """``diffusion/q4.md`` -> ``<site_url>diffusion/q4/``, as MkDocs addresses it."""
    return site_url.rstrip("/") + "/" + address_in_site(target)


def absolute_links(markdown: str, page: str, site_url: str) -> str:
    """``markdown`` of the page ``page`` (from docs/), its links to pages absolute."""

    def absolute(link: re.Match) -> str:
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(page), link["path"])
        )
        return f"]({page_address(target, site_url)}{link['anchor'] or ''})"

    return PAGE_LINK.sub(absolute, markdown)


@functools.cache
def pins(project: Project) -> dict[str, str]:
    """requirements.txt's pins, by distribution name."""
    text = (project.root / "requirements.txt").read_text(encoding="utf-8")
    return {name.lower(): version for name, version in PIN.findall(text)}


def imported_distributions(code: str, project: Project) -> list[str]:
    """The installed distributions that ``code``'s imports come from."""
    modules = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module.split(".")[0])
    providers = installed_providers(project)
    return sorted(
        {dist.lower() for module in modules for dist in providers.get(module, [])}
        | set(ALWAYS)
    )


def installed_providers(project: Project) -> Mapping[str, list[str]]:
    """``importlib.metadata.packages_distributions()``, kept in the project's
    cache under what each folder of ``sys.path`` lists: it reads every installed
    distribution's metadata and its ``top_level.txt`` or, where it has none, its
    list of files, which each build would otherwise do again. A distribution
    installed, upgraded or removed changes a listing; one reinstalled under the
    same name and version does not, which leaves the distributions that a
    notebook's third-party imports come from as they were."""
    listings = tuple(
        (folder, tuple(sorted(os.listdir(folder or "."))))
        for folder in sys.path
        if os.path.isdir(folder or ".")
    )
    key = hashlib.sha256(repr(listings).encode()).hexdigest()[:24]
    return _providers(project, key)


@functools.lru_cache(maxsize=4)
def _providers(project: Project, key: str) -> Mapping[str, list[str]]:
    """What installed_providers keeps, under the key of the listings it read."""
    kept = project.cache / "installed" / f"{key}.json"
    if kept.is_file():
        return json.loads(kept.read_text(encoding="utf-8"))
    providers = importlib.metadata.packages_distributions()
    kept.parent.mkdir(parents=True, exist_ok=True)
    # Written whole, then renamed: a build running beside this one reads either
    # no file or all of it.
    written = kept.with_name(f".{key}.{os.getpid()}.json")
    written.write_text(json.dumps(providers), encoding="utf-8")
    os.replace(written, kept)
    return providers


def requirement(distribution: str, project: Project) -> str:
    version = pins(project).get(distribution) or importlib.metadata.version(
        distribution
    )
    return f"{distribution}=={version}"


def install_cell(code: str, page: str, site_url: str, project: Project):
    """The first cell of a downloaded notebook: what to install, and its page."""
    wanted = " ".join(
        requirement(name, project) for name in imported_distributions(code, project)
    )
    return nbformat.v4.new_markdown_cell(
        f"To run this, install what it imports, in the versions its page was "
        f"checked with (Python {PYTHON}):\n\n"
        f"```\npip install {wanted}\n```\n\n"
        f"Its page: <{page_address(page, site_url)}>"
    )


def as_program(notebook: nbformat.NotebookNode) -> str:
    """The notebook as one Python program, its prose as comments between cells."""
    return jupytext.writes(notebook, fmt="py:percent")
