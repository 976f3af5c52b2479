"""How long the DDPM lab takes (goal: training and sampling under 60 s on 2 cores).

Prints, in one run:
- the lab's training and sampling time, and the whole notebook in a fresh kernel,
  as mkdocs-jupyter executes it during the build;
- the time of `mkdocs build --strict` with an empty notebook cache, with the lab and
  with the lab replaced by a one-cell notebook, and of a rebuild whose notebooks all
  come from the cache (what `mkdocs serve` does after an edit elsewhere).

    .venv/bin/python benchmarks/ddpm_lab.py
"""

import re
import sys
import tempfile
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from site_build import build, copy_project  # noqa: E402

LAB = ROOT / "docs/diffusion/lab-tiny-ddpm.py"
STAND_IN = (
    "# %% [markdown]\n# # Lab: a tiny DDPM trained on the CPU\n\n# %%\nprint(1)\n"
)


def seconds_printed(notebook, pattern: str) -> float:
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            match = re.search(pattern, output.get("text", ""))
            if match:
                return float(match[1])
    raise LookupError(pattern)


def timed_build(project: Path, workdir: Path, site: str) -> float:
    """Build from ``workdir``, whose .cache/ holds the notebook cache of that build."""
    start = time.perf_counter()
    result = build(project, workdir / site, cwd=workdir)
    if result.returncode:
        raise RuntimeError(result.log)
    return time.perf_counter() - start


def main() -> None:
    notebook = jupytext.read(LAB)
    start = time.perf_counter()
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT)}},
    ).execute()
    whole = time.perf_counter() - start
    training = seconds_printed(notebook, r"trained \d+ steps in ([\d.]+) s")
    sampling = seconds_printed(notebook, r"sampled \d+ images in ([\d.]+) s")
    print(f"lab training:            {training:6.1f} s")
    print(f"lab sampling:            {sampling:6.1f} s")
    print(f"training + sampling:     {training + sampling:6.1f} s (goal: < 60 s)")
    print(f"lab notebook, end to end:{whole:6.1f} s (fresh kernel, imports, figures)")

    with tempfile.TemporaryDirectory(prefix="ddpm-lab-bench-") as folder:
        with_lab = copy_project(Path(folder) / "with-lab")
        without_lab = copy_project(Path(folder) / "without-lab")
        (without_lab / "docs/diffusion/lab-tiny-ddpm.py").write_text(STAND_IN)
        cold = timed_build(with_lab, with_lab, "site-cold")
        warm = timed_build(with_lab, with_lab, "site-warm")
        cold_without = timed_build(without_lab, without_lab, "site-cold")
    print(f"build, empty cache, with the lab:     {cold:6.1f} s")
    print(f"build, empty cache, without the lab:  {cold_without:6.1f} s")
    print(f"the lab's share of a cold build:      {cold - cold_without:6.1f} s")
    print(
        f"rebuild, notebooks from the cache:    {warm:6.1f} s "
        f"({cold / warm:.1f}x faster than cold)"
    )


if __name__ == "__main__":
    main()
