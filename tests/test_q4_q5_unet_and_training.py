"""TinyUNet's shapes and input check, and the training step of Q5, against the math."""

import math

import pytest
import torch

from examples import run_in_process
from snippets.q4_unet_downsampling.tiny_unet import TinyUNet


@pytest.fixture(scope="module")
def unet():
    return run_in_process("q4c_unet_shapes")


def halvings(side):
    """Side after each stride-2 block: floor((n + 2p - k) / s) + 1 with k=3, s=2, p=1."""
    sides = [side]
    for _ in range(3):
        sides.append(math.floor((sides[-1] + 2 - 3) / 2) + 1)
    return sides


def test_q4c_shapes_go_64_32_16_8_and_back(unet):
    shapes = dict(unet["shapes"])
    down = [shapes[f"down level {i}"][-1] for i in (1, 2, 3)]
    up = [shapes[f"up level {i} (+ skip)"][-1] for i in (3, 2, 1)]
    assert [64, *down] == halvings(64) == [64, 32, 16, 8]
    assert up == [16, 32, 64]
    assert tuple(unet["noise_estimate"].shape) == (1, 3, 64, 64)


@pytest.mark.parametrize("side", [64, 65, 100, 36, 16, 7])
def test_sizes_not_divisible_by_8_are_refused_at_the_input(side):
    model = TinyUNet(widths=(8, 8, 8, 8))
    x, t = torch.zeros(1, 3, side, side), torch.tensor([3])
    if side % 8 == 0:
        assert model(x, t).shape == x.shape
        return
    padded = 8 * math.ceil(side / 8)
    message = f"divisible by 8 (.*), got {side}x{side}; pad to {padded}x{padded}"
    with pytest.raises(ValueError, match=message):
        model(x, t)


def test_without_the_check_the_mismatch_would_come_deep_inside():
    """The input check is not decoration: 65 really breaks the skip concatenation."""
    model = TinyUNet(widths=(8, 8, 8, 8))
    model.check_input = lambda x, t: None
    with pytest.raises(RuntimeError, match="Sizes of tensors must match"):
        model(torch.zeros(1, 3, 65, 65), torch.tensor([3]))


@pytest.mark.parametrize(
    "x, t, message",
    [
        (
            torch.zeros(1, 1, 64, 64),
            torch.tensor([3]),
            r"x must be \[batch, 3, height, width\], got \[1, 1, 64, 64\]",
        ),
        (
            torch.zeros(2, 3, 64, 64),
            torch.tensor([3]),
            r"t must have shape \[2\], got \[1\]",
        ),
    ],
)
def test_other_bad_inputs_are_named(x, t, message):
    with pytest.raises(ValueError, match=message):
        TinyUNet(widths=(8, 8, 8, 8))(x, t)


def test_q4d_table_rows_follow_the_size_formula():
    variables = run_in_process("q4d_sizes_not_divisible_by_8")
    for side in (64, 96, 65, 100, 36):
        down, up = variables["way_down_and_up"](side)
        assert down == " -> ".join(map(str, halvings(side)))
        if side % 8:
            first_miss = next(
                (2 * small, big)
                for big, small in zip(
                    halvings(side)[2::-1], halvings(side)[:0:-1], strict=True
                )
                if 2 * small != big
            )
            assert up.endswith(f"{first_miss[0]} != skip {first_miss[1]}")


def test_q5b_alpha_bar_is_the_product_of_one_minus_beta():
    variables = run_in_process("q5b_training_step")
    schedule = variables["schedule"]
    betas = [1e-4 + (0.02 - 1e-4) * s / 999 for s in range(1000)]
    by_hand = [math.prod(1 - b for b in betas[: t + 1]) for t in (0, 9, 499, 999)]
    got = [schedule.alpha_bars[t].item() for t in (0, 9, 499, 999)]
    assert got == pytest.approx(by_hand, rel=1e-4)


def test_q5b_add_noise_is_the_closed_form_and_the_step_lowers_the_loss():
    variables = run_in_process("q5b_training_step")
    schedule, x0, index, noise = (
        variables[name] for name in ("schedule", "x0", "index", "noise")
    )
    x_t = variables["x_t"]
    for image in range(len(x0)):
        a = schedule.alpha_bars[index[image]].item()
        expected = (
            math.sqrt(a) * x0[image, 0, 0, 0].item()
            + math.sqrt(1 - a) * noise[image, 0, 0, 0].item()
        )
        assert x_t[image, 0, 0, 0].item() == pytest.approx(expected, abs=1e-5)
    assert variables["after"] < variables["before"]
