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
    run_problems,
    served_notebook,
)
from site_prepare.execution import printed

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


def test_the_near_misses_the_lab_prints_fare_as_it_says(text):
    expected = {
        "6 x 6.6 rectangle": "clean",  # "a rectangle a tenth longer ... passes"
        "6 x 7 rectangle": "not a square",  # "one a sixth longer ... fails"
        "side 3.5": "too small",
        "side 8.5": "too large",
        "two squares": "not a square",
        "disc": "not a square",
        "stray pixel": "stray light",
        "dimmed square": "not a square",  # "a square dimmed to grey, fails"
        "empty": "empty",
    }
    for name, verdict in expected.items():
        assert f"{name:17} {verdict}" in text


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
    # "sides of 6 to 7 pixels come out more often ..., the smallest less often"
    assert samples[2] > data[2] and samples[0] < data[0]


def test_the_distance_by_chance_is_what_a_multinomial_gives(text):
    clean, _, _ = numbers_after(text, "clean squares:")
    data = np.array(numbers_after(text, "share of sides, data:"))
    _, printed_chance = numbers_after(text, "  on average by chance,")
    rng = np.random.default_rng(0)
    draws = rng.multinomial(int(clean), data / data.sum(), size=20000) / clean
    expected = 0.5 * np.abs(draws - data).sum(axis=1).mean()
    assert printed_chance == pytest.approx(expected, abs=0.003)


def memorisation_rows(text) -> dict:
    """Each row of the lab's table: median distance, and the shares below the
    fresh images' 5th and 1st percentiles, as fractions."""
    rows = {}
    for name in ("samples", "fitted squares", "copies", "near copies"):
        median, fifth, first = numbers_after(text, f"  {name} ")
        rows[name] = (median, fifth / 100, first / 100)
    return rows


def test_the_samples_are_no_nearer_to_the_training_set_than_new_images(lab, text):
    rows = memorisation_rows(text)
    # "fewer than the 5% new images give"; the fitted squares "as new images do"
    assert rows["samples"][1] < 0.05
    assert rows["fitted squares"][1] == pytest.approx(0.05, abs=0.02)
    # the measure catches an exact copier with the samples' noise ...
    assert rows["copies"][1] >= 0.9
    # ... and not one that moves its squares a fifth of a pixel, "as new images do"
    assert rows["near copies"][1] == pytest.approx(0.05, abs=0.03)
    words = " ".join(
        " ".join(c.source.split()) for c in lab.cells if c.cell_type == "markdown"
    )
    assert (
        "The samples are no nearer to the training images than new images are." in words
    )


def test_the_nearest_sample_is_as_near_as_chance_brings_new_images(text):
    (nearest,) = numbers_after(text, "the nearest sample:")[:1]
    (as_near,) = numbers_after(text, "  fresh images as near:")
    _, chance = numbers_after(text, "  chance that at least one of")
    assert chance == pytest.approx(100 * (1 - (1 - as_near / 100) ** SAMPLES), abs=1)
    assert chance >= 50  # "no nearer than chance brings one of 256 new images"


def test_every_figure_says_what_it_shows(lab):
    shown = figures(lab)
    assert len(shown) == 9
    for data in shown:
        assert len(data["text/plain"]) > 80, data["text/plain"]


def test_almost_nothing_of_the_image_is_left_at_the_last_step(text):
    label = "alpha_bar at the last step:"
    line = next(ln for ln in text.splitlines() if ln.startswith(label))
    assert 0 < float(line.removeprefix(label)) < 1e-4
