import torch
from torch import nn

from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import (
    sinusoidal_embedding,
)

torch.manual_seed(0)
# Transformer: one vector per token position, added to the token embeddings.
tokens = torch.randn(6, 16)  # a sentence of 6 tokens, model width 16
positions = torch.arange(6)  # 0, 1, ..., 5
tokens_with_order = tokens + sinusoidal_embedding(positions, dim=16)
print("tokens + positions:   ", tuple(tokens_with_order.shape))
# Diffusion: one vector per image (its noise level t), mapped by an MLP
# and added to every pixel of a U-Net feature map.
timesteps = torch.tensor([10, 500, 999])  # a batch of 3 noisy images
time_mlp = nn.Sequential(nn.Linear(16, 64), nn.SiLU(), nn.Linear(64, 64))
time_vector = time_mlp(sinusoidal_embedding(timesteps, dim=16))
feature_map = torch.randn(3, 64, 32, 32)  # [batch, channels, height, width]
conditioned = feature_map + time_vector[:, :, None, None]
print("timestep embedding:   ", tuple(time_vector.shape))
print("U-Net features + time:", tuple(conditioned.shape))
