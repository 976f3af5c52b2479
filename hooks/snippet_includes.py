"""Fail the build on an include of a missing file, naming the page and line.

pymdownx.snippets (``check_paths: true``) fails too, but its message names only
the missing path; this hook runs first and says which page asked for it.
"""

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+?)(?::[\w-]+)?"\s*$')


def on_page_markdown(markdown, page, config, files):
    base = Path(config.config_file_path).resolve().parent
    for number, line in enumerate(markdown.splitlines(), start=1):
        match = INCLUDE.match(line)
        if match and not (base / match.group(1)).is_file():
            raise PluginError(
                f"{Path(page.file.abs_src_path).relative_to(base).as_posix()}:{number} includes {match.group(1)!r}, which does not exist"
            )
    return markdown
