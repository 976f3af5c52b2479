"""Make what the pages need beside their Markdown before each MkDocs build.

``make build`` runs ``python -m site_prepare`` before MkDocs; this hook runs it
again before every build, so that ``mkdocs serve`` rebuilds notebooks, figures
and labs when a snippet or a lab changes. Unchanged inputs come from its caches.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError

from site_prepare.paths import Project
from site_prepare.steps import PREPARE_ERRORS, prepare


def on_pre_build(config):
    project = Project(Path(config.config_file_path).resolve().parent)
    try:
        prepare(project)
    except PREPARE_ERRORS as error:
        raise PluginError(str(error)) from error
