"""The sinusoidal embedding: a sine and a cosine of t at each frequency."""

import torch


def sinusoidal_embedding(timesteps, dim, max_period=10000.0):
    """Embed timesteps of shape [batch] as a tensor of shape [batch, dim].

    Dimensions 2k and 2k+1 are the sine and the cosine of t * omega_k, with
    omega_k = 1 / max_period^(2k/dim), as in the Transformer's encoding.
    """
    t = checked_timesteps(timesteps, dim, max_period)
    k = torch.arange(dim // 2, dtype=t.dtype, device=t.device)
    omega = max_period ** (-2 * k / dim)  # omega_k = 1 / 10000^(2k/d)
    angle = t[:, None] * omega  # t * omega_k, shape [batch, dim/2]
    embedding = torch.empty(len(t), dim, dtype=t.dtype, device=t.device)
    embedding[:, 0::2] = torch.sin(angle)  # PE(t)[2k]
    embedding[:, 1::2] = torch.cos(angle)  # PE(t)[2k+1]: the same omega_k
    return embedding


# fold: checked_timesteps refuses an odd dim and timesteps not a 1-D tensor
def checked_timesteps(timesteps, dim, max_period):
    """The timesteps as floats, once the arguments are known to be usable."""
    if (
        isinstance(dim, bool)
        or not isinstance(dim, int)
        or dim <= 0
        or dim % 2
    ):
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
    return timesteps if timesteps.is_floating_point() else timesteps.float()


# end fold
