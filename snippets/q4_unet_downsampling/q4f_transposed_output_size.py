import torch
from torch import nn

skip = 17  # the skip that a side of 65 leaves two halvings down
reachable = {}  # (kernel, padding) -> the sides it can return from 9
for kernel, padding in ((2, 0), (3, 1)):
    up = nn.ConvTranspose2d(1, 1, kernel, stride=2, padding=padding)
    reachable[kernel, padding] = []
    for side in range(16, 21):
        try:
            up(torch.zeros(1, 1, 9, 9), output_size=[side, side])
            reachable[kernel, padding].append(side)
        except ValueError:  # not a size this layer can return
            pass
    meets = "meets" if skip in reachable[kernel, padding] else "misses"
    print(
        f"ConvTranspose2d(k={kernel}, s=2, p={padding}) from 9: "
        f"{reachable[kernel, padding]}, {meets} the skip of {skip}"
    )
