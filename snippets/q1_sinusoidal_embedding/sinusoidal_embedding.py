import torch

CONVENTIONS = ("paired", "source", "ddpm")


def sinusoidal_embedding(
    timesteps, dim, max_period=10000.0, convention="paired", frequency_shift=1
):
    """Embed a batch of timesteps, shape [batch], as a tensor [batch, dim].

    convention="paired" (the Transformer's): pair k (indices 2k and 2k+1) shares
    the frequency 1 / max_period^(2k/dim). "source": index i has the frequency
    1 / max_period^(i/dim), sine at even i, cosine at odd i. "ddpm": sines of
    the dim/2 frequencies 1 / max_period^(k/(dim/2 - frequency_shift)), then
    their cosines (DDPM's code and diffusers' get_timestep_embedding).
    """
    if isinstance(dim, bool) or not isinstance(dim, int) or dim <= 0 or dim % 2:
        raise ValueError(f"dim must be a positive even integer, got {dim!r}")
    if not max_period > 0:
        raise ValueError(f"max_period must be positive, got {max_period!r}")
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
    if convention != "ddpm" and frequency_shift != 1:
        raise ValueError("frequency_shift applies only to convention='ddpm'")
    if convention == "ddpm" and not 0 <= frequency_shift < dim // 2:
        limit = dim // 2
        raise ValueError(
            f"frequency_shift must be in [0, {limit}), got {frequency_shift!r}"
        )
    if not isinstance(timesteps, torch.Tensor):
        kind = type(timesteps).__name__
        raise TypeError(f"timesteps must be a torch.Tensor, got {kind}")
    if timesteps.dim() != 1:
        shape = list(timesteps.shape)
        raise ValueError(f"timesteps must have shape [batch], got {shape}")
    if timesteps.dtype == torch.bool or timesteps.is_complex():
        dtype = timesteps.dtype
        raise TypeError(f"timesteps must be integer or real, got {dtype}")
    t = timesteps if timesteps.is_floating_point() else timesteps.float()
    if convention == "source":
        i = torch.arange(dim, dtype=t.dtype, device=t.device)
        angle = t[:, None] * max_period ** (-i / dim)  # t / 10000^(i/d), [batch, dim]
        even = i.remainder(2) == 0
        return torch.where(even, torch.sin(angle), torch.cos(angle))
    k = torch.arange(dim // 2, dtype=t.dtype, device=t.device)
    if convention == "ddpm":
        frequency = max_period ** (-k / (dim // 2 - frequency_shift))
        angle = t[:, None] * frequency[None, :]  # [batch, dim/2]
        return torch.cat([torch.sin(angle), torch.cos(angle)], dim=1)
    frequency = max_period ** (-2 * k / dim)  # 1 / 10000^(2k/d)
    angle = t[:, None] * frequency[None, :]  # t / 10000^(2k/d), [batch, dim/2]
    embedding = torch.empty(len(t), dim, dtype=t.dtype, device=t.device)
    embedding[:, 0::2] = torch.sin(angle)  # PE(t)[2k]
    embedding[:, 1::2] = torch.cos(angle)  # PE(t)[2k+1], same frequency
    return embedding
