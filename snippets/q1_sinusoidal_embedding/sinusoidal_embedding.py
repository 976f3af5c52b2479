import torch


def sinusoidal_embedding(timesteps, dim, max_period=10000.0):
    """Embed a batch of timesteps, shape [batch], as a tensor [batch, dim].

    Pair k (indices 2k and 2k+1) shares the frequency 1 / max_period^(2k/dim).
    """
    if isinstance(dim, bool) or not isinstance(dim, int) or dim <= 0 or dim % 2:
        raise ValueError(f"dim must be a positive even integer, got {dim!r}")
    if not max_period > 0:
        raise ValueError(f"max_period must be positive, got {max_period!r}")
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
    k = torch.arange(dim // 2, dtype=t.dtype, device=t.device)
    frequency = max_period ** (-2 * k / dim)  # 1 / 10000^(2k/d)
    angle = t[:, None] * frequency[None, :]  # t / 10000^(2k/d), [batch, dim/2]
    embedding = torch.empty(len(t), dim, dtype=t.dtype, device=t.device)
    embedding[:, 0::2] = torch.sin(angle)  # PE(t)[2k]
    embedding[:, 1::2] = torch.cos(angle)  # PE(t)[2k+1], same frequency
    return embedding
