"""A small U-Net that predicts the noise in an image at a timestep."""

import math
from itertools import pairwise

from torch import nn

from snippets.q3_positional_vs_timestep.time_conditioned_block import (
    TimeConditionedBlock,
)
from snippets.q3_positional_vs_timestep.time_embedding import TimeEmbedding
from snippets.q4_unet_downsampling.unet_levels import DownLevel, UpLevel


class TinyUNet(nn.Module):
    """Halves the image three times, then doubles it back, with skips.

    widths: the channels at full size, 1/2, 1/4 and 1/8 of it.
    """

    # fold: __init__ makes the levels of the widths, the time MLP, stem, head
    def __init__(
        self, image_channels=3, widths=(32, 64, 128, 256), time_dim=32
    ):
        super().__init__()
        self.image_channels, self.halvings = image_channels, len(widths) - 1
        width = 4 * time_dim  # of the time vector
        self.time_embedding = TimeEmbedding(time_dim, width)
        self.stem = nn.Conv2d(image_channels, widths[0], 3, padding=1)
        pairs = list(pairwise(widths))  # (channels, channels below)
        self.down = nn.ModuleList(DownLevel(c, b, width) for c, b in pairs)
        self.middle = TimeConditionedBlock(widths[-1], widths[-1], width)
        self.up = nn.ModuleList(UpLevel(b, c, width) for c, b in pairs)
        self.head = nn.Sequential(  # as DDPM's: norm, SiLU, convolution
            nn.GroupNorm(8, widths[0]),
            nn.SiLU(),
            nn.Conv2d(widths[0], image_channels, 3, padding=1),
        )

    # end fold

    def forward(self, x, t):
        """The noise estimate for images x [batch, C, H, W] at timesteps t."""
        self.check_input(x, t)
        time_vector = self.time_embedding(t)
        h, skips = self.stem(x), []
        for level in self.down:  # the side: 1 -> 1/2 -> 1/4 -> 1/8
            h, skip = level(h, time_vector)
            skips.append(skip)
        h = self.middle(h, time_vector)  # at the bottleneck
        for level, skip in zip(
            reversed(self.up), reversed(skips), strict=True
        ):
            h = level(h, skip, time_vector)  # the side doubles
        return self.head(h)

    # fold: check_input refuses sides that the halvings do not divide
    def check_input(self, x, t):
        channels, factor = self.image_channels, 2**self.halvings
        if x.dim() != 4 or x.shape[1] != channels:
            shape = list(x.shape)
            raise ValueError(
                f"x must be [batch, {channels}, height, width], got {shape}"
            )
        height, width = x.shape[-2:]
        if height % factor or width % factor:
            padded = [factor * math.ceil(n / factor) for n in (height, width)]
            raise ValueError(
                f"height and width must be divisible by {factor} (the U-Net "
                f"halves them {self.halvings} times and doubles them back), "
                f"got {height}x{width}; pad to {padded[0]}x{padded[1]}"
            )
        if t.shape != (len(x),):
            raise ValueError(
                f"t must have shape [{len(x)}], got {list(t.shape)}"
            )

    # end fold
