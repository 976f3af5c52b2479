"""sinusoidal_embedding: the formula, the properties pages rely on, and bad input."""

import math
import re

import pytest
import torch

from examples import run_in_process
from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import sinusoidal_embedding
from snippets.q2_embedding_d8_t1.embedding_layouts import (
    source_embedding,
    split_embedding,
)


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


def by_split_formula(
    t: float, dim: int, shift: float = 1, cosines_first: bool = False
) -> list[float]:
    """All sin(t w_k), then all cos(t w_k) (or the other way round), w_k = 10000^(-k / (d/2 - shift))."""
    half = dim // 2
    angles = [t * math.exp(-math.log(10000) * k / (half - shift)) for k in range(half)]
    sines, cosines = [math.sin(a) for a in angles], [math.cos(a) for a in angles]
    return cosines + sines if cosines_first else sines + cosines


@pytest.mark.parametrize("dim", [4, 8, 128])
def test_the_source_layout_matches_its_formula(dim):
    timesteps = [0, 1, 7, 250, 999]
    embedding = source_embedding(torch.tensor(timesteps, dtype=torch.float64), dim)
    for row, t in zip(embedding.tolist(), timesteps, strict=True):
        assert row == pytest.approx(by_source_formula(t, dim), abs=1e-12)


@pytest.mark.parametrize("cosines_first", [False, True])
@pytest.mark.parametrize("shift", [0, 1, 2.5])
def test_the_split_layouts_match_their_formula(shift, cosines_first):
    t = torch.tensor([1.0, 640.0], dtype=torch.float64)
    embedding = split_embedding(t, 16, shift=shift, cosines_first=cosines_first)
    for row, step in zip(embedding.tolist(), t.tolist(), strict=True):
        expected = by_split_formula(step, 16, shift, cosines_first)
        assert row == pytest.approx(expected, abs=1e-12)


def test_cosines_first_without_shift_is_the_paired_embedding_reordered():
    t = torch.tensor([3.0, 77.0], dtype=torch.float64)
    paired = sinusoidal_embedding(t, 8)
    reordered = torch.cat([paired[:, 1::2], paired[:, 0::2]], dim=1)
    assert torch.equal(split_embedding(t, 8, shift=0, cosines_first=True), reordered)


def test_the_d8_t1_table_shows_each_layout():
    vectors = run_in_process("q2c_conventions_d8_t1")["vectors"]
    table = {name: vector[0].tolist() for name, vector in vectors.items()}
    assert table["paired"] == pytest.approx(by_formula(1, 8), abs=1e-12)
    assert table["cos first"] == pytest.approx(
        by_split_formula(1, 8, 0, True), abs=1e-12
    )
    assert table["DDPM code"] == pytest.approx(by_split_formula(1, 8, 1), abs=1e-12)
    assert table["source Q1"] == pytest.approx(by_source_formula(1, 8), abs=1e-12)


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
}


@pytest.mark.parametrize(
    "arguments, error, message", BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS.keys()
)
def test_bad_arguments_are_refused_with_a_message_naming_them(
    arguments, error, message
):
    with pytest.raises(error, match=re.escape(message)):
        sinusoidal_embedding(*arguments)
    with pytest.raises(error, match=re.escape(message)):
        source_embedding(*arguments)


def test_a_split_layout_refuses_a_shift_that_divides_by_zero():
    with pytest.raises(ValueError, match=re.escape("shift must be in [0, 4), got 4")):
        split_embedding(torch.tensor([1]), 8, shift=4)
