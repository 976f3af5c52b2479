"""Key mkdocs-jupyter's execution cache on what each lab runs, not only on its bytes.

mkdocs-jupyter (``cache: true``, its default) stores each executed notebook in
``.cache/mkdocs-jupyter/`` (relative to the working folder), keyed by the notebook's
bytes and the plugin's options, so an unchanged lab is not run again on every rebuild
of ``mkdocs serve``. A lab also runs files of ``snippets/`` that it names (the DDPM lab
runs the embedding, the U-Net and the training step the pages show), and its results
depend on the torch version (the test matrix runs two in the same folder): neither is
in that key. This hook adds both to each notebook's key, so editing a snippet runs
again only the labs that name it, and a torch upgrade runs them all.

After each build the plugin deletes the entries of its folder that the build did not
use, so builds of a project whose labs differ (the tests' one-cell stand-in lab) start
in a folder of their own (``tests/site_build.py``), or they would delete each other's.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from pathlib import Path

from mkdocs_jupyter import plugin as jupyter_plugin

PLUGIN = "mkdocs-jupyter"
# A lab names a file it runs by its path under snippets/, in a string.
QUOTED_PYTHON_FILE = re.compile(r"""["']([\w./-]+\.py)["']""")


def snippet_files_named(notebook: Path, snippets: Path) -> list[Path]:
    """The files under ``snippets`` whose paths the notebook's text names."""
    names = QUOTED_PYTHON_FILE.findall(notebook.read_text(encoding="utf-8"))
    files = {snippets / name for name in names} | {snippets.parent / n for n in names}
    return sorted(path for path in files if path.is_file() and snippets in path.parents)


def inputs_digest(notebook: Path, snippets: Path) -> str:
    """The snippet files the notebook runs, by path and content, and torch's version."""
    digest = hashlib.sha256(importlib.metadata.version("torch").encode())
    for path in snippet_files_named(notebook, snippets):
        digest.update(path.relative_to(snippets).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def keyed_on_inputs(compute_cache_key, snippets: Path):
    def cache_key(notebook_path, config, exec_nb):
        key = compute_cache_key(notebook_path, config, exec_nb)
        inputs = inputs_digest(Path(notebook_path), snippets)
        return hashlib.sha256(f"{key}:{inputs}".encode()).hexdigest()

    cache_key.plain_key = compute_cache_key
    return cache_key


def on_config(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None and plugin.config["cache"]:
        snippets = Path(config.config_file_path).resolve().parent / "snippets"
        # Each build (mkdocs serve loads the config again) wraps the plugin's own key.
        plain = getattr(
            jupyter_plugin._compute_cache_key,
            "plain_key",
            jupyter_plugin._compute_cache_key,
        )
        jupyter_plugin._compute_cache_key = keyed_on_inputs(plain, snippets)
    return config
