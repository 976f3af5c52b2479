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
import torch

import cached_runs
from cached_runs import cached_run
from examples import DOCS, ROOT
from hooks import notebook_cache, snippet_figures
from site_build import build_in_process, copy_project

LAB = DOCS / "diffusion/lab-tiny-ddpm.py"


RESULTS = ("data", "samples", "losses")


def run_lab() -> bytes:
    namespace = {"__name__": "__main__"}
    notebook = jupytext.read(LAB)
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(io.StringIO()):
        for cell in notebook.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, str(LAB), "exec"), namespace)
    results = io.BytesIO()
    torch.save({name: namespace[name] for name in RESULTS}, results)
    return results.getvalue()


@pytest.fixture(scope="module")
def lab() -> dict:
    """The lab's data, samples and losses, from running its cells here (cached_runs)."""
    return torch.load(io.BytesIO(cached_run("ddpm-lab", LAB, run_lab)))


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
# # {title}
#
# Stand-in for the lab. [Q5](../diffusion/q5-noise-prediction-loss.md).

# %%
RUNS = "{snippet}"
print({value})
"""
LABS = {
    "docs/diffusion/lab-tiny-ddpm.py": "q5_noise_prediction_loss/ddpm.py",
    "docs/autograd/lab-energy-langevin.py": "q6_gradient_of_a_function/q6a_derivative.py",
}


def tiny_lab_project(tmp_path, value):
    """A copy of the project whose labs are notebooks of one cell, fast to execute.

    Each names a snippet file, as the DDPM lab names the files it runs. Builds of it
    keep their notebook cache under ``tmp_path``: in the project's own cache folder
    they would evict the real labs' entries.
    """
    project = copy_project(tmp_path / "project")
    # Figure drawings are keyed by their code alone: share the project's.
    figures = ROOT / snippet_figures.CACHE
    figures.mkdir(parents=True, exist_ok=True)
    (tmp_path / snippet_figures.CACHE).parent.mkdir(parents=True)
    (tmp_path / snippet_figures.CACHE).symlink_to(figures)
    for lab, snippet in LABS.items():
        (project / lab).write_text(
            TINY_NOTEBOOK.format(title=f"Lab {lab}", snippet=snippet, value=value),
            encoding="utf-8",
        )
    return project


def test_a_failing_cell_fails_the_build(tmp_path):
    project = tiny_lab_project(tmp_path, "1 / 0")
    result = build_in_process(project, tmp_path / "site", cwd=tmp_path)
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.log


def cache_hits(log: str) -> dict[str, bool]:
    """Each lab's name, and whether this build took it from the cache."""
    return {
        lab.split("/")[-1]: bool(re.search(rf"Cache hit: .*{re.escape(lab)}", log))
        for lab in LABS
    }


def test_a_lab_runs_again_only_when_a_snippet_it_names_changes(tmp_path):
    value = f"'cache check {os.getpid()} {tmp_path.name}'"
    project = tiny_lab_project(tmp_path, value)

    def edit_and_build(name: str, edited: str | None = None) -> dict[str, bool]:
        if edited:
            snippet = project / "snippets" / edited
            snippet.write_text(snippet.read_text() + "\n# edited\n", encoding="utf-8")
        result = build_in_process(project, tmp_path / name, cwd=tmp_path)
        assert result.returncode == 0, result.log
        assert "cache check" in result.page("diffusion/lab-tiny-ddpm/index.html")
        return cache_hits(result.log)

    ddpm, energy = "lab-tiny-ddpm.py", "lab-energy-langevin.py"
    assert edit_and_build("first") == {ddpm: False, energy: False}
    unrelated = "q9_zeroing_and_detaching/q9a_zero_grad_loop.py"
    assert edit_and_build("second", unrelated) == {ddpm: True, energy: True}
    named = "q5_noise_prediction_loss/ddpm.py"
    assert edit_and_build("third", named) == {ddpm: False, energy: True}


def test_the_ddpm_lab_is_keyed_on_the_snippets_it_runs_and_the_torch_version(
    monkeypatch,
):
    snippets = ROOT / "snippets"
    assert [
        path.relative_to(snippets).as_posix()
        for path in notebook_cache.snippet_files_named(LAB, snippets)
    ] == [
        "q1_sinusoidal_embedding/sinusoidal_embedding.py",
        "q3_positional_vs_timestep/time_conditioned_block.py",
        "q4_unet_downsampling/tiny_unet.py",
        "q5_noise_prediction_loss/ddpm.py",
    ]
    installed = notebook_cache.inputs_digest(LAB, snippets)
    monkeypatch.setattr(
        notebook_cache.importlib.metadata, "version", lambda name: "2.99.0"
    )
    assert notebook_cache.inputs_digest(LAB, snippets) != installed


def test_a_kept_lab_run_is_reused_until_the_lab_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(cached_runs, "CACHE", tmp_path / "kept")
    lab = tmp_path / "lab-probe.py"
    lab.write_text("# %%\nprint(1)\n", encoding="utf-8")
    runs = []

    def run() -> bytes:
        runs.append(lab.read_text())
        return f"run {len(runs)}".encode()

    assert cached_runs.cached_run("probe", lab, run) == b"run 1"
    assert cached_runs.cached_run("probe", lab, run) == b"run 1"
    lab.write_text("# %%\nprint(2)\n", encoding="utf-8")
    assert cached_runs.cached_run("probe", lab, run) == b"run 2"
    assert len(runs) == 2
