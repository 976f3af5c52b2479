"""What every benchmark's report needs: goals and verdicts, Markdown tables, progress
on stderr, the order of interleaved variants, and the ``--rounds`` command line.

The benchmarks print Markdown that a page or another script can take as it is; every
figure they compare was measured in the same run, the variants interleaved round by
round, because the machine is shared and timings drift.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Goal:
    description: str
    limit: float
    inclusive: bool  # "at most" ("at least") when true, "under" ("over") when false
    unit: str = ""
    digits: int = 2
    floor: bool = False  # the limit is a least value, not a most


def verdict(value: float, goal: Goal) -> str:
    """ "met", or "NOT met (by <how far ``value`` is past the limit>)"."""
    past = goal.limit - value if goal.floor else value - goal.limit
    if past < 0 or (past == 0 and goal.inclusive):
        return "met"
    return f"NOT met (by {past:.{goal.digits}f}{goal.unit})"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def rotated(items: Sequence, steps: int) -> list:
    """``items`` started ``steps`` places later, so no variant always goes first."""
    steps %= len(items)
    return [*items[steps:], *items[:steps]]


def replace_once(text: str, old: str, new: str, file: Path = Path("mkdocs.yml")) -> str:
    """``text`` with ``old`` replaced; fails if ``file`` no longer holds it once."""
    if text.count(old) != 1:
        raise ValueError(
            f"{file} should hold {old!r} exactly once, found {text.count(old)}"
        )
    return text.replace(old, new)


def at_least_one(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def rounds_parser(description: str, per_round: str) -> argparse.ArgumentParser:
    """A benchmark's command line: ``--rounds N`` (5), ``per_round`` saying what
    one round measures; add a benchmark's own options to it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--rounds", type=at_least_one, default=5, help=f"{per_round} (5)"
    )
    return parser


def print_timed(make_report: Callable[[], str]) -> None:
    """Print the report on stdout, then on stderr how long the whole run took."""
    start = time.perf_counter()
    print(make_report())
    progress(f"whole run: {time.perf_counter() - start:.0f} s")
