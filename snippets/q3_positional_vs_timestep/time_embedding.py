"""The timestep's way into a diffusion U-Net: sinusoids, then a small MLP."""

from torch import nn

from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import (
    sinusoidal_embedding,
)


class TimeEmbedding(nn.Module):
    """sinusoidal_embedding(t, sinusoid_dim), then Linear, SiLU, Linear."""

    def __init__(self, sinusoid_dim, width):
        super().__init__()
        self.sinusoid_dim = sinusoid_dim
        self.mlp = nn.Sequential(
            nn.Linear(sinusoid_dim, width), nn.SiLU(), nn.Linear(width, width)
        )

    def forward(self, t):
        return self.mlp(sinusoidal_embedding(t, self.sinusoid_dim))
