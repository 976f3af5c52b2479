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
    output: Path | None = None,
) -> dict[str, Timing]:
    """Run each shell command ``runs`` times after ``warmup`` runs; by name. What
    the commands print goes to ``output`` where given, else nowhere."""
    if shutil.which("hyperfine") is None:
        raise RuntimeError("hyperfine is not installed: apt-get install -y hyperfine")
    with tempfile.TemporaryDirectory(prefix="hyperfine-") as folder:
        report = Path(folder) / "report.json"
        arguments = ["hyperfine", "--runs", str(runs), "--warmup", str(warmup)]
        arguments += ["--export-json", str(report), "--style", "basic"]
        if output is not None:
            arguments += ["--output", str(output)]
        for name, command in commands.items():
            arguments += ["-n", name, command]
        subprocess.run(
            arguments,
            cwd=cwd,
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, **(environment or {})},
        )
        return parse(json.loads(report.read_text(encoding="utf-8")))
