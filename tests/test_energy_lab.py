"""The energy-model lab: its notebook runs, and its samples have the true statistics.

The lab's notebook is executed once, as a reader would run it, with one cell
added at the end that reports the samples and the model as JSON. The true
mean and covariance are then computed here with numpy from the mixture's
parameters, and the autograd gradient is compared with finite differences.
"""

import json

import nbformat
import numpy as np
import pytest

from cached_runs import cached_run
from examples import DOCS
from hooks.answer_notebooks import notebook_of
from test_notebooks import code_cells, expand, run

LAB = DOCS / "autograd/lab-energy-langevin.py"
# The samples' mean must be within 0.08 and each covariance entry within 0.12 of
# the truth: about three times the spread seen over seeds (sampling error of 4000
# chains, about 0.03, plus the bias of the step size 0.02).
MEAN_TOLERANCE = 0.08
COVARIANCE_TOLERANCE = 0.12

REPORT = """
import json
points = torch.tensor([[0.3, -0.2], [-2.0, 1.0], [1.0, 1.0]], dtype=torch.float64)
print(json.dumps({
    "samples": samples.tolist(),
    "weights": weights.tolist(), "means": means.tolist(), "stds": stds.tolist(),
    "points": points.tolist(),
    "energy_gradient": energy_gradient(points.float()).tolist(),
    "shown_mean": sample_mean.tolist(),
}))
"""


def run_lab() -> bytes:
    notebook = notebook_of(LAB, expand)
    notebook.cells.append(nbformat.v4.new_code_cell(REPORT))
    return nbformat.writes(run(notebook, timeout=300)).encode()


@pytest.fixture(scope="module")
def lab():
    """The lab's notebook, executed in a fresh kernel (cached_runs)."""
    return nbformat.reads(cached_run("energy-lab", LAB, run_lab).decode(), as_version=4)


@pytest.fixture(scope="module")
def report(lab):
    return json.loads(code_cells(lab)[-1].outputs[0].text)


def mixture_energy(x, weights, means, stds):
    densities = [
        w * np.exp(-np.sum((x - m) ** 2) / (2 * s**2)) / (2 * np.pi * s**2)
        for w, m, s in zip(weights, means, stds, strict=True)
    ]
    return -np.log(sum(densities))


def test_the_lab_runs_without_errors_and_draws_its_figures(lab):
    outputs = [output for cell in code_cells(lab) for output in cell.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    assert sum(o.output_type == "display_data" for o in outputs) == 2


def test_samples_have_the_mixture_mean_and_covariance(report):
    weights, means, stds = (np.array(report[k]) for k in ("weights", "means", "stds"))
    true_mean = weights @ means
    second_moment = sum(
        w * (s**2 * np.eye(2) + np.outer(m, m))
        for w, m, s in zip(weights, means, stds, strict=True)
    )
    true_covariance = second_moment - np.outer(true_mean, true_mean)
    samples = np.array(report["samples"])
    assert samples.shape == (4000, 2)
    assert np.abs(samples.mean(axis=0) - true_mean).max() < MEAN_TOLERANCE
    assert np.abs(np.cov(samples.T) - true_covariance).max() < COVARIANCE_TOLERANCE
    assert report["shown_mean"] == pytest.approx(samples.mean(axis=0).tolist())


def test_autograd_gradient_of_the_energy_matches_finite_differences(report):
    parameters = [np.array(report[k]) for k in ("weights", "means", "stds")]
    h = 1e-6
    for point, gradient in zip(
        np.array(report["points"]), report["energy_gradient"], strict=True
    ):
        by_differences = [
            (
                mixture_energy(point + h * step, *parameters)
                - mixture_energy(point - h * step, *parameters)
            )
            / (2 * h)
            for step in np.eye(2)
        ]
        assert gradient == pytest.approx(by_differences, rel=1e-4, abs=1e-4)
