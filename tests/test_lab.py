"""The DDPM lab: its rule for a clean square, and what its samples score on it.

The rule is the lab's own code, taken from the notebook the site serves and
compared with a second implementation in numpy on squares and on near misses.
The scores are read from what the served notebook printed; the share of clean
squares and the distance between the sizes are recomputed here from the printed
counts and rows, and held to the goals the page states.
"""

import ast

import numpy as np
import pytest
import torch

from examples import DOCS
from lab_runs import (
    code_cells,
    figures,
    numbers_after,
    printed,
    run_problems,
    served_notebook,
)

LAB = DOCS / "diffusion/lab-tiny-ddpm.py"
SIDES = range(4, 9)
SAMPLES = 256


@pytest.fixture(scope="module")
def lab():
    return served_notebook(LAB)


@pytest.fixture(scope="module")
def text(lab):
    return printed(lab)


@pytest.fixture(scope="module")
def verdict(lab):
    """The lab's own ``verdict``, run from the source of its cell."""
    (cell,) = [c for c in code_cells(lab) if "def verdict(" in c.source]
    tree = ast.parse(cell.source)
    # the cell's functions only: its last lines judge the data, defined earlier
    tree.body = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    namespace = {"torch": torch, "SIDES": SIDES}
    exec(compile(tree, f"{LAB.name}: verdict", "exec"), namespace)
    return namespace["verdict"]


def numpy_verdict(image: np.ndarray) -> tuple[bool, int]:
    """Clean or not, and the longer side of the bright pixels' bounding box."""
    rows, columns = np.nonzero(image[0] > 0)
    if rows.size == 0:
        return False, 0
    height = rows.max() - rows.min() + 1
    width = columns.max() - columns.min() + 1
    fill = rows.size / (height * width)
    clean = (
        fill >= 0.9
        and abs(height - width) <= 1
        and min(height, width) >= 4
        and max(height, width) <= 8
    )
    return bool(clean), int(max(height, width))


def square(side: int, row: int = 2, column: int = 3, height: int | None = None):
    image = -np.ones((1, 16, 16), dtype=np.float32)
    image[0, row : row + (height or side), column : column + side] = 1
    return image


def near_misses() -> list[np.ndarray]:
    images = [square(side) for side in (3, 4, 5, 6, 7, 8, 9)]
    images += [square(5, height=6), square(4, height=6), square(8, height=9)]
    images.append(-np.ones((1, 16, 16), dtype=np.float32))
    holes = square(5)
    holes[0, 3, 4] = holes[0, 4, 5] = -1  # 23 of 25 bright: 92%
    images.append(holes)
    more_holes = holes.copy()
    more_holes[0, 5, 6] = -1  # 22 of 25: 88%
    images.append(more_holes)
    two = square(4)
    two[0, 10:14, 10:14] = 1  # two squares: a box of 12 x 11
    images.append(two)
    speck = square(6)
    speck[0, 15, 15] = 0.01  # one faint pixel far away stretches the box
    images.append(speck)
    faint = square(6) * 0.02  # a square barely above 0 is still bright
    images.append(faint)
    return images


def test_the_lab_rule_agrees_with_numpy_on_squares_and_near_misses(verdict):
    rng = np.random.default_rng(0)
    images = near_misses()
    for _ in range(300):  # data-like squares, then with noise added
        side = int(rng.integers(4, 9))
        row, column = rng.integers(0, 16 - side + 1, size=2)
        image = square(side, row, column)
        images += [image, image + rng.normal(0, 0.6, image.shape).astype("f4")]
    outcomes = set()
    for image in images:
        reason, side = verdict(torch.from_numpy(image))
        clean, expected_side = numpy_verdict(image)
        assert (reason == "clean", side) == (clean, expected_side), reason
        outcomes.add(reason)
    assert len(outcomes) == 5  # clean, and each of the four reasons to fail


def test_every_cell_ran_without_an_error_or_a_warning(lab):
    assert run_problems(lab) == []


def test_the_data_are_all_clean_squares_of_evenly_spread_sides(text):
    assert "data: 100% clean, failures {}" in text
    shares = numbers_after(text, "data, share of each side 4..8:")
    assert sum(shares) == pytest.approx(1, abs=2e-3)
    # 2048 draws of 5 equally likely sides: each share within 4 standard errors
    assert shares == pytest.approx([0.2] * 5, abs=4 * (0.2 * 0.8 / 2048) ** 0.5)


def test_nine_in_ten_samples_are_clean_squares(text):
    clean, total, percent = numbers_after(text, "clean squares:")
    assert total == SAMPLES
    assert percent == pytest.approx(100 * clean / total, abs=0.05)
    assert clean / total >= 0.9  # the page's "at least 9 in 10"
    line = next(ln for ln in text.splitlines() if ln.startswith("failures: "))
    failures = ast.literal_eval(line.removeprefix("failures: "))
    assert sum(failures.values()) == total - clean


def test_the_side_distribution_is_within_the_stated_distance(text):
    data = numbers_after(text, "share of each side 4..8, data:")
    samples = numbers_after(text, "share of each side 4..8, samples:")
    distance = 0.5 * sum(abs(a - b) for a, b in zip(data, samples, strict=True))
    (printed_distance,) = numbers_after(text, "total variation between the two:")
    assert printed_distance == pytest.approx(distance, abs=5e-3)  # rows rounded
    assert printed_distance <= 0.2


def test_every_figure_says_what_it_shows(lab):
    shown = figures(lab)
    assert len(shown) == 6
    for data in shown:
        assert len(data["text/plain"]) > 80, data["text/plain"]


def what_the_numbers_say(lab) -> str:
    (cell,) = [
        c
        for c in lab.cells
        if c.cell_type == "markdown" and c.source.startswith("## What the numbers say")
    ]
    return " ".join(cell.source.split())


def test_the_words_on_the_sizes_match_the_shares(lab, text):
    words = what_the_numbers_say(lab)
    assert "side 4 and 8" in words and "about half" in words
    assert "sides 5 and 6 more often" in words
    data = numbers_after(text, "share of each side 4..8, data:")
    samples = numbers_after(text, "share of each side 4..8, samples:")
    for side in (4, 8):
        ratio = samples[side - 4] / data[side - 4]
        assert 0.35 <= ratio <= 0.65, (side, ratio)  # "about half as often"
    for side in (5, 6):
        assert samples[side - 4] > data[side - 4], side


def test_the_words_on_the_network_match_what_it_printed(lab, text):
    words = what_the_numbers_say(lab)
    weights, steps, batch, _ = numbers_after(text, "trained")
    assert f"about {round(weights, -3):,.0f} weights".replace(",", " ") in words
    assert f"saw {steps:.0f} batches of {batch:.0f} images" in words
    line = next(ln for ln in text.splitlines() if ln.startswith("failures: "))
    failures = ast.literal_eval(line.removeprefix("failures: "))
    # "a box a pixel or two off square, a square of 3 or 9 pixels, a ragged edge"
    assert {"not square", "side not 4 to 8", "fill under 90%"} <= set(failures)


def test_almost_nothing_of_the_image_is_left_at_the_last_step(lab, text):
    label = "alpha_bar at the last step:"
    line = next(ln for ln in text.splitlines() if ln.startswith(label))
    alpha_bar = float(line.removeprefix(label))  # printed as 2.0e-05
    assert 0 < alpha_bar < 1e-4  # the page: "below 10^{-4}"
    prose = " ".join(c.source for c in lab.cells if c.cell_type == "markdown")
    assert r"below $10^{-4}$" in prose
