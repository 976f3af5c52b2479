import torch
from torch import nn

downsamplers = {
    "Conv2d(k=3, s=2, p=1)": nn.Conv2d(1, 1, 3, stride=2, padding=1),
    "Conv2d(k=4, s=2, p=1)": nn.Conv2d(1, 1, 4, stride=2, padding=1),
    "AvgPool2d(2)": nn.AvgPool2d(2),
    "Conv2d(k=3, s=2, p=0)": nn.Conv2d(1, 1, 3, stride=2, padding=0),
}
sides = {}  # (downsampler, input side) -> side after each of three blocks
for name, layer in downsamplers.items():
    for side in (64, 65):
        x = torch.zeros(1, 1, side, side)
        sides[name, side] = [side]
        for _ in range(3):
            x = layer(x)
            sides[name, side].append(x.shape[-1])
        print(f"{name:22} {' -> '.join(map(str, sides[name, side]))}")
