"""Show stated values without their source marker; refuse malformed markers.

A result a page states in prose or math is written with its source:
``{{ 7 <- q6a_derivative: x.grad }}`` (the value as readers see it, the example
it comes from, and an expression over that example's variables). The page shows
``7``; tests/test_stated_values.py checks the value against a run of the example.
"""

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

MARKER = re.compile(
    r"\{\{\s*(?P<value>[^{}]+?)\s*<-\s*(?P<example>\w+)\s*:\s*(?P<expression>[^{}]+?)\s*\}\}"
)
ANY_DOUBLE_BRACE = re.compile(r"\{\{.*?\}\}")


def on_page_markdown(markdown, page, config, files):
    base = Path(config.config_file_path).resolve().parent
    where = Path(page.file.abs_src_path).relative_to(base).as_posix()
    recorded = {path.stem for path in (base / "snippets").rglob("*.txt")}
    for number, line in enumerate(markdown.splitlines(), start=1):
        for candidate in ANY_DOUBLE_BRACE.findall(line):
            marker = MARKER.fullmatch(candidate)
            if marker is None:
                raise PluginError(
                    f"{where}:{number}: {candidate} is not a stated value; write "
                    "{{ value <- example_name: expression }}"
                )
            if marker["example"] not in recorded:
                raise PluginError(
                    f"{where}:{number}: {candidate} names the example "
                    f"{marker['example']!r}, which has no recorded output in snippets/"
                )
    return MARKER.sub(lambda marker: marker["value"], markdown)
