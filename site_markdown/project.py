"""The project folder a page is built from: the folder pages include snippets from.

The extensions read files of the project (the snippets a block imports, the
recorded outputs, KaTeX and its cache) from the folder that pymdownx.snippets is
configured to include from (``base_path: !relative $config_dir`` in mkdocs.yml),
so a copy of the project builds from its own files, whatever the working folder.
"""

from __future__ import annotations

from pathlib import Path


class ProjectError(ValueError):
    """The Markdown is converted without the snippets extension the pages need."""


def project_folder(md) -> Path:
    # Asked for each block and formula: resolved once for each page's Markdown.
    if "site_project_folder" in md.__dict__:
        return md.site_project_folder
    if "snippet" not in md.preprocessors:
        raise ProjectError(
            "the site's extensions need pymdownx.snippets, configured with the "
            "project folder as base_path"
        )
    base = md.preprocessors["snippet"].base_path
    md.site_project_folder = Path(base[0] if isinstance(base, list) else base).resolve()
    return md.site_project_folder
