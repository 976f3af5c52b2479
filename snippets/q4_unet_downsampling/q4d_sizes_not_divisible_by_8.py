model = TinyUNet(widths=(8, 8, 8, 8))


def way_down_and_up(side):
    """The sides the layers produce, and where doubling misses the saved skip."""
    h, skips = torch.zeros(1, 8, side, side), []
    for downsample in model.downsamplers:
        skips.append(h.shape[-1])
        h = downsample(h)
    down = " -> ".join(map(str, [*skips, h.shape[-1]]))
    up = [h.shape[-1]]
    for upsample, skip in zip(model.upsamplers[::-1], reversed(skips), strict=True):
        h = upsample(h)
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
