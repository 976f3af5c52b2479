"""Fail on an include of a missing file, or on a fence that would show as text.

pymdownx.snippets (``check_paths: true``) fails too, but its message names only
the missing path; this preprocessor runs just before it and names the page. A fence indented
under anything but an admonition would show its backticks as text: the page
model (site_markdown/fences.py) refuses it here, so the build fails.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from site_markdown.fences import fences
from site_markdown.page import where
from site_markdown.project import project_dir, project_dir_option

# The file, less what picks a part of it: a section ("file.py:name") or lines
# ("file.py:12:30").
INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^":]+)(?::[^"]*)?"\s*$')


class MissingInclude(ValueError):
    """A page includes a file that does not exist."""


class IncludeCheck(Preprocessor):
    def __init__(self, md, project: Path):
        super().__init__(md)
        self.project = project

    def run(self, lines: list[str]) -> list[str]:
        fences("\n".join(lines), where(self.md))  # refuses a fence it cannot place
        for number, line in enumerate(lines, start=1):
            match = INCLUDE.match(line)
            if match and not (self.project / match[1]).is_file():
                raise MissingInclude(
                    f"{where(self.md, number)} includes {match[1]!r}, which does not "
                    "exist"
                )
        return lines


class IncludeCheckExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"project_dir": project_dir_option()}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        project = project_dir(self, "site_markdown.include_check")
        md.preprocessors.register(IncludeCheck(md, project), "include_check", 33)


def makeExtension(**kwargs):
    return IncludeCheckExtension(**kwargs)
