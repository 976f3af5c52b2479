"""The energy-model lab: it runs cleanly, and what it prints supports its prose.

The truth it compares with is computed again here with numpy from the mixture's
parameters; its autograd gradient is compared with central differences in the
lab itself; its samples must be as close to the truth as the page says.
"""

import re

import numpy as np
import pytest

from examples import DOCS
from lab_runs import (
    figures,
    numbers_after,
    run_problems,
    served_notebook,
)
from site_prepare.execution import printed

LAB = DOCS / "autograd/lab-energy-model.py"
WEIGHTS = np.array([0.5, 0.3, 0.2])
CENTRES = np.array([[-1.5, 0.0], [1.5, 0.5], [0.0, -1.5]])
STDS = np.array([0.7, 0.6, 0.5])
SIGMA = 0.2


@pytest.fixture(scope="module")
def lab():
    return served_notebook(LAB)


@pytest.fixture(scope="module")
def text(lab):
    return printed(lab)


def test_every_cell_ran_without_an_error_or_a_warning(lab):
    assert run_problems(lab) == []


def test_the_truth_is_the_mixture_computed_with_numpy(text):
    mean = WEIGHTS @ CENTRES
    second_moment = sum(
        w * (s**2 * np.eye(2) + np.outer(m, m))
        for w, m, s in zip(WEIGHTS, CENTRES, STDS, strict=True)
    )
    covariance = second_moment - np.outer(mean, mean)
    rng = np.random.default_rng(0)
    component = rng.choice(3, size=400_000, p=WEIGHTS)
    draws = CENTRES[component] + STDS[component, None] * rng.normal(size=(400_000, 2))
    nearest = np.argmin(((draws[:, None] - CENTRES) ** 2).sum(-1), axis=1)
    shares = np.bincount(nearest, minlength=3) / len(draws)
    expected = [*mean, covariance[0, 0], covariance[0, 1], covariance[1, 1], *shares]
    labels = ["mean x1", "mean x2", "cov 11", "cov 12", "cov 22"]
    labels += ["share 1", "share 2", "share 3"]
    for label, value, tolerance in zip(
        labels, expected, [1e-3] * 5 + [4e-3] * 3, strict=True
    ):
        truth, blurred = numbers_after(text, label)[:2]
        assert truth == pytest.approx(value, abs=tolerance), label
        if label.startswith("cov") and label != "cov 12":
            assert blurred == pytest.approx(value + SIGMA**2, abs=1e-3), label


def test_autograd_gives_each_point_its_own_gradient_and_agrees_with_differences(text):
    summed = numbers_after(text, "row 0, gradient of the sum:")
    alone = numbers_after(text, "row 0, gradient of E(x_0):")
    differences = numbers_after(text, "row 0, central differences:")
    assert summed == alone
    assert summed == pytest.approx(differences, abs=2e-3)
    assert numbers_after(text, "other rows of that gradient:") == [0.0]
    assert "without create_graph: grad_fn = None" in text
    assert "with create_graph:    grad_fn = " in text
    assert "after zero_grad(): None" in text


def test_the_samples_are_as_close_to_the_truth_as_the_page_says(text):
    mean, _, share = numbers_after(text, "largest |samples - truth|:")
    assert mean < 0.03 and share < 0.02  # "within 0.03 ... within 0.02"
    beyond_blur = numbers_after(
        text, "samples' covariance - (training points' covariance + sigma^2 I):"
    )
    assert max(abs(value) for value in beyond_blur) < 0.03  # "less than 0.03"
    assert "parameters' .grad after sampling: None" in text


def test_a_step_too_large_spreads_the_samples_as_the_page_says(text):
    rows = {
        row[0]: row[1:]
        for row in (
            [float(n) for n in line.split()]
            for line in text.splitlines()
            if line.strip().startswith(("0.02 ", "0.50 ", "3.00 "))
        )
    }
    assert "eta = 0.5: at the three centres stable, stable, stable" in text
    assert "eta = 3.0: at the three centres unstable, unstable, unstable" in text
    assert rows[0.5][1] > rows[0.02][1]  # the covariance error grows
    assert rows[0.5][2] < 0.03  # "the shares are still close"
    assert rows[3.0][1] > 1 and rows[3.0][3] > 0.1  # "many samples end beyond 5"


def test_every_figure_says_what_it_shows(lab):
    shown = figures(lab)
    assert len(shown) == 4
    for data in shown:
        assert len(data["text/plain"]) > 60, data["text/plain"]


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.2's relative luminance, from a colour written #rrggbb."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_points_stand_out_against_every_shade_of_the_maps(lab, text):
    """WCAG's 3:1 for graphics, between the points and the darkest and the
    lightest shade; the shades between lie between those two in luminance."""
    (cell,) = [c for c in lab.cells if c.source.startswith("POINT, LOWEST, HIGHEST")]
    point, lowest, highest = re.findall(
        r'"(#[0-9a-f]{6})"', cell.source.splitlines()[0]
    )
    for shade in (lowest, highest):
        lighter, darker = sorted(
            [relative_luminance(shade), relative_luminance(point)], reverse=True
        )
        assert (lighter + 0.05) / (darker + 0.05) >= 3, shade
    printed_contrast, _ = numbers_after(text, "contrast of the points against")
    expected = (relative_luminance(highest) + 0.05) / (relative_luminance(point) + 0.05)
    assert printed_contrast == pytest.approx(expected, abs=0.05)
