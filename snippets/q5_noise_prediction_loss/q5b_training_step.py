import torch
import torch.nn.functional as F

from snippets.q4_unet_downsampling.tiny_unet import TinyUNet
from snippets.q5_noise_prediction_loss.ddpm import NoiseSchedule, training_step

torch.manual_seed(0)
schedule = NoiseSchedule(steps=1000)  # beta from 1e-4 to 0.02, as in DDPM
print(f"alpha_bar at t = 1: {schedule.alpha_bars[0]:.6f}")
print(f"alpha_bar at t = T: {schedule.alpha_bars[-1]:.6f}")
model = TinyUNet(image_channels=3, widths=(16, 16, 32, 32))
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
x0 = torch.rand(8, 3, 16, 16) * 2 - 1  # a batch of 8 images in [-1, 1]
# Fixed timesteps and noise, to compare the loss before and after one step.
index, noise = torch.randint(0, 1000, (8,)), torch.randn_like(x0)
x_t = schedule.add_noise(x0, index, noise)
with torch.no_grad():
    before = F.mse_loss(model(x_t, index), noise).item()
training_step(model, optimizer, schedule, x0)  # draws its own t and noise
with torch.no_grad():
    after = F.mse_loss(model(x_t, index), noise).item()
print(
    f"loss on a fixed batch: {before:.4f} before the step, {after:.4f} after"
)
