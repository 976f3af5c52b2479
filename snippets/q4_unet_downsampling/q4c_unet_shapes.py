torch.manual_seed(0)
model = TinyUNet(image_channels=3, widths=(32, 64, 128, 256))
shapes = []  # (layer, output shape) in the order the layers run


def record(name):
    return lambda module, inputs, output: shapes.append((name, tuple(output.shape)))


model.stem.register_forward_hook(record("stem"))
for i in range(3):
    model.downsamplers[i].register_forward_hook(record(f"downsampler {i + 1}"))
model.middle.register_forward_hook(record("middle block"))
for i in reversed(range(3)):
    model.up_blocks[i].register_forward_hook(record(f"up block {i + 1} (+ skip)"))
x = torch.randn(1, 3, 64, 64)
t = torch.tensor([500])
noise_estimate = model(x, t)
print(f"{'input':22} {tuple(x.shape)}")
for name, shape in shapes:
    print(f"{name:22} {shape}")
print(f"{'output':22} {tuple(noise_estimate.shape)}")
print(f"parameters: {sum(p.numel() for p in model.parameters()):,}")
