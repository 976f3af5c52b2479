"""One level of each path of a U-Net: down to half the side, up to twice it."""

import torch
from torch import nn

from snippets.q3_positional_vs_timestep.time_conditioned_block import (
    TimeConditionedBlock,
)


class DownLevel(nn.Module):
    """A block at this size, then a stride-2 convolution to half the side."""

    def __init__(self, channels, channels_below, time_dim):
        super().__init__()
        self.block = TimeConditionedBlock(channels, channels, time_dim)
        # kernel 3, stride 2, padding 1: a side n becomes floor((n - 1)/2) + 1
        self.downsample = nn.Conv2d(
            channels, channels_below, 3, stride=2, padding=1
        )

    def forward(self, h, time_vector):
        skip = self.block(h, time_vector)  # kept for the way back up
        return self.downsample(skip), skip


class UpLevel(nn.Module):
    """A transposed convolution to twice the side, the skip, then a block."""

    def __init__(self, channels_below, channels, time_dim):
        super().__init__()
        # kernel 2, stride 2: a side n becomes exactly 2n
        self.upsample = nn.ConvTranspose2d(
            channels_below, channels, 2, stride=2
        )
        self.block = TimeConditionedBlock(2 * channels, channels, time_dim)

    def forward(self, h, skip, time_vector):
        h = torch.cat([self.upsample(h), skip], dim=1)  # the sides must match
        return self.block(h, time_vector)
