import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
T = 1000
betas = torch.linspace(1e-4, 0.02, T)  # DDPM's linear schedule
alpha_bars = torch.cumprod(1 - betas, dim=0)  # alpha_bar_1 .. alpha_bar_T
x0 = torch.rand(4, 3, 16, 16) * 2 - 1  # 4 images with values in [-1, 1]
index = torch.randint(0, T, (4,))  # timestep t = index + 1, one per image
epsilon = torch.randn_like(x0)  # the noise the model must find again
alpha_bar = alpha_bars[index].view(-1, 1, 1, 1)
# x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps, a sample of q
x_t = alpha_bar.sqrt() * x0 + (1 - alpha_bar).sqrt() * epsilon
# A stand-in for the U-Net: any network from (x_t, t) to the shape of x_t.
model = nn.Sequential(
    nn.Conv2d(4, 32, 3, padding=1), nn.SiLU(), nn.Conv2d(32, 3, 3, padding=1)
)
time_channel = (index / T).view(-1, 1, 1, 1).expand(-1, 1, 16, 16)
epsilon_hat = model(torch.cat([x_t, time_channel], dim=1))  # eps_theta
loss = F.mse_loss(epsilon_hat, epsilon)  # mean over all elements
squared_norms = (epsilon - epsilon_hat).pow(2).flatten(1).sum(dim=1)
N = epsilon[0].numel()  # elements of one image: 3 x 16 x 16
print(f"N = {N} elements per image, {len(x0)} images")
print(f"F.mse_loss                   = {loss.item():.4f}")
print(f"batch mean of ||.||^2 / N    = {squared_norms.mean().item() / N:.4f}")
print(f"batch mean of ||.||^2        = {squared_norms.mean().item():.1f}")
print(f"std of eps_theta             = {epsilon_hat.std().item():.4f}")
