import torch

from snippets.q4_unet_downsampling.tiny_unet import TinyUNet

model = TinyUNet(widths=(8, 8, 8, 8))


def way_down_and_up(side):
    """The sides the layers produce, and where doubling misses the skip."""
    h, skips = torch.zeros(1, 8, side, side), []
    for level in model.down:
        skips.append(h.shape[-1])
        h = level.downsample(h)
    down = " -> ".join(map(str, [*skips, h.shape[-1]]))
    up = [h.shape[-1]]
    for level, skip in zip(reversed(model.up), reversed(skips), strict=True):
        h = level.upsample(h)
        up.append(h.shape[-1])
        if up[-1] != skip:  # torch.cat with the skip would fail here
            return down, " -> ".join(map(str, up)) + f" != skip {skip}"
    return down, " -> ".join(map(str, up))


print(f"{'input':9} {'way down':22} {'way back up':22} TinyUNet")
for side in (64, 96, 65, 100, 36):
    try:
        output = model(torch.zeros(1, 3, side, side), torch.tensor([0]))
        verdict = f"output {output.shape[-2]}x{output.shape[-1]}"
    except ValueError:
        verdict = "ValueError at the input"
    down, up = way_down_and_up(side)
    print(f"{f'{side}x{side}':9} {down:22} {up:22} {verdict}")
try:
    model(torch.zeros(1, 3, 65, 65), torch.tensor([0]))
except ValueError as error:
    print("\nValueError:", error)
