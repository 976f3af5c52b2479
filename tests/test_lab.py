"""The lab notebook: it runs, its samples look like its data, its page is built safely.

The notebook's code cells run here in one namespace, as its kernel runs them during the
build; the sample statistics are then recomputed with numpy, not with the notebook's
own function.
"""

import contextlib
import io
import os
import re

import jupytext
import numpy
import pytest

from examples import DOCS, ROOT
from site_build import build, copy_project

LAB = DOCS / "diffusion/lab-tiny-ddpm.py"


@pytest.fixture(scope="module")
def lab():
    namespace = {"__name__": "__main__"}
    notebook = jupytext.read(LAB)
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    exec(compile(cell.source, str(LAB), "exec"), namespace)
    finally:
        os.chdir(previous)
    return namespace


def bright_fraction(images: numpy.ndarray) -> float:
    return float((images > 0).mean())


def neighbour_correlation(images: numpy.ndarray) -> float:
    return float(
        numpy.corrcoef(images[..., :-1].ravel(), images[..., 1:].ravel())[0, 1]
    )


@pytest.mark.parametrize("statistic", [bright_fraction, neighbour_correlation])
def test_samples_are_much_closer_to_the_data_than_to_noise(lab, statistic):
    data = lab["data"][:32].numpy()
    samples = lab["samples"].numpy()
    noise = numpy.random.default_rng(0).standard_normal(samples.shape)
    to_data = abs(statistic(samples) - statistic(data))
    noise_to_data = abs(statistic(noise) - statistic(data))
    assert to_data < 0.35 * noise_to_data, (statistic(samples), statistic(data))


def test_the_data_are_squares_of_side_4_to_8(lab):
    for image in lab["data"][:64, 0].numpy():
        rows, columns = numpy.nonzero(image > 0)
        height, width = numpy.ptp(rows) + 1, numpy.ptp(columns) + 1
        assert height == width and 4 <= height <= 8
        assert len(rows) == height * width  # filled, one square


def test_training_lowers_the_loss(lab):
    losses = lab["losses"]
    assert numpy.mean(losses[-50:]) < 0.2 * numpy.mean(losses[:50])


TINY_NOTEBOOK = """# %% [markdown]
# # Lab: a tiny DDPM trained on the CPU
#
# Stand-in for the lab. [Q5](q5-noise-prediction-loss.md).

# %%
print({value})
"""


def tiny_lab_project(tmp_path, value):
    """A copy of the project whose lab is a notebook of one cell, fast to execute."""
    project = copy_project(tmp_path / "project")
    (project / "docs/diffusion/lab-tiny-ddpm.py").write_text(
        TINY_NOTEBOOK.format(value=value), encoding="utf-8"
    )
    return project


def test_a_failing_cell_fails_the_build(tmp_path):
    project = tiny_lab_project(tmp_path, "1 / 0")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.log


def test_an_unchanged_notebook_comes_from_the_cache_and_a_changed_snippet_reruns_it(
    tmp_path,
):
    value = f"'cache check {os.getpid()} {tmp_path.name}'"
    project = tiny_lab_project(tmp_path, value)
    first = build(project, tmp_path / "first")
    second = build(project, tmp_path / "second")
    assert first.returncode == 0 and second.returncode == 0, second.log
    assert re.search(r"Cache miss, writing: .*lab-tiny-ddpm\.py", first.log)
    assert re.search(r"Cache hit: .*lab-tiny-ddpm\.py", second.log)
    snippet = project / "snippets/q5_noise_prediction_loss/ddpm.py"
    snippet.write_text(snippet.read_text() + "\n# edited\n", encoding="utf-8")
    third = build(project, tmp_path / "third")
    assert re.search(r"Cache miss, writing: .*lab-tiny-ddpm\.py", third.log)
    assert "cache check" in third.page("diffusion/lab-tiny-ddpm/index.html")
