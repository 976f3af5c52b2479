"""The DDPM lab: its rule for a clean square, its schedule, and what it measured.

The rule is the lab's own code, taken from the notebook the site serves and
tried on squares drawn by a second renderer (numpy, by supersampling each
pixel) and on near misses of each kind. The cosine schedule is compared with
diffusers'. The scores are read from what the served notebook printed,
recomputed here from the printed counts and rows where they can be, and held
to the goals and the words of the page.
"""

import ast

import numpy as np
import pytest
import torch
from diffusers.schedulers.scheduling_ddpm import betas_for_alpha_bar

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
SAMPLES = 256
SUPERSAMPLING = 32  # points per pixel side of the numpy renderer


@pytest.fixture(scope="module")
def lab():
    return served_notebook(LAB)


@pytest.fixture(scope="module")
def text(lab):
    return printed(lab)


def is_constant(node) -> bool:
    """``NAME = ...`` or ``A, B = ...``, every name in capitals."""
    if not isinstance(node, ast.Assign):
        return False
    names = [
        name
        for target in node.targets
        for name in (target.elts if isinstance(target, ast.Tuple) else [target])
    ]
    return all(isinstance(name, ast.Name) and name.id.isupper() for name in names)


DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)


def definitions(lab) -> dict:
    """The served notebook's imports, functions, classes and constants (its
    building blocks included), run from the source of its cells; their other
    statements, which need the lab's run, are left out."""
    namespace = {}
    for cell in code_cells(lab):
        tree = ast.parse(cell.source)
        tree.body = [
            node
            for node in tree.body
            if isinstance(node, DEFINITIONS) or is_constant(node)
        ]
        exec(compile(tree, LAB.name, "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def judge(lab):
    return definitions(lab)["judge"]


def supersampled(x, y, width, height=None) -> np.ndarray:
    """A 16 x 16 image of the rectangle [x, x + width) x [y, y + height), each
    pixel the share of SUPERSAMPLING**2 points inside it, in [-1, 1]."""
    height = width if height is None else height
    points = (np.arange(16 * SUPERSAMPLING) + 0.5) / SUPERSAMPLING
    inside_x = (points >= x) & (points < x + width)
    inside_y = (points >= y) & (points < y + height)
    covered = np.outer(inside_y, inside_x).reshape(16, SUPERSAMPLING, 16, SUPERSAMPLING)
    return 2 * covered.mean(axis=(1, 3)) - 1


def verdicts_of(judge, images):
    batch = torch.tensor(np.stack(images)[:, None], dtype=torch.float32)
    verdicts, squares, _ = judge(batch)
    return verdicts, squares


def test_every_square_of_the_data_is_clean_and_found(judge):
    rng = np.random.default_rng(0)
    truth = []
    images = []
    for _ in range(200):
        side = rng.uniform(4, 8)
        x, y = rng.uniform(0, 16 - side, size=2)
        truth.append((x, y, side))
        images.append(supersampled(x, y, side))
    verdicts, squares = verdicts_of(judge, images)
    assert set(verdicts) == {"clean"}
    # the supersampled renderer is exact to 1/SUPERSAMPLING of a pixel's side
    assert np.abs(squares.numpy() - np.array(truth)).max() < 2 / SUPERSAMPLING


@pytest.mark.parametrize(
    "image, verdict",
    [
        (supersampled(3, 3, 5, 6.5), "not a square"),
        (supersampled(3, 3, 3.0), "too small"),
        (supersampled(3, 3, 9.0), "too large"),
        (-np.ones((16, 16)), "empty"),
        (np.maximum(supersampled(1, 1, 5), supersampled(9, 9, 5)), "not a square"),
        (
            np.where(
                np.hypot(*np.meshgrid(np.arange(16) - 7.5, np.arange(16) - 7.5)) < 3.4,
                1.0,
                -1.0,
            ),
            "not a square",
        ),
    ],
    ids=["rectangle", "small", "large", "empty", "two squares", "disc"],
)
def test_a_near_miss_fails_for_its_reason(judge, image, verdict):
    assert verdicts_of(judge, [image])[0] == [verdict]


def test_a_stray_pixel_fails_as_stray_light(judge):
    image = supersampled(3, 3, 6)
    image[13, 13] = 0.2
    assert verdicts_of(judge, [image])[0] == ["stray light"]


def test_the_cosine_schedule_is_diffusers(lab):
    namespace = definitions(lab)
    steps = 100
    lab_betas = namespace["CosineSchedule"](steps).betas
    assert torch.allclose(lab_betas, betas_for_alpha_bar(steps), atol=1e-6)


def test_every_cell_ran_without_an_error_or_a_warning(lab):
    assert run_problems(lab) == []


def test_the_data_are_new_images_all_clean_with_even_sides(text):
    distinct, total = numbers_after(text, "distinct training images:")
    assert distinct == total == 2048
    assert "data: 100% clean, failures {}" in text
    lines = text.splitlines()
    shares = [
        float(n)
        for n in lines[
            lines.index("data, share of sides in [4,5) [5,6) [6,7) [7,8]:") + 1
        ]
        .strip(" []")
        .split()
    ]
    assert sum(shares) == pytest.approx(1, abs=2e-3)
    # 2048 uniform sides in 4 bins: each share within 4 standard errors of 1/4
    assert shares == pytest.approx([0.25] * 4, abs=4 * (0.25 * 0.75 / 2048) ** 0.5)


def test_the_near_misses_the_lab_prints_fail_as_it_says(text):
    expected = {
        "5 x 6 rectangle": "not a square",
        "side 3.5": "too small",
        "side 8.5": "too large",
        "two squares": "not a square",
        "disc": "not a square",
        "stray pixel": "stray light",
        "empty": "empty",
    }
    for name, verdict in expected.items():
        assert f"{name:16} {verdict}" in text


def test_nine_in_ten_samples_are_clean_squares(text):
    clean, total, percent = numbers_after(text, "clean squares:")
    assert total == SAMPLES
    assert percent == pytest.approx(100 * clean / total, abs=0.05)
    assert clean / total >= 0.9
    line = next(ln for ln in text.splitlines() if ln.startswith("failures: "))
    failures = ast.literal_eval(line.removeprefix("failures: "))
    assert sum(failures.values()) == total - clean


def test_the_side_distribution_is_within_the_stated_distance(text):
    data = numbers_after(text, "share of sides, data:")
    samples = numbers_after(text, "share of sides, samples:")
    distance = 0.5 * sum(abs(a - b) for a, b in zip(data, samples, strict=True))
    (printed_distance,) = numbers_after(text, "total variation between the two:")
    assert printed_distance == pytest.approx(distance, abs=5e-3)  # rows rounded
    assert printed_distance <= 0.2


def shares_nearer(text) -> dict:
    """Each row of the memorisation table: median distance, share below the
    fresh images' 5th percentile and below their 1st, as fractions."""
    rows = {}
    for name in ("fresh images", "samples", "fitted squares", "copies"):
        median, fifth, first = numbers_after(text, f"  {name} ")
        rows[name] = (median, fifth / 100, first / 100)
    return rows


def test_the_samples_are_as_far_from_the_training_set_as_new_images(lab, text):
    rows = shares_nearer(text)
    # the fresh images set the limits: 5% and 1% of them lie below, by definition
    assert rows["fresh images"][1] == pytest.approx(0.05, abs=0.01)
    # "The samples are new images": as few below the limit as new images
    assert rows["samples"][1] <= 0.1 and rows["fitted squares"][1] <= 0.1
    # and the measure catches a copier with the samples' own noise
    assert rows["copies"][1] >= 0.9
    words = " ".join(
        " ".join(c.source.split()) for c in lab.cells if c.cell_type == "markdown"
    )
    assert "The samples are new images." in words


def test_the_closest_samples_are_about_as_close_as_the_closest_fresh_images(text):
    lines = text.splitlines()
    at = lines.index("the 8 nearest to a training image, distances:")
    samples = numbers_after(lines[at + 1], "  samples")
    fresh = numbers_after(lines[at + 2], "  fresh images")
    assert len(samples) == len(fresh) == 8
    # "about as close as chance brings fresh images", not closer
    assert np.median(samples) >= 0.8 * np.median(fresh)


def test_every_figure_says_what_it_shows(lab):
    shown = figures(lab)
    assert len(shown) == 9
    for data in shown:
        assert len(data["text/plain"]) > 80, data["text/plain"]


def test_almost_nothing_of_the_image_is_left_at_the_last_step(text):
    label = "alpha_bar at the last step:"
    line = next(ln for ln in text.splitlines() if ln.startswith(label))
    assert 0 < float(line.removeprefix(label)) < 1e-4
