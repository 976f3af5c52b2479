import torch
from torch import nn

torch.manual_seed(0)


def downsampling_block(channels_in: int, channels_out: int) -> nn.Module:
    # kernel 3, stride 2, padding 1: floor((n + 2 - 3) / 2) + 1 = ceil(n / 2)
    return nn.Sequential(
        nn.Conv2d(
            channels_in, channels_out, kernel_size=3, stride=2, padding=1
        ),
        nn.GroupNorm(8, channels_out),
        nn.SiLU(),
    )


encoder = [
    downsampling_block(3, 64),
    downsampling_block(64, 128),
    downsampling_block(128, 256),
]
x = torch.randn(1, 3, 64, 64)  # [batch, channels, height, width]
sides = [x.shape[-1]]  # the side at the input and after each block
print("input:        ", tuple(x.shape))
for number, block in enumerate(encoder, start=1):
    x = block(x)
    sides.append(x.shape[-1])
    print(f"after block {number}:", tuple(x.shape))
print(f"bottleneck:    {x.shape[-2]}x{x.shape[-1]}")
