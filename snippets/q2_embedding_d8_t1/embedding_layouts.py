"""Other layouts of the sinusoidal embedding, to set beside Q1's."""

import torch

from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import (
    checked_timesteps,
)


def source_embedding(timesteps, dim, max_period=10000.0):
    """The source's Q1 formula: sin (even i) or cos (odd i) of t / P^(i/dim).

    Each index gets a frequency of its own; no sine shares one with a cosine.
    """
    t = checked_timesteps(timesteps, dim, max_period)
    i = torch.arange(dim, dtype=t.dtype, device=t.device)
    angle = t[:, None] * max_period ** (-i / dim)  # t / 10000^(i/d)
    return torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle))


def split_embedding(
    timesteps, dim, max_period=10000.0, shift=1, cosines_first=False
):
    """All sines, then all cosines (or cosines first), of t * omega_k.

    omega_k = 1 / max_period^(k / (dim/2 - shift)) for k < dim/2. DDPM's code:
    shift 1, sines first. guided-diffusion and diffusers' U-Nets: shift 0,
    cosines first.
    """
    t = checked_timesteps(timesteps, dim, max_period)
    half = dim // 2
    if not 0 <= shift < half:
        raise ValueError(f"shift must be in [0, {half}), got {shift!r}")
    k = torch.arange(half, dtype=t.dtype, device=t.device)
    angle = t[:, None] * max_period ** (-k / (half - shift))
    sines, cosines = torch.sin(angle), torch.cos(angle)
    halves = [cosines, sines] if cosines_first else [sines, cosines]
    return torch.cat(halves, dim=1)
