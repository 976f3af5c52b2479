"""How long the tests take: warm, the whole suite and without the browser; cold, CI.

Warm means as a second ``make test`` finds the project: the environment, KaTeX and
the kept runs of the labs in place. hyperfine times each command after one
warm-up run. Cold is ``.ci/run`` once in a new clone of the last commit: every
install (two CUDA builds of torch among them), the labs run under each
torch version, every test.

    .venv/bin/python benchmarks/testing.py --rounds 2
"""

from __future__ import annotations

import shlex
import subprocess
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
    rounds_parser,
    verdict,
)

PYTEST = shlex.quote(str(Path(sys.executable).with_name("pytest")))
GROUPS = {
    "the whole suite (make test)": (
        f"{PYTEST} -q -n 2 -p no:cacheprovider",
        Goal("make test, warm, within 2 minutes", 120, True, " s", 0),
    ),
    "all but the browser": (
        f"{PYTEST} -q -n 2 -p no:cacheprovider -m 'not browser'",
        Goal("the suite without the browser, warm, within 30 s", 30, True, " s", 0),
    ),
    "the browser": (f"{PYTEST} -q -n 2 -p no:cacheprovider -m browser", None),
}
COLD_CI = Goal("a cold .ci/run on a clean clone within 20 minutes", 20, True, " min", 1)


def cold_ci_minutes() -> tuple[str, float]:
    """The commit cloned, and how long one ``.ci/run`` of its clone took."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="cold-ci-") as folder:
        clone = Path(folder) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        timing = time_commands({"cold": "bash .ci/run"}, 1, cwd=clone, warmup=0)
    minutes = timing["cold"].median / 60
    progress(f"testing: .ci/run of {commit} took {minutes:.1f} minutes")
    return commit, minutes


def section(rounds: int = 2) -> str:
    progress("testing: .ci/run on a clean clone, once")
    commit, minutes = cold_ci_minutes()
    progress("testing: timing the suite with hyperfine")
    timings = time_commands(
        {name: command for name, (command, _) in GROUPS.items()},
        rounds,
        cwd=ROOT,
        environment={"CI": "true"},
    )
    rows = [[name, f"{t.median:.0f}", f"{t.stddev:.0f}"] for name, t in timings.items()]
    goals = [
        f"- {goal.description}: **{verdict(timings[name].median, goal)}** "
        f"({timings[name].median:.0f} s)"
        for name, (_, goal) in GROUPS.items()
        if goal is not None
    ]
    cold = (
        f"`.ci/run` in a new clone of {commit}, once: {minutes:.1f} minutes, from "
        "the installs to the last test of the torch matrix."
    )
    goals.append(
        f"- {COLD_CI.description}: **{verdict(minutes, COLD_CI)}** ({minutes:.1f} min)"
    )
    return "\n\n".join(
        [
            cold,
            f"`pytest -n 2`, warm, {rounds} runs each after one warm-up.",
            markdown_table(["tests", "median (s)", "spread (s)"], rows),
            "\n".join(goals),
        ]
    )


def main() -> None:
    parser = rounds_parser(__doc__.split("\n\n")[0], "runs of each group")
    print_timed(lambda: section(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
