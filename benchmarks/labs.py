"""How long each lab takes to run, as a reader who downloads its notebook runs it.

Each lab's notebook, with the building blocks written into it, is run cold in a
kernel of the reader's Python in an empty folder (site_prepare.execution), as the
build runs it when the lab has changed. The goal: at most 60 s on 2 cores.

    .venv/bin/python benchmarks/labs.py --rounds 1
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from benchmarks.report import (  # noqa: E402
    Goal,
    markdown_table,
    print_timed,
    progress,
    rounds_parser,
    verdict,
)
from site_prepare.execution import execute_notebook  # noqa: E402
from site_prepare.labs import standalone_notebook  # noqa: E402
from site_prepare.pages import lab_sources  # noqa: E402
from site_prepare.paths import THIS  # noqa: E402

WITHIN_A_MINUTE = Goal("each lab within 60 s on 2 cores", 60, True, " s", 0)


def run_seconds(lab: Path) -> float:
    notebook = standalone_notebook(lab, THIS)
    start = time.perf_counter()
    execute_notebook(notebook)
    return time.perf_counter() - start


def section(rounds: int = 1) -> str:
    rows, goals = [], []
    for lab in lab_sources():
        seconds = []
        for _ in range(rounds):
            seconds.append(run_seconds(lab))
            progress(f"labs: {lab.stem} ran in {seconds[-1]:.0f} s")
        median = statistics.median(seconds)
        name = lab.relative_to(THIS.docs).as_posix()
        rows.append([f"`{name}`", f"{median:.0f}", f"{max(seconds):.0f}"])
        goals.append(
            f"- `{name}`: **{verdict(median, WITHIN_A_MINUTE)}** ({median:.0f} s)"
        )
    return "\n\n".join(
        [
            f"Each lab's notebook run cold, {rounds} time(s), in a kernel of the "
            "reader's Python: training, sampling and figures, with the kernel's start.",
            markdown_table(["lab", "median (s)", "slowest (s)"], rows),
            f"{WITHIN_A_MINUTE.description}:\n\n" + "\n".join(goals),
        ]
    )


def main() -> None:
    parser = rounds_parser(__doc__.split("\n\n")[0], "runs of each lab")
    parser.set_defaults(rounds=1)
    print_timed(lambda: section(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
