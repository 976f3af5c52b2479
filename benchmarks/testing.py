"""How long the tests take: warm, the whole suite and without the browser; cold, CI.

Warm means as a second ``make test`` finds the project: the environment, KaTeX and
the kept runs of the labs in place. hyperfine times each command after one
warm-up run. Cold is ``.ci/run`` once in a new clone of the last commit: every
install (two CUDA builds of torch among them), the labs run under each
torch version, every test.

The whole suite is also timed, in the same hyperfine run, as it was at EARLIER,
in a clone of that commit with its own environment: before the contract tests
of what ``mkdocs serve`` replaces, the extensions' golden files, the test that
adds a question and the move of the tooling to site_tools/. The suite must stay
within a tenth of the time it took then.

    .venv/bin/python benchmarks/testing.py --rounds 2
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.etree import ElementTree

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
from site_prepare.paths import CACHE_FOLDER  # noqa: E402

# The parent of 1ed3b68, after which `mkdocs build` patches nothing: the last
# commit before the changes to the tooling that the suite's time is held to.
EARLIER = "b33f636"
WHOLE_SUITE = "the whole suite (make test)"
AT_EARLIER = f"the whole suite at {EARLIER}"
WITHIN_A_TENTH = Goal(
    f"the whole suite within 10% of its time at {EARLIER}", 10.0, True, "%", 1
)
PYTEST = shlex.quote(str(Path(sys.executable).with_name("pytest")))
GROUPS = {
    WHOLE_SUITE: (
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


def earlier_clone(folder: Path) -> Path:
    """A clone of EARLIER, set up as its ``make test`` would, with its own
    environment (the installed project is its own), this project's KaTeX and a
    copy of its kept runs, so that no lab trains again."""
    clone = folder / "earlier"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "-q", EARLIER], cwd=clone, check=True)
    (clone / "node_modules").symlink_to(ROOT / "node_modules")
    subprocess.run(
        ["cp", "-a", str(ROOT / CACHE_FOLDER), str(clone / CACHE_FOLDER)], check=True
    )
    subprocess.run(["make", "-s", ".venv/.installed"], cwd=clone, check=True)
    python = clone / ".venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "site_prepare"], cwd=clone, check=True)
    return clone


def failed_of(report: Path) -> tuple[int, int]:
    """How many tests of a JUnit XML report failed or erred, and how many ran."""
    suite = ElementTree.parse(report).getroot()
    if suite.tag == "testsuites":
        (suite,) = suite
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    return failed, int(suite.get("tests", 0))


def share_over(timings: dict) -> float:
    """How much longer the whole suite takes now than at EARLIER, in percent."""
    earlier = timings[AT_EARLIER].median
    return 100 * (timings[WHOLE_SUITE].median - earlier) / earlier


def section(rounds: int = 2) -> str:
    progress("testing: .ci/run on a clean clone, once")
    commit, minutes = cold_ci_minutes()
    with tempfile.TemporaryDirectory(prefix="earlier-") as folder:
        progress(f"testing: setting up a clone of {EARLIER}")
        earlier = earlier_clone(Path(folder))
        progress("testing: timing the suite with hyperfine")
        commands = {name: command for name, (command, _) in GROUPS.items()}
        report = Path(folder) / "earlier.xml"
        # pytest's status 1 is tests that failed, which the earlier commit has
        # here; any other failure stops the timing.
        commands[AT_EARLIER] = (
            f"cd {shlex.quote(str(earlier))} && "
            ".venv/bin/pytest -q -n 2 -p no:cacheprovider "
            f"--junit-xml={shlex.quote(str(report))}; test $? -le 1"
        )
        timings = time_commands(commands, rounds, cwd=ROOT, environment={"CI": "true"})
        failed, ran = failed_of(report)
    # One run has no spread.
    rows = [
        [name, f"{t.median:.0f}", f"{t.stddev:.0f}" if t.runs > 1 else "one run"]
        for name, t in timings.items()
    ]
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
    over = share_over(timings)
    earlier_failures = (
        f"At {EARLIER}, {failed} of its {ran} tests fail in this run; its time is "
        "that of the whole run, failures included."
        if failed
        else ""
    )
    goals.append(
        f"- {WITHIN_A_TENTH.description}: **{verdict(over, WITHIN_A_TENTH)}** "
        f"({over:+.1f}%)"
    )
    goals.append(
        f"- {COLD_CI.description}: **{verdict(minutes, COLD_CI)}** ({minutes:.1f} min)"
    )
    return "\n\n".join(
        [
            cold,
            f"`pytest -n 2`, warm, {rounds} run{'s' if rounds > 1 else ''} each "
            "after one warm-up.",
            markdown_table(["tests", "median (s)", "spread (s)"], rows),
            *([earlier_failures] if earlier_failures else []),
            "\n".join(goals),
        ]
    )


def main() -> None:
    parser = rounds_parser(__doc__.split("\n\n")[0], "runs of each group")
    print_timed(lambda: section(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
