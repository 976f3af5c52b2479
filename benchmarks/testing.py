"""How long the README's test command takes, by group, once it is installed.

Each round runs ``pytest -n 2`` (what ``make test`` runs) twice: on everything but
the browser group, the figure the goal is about (under 60 s on 2 cores), and on the
browser group (``-m browser``). The first run's per-test durations are summed by
group, to show where the time goes:

- snippets: every page example against its output, the values and stated values,
  the notebooks, the labs;
- build: the strict build, its refusals, graphs, Zensical, the tool-chain, style,
  the benchmarks' own tests.

Medians of ``--rounds`` rounds are printed as Markdown, with the slowest tests of the
last round. The caches the tests keep (the labs' runs, the build's notebooks,
figures and formulas) are warm after a first run; the report says whether they were
warm when it started.

    .venv/bin/python benchmarks/testing.py --rounds 2
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from report import Goal, markdown_table, print_timed, progress, rounds_parser, verdict

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest", "-n", "2", "-q", "-p", "no:cacheprovider"]
GROUPS = {
    "snippets": [
        "docs",
        "tests/test_examples.py",
        "tests/test_values.py",
        "tests/test_stated_values.py",
        "tests/test_q1_embedding.py",
        "tests/test_q4_q5_unet_and_training.py",
        "tests/test_notebooks.py",
        "tests/test_lab.py",
        "tests/test_energy_lab.py",
    ],
    "build": [
        "tests/test_build.py",
        "tests/test_autograd_graphs.py",
        "tests/test_zensical.py",
        "tests/test_toolchain.py",
        "tests/test_code_style.py",
        "tests/test_reading_benchmark.py",
        "tests/test_building_benchmark.py",
        "tests/test_testing_benchmark.py",
    ],
}
BROWSER = "browser"
ALL_BUT_BROWSER = "everything but browser"
COMMANDS = {
    ALL_BUT_BROWSER: ["-m", "not browser", "--durations=0"],
    BROWSER: ["-m", BROWSER],
}
UNDER_A_MINUTE = Goal("everything but the browser group under 60 s", 60, False, " s", 0)
DURATION = re.compile(r"^(\d+\.\d+)s (call|setup|teardown) +(\S.*?) *$", re.MULTILINE)
SUMMARY = re.compile(r"^=* ?(\d+ passed.*?) in [\d.]+s", re.MULTILINE)
SLOWEST_SHOWN = 8
SHOWN_OPTIONS = {ALL_BUT_BROWSER: ["-m", "'not browser'"], BROWSER: ["-m", BROWSER]}


def unassigned_test_files() -> list[str]:
    """Test files of tests/ that no group names, so no figure would include them."""
    named = {path for paths in GROUPS.values() for path in paths}
    return sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").glob("test_*.py")
        if path.relative_to(ROOT).as_posix() not in named
    )


def run_command(name: str) -> tuple[float, str]:
    """Wall time of the named pytest command, and its output."""
    command = [*PYTEST, *COMMANDS[name]]
    start = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"`{' '.join(command[2:])}` failed:\n{run.stdout[-3000:]}")
    return seconds, run.stdout


def group_of(test_id: str) -> str:
    path = test_id.split("::")[0]
    for group, paths in GROUPS.items():
        if any(path == named or path.startswith(named + "/") for named in paths):
            return group
    raise ValueError(f"{test_id} belongs to no group of benchmarks/testing.py")


def seconds_by_group(output: str) -> dict[str, float]:
    """Test time (setup, call and teardown) summed over each group's tests."""
    totals = dict.fromkeys(GROUPS, 0.0)
    for seconds, _, test_id in DURATION.findall(output):
        totals[group_of(test_id)] += float(seconds)
    return totals


def caches_are_warm() -> bool:
    kept = ROOT / ".cache"
    return all(
        (kept / name).is_dir() and any((kept / name).iterdir())
        for name in ("lab-runs", "mkdocs-jupyter", "snippet-figures", "katex")
    )


def measure(rounds: int) -> tuple[dict[str, list[float]], dict[str, str]]:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    outputs: dict[str, str] = {}
    for round_number in range(1, rounds + 1):
        for name in COMMANDS:
            progress(f"round {round_number}/{rounds}: {name}")
            seconds, outputs[name] = run_command(name)
            times[name].append(seconds)
            progress(f"  {seconds:.1f} s")
    return times, outputs


def tests_run(output: str) -> str:
    summary = SUMMARY.search(output)
    return summary[1] if summary else "?"


def slowest(output: str) -> str:
    rows = [
        [f"{float(seconds):.1f}", phase, f"`{test}`"]
        for seconds, phase, test in DURATION.findall(output)[:SLOWEST_SHOWN]
    ]
    return markdown_table(["seconds", "phase", "test"], rows)


def report(times: dict[str, list[float]], outputs: dict[str, str], warm: bool) -> str:
    commands = [
        [
            f"`pytest -n 2 {' '.join(SHOWN_OPTIONS[name])}`",
            tests_run(outputs[name]),
            f"{statistics.median(seconds):.1f}",
            " / ".join(f"{s:.1f}" for s in seconds),
        ]
        for name, seconds in times.items()
    ]
    groups = [
        [group, f"{seconds:.1f}"]
        for group, seconds in seconds_by_group(outputs[ALL_BUT_BROWSER]).items()
    ]
    all_but_browser = statistics.median(times[ALL_BUT_BROWSER])
    return "\n\n".join(
        [
            f"The README's test command (`pytest -n 2`, two workers on 2 cores), "
            f"{len(times[ALL_BUT_BROWSER])} round(s); the tests' caches (lab runs, "
            f"notebooks, figures, formulas) were {'warm' if warm else 'cold'} at the "
            "start. Wall times in seconds:",
            markdown_table(
                ["command", "tests", "median (s)", "each round (s)"], commands
            ),
            f"- {UNDER_A_MINUTE.description}: "
            f"**{verdict(all_but_browser, UNDER_A_MINUTE)}** ({all_but_browser:.0f} s)",
            "Where that time goes: the durations pytest reports (setup, call and "
            "teardown) summed over each group's tests, in the last round; the two "
            "workers share them:",
            markdown_table(["group", "test time (s)"], groups),
            f"The {SLOWEST_SHOWN} slowest tests of that run:",
            slowest(outputs[ALL_BUT_BROWSER]),
        ]
    )


def section(rounds: int = 5) -> str:
    """The benchmark's report as Markdown, with no top-level heading."""
    missing = unassigned_test_files()
    if missing:
        raise SystemExit(
            f"benchmarks/testing.py: no group holds {', '.join(missing)}; add each "
            "to GROUPS so the figures cover the whole suite"
        )
    warm = caches_are_warm()
    times, outputs = measure(rounds)
    return report(times, outputs, warm)


def main() -> None:
    parser = rounds_parser(__doc__.split("\n\n")[0], "runs of each command")
    print_timed(lambda: section(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
