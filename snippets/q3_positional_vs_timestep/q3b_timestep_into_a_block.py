import torch

from snippets.q3_positional_vs_timestep.time_conditioned_block import (
    TimeConditionedBlock,
)
from snippets.q3_positional_vs_timestep.time_embedding import TimeEmbedding

torch.manual_seed(0)
timesteps = torch.tensor([10, 500, 999])  # one noise level per image
time_embedding = TimeEmbedding(sinusoid_dim=16, width=64)
time_vector = time_embedding(timesteps)
block = TimeConditionedBlock(channels_in=32, channels_out=64, time_dim=64)
features = torch.randn(3, 32, 32, 32)  # [batch, channels, height, width]
out = block(features, time_vector)
shift = block.time(time_vector)[:, :, None, None]
print("timesteps:        ", tuple(timesteps.shape))
print("after the MLP:    ", tuple(time_vector.shape))
print("per-channel shift:", tuple(shift.shape))
print("block input:      ", tuple(features.shape))
print("block output:     ", tuple(out.shape))
