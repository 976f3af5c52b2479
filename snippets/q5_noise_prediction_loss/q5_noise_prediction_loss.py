import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
T = 1000
betas = torch.linspace(1e-4, 0.02, T)  # DDPM's linear schedule beta_1..beta_T
alpha_bars = torch.cumprod(1 - betas, dim=0)  # alpha_bar_t = prod_{s<=t} (1 - beta_s)
x0 = torch.rand(4, 3, 16, 16) * 2 - 1  # a batch of 4 images with values in [-1, 1]
t = torch.randint(0, T, (4,))  # one timestep per image
epsilon = torch.randn_like(x0)  # the noise the model must find again
alpha_bar = alpha_bars[t].view(-1, 1, 1, 1)
x_t = alpha_bar.sqrt() * x0 + (1 - alpha_bar).sqrt() * epsilon  # sample of q(x_t | x_0)
# A stand-in for the U-Net: any network mapping (x_t, t) to a tensor shaped like x_t.
model = nn.Sequential(
    nn.Conv2d(4, 32, 3, padding=1), nn.SiLU(), nn.Conv2d(32, 3, 3, padding=1)
)
time_channel = (t / T).view(-1, 1, 1, 1).expand(-1, 1, 16, 16)
epsilon_hat = model(torch.cat([x_t, time_channel], dim=1))  # eps_theta(x_t, t)
loss = F.mse_loss(epsilon_hat, epsilon)  # mean over all N elements
squared_norm = (epsilon - epsilon_hat).pow(2).sum()  # ||eps - eps_theta||^2
print(f"N = {epsilon.numel()} elements")
print(f"F.mse_loss                 = {loss.item():.4f}")
print(f"||eps - eps_theta||^2 / N  = {squared_norm.item() / epsilon.numel():.4f}")
print(f"||eps - eps_theta||^2      = {squared_norm.item():.1f}")
print(f"std of eps_theta           = {epsilon_hat.std().item():.4f}")
