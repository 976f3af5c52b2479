from torch import nn

torch.manual_seed(0)
timesteps = torch.tensor([10, 500, 999])  # one noise level per image
sinusoids = sinusoidal_embedding(timesteps, dim=16)
time_mlp = nn.Sequential(nn.Linear(16, 64), nn.SiLU(), nn.Linear(64, 64))
time_vector = time_mlp(sinusoids)
block = TimeConditionedBlock(channels_in=32, channels_out=64, time_dim=64)
features = torch.randn(3, 32, 32, 32)  # [batch, channels, height, width]
out = block(features, time_vector)
print("timesteps:       ", tuple(timesteps.shape))
print("sinusoids:       ", tuple(sinusoids.shape))
print("after the MLP:   ", tuple(time_vector.shape))
print("per-channel shift", tuple(block.time(time_vector)[:, :, None, None].shape))
print("block input:     ", tuple(features.shape))
print("block output:    ", tuple(out.shape))
