"""How long the energy-model lab takes, run as the build runs it (goal: under 30 s).

Prints the time to execute the lab's notebook in a fresh kernel, as mkdocs-jupyter
does during the build, and, in one run, the time of its Langevin loop with one
thread (as the lab sets) against one thread per core, to show why the
lab sets it.

    .venv/bin/python benchmarks/energy_lab.py
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hooks.answer_notebooks import notebook_of  # noqa: E402

LAB = ROOT / "docs/autograd/lab-energy-langevin.py"
THREADS_CELL = """
import os
import time
def timed_langevin(threads):
    torch.set_num_threads(threads)
    start = time.perf_counter()
    langevin(chains=4000, steps=300, step_size=0.02)
    return time.perf_counter() - start
default_threads = os.cpu_count()
one, default = timed_langevin(1), timed_langevin(default_threads)
print(f"{one:.2f} {default:.2f} {default_threads}")
"""


def main() -> None:
    notebook = notebook_of(LAB, expand=None)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
    whole = time.perf_counter() - start
    print(f"lab notebook, fresh kernel, start to end: {whole:.1f} s (goal: < 30 s)")

    notebook.cells.append(nbformat.v4.new_code_cell(THREADS_CELL))
    NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
    one, default, threads = notebook.cells[-1].outputs[0].text.split()
    print(
        f"300 Langevin steps: 1 thread {one} s, {threads} threads {default} s "
        f"(ratio {float(default) / float(one):.1f}x)"
    )


if __name__ == "__main__":
    main()
