import torch.nn.functional as F
from torch import nn


class TimeConditionedBlock(nn.Module):
    """Two 3x3 convolutions; the time vector shifts every pixel between them."""

    def __init__(self, channels_in, channels_out, time_dim):
        super().__init__()
        self.conv1 = nn.Conv2d(channels_in, channels_out, 3, padding=1)
        self.norm1 = nn.GroupNorm(8, channels_out)
        self.time = nn.Linear(time_dim, channels_out)
        self.conv2 = nn.Conv2d(channels_out, channels_out, 3, padding=1)
        self.norm2 = nn.GroupNorm(8, channels_out)
        same = channels_in == channels_out
        self.skip = nn.Identity() if same else nn.Conv2d(channels_in, channels_out, 1)

    def forward(self, x, time_vector):
        h = F.silu(self.norm1(self.conv1(x)))
        # One value per channel, broadcast over height and width.
        h = h + self.time(time_vector)[:, :, None, None]
        h = F.silu(self.norm2(self.conv2(h)))
        return h + self.skip(x)
