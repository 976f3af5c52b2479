"""Downloaded notebooks and programs stand alone, away from the site."""

import json
import re
import subprocess
import sys

import nbformat
import pytest

from examples import DOCS
from site_prepare.downloads import (
    absolute_links,
    installed_providers,
    page_address,
    pins,
)
from site_prepare.notebooks import notebook_of
from site_prepare.pages import lab_sources, question_pages
from site_prepare.paths import THIS, Project

SITE = "https://example.org/answers/"
NOTEBOOKS = sorted(DOCS.glob("*/notebooks/*.ipynb"))
LAB_PROGRAMS = sorted(DOCS.glob("*/notebooks/lab-*.py"))
# A Markdown link to a file of the site's sources: dead outside the site.
SOURCE_LINK = re.compile(r"\]\([^)\s]*\.md(?:#[^)]*)?\)")
# "in 5.4 s", "whole notebook: 16.1 s": what a run prints that differs each time.
DURATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)? s\b")


@pytest.mark.parametrize(
    ("target", "address"),
    [
        ("diffusion/q4-unet-downsampling.md", f"{SITE}diffusion/q4-unet-downsampling/"),
        ("index.md", SITE),
        ("about/index.md", f"{SITE}about/"),
    ],
)
def test_a_page_is_addressed_as_mkdocs_serves_it(target, address):
    assert page_address(target, SITE) == address


def test_links_to_pages_become_absolute_and_other_links_stay():
    markdown = (
        "See [Q4](../diffusion/q4-unet-downsampling.md#sizes), "
        "[Q8](q8-vector-outputs.md), [home](../index.md) and "
        "[the paper](https://arxiv.org/abs/2006.11239)."
    )
    assert absolute_links(markdown, "autograd/lab-energy-model.md", SITE) == (
        f"See [Q4]({SITE}diffusion/q4-unet-downsampling/#sizes), "
        f"[Q8]({SITE}autograd/q8-vector-outputs/), [home]({SITE}) and "
        "[the paper](https://arxiv.org/abs/2006.11239)."
    )


def test_what_is_installed_is_read_again_once_a_folder_of_sys_path_changes(
    tmp_path, monkeypatch
):
    project, folder = Project(tmp_path / "project"), tmp_path / "on-sys-path"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    before = installed_providers(project)
    assert installed_providers(project) is before  # kept while no folder changes
    assert "a_module_of_the_test" not in before
    assert before["torch"] == ["torch"]
    installed = folder / "a_test_distribution-1.0.dist-info"
    installed.mkdir()
    (installed / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: a-test-distribution\nVersion: 1.0\n"
    )
    (installed / "top_level.txt").write_text("a_module_of_the_test\n")
    after = installed_providers(project)
    assert after["a_module_of_the_test"] == ["a-test-distribution"]
    assert after["torch"] == before["torch"]


def test_what_is_installed_is_read_from_the_cache_by_the_next_build(tmp_path):
    """A new process finds what an earlier one read, under the same listings."""
    project = Project(tmp_path / "project")
    read = """
import json, sys
from pathlib import Path
from site_prepare.downloads import installed_providers
from site_prepare.paths import Project
print(json.dumps(installed_providers(Project(Path(sys.argv[1])))))
"""
    first, second = (
        subprocess.run(
            [sys.executable, "-c", read, str(project.root)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for _ in range(2)
    )
    (kept,) = (project.cache / "installed").glob("*.json")
    assert json.loads(first) == json.loads(second) == json.loads(kept.read_text())
    assert json.loads(first)["torch"] == ["torch"]
    kept.write_text(json.dumps({"torch": ["a-distribution-of-the-cache"]}))
    third = subprocess.run(
        [sys.executable, "-c", read, str(project.root)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(third) == {"torch": ["a-distribution-of-the-cache"]}


def test_every_page_and_lab_has_a_notebook_written():
    pages_with_code = {n.stem for n in NOTEBOOKS if not n.stem.startswith("lab-")}
    assert {page.stem for page in question_pages()} <= pages_with_code
    assert {n.stem for n in NOTEBOOKS if n.stem.startswith("lab-")} == {
        lab.stem for lab in lab_sources(THIS)
    }


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_a_notebook_opens_with_what_to_install_and_links_no_source_file(notebook):
    cells = nbformat.reads(notebook.read_text(encoding="utf-8"), as_version=4).cells
    install = re.search(r"^pip install (.+)$", cells[0].source, re.MULTILINE)
    assert cells[0].cell_type == "markdown" and install, notebook
    wanted = dict(item.split("==") for item in install[1].split())
    assert wanted["torch"] == pins(THIS)["torch"]
    assert "numpy" in wanted  # without it, torch warns on stderr
    code = "\n".join(cell.source for cell in cells if cell.cell_type == "code")
    if "matplotlib" in code:
        assert wanted["matplotlib"] == pins(THIS)["matplotlib"]
    prose = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    assert SOURCE_LINK.findall(prose) == []


def test_an_answer_notebook_names_its_page():
    page = DOCS / "diffusion/q4-unet-downsampling.md"
    first = notebook_of(page, THIS).cells[0].source
    assert first.endswith(
        "Its page: <http://127.0.0.1:8000/diffusion/q4-unet-downsampling/>"
    )


def printed_by(notebook: nbformat.NotebookNode) -> list[str]:
    """The lines a notebook's cells printed, in order."""
    return [
        DURATION.sub("… s", line)
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stdout"
        for line in output.text.splitlines()
    ]


@pytest.mark.long
@pytest.mark.parametrize("program", LAB_PROGRAMS, ids=lambda path: path.name)
def test_a_lab_program_runs_alone_and_prints_what_its_page_shows(program, tmp_path):
    """The .py download run with `python`, in an empty folder: it prints what
    the notebook printed, and saves each figure, naming it and what it shows."""
    ran = subprocess.run(
        [sys.executable, program],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == ""
    notebook = nbformat.reads(
        program.with_suffix(".ipynb").read_text(encoding="utf-8"), as_version=4
    )
    figure_lines = [
        line for line in ran.stdout.splitlines() if line.startswith("figure-")
    ]
    printed = [
        DURATION.sub("… s", line)
        for line in ran.stdout.splitlines()
        if line not in figure_lines
    ]
    assert printed == printed_by(notebook)
    figures = sorted(tmp_path.glob("figure-*.png"))
    assert len(figures) == len(figure_lines) >= 1
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in figures)
