"""A residual U-Net block that the timestep shifts, one value per channel."""

import torch.nn.functional as F
from torch import nn


class TimeConditionedBlock(nn.Module):
    """A residual block after DDPM's: norm, SiLU, 3x3 convolution, twice.

    Between the two convolutions the time vector, through a linear layer of
    the block's own, shifts each channel by one value at every pixel. DDPM's
    block also has dropout and starts its second convolution near zero.
    """

    def __init__(self, channels_in, channels_out, time_dim):
        super().__init__()
        self.norm1 = nn.GroupNorm(8, channels_in)
        self.conv1 = nn.Conv2d(channels_in, channels_out, 3, padding=1)
        self.time = nn.Linear(time_dim, channels_out)
        self.norm2 = nn.GroupNorm(8, channels_out)
        self.conv2 = nn.Conv2d(channels_out, channels_out, 3, padding=1)
        same = channels_in == channels_out
        self.skip = (
            nn.Identity() if same else nn.Conv2d(channels_in, channels_out, 1)
        )

    def forward(self, x, time_vector):
        h = self.conv1(F.silu(self.norm1(x)))
        shift = self.time(F.silu(time_vector))  # [batch, channels_out]
        h = h + shift[:, :, None, None]  # the same value at every pixel
        h = self.conv2(F.silu(self.norm2(h)))
        return h + self.skip(x)
