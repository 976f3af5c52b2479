"""What site_prepare keeps: keyed by everything that decides a run, never a failed
run, and the same whatever the builder's shell sets. A lab's page includes its code
from the lab."""

import re
import shutil

import jupytext
import nbformat
import pytest

from examples import ROOT
from site_prepare import cached
from site_prepare.cached import cached_folder, key_of
from site_prepare.execution import execute_notebook
from site_prepare.labs import (
    LabError,
    code_cell_lines,
    code_cells_of,
    standalone_notebook,
    write_lab,
)
from site_prepare.pages import lab_page, lab_sources
from site_prepare.paths import Project
from site_tools.builds import copy_project

DDPM_LAB = "diffusion/lab-tiny-ddpm.py"
# What a notebook cell can see of the builder: its backend, locale, home and folder.
SEEN = """
import locale, os, pathlib
import matplotlib
import matplotlib.pyplot as plt
print(matplotlib.get_backend())
print(locale.getlocale())
print(sorted(os.environ))
print(pathlib.Path.home() == pathlib.Path.cwd(), pathlib.Path.cwd().name)
plt.plot([0, 1])
plt.show()
"""


def test_a_failed_run_leaves_nothing_behind(tmp_path):
    def make(folder):
        (folder / "half.txt").write_text("half a result")
        raise RuntimeError("the run failed")

    with pytest.raises(RuntimeError, match="the run failed"):
        cached_folder(tmp_path, "key", make)
    assert list(tmp_path.iterdir()) == []


def test_a_kept_run_is_reused_without_running_again(tmp_path):
    runs = []

    def make(folder):
        runs.append(folder)
        (folder / "result.txt").write_text("42")

    first = cached_folder(tmp_path, "key", make)
    second = cached_folder(tmp_path, "key", make)
    assert first == second == tmp_path / "key"
    assert len(runs) == 1 and (first / "result.txt").read_text() == "42"


def test_the_key_covers_each_input_their_bounds_and_the_versions(monkeypatch):
    key = key_of("code", b"data")
    assert key_of("code", b"data") == key
    assert key_of("code", b"other data") != key
    assert key_of("cod", b"edata") != key  # where one input ends is part of it
    monkeypatch.setattr(cached, "versions", lambda: "3.11.7 torch==9.9.9")
    assert key_of("code", b"data") != key


def test_a_lab_is_keyed_on_its_code_and_the_building_blocks_it_imports(tmp_path):
    project = Project(copy_project(tmp_path / "project"))
    lab = project.docs / DDPM_LAB
    key = code_cells_of(standalone_notebook(lab, project))

    source = lab.read_text()
    assert "# ## The data\n" in source
    lab.write_text(source.replace("# ## The data\n", "# ## The data, 2048 squares\n"))
    assert code_cells_of(standalone_notebook(lab, project)) == key  # prose only

    block = project.snippets / "q5_noise_prediction_loss" / "ddpm.py"
    block.write_text(block.read_text() + "\n# a comment the lab's notebook holds\n")
    assert code_cells_of(standalone_notebook(lab, project)) != key


def test_a_lab_that_fails_fails_the_build_and_is_not_kept(tmp_path):
    project = Project(copy_project(tmp_path / "project"))
    shutil.rmtree(project.cache)  # a cache of its own, to look into
    lab = project.docs / "diffusion" / "lab-broken.py"
    lab.write_text('# %%\nprint("started")\n\n# %%\nraise ValueError("no data")\n')
    with pytest.raises(LabError, match=r"lab-broken\.py failed when run"):
        write_lab(lab, project)
    assert list((project.cache / "labs").iterdir()) == []
    assert not (project.docs / "diffusion" / "lab-broken.md").exists()


def seen_by_a_cell() -> tuple[str, set]:
    cell = nbformat.v4.new_code_cell(SEEN)
    executed = execute_notebook(nbformat.v4.new_notebook(cells=[cell]))
    (ran,) = executed.cells
    printed = "".join(o.text for o in ran.outputs if o.output_type == "stream")
    shown = {kind for o in ran.outputs for kind in o.get("data", {})}
    return printed, shown


@pytest.mark.long
def test_a_run_is_the_same_whatever_the_builder_s_shell_sets(tmp_path, monkeypatch):
    plain = seen_by_a_cell()
    monkeypatch.setenv("MPLBACKEND", "Agg")  # common on headless servers
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("HOME", str(tmp_path / "another-home"))
    (tmp_path / "another-folder").mkdir()
    monkeypatch.chdir(tmp_path / "another-folder")
    assert seen_by_a_cell() == plain
    printed, shown = plain
    assert "inline" in printed.splitlines()[0]  # the kernel's own backend
    assert "True work" in printed  # its home is its own empty folder
    assert "image/png" in shown  # the figure reached the notebook


LINES_INCLUDE = re.compile(r'--8<-- "([^":]+):(\d+):(\d+)"')


@pytest.mark.parametrize("source", lab_sources(), ids=lambda p: p.name)
def test_a_lab_page_includes_each_code_cell_from_the_lab(source):
    """No code is typed into the page: each block includes its cell's lines."""
    blocks = re.findall(r"```python\n(.*?)\n```", lab_page(source).read_text(), re.S)
    lines = source.read_text(encoding="utf-8").splitlines()
    included = []
    for block in blocks:
        include = LINES_INCLUDE.fullmatch(block)
        assert include, f"a block of {lab_page(source).name} is not an include: {block}"
        assert include[1] == source.relative_to(ROOT).as_posix()
        included.append("\n".join(lines[int(include[2]) - 1 : int(include[3])]))
    lab = jupytext.read(source, fmt="py:percent")
    assert included == [cell.source for cell in lab.cells if cell.cell_type == "code"]


def test_a_code_cell_that_is_not_lines_of_the_lab_is_refused(tmp_path):
    # jupytext uncomments a magic: the notebook's cell reads "%time ...".
    lab = tmp_path / "lab-magic.py"
    lab.write_text('# %%\nprint("ready")\n\n# %%\n# %time total = sum(range(9))\n')
    with pytest.raises(LabError, match=r"a code cell is not lines of the file"):
        code_cell_lines(lab)
