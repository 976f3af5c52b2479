"""Key mkdocs-jupyter's execution cache on snippets/ as well as on the notebook.

mkdocs-jupyter (``cache: true``, its default) stores each executed notebook under
``cache_dir``, keyed by the notebook's bytes and the plugin's options, so an unchanged
lab is not re-run on every rebuild of ``mkdocs serve``. The labs run files from
snippets/, which that key does not see: this hook names the cache folder after the
contents of snippets/ and requirements.txt, so editing a snippet re-runs the labs.
The folder stays relative to the working directory, like the plugin's default, so
builds of copies of the project started from the same folder (as the tests start
them) share it.

The notebooks themselves are part of the folder's name too: after each build the
plugin deletes every entry of its folder that this build did not use, so two
projects with different notebooks sharing a folder (a test's one-cell lab and the
real one, built at the same time) would keep deleting each other's entries.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PLUGIN = "mkdocs-jupyter"


def inputs_digest(project: Path) -> str:
    digest = hashlib.sha256()
    inputs = [
        project / "requirements.txt",
        *sorted((project / "snippets").rglob("*.py")),
        *sorted((project / "docs").rglob("*.py")),
        *sorted((project / "docs").rglob("*.ipynb")),
    ]
    for path in filter(Path.is_file, inputs):
        digest.update(path.relative_to(project).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def on_config(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None and plugin.config["cache"]:
        project = Path(config.config_file_path).parent
        plugin.config["cache_dir"] = f".cache/{PLUGIN}/{inputs_digest(project)}"
    return config
