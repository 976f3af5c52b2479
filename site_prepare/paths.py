"""Where a project's parts are, from its folder, whatever the working folder."""

from __future__ import annotations

import argparse
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


def add_config_file_option(parser: argparse.ArgumentParser, help: str) -> None:
    """The ``-f/--config-file`` option of the project's commands, as MkDocs has it."""
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help=help)


def project_of(config_file: str) -> Project:
    """The project whose mkdocs.yml is ``config_file``."""
    return Project(Path(config_file).resolve().parent)
