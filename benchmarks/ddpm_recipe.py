"""What each change to the DDPM lab's recipe does to its share of clean squares.

Runs the lab's notebook, as the site serves it, with its parameters cell
(the cell tagged ``parameters``) followed by other values, once per variant and
seed, and reads what the notebook printed: the share of clean squares among
256 samples, the total variation between their sides and the data's, and the
seconds it spent training and sampling. The variants go from the lab's first
recipe to today's, one change at a time. Goal: at least 90% clean squares, a
distance of at most 0.2, training plus sampling within 60 s on 2 cores.

    .venv/bin/python benchmarks/ddpm_recipe.py --rounds 3   # seeds 0, 1, 2
"""

from __future__ import annotations

import copy
import re
import statistics
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from benchmarks.report import (  # noqa: E402
    Goal,
    markdown_table,
    print_timed,
    progress,
    rounds_parser,
    verdict,
)
from lab_runs import printed  # noqa: E402
from site_prepare.execution import execute_notebook  # noqa: E402
from site_prepare.labs import standalone_notebook  # noqa: E402
from site_prepare.paths import THIS  # noqa: E402

LAB = THIS.docs / "diffusion" / "lab-tiny-ddpm.py"
FIRST_RECIPE = {
    "T": 200,
    "STEPS": 500,
    "BATCH": 32,
    "LEARNING_RATE": 2e-3,
    "DECAY_FROM": 1.0,
    "CLIP": False,
}
CLIPPED = {**FIRST_RECIPE, "T": 100, "CLIP": True}
DECAYED = {**CLIPPED, "DECAY_FROM": 0.7}
# Each variant changes one thing from the one before; the last is the lab's.
VARIANTS = [
    ("the first recipe: T = 200, 500 steps of 32, rate 2e-3", FIRST_RECIPE),
    ("T = 100", {**FIRST_RECIPE, "T": 100}),
    ("and x_0 clipped while sampling", CLIPPED),
    ("and the rate decayed over the last 30%", DECAYED),
    ("and 1400 steps", {**DECAYED, "STEPS": 1400}),
    ("and the rate 3e-3 (the lab's recipe)", {}),
]
CLEAN = re.compile(r"clean squares: (\d+) of (\d+)")
DISTANCE = re.compile(r"total variation between the two: ([\d.]+)")
SECONDS = re.compile(r"training (\d+) s, sampling (\d+) s")
# The report's goals are limits from above: the share of samples that fail.
FAILING = Goal(
    "at most 10% of samples fail, mean over the seeds", 10, True, " points", 1
)
DISTANCE_GOAL = Goal("a side distance of at most 0.2, every seed", 0.2, True)
MINUTE = Goal("training plus sampling within 60 s, every seed", 60, True, " s", 0)


def with_values(notebook: nbformat.NotebookNode, values: dict) -> nbformat.NotebookNode:
    """``notebook`` with a cell setting ``values`` after its parameters cell."""
    changed = copy.deepcopy(notebook)
    (where,) = [
        number
        for number, cell in enumerate(changed.cells)
        if "parameters" in cell.metadata.get("tags", [])
    ]
    source = "\n".join(f"{name} = {value!r}" for name, value in values.items())
    changed.cells.insert(where + 1, nbformat.v4.new_code_cell(source))
    return changed


def run(notebook: nbformat.NotebookNode, values: dict) -> tuple[float, float, float]:
    """The share of clean squares, the side distance, training + sampling (s)."""
    text = printed(execute_notebook(with_values(notebook, values)))
    clean, total = (int(n) for n in CLEAN.search(text).groups())
    distance = float(DISTANCE.search(text).group(1))
    training, sampling = (float(n) for n in SECONDS.search(text).groups())
    return clean / total, distance, training + sampling


def section(rounds: int = 3) -> str:
    seeds = list(range(rounds))
    notebook = standalone_notebook(LAB, THIS)
    rows = []
    for name, values in VARIANTS:
        runs = []
        for seed in seeds:
            runs.append(run(notebook, {**values, "SEED": seed}))
            progress(f"recipe: {name}, seed {seed}: {runs[-1]}")
        shares, distances, seconds = zip(*runs, strict=True)
        # After the loop these are the last variant's: the lab's own recipe.
        mean, largest, slowest = statistics.mean(shares), max(distances), max(seconds)
        rows.append(
            [
                name,
                " ".join(f"{share:.0%}" for share in shares),
                f"{mean:.1%}",
                f"{largest:.2f}",
                f"{slowest:.0f}",
            ]
        )
    header = [
        "recipe",
        f"clean squares, seeds {', '.join(map(str, seeds))}",
        "mean",
        "largest side distance",
        "slowest training + sampling (s)",
    ]
    failing = 100 * (1 - mean)
    goals = [
        f"- {FAILING.description}: **{verdict(failing, FAILING)}** "
        f"({100 - failing:.1f}% clean)",
        f"- {DISTANCE_GOAL.description}: **{verdict(largest, DISTANCE_GOAL)}** "
        f"(largest {largest:.2f})",
        f"- {MINUTE.description}: **{verdict(slowest, MINUTE)}** "
        f"(slowest {slowest:.0f} s)",
    ]
    return "\n\n".join(
        [
            f"The [DDPM lab](../diffusion/lab-tiny-ddpm.md) run as it is served, "
            f"with its parameters changed one at a time, for seeds "
            f"{', '.join(map(str, seeds))}; each run judges 256 samples. Each "
            "row changes one thing from the row above; the last is the lab's "
            "recipe, whose seed 0 is the page.",
            markdown_table(header, rows),
            "Goals, for the lab's recipe:\n\n" + "\n".join(goals),
        ]
    )


def main() -> None:
    parser = rounds_parser(__doc__.split("\n\n")[0], "seeds, from 0")
    parser.set_defaults(rounds=3)
    print_timed(lambda: section(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
