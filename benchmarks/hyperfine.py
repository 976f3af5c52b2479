"""Whole commands timed by hyperfine, which repeats them and reports their spread.

hyperfine is Debian's package (``apt-get install -y hyperfine``). The commands of
one call run in the same session of the machine, so their ratios are fair even
where the absolute times are blurred by other work.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# How much of what a failed command printed an error quotes.
PRINTED_LINES = 40


@dataclass(frozen=True)
class Timing:
    name: str
    median: float  # seconds
    mean: float
    stddev: float
    runs: int


def parse(report: dict) -> dict[str, Timing]:
    """hyperfine's ``--export-json`` report, by command name."""
    return {
        result["command"]: Timing(
            result["command"],
            result["median"],
            result["mean"],
            result["stddev"] or 0.0,
            len(result["times"]),
        )
        for result in report["results"]
    }


def time_commands(
    commands: dict[str, str],
    runs: int,
    cwd: Path,
    warmup: int = 1,
    environment: dict[str, str] | None = None,
) -> dict[str, Timing]:
    """Run each shell command ``runs`` times after ``warmup`` runs; by name. A
    command that fails fails the call, quoting the end of what it printed."""
    if shutil.which("hyperfine") is None:
        raise RuntimeError("hyperfine is not installed: apt-get install -y hyperfine")
    with tempfile.TemporaryDirectory(prefix="hyperfine-") as folder:
        report, printed = Path(folder) / "report.json", Path(folder) / "printed.log"
        arguments = ["hyperfine", "--runs", str(runs), "--warmup", str(warmup)]
        arguments += ["--export-json", str(report), "--style", "basic"]
        arguments += ["--output", str(printed)]
        for name, command in commands.items():
            arguments += ["-n", name, command]
        timed = subprocess.run(
            arguments,
            cwd=cwd,
            capture_output=True,
            text=True,
            env={**os.environ, **(environment or {})},
        )
        if timed.returncode != 0:
            end = printed.read_text(errors="replace").splitlines()[-PRINTED_LINES:]
            raise RuntimeError(
                f"hyperfine failed in {cwd}: {timed.stderr.strip()}\n"
                f"The last {PRINTED_LINES} lines the commands printed:\n"
                + "\n".join(end)
            )
        return parse(json.loads(report.read_text(encoding="utf-8")))
