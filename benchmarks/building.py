"""How long a warm build takes: MkDocs and Zensical, against bare mkdocs-material.

Each command builds a copy of the project whose kept runs (``.site-cache/``) are
warm, so no lab or figure runs: what is measured is the build of the pages.

- MkDocs: ``mkdocs build --strict``, as ``make build`` runs it (site_prepare
  first, in its hook);
- Zensical: ``python -m site_prepare`` then ``zensical build --strict``, as
  ``make build-zensical`` runs them;
- bare: ``mkdocs build`` of the same pages with mkdocs-material and none of the
  site's extensions or hooks, the floor any build of these pages starts from.

    .venv/bin/python benchmarks/building.py --rounds 5
"""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from benchmarks.hyperfine import time_commands  # noqa: E402
from benchmarks.report import (  # noqa: E402
    Goal,
    markdown_table,
    print_timed,
    progress,
    replace_once,
    rounds_parser,
    verdict,
)
from site_tools import zensical_build  # noqa: E402
from site_tools.builds import copy_project  # noqa: E402

BIN = Path(sys.executable).parent
AT_MOST_TWICE_BARE = Goal(
    "warm MkDocs build at most 2x bare mkdocs-material", 2.0, True, "x"
)
# The site's own parts of mkdocs.yml, which the bare build leaves out.
OWN_EXTENSION = re.compile(
    r"^  - (?:site_markdown\.[\w.]+|abbr):?\n(?:      .*\n)*", re.MULTILINE
)
HOOKS = re.compile(r"^hooks:\n(?:  - .*\n)+", re.MULTILINE)
CUSTOM_FENCES = re.compile(r"^      custom_fences:\n(?:        .*\n)+", re.MULTILINE)
AUTO_APPEND = re.compile(r"^      auto_append:\n(?:        .*\n)+", re.MULTILINE)
# The site's changes to the theme (docs/about/performance.md, "Lighthouse").
THEME_CHANGES = (
    "  custom_dir: overrides\n",
    "    - content.lazy\n",
    "  - path: javascripts/palette.js\n    defer: true\n",
)


def bare_config(config: str) -> str:
    """mkdocs.yml without the site's extensions, fences, hooks, glossary and
    changes to the theme."""
    for part in (OWN_EXTENSION, HOOKS, CUSTOM_FENCES, AUTO_APPEND):
        config = part.sub("", config)
    config = without_theme_changes(config)
    return config.replace("  - pymdownx.superfences:\n", "  - pymdownx.superfences\n")


def without_theme_changes(config: str) -> str:
    for change in THEME_CHANGES:
        config = replace_once(config, change, "")
    return config


def commands(folder: Path) -> dict[str, str]:
    site, bare = copy_project(folder / "site"), copy_project(folder / "bare")
    config = bare / "mkdocs.yml"
    config.write_text(bare_config(config.read_text(encoding="utf-8")), encoding="utf-8")
    overlay = zensical_build.write_overlay(site)
    python, mkdocs, zensical = (
        shlex.quote(str(BIN / n)) for n in ("python", "mkdocs", "zensical")
    )
    return {
        "MkDocs": (
            f"{mkdocs} build --strict -q -f {site / 'mkdocs.yml'} "
            f"-d {folder / 'out-mkdocs'}"
        ),
        "Zensical": (
            f"{python} -m site_prepare -f {site / 'mkdocs.yml'} > /dev/null && "
            f"{zensical} build --strict -f {overlay} > /dev/null"
        ),
        "bare mkdocs-material": (
            f"{mkdocs} build -q -f {bare / 'mkdocs.yml'} -d {folder / 'out-bare'}"
        ),
    }


def section(rounds: int = 5) -> str:
    with tempfile.TemporaryDirectory(prefix="building-") as folder:
        progress("building: timing warm builds with hyperfine")
        timings = time_commands(
            commands(Path(folder)),
            rounds,
            cwd=Path(folder),
            environment={"NO_MKDOCS_2_WARNING": "1"},
        )
    bare = timings["bare mkdocs-material"].median
    rows = [
        [name, f"{t.median:.2f}", f"{t.stddev:.2f}", f"{t.median / bare:.2f}x"]
        for name, t in timings.items()
    ]
    ratio = timings["MkDocs"].median / bare
    return "\n\n".join(
        [
            f"Warm builds of the whole site, timed by hyperfine ({rounds} runs "
            "each after one warm-up): site_prepare's pass over what it keeps, the "
            "pages' Markdown, the extensions, the search index; no lab or figure "
            "runs.",
            markdown_table(["build", "median (s)", "spread (s)", "against bare"], rows),
            f"- {AT_MOST_TWICE_BARE.description}: "
            f"**{verdict(ratio, AT_MOST_TWICE_BARE)}** ({ratio:.2f}x)",
        ]
    )


def main() -> None:
    parser = rounds_parser(__doc__.split("\n\n")[0], "runs of each build")
    print_timed(lambda: section(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
