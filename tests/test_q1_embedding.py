"""sinusoidal_embedding: the formula, the properties pages rely on, and bad input."""

import math
import re

import pytest
import torch

from examples import run_in_process
from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import sinusoidal_embedding


def by_formula(t: float, dim: int, max_period: float = 10000.0) -> list[float]:
    """PE(t)[2k] = sin(t / P^(2k/d)), PE(t)[2k+1] = cos(t / P^(2k/d)), with math."""
    values = []
    for i in range(dim):
        angle = t / max_period ** (2 * (i // 2) / dim)
        values.append(math.sin(angle) if i % 2 == 0 else math.cos(angle))
    return values


def by_source_formula(t: float, dim: int) -> list[float]:
    """PE(t)[i] = sin(t / 10000^(i/d)) for even i, cos(t / 10000^(i/d)) for odd i."""
    return [
        (math.sin if i % 2 == 0 else math.cos)(t / 10000 ** (i / dim))
        for i in range(dim)
    ]


def by_ddpm_formula(t: float, dim: int, shift: float = 1) -> list[float]:
    """sin(t w_k) for k < d/2, then cos(t w_k), w_k = 10000^(-k / (d/2 - shift))."""
    half = dim // 2
    angles = [t * math.exp(-math.log(10000) * k / (half - shift)) for k in range(half)]
    return [math.sin(a) for a in angles] + [math.cos(a) for a in angles]


CONVENTION_FORMULAS = {
    "paired": by_formula,
    "source": by_source_formula,
    "ddpm": by_ddpm_formula,
}


@pytest.mark.parametrize("convention", CONVENTION_FORMULAS)
@pytest.mark.parametrize("dim", [4, 8, 128])
def test_each_convention_matches_its_formula(convention, dim):
    timesteps = [0, 1, 7, 250, 999]
    embedding = sinusoidal_embedding(
        torch.tensor(timesteps, dtype=torch.float64), dim, convention=convention
    )
    for row, t in zip(embedding.tolist(), timesteps, strict=True):
        assert row == pytest.approx(CONVENTION_FORMULAS[convention](t, dim), abs=1e-12)
    assert embedding.abs().max() <= 1


@pytest.mark.parametrize("shift", [0, 1, 2.5])
def test_ddpm_frequency_shift(shift):
    t = torch.tensor([1.0, 640.0], dtype=torch.float64)
    embedding = sinusoidal_embedding(t, 16, convention="ddpm", frequency_shift=shift)
    for row, step in zip(embedding.tolist(), t.tolist(), strict=True):
        assert row == pytest.approx(by_ddpm_formula(step, 16, shift), abs=1e-12)


def test_the_d8_t1_table_shows_each_convention():
    vectors = run_in_process("q2c_conventions_d8_t1")["vectors"]
    assert vectors["paired"] == pytest.approx(by_formula(1, 8), abs=1e-12)
    assert vectors["source"] == pytest.approx(by_source_formula(1, 8), abs=1e-12)
    assert vectors["ddpm"] == pytest.approx(by_ddpm_formula(1, 8), abs=1e-12)
    assert vectors["ddpm, shift 0"] == pytest.approx(
        by_ddpm_formula(1, 8, 0), abs=1e-12
    )


@pytest.mark.parametrize("dim", [2, 8, 16, 128])
def test_matches_the_formula(dim):
    timesteps = [0, 1, 7, 250, 999]
    embedding = sinusoidal_embedding(torch.tensor(timesteps, dtype=torch.float64), dim)
    assert embedding.shape == (len(timesteps), dim)
    for row, t in zip(embedding.tolist(), timesteps, strict=True):
        assert row == pytest.approx(by_formula(t, dim), abs=1e-12)


def test_integer_timesteps_give_float32_close_to_the_formula():
    embedding = sinusoidal_embedding(torch.tensor([3, 500]), 16)
    assert embedding.dtype == torch.float32
    assert embedding[1].tolist() == pytest.approx(by_formula(500, 16), abs=1e-4)


def test_max_period_sets_the_slowest_frequency():
    embedding = sinusoidal_embedding(torch.tensor([2.0], dtype=torch.float64), 4, 100.0)
    assert embedding[0].tolist() == pytest.approx(by_formula(2.0, 4, 100.0), abs=1e-12)


def test_timestep_zero_alternates_zero_and_one():
    assert sinusoidal_embedding(torch.tensor([0]), 8)[0].tolist() == [0, 1] * 4


def test_values_stay_in_unit_range_and_pairs_lie_on_the_unit_circle():
    embedding = sinusoidal_embedding(torch.arange(0, 100_000, 37), 32)
    assert embedding.abs().max() <= 1
    pairs = embedding.view(len(embedding), 16, 2)
    assert torch.allclose(pairs.pow(2).sum(-1), torch.ones(len(embedding), 16))


def test_a_shift_in_time_is_the_same_rotation_of_each_pair():
    dim, shift = 8, 5.0
    t = torch.tensor([0.0, 3.0, 41.0, 700.0], dtype=torch.float64)
    now = sinusoidal_embedding(t, dim).view(len(t), dim // 2, 2)
    later = sinusoidal_embedding(t + shift, dim).view(len(t), dim // 2, 2)
    for k in range(dim // 2):
        turn = shift / 10000 ** (2 * k / dim)
        rotation = torch.tensor(
            [[math.cos(turn), math.sin(turn)], [-math.sin(turn), math.cos(turn)]],
            dtype=torch.float64,
        )
        assert torch.allclose(later[:, k], now[:, k] @ rotation.T, atol=1e-12)


BAD_ARGUMENTS = {
    "odd dim": ((torch.tensor([1]), 7), ValueError, "positive even integer, got 7"),
    "zero dim": ((torch.tensor([1]), 0), ValueError, "positive even integer, got 0"),
    "negative dim": ((torch.tensor([1]), -4), ValueError, "got -4"),
    "float dim": ((torch.tensor([1]), 8.0), ValueError, "got 8.0"),
    "bool dim": ((torch.tensor([1]), True), ValueError, "got True"),
    "zero max_period": ((torch.tensor([1]), 8, 0.0), ValueError, "max_period"),
    "a list": (([1, 2], 8), TypeError, "must be a torch.Tensor, got list"),
    "a scalar tensor": ((torch.tensor(1), 8), ValueError, "shape [batch], got []"),
    "a 2-D tensor": ((torch.ones(2, 3), 8), ValueError, "shape [batch], got [2, 3]"),
    "bool dtype": ((torch.tensor([True]), 8), TypeError, "torch.bool"),
    "complex dtype": ((torch.tensor([1j]), 8), TypeError, "torch.complex64"),
    "unknown convention": (
        (torch.tensor([1]), 8, 10000.0, "interleaved"),
        ValueError,
        "convention must be one of ('paired', 'source', 'ddpm'), got 'interleaved'",
    ),
    "shift without ddpm": (
        (torch.tensor([1]), 8, 10000.0, "paired", 0),
        ValueError,
        "frequency_shift applies only to convention='ddpm'",
    ),
    "shift dividing by zero": (
        (torch.tensor([1]), 8, 10000.0, "ddpm", 4),
        ValueError,
        "frequency_shift must be in [0, 4), got 4",
    ),
}


@pytest.mark.parametrize(
    "arguments, error, message", BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS.keys()
)
def test_bad_arguments_are_refused_with_a_message_naming_them(
    arguments, error, message
):
    with pytest.raises(error, match=re.escape(message)):
        sinusoidal_embedding(*arguments)
