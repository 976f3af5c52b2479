"""Notebook pages (mkdocs-jupyter): nothing loaded from other hosts, a cache that sees snippets/.

mkdocs-jupyter's page template links MathJax and mermaid from a CDN. This site renders
math at build time and draws no diagrams, so those scripts are removed from notebook
pages; anything else loaded from another host fails the build, naming the page.

The plugin caches each executed notebook under ``cache_dir``, keyed by the notebook's
bytes and options. The lab runs files from snippets/, so the cache folder is named after
their contents and requirements.txt: an edited snippet re-runs the lab, an unchanged lab
is not re-run on each rebuild of ``mkdocs serve``. The folder stays relative to the
working directory, as the plugin's default is, so builds of copies of the project made
from the same folder (as the tests make) share it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

PLUGIN = "mkdocs-jupyter"
NOTEBOOK_SUFFIXES = (".py", ".ipynb")
CDN_SCRIPTS = [
    # MathJax: <script src="https://...mathjax..."> </script> and its inline configuration
    re.compile(r'<script src="https://[^"]*mathjax[^"]*">\s*</script>', re.IGNORECASE),
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>', re.DOTALL),
    # mermaid: an inline module script importing mermaid from a CDN
    re.compile(
        r'<script type="module">(?:(?!</script>).)*?https://(?:(?!</script>).)*?</script>',
        re.DOTALL,
    ),
]
OTHER_HOST = re.compile(
    r"""(?:src|href)=["'](?:https?:)?//|\bfrom\s+["']https?://|import\(\s*["']https?://"""
)


def snippets_digest(project: Path) -> str:
    digest = hashlib.sha256()
    inputs = [
        project / "requirements.txt",
        *sorted((project / "snippets").rglob("*.py")),
    ]
    for path in filter(Path.is_file, inputs):
        digest.update(path.relative_to(project).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def on_config(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None and plugin.config["cache"]:
        project = Path(config.config_file_path).parent
        plugin.config["cache_dir"] = f".cache/{PLUGIN}/{snippets_digest(project)}"
    return config


def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(NOTEBOOK_SUFFIXES):
        return output
    for pattern in CDN_SCRIPTS:
        output = pattern.sub("", output)
    for number, line in enumerate(output.splitlines(), start=1):
        if OTHER_HOST.search(line) and "<a " not in line:
            raise PluginError(
                f"docs/{page.file.src_uri}: the built notebook page loads from another host "
                f"(line {number} of its HTML): {line.strip()[:200]}"
            )
    return output
