"""The project folder an extension reads files from: its ``project_dir`` option.

The extensions read files of the project (the snippets a block imports, the
recorded outputs, the bibliography, KaTeX and its cache), each from the folder
its own ``project_dir`` option names. mkdocs.yml sets it to the folder that holds
mkdocs.yml (``project_dir: !relative $config_dir``), which Zensical's overlay
writes out as a path (site_tools/zensical_build.py), so a copy of the project builds
from its own files, whatever the working folder.
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension

OPTION = "project_dir"
SETTING = f"{OPTION}: !relative $config_dir"


class ProjectError(ValueError):
    """An extension without a usable ``project_dir`` option."""


def project_dir_option() -> list:
    """The option as an extension declares it in its ``config``."""
    return [
        "",
        "the project's folder, which holds snippets/, docs/, node_modules/ and "
        f".site-cache/; in mkdocs.yml, `{SETTING}`",
    ]


def project_dir(extension: Extension, name: str) -> Path:
    """The folder ``extension`` (the extension ``name`` of mkdocs.yml) reads from."""
    value = extension.getConfig(OPTION)
    if not value:
        raise ProjectError(
            f"{name} has no {OPTION} option: give it the project's folder, as "
            f"mkdocs.yml does with `{SETTING}`"
        )
    folder = Path(value)  # MkDocs' !relative gives a path-like object, not a str
    if not folder.is_dir():
        raise ProjectError(
            f"{name}'s option {OPTION} is {str(value)!r}, which is not a folder; "
            f"give it the project's folder, as mkdocs.yml does with `{SETTING}`"
        )
    return folder.resolve()
