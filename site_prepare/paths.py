"""Where a project's parts are, from its folder, whatever the working folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CACHE_FOLDER = ".site-cache"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def snippets(self) -> Path:
        return self.root / "snippets"

    @property
    def cache(self) -> Path:
        """Kept runs and renderings; not .cache/, which Zensical owns and clears."""
        return self.root / CACHE_FOLDER


# This project, where the installed packages live; tests and tools read it.
THIS = Project(Path(__file__).resolve().parent.parent)
