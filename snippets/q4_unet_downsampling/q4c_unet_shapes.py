import torch

from snippets.q4_unet_downsampling.tiny_unet import TinyUNet

torch.manual_seed(0)
model = TinyUNet(image_channels=3, widths=(32, 64, 128, 256))
shapes = []  # (layer, output shape) in the order the layers run


def record(name):
    def hook(module, inputs, output):
        shape = output[0].shape if isinstance(output, tuple) else output.shape
        shapes.append((name, tuple(shape)))

    return hook


model.stem.register_forward_hook(record("stem"))
for i, level in enumerate(model.down, start=1):
    level.register_forward_hook(record(f"down level {i}"))
model.middle.register_forward_hook(record("middle block"))
for i, level in reversed(list(enumerate(model.up, start=1))):
    level.register_forward_hook(record(f"up level {i} (+ skip)"))
x = torch.randn(1, 3, 64, 64)
t = torch.tensor([500])
noise_estimate = model(x, t)
print(f"{'input':22} {tuple(x.shape)}")
for name, shape in shapes:
    print(f"{name:22} {shape}")
print(f"{'output':22} {tuple(noise_estimate.shape)}")
print(f"parameters: {sum(p.numel() for p in model.parameters()):,}")
