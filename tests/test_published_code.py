"""What the pages say of diffusers, run against diffusers itself.

diffusers installs beside the pinned torch (requirements.txt) and builds its
layers and U-Nets from their arguments alone, with no weights and no download.
The claims of Q1, Q2 and Q4 about it are checked here: the layouts and
frequencies of ``get_timestep_embedding`` under each flag, ``Timesteps``, the
defaults of the U-Net classes read from their signatures, ``Downsample2D``.
denoising-diffusion-pytorch does not import beside the pinned torch (its
torchvision needs another torch), and DDPM's TensorFlow code, guided-diffusion
and tensor2tensor do not install here: for those, the pages quote the line
they rely on, pinned to a commit, in docs/includes/sources.bib.
"""

import inspect
import math

import pytest
import torch
from diffusers import UNet2DConditionModel, UNet2DModel
from diffusers.models.downsampling import Downsample2D
from diffusers.models.embeddings import Timesteps, get_timestep_embedding

from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import (
    sinusoidal_embedding,
)
from snippets.q2_embedding_d8_t1.embedding_layouts import split_embedding

TIMESTEPS = torch.tensor([0, 1, 7, 250, 999])


def assert_same_values(theirs, exact):
    """diffusers computes t * omega_k in float32: each angle, so each value, is
    off by a few float32 steps of t, at most 4 eps (1 + t). A layout or a
    frequency that differs moves values by far more."""
    eps = torch.finfo(torch.float32).eps
    tolerance = (4 * eps * (1 + TIMESTEPS.double()))[:, None]
    assert ((theirs.double() - exact).abs() <= tolerance).all(), (theirs, exact)


def default(function, name):
    return inspect.signature(function).parameters[name].default


def test_get_timestep_embedding_defaults_to_sines_first_with_shift_1():
    assert default(get_timestep_embedding, "flip_sin_to_cos") is False
    assert default(get_timestep_embedding, "downscale_freq_shift") == 1
    assert default(get_timestep_embedding, "max_period") == 10000


@pytest.mark.parametrize("dim", [8, 32, 128])
@pytest.mark.parametrize("flip", [False, True])
@pytest.mark.parametrize("shift", [0, 1])
def test_split_embedding_is_get_timestep_embedding_under_each_flag(dim, flip, shift):
    theirs = get_timestep_embedding(
        TIMESTEPS, dim, flip_sin_to_cos=flip, downscale_freq_shift=shift
    )
    exact = split_embedding(TIMESTEPS.double(), dim, shift=shift, cosines_first=flip)
    assert_same_values(theirs, exact)


def test_shift_0_and_cosines_first_reorders_the_interleaved_embedding():
    """The U-Nets' layout holds the Transformer's values: same frequencies."""
    theirs = get_timestep_embedding(
        TIMESTEPS, 8, flip_sin_to_cos=True, downscale_freq_shift=0
    )
    interleaved = sinusoidal_embedding(TIMESTEPS.double(), 8)
    order = [1, 3, 5, 7, 0, 2, 4, 6]  # cosines of pairs 0..3, then their sines
    assert_same_values(theirs, interleaved[:, order])


def test_the_frequencies_by_hand():
    """Shift 1: 10000^(-k/(d/2 - 1)), the last exactly 1/10000; shift 0: 10^-k."""
    t = torch.tensor([1])
    sines_first = get_timestep_embedding(t, 8)[0, :4].tolist()
    by_hand = [math.sin(10000 ** (-k / 3)) for k in range(4)]
    assert sines_first == pytest.approx(by_hand, abs=1e-7)
    cosines_first = get_timestep_embedding(
        t, 8, flip_sin_to_cos=True, downscale_freq_shift=0
    )[0, 4:].tolist()
    assert cosines_first == pytest.approx(
        [math.sin(10.0**-k) for k in range(4)], abs=1e-7
    )


def test_timesteps_module_is_get_timestep_embedding():
    for flip, shift in [(False, 1), (True, 0)]:
        module = Timesteps(16, flip_sin_to_cos=flip, downscale_freq_shift=shift)
        torch.testing.assert_close(
            module(TIMESTEPS),
            get_timestep_embedding(TIMESTEPS, 16, flip, shift),
            rtol=0,
            atol=0,
        )


@pytest.mark.parametrize("unet", [UNet2DModel, UNet2DConditionModel])
def test_the_unets_default_to_cosines_first_with_shift_0(unet):
    assert default(unet.__init__, "flip_sin_to_cos") is True
    assert default(unet.__init__, "freq_shift") == 0


def test_an_odd_dimension_gets_a_column_of_zeros():
    embedding = get_timestep_embedding(TIMESTEPS, 7)
    assert embedding.shape == (len(TIMESTEPS), 7)
    assert embedding[:, -1].abs().max() == 0


def test_downsample2d_convolves_only_when_asked():
    assert default(Downsample2D.__init__, "use_conv") is False
    pooled = Downsample2D(4).conv
    assert isinstance(pooled, torch.nn.AvgPool2d) and pooled.kernel_size == 2
    conv = Downsample2D(4, use_conv=True).conv
    assert (conv.kernel_size, conv.stride, conv.padding) == ((3, 3), (2, 2), (1, 1))
    for side in (64, 65):
        x = torch.zeros(1, 4, side, side)
        assert Downsample2D(4, use_conv=True)(x).shape[-1] == math.ceil(side / 2)
        assert Downsample2D(4)(x).shape[-1] == side // 2
