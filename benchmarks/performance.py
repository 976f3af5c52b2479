"""Write the site's Performance page from the benchmarks, measured now, on this machine.

Runs the reading, Lighthouse, building, editing, labs, DDPM recipe and testing
benchmarks of this folder and writes their reports to ``docs/about/performance.md``,
each section closing with the day, the machine and the versions it was measured
on. ``make performance`` runs it; it takes about an hour and a half on 2 cores (a
cold ``.ci/run`` among it) and needs hyperfine (``apt-get install -y hyperfine``).
Run it on a machine doing nothing else: the figures are medians of rounds and the ratios
come from the same run, but a busy machine still blurs them.

    .venv/bin/python benchmarks/performance.py [--rounds 3] [--only reading,testing]

With ``--only``, the other sections keep what the page holds now, with the day and
the machine they were measured on. The page is written after each section, so a run
that stops keeps what it measured.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from benchmarks import (  # noqa: E402
    building,
    ddpm_recipe,
    editing,
    labs,
    lighthouse,
    reading,
    testing,
)
from benchmarks.report import progress  # noqa: E402

PAGE = ROOT / "docs" / "about" / "performance.md"
SECTIONS = {
    "reading": ("Reading", reading.section),
    "lighthouse": ("Lighthouse", lighthouse.section),
    "building": ("Building", building.section),
    "editing": ("Editing", editing.section),
    "labs": ("Labs", labs.section),
    "recipe": ("The DDPM lab's recipe", ddpm_recipe.section),
    "testing": ("Testing", testing.section),
}
PACKAGES = [
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "zensical",
    "torch",
]
NODE_PACKAGES = ["katex", "mathjax"]
SECTION_HEADING = re.compile(r"^## (?P<title>.+)$", re.MULTILINE)
MEASURED_ON = "Measured on "


def first_line_with(path: str, prefix: str) -> str:
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith(prefix):
            return line.split("=" if "=" in line else ":", 1)[1].strip().strip('"')
    return "unknown"


def node_package_version(name: str) -> str:
    manifest = ROOT / "node_modules" / name / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def chromium_version() -> str:
    run = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True
    )
    return run.stdout.split(" built on")[0].strip() or "not installed"


def measured_on() -> str:
    """The line a section closes with: today, this machine, the versions in use."""
    memory_kib = int(first_line_with("/proc/meminfo", "MemTotal").split()[0])
    node_versions = [f"{name} {node_package_version(name)}" for name in NODE_PACKAGES]
    python_versions = [
        f"{name} {importlib.metadata.version(name)}" for name in PACKAGES
    ]
    return (
        f"{MEASURED_ON}{datetime.date.today().isoformat()}: "
        f"{first_line_with('/proc/cpuinfo', 'model name')}, "
        f"{os.cpu_count()} cores, {memory_kib / 2**20:.0f} GiB, no GPU, "
        f"{first_line_with('/etc/os-release', 'PRETTY_NAME')}; "
        f"Python {platform.python_version()}, {', '.join(python_versions)}; "
        f"{', '.join(node_versions)} (npm); {chromium_version()}, headless."
    )


def kept_sections() -> dict[str, str]:
    """The sections the page holds now, by title, to keep those not measured."""
    if not PAGE.is_file():
        return {}
    text = PAGE.read_text(encoding="utf-8")
    headings = list(SECTION_HEADING.finditer(text))
    return {
        heading["title"]: text[
            heading.end() : following.start() if following else len(text)
        ].strip()
        for heading, following in zip(headings, [*headings[1:], None], strict=True)
    }


def page(sections: dict[str, str]) -> str:
    return (
        "\n\n".join(
            [
                "# Performance",
                "How fast the site is to read, build, edit, run and test, against "
                "what it would be otherwise, measured by the scripts in "
                "`benchmarks/` and written here by `make performance` "
                "(`benchmarks/performance.py`). Every figure is a median of several "
                "rounds, unless its section says it was measured once, and every "
                "ratio compares figures measured in the same run. "
                "Each section ends with when, on what machine and with which versions "
                "it was measured; compare figures across sections only where those "
                "are the same.",
                *(f"## {title}\n\n{body}" for title, body in sections.items()),
            ]
        )
        + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per figure (3)")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help="comma-separated sections to measure: " + ", ".join(SECTIONS),
    )
    arguments = parser.parse_args()
    chosen = [name.strip() for name in arguments.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown or arguments.rounds < 1:
        parser.error(f"unknown sections {unknown}" if unknown else "--rounds >= 1")
    sections = kept_sections()
    for name, (title, measure) in SECTIONS.items():
        if name not in chosen:
            continue
        start = time.perf_counter()
        progress(f"== {title}")
        measured = measured_on()
        sections[title] = f"{measure(arguments.rounds)}\n\n{measured}"
        progress(f"== {title}: {time.perf_counter() - start:.0f} s")
        # Written after each section, so a long run that stops keeps what it measured.
        write_page(sections)
    missing = [name for name, (title, _) in SECTIONS.items() if title not in sections]
    if missing:
        parser.exit(
            1,
            f"the page has no section for {', '.join(missing)} yet: run "
            f"benchmarks/performance.py --only {','.join(missing)}\n",
        )


def write_page(sections: dict[str, str]) -> None:
    """The page with every section measured so far, in the order of SECTIONS."""
    ordered = {
        title: sections[title] for title, _ in SECTIONS.values() if title in sections
    }
    PAGE.write_text(page(ordered), encoding="utf-8")
    progress(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
