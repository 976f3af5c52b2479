"""DDPM's noise schedule, its closed-form q(x_t | x_0), and a training step."""

import torch
import torch.nn.functional as F


class NoiseSchedule:
    """The linear schedule beta_1..beta_T of DDPM and the products it gives.

    Tensors are indexed from 0: entry t - 1 belongs to timestep t.
    """

    def __init__(self, steps=1000, beta_first=1e-4, beta_last=0.02):
        self.steps = steps
        self.betas = torch.linspace(beta_first, beta_last, steps)
        self.alphas = 1 - self.betas
        # alpha_bar_t = prod over s <= t of (1 - beta_s)
        self.alpha_bars = torch.cumprod(self.alphas, dim=0)

    def add_noise(self, x0, index, noise):
        """A sample of q(x_t | x_0) per image, at timestep t = index + 1."""
        alpha_bar = self.alpha_bars[index].view(-1, 1, 1, 1)
        # x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps
        return alpha_bar.sqrt() * x0 + (1 - alpha_bar).sqrt() * noise


def training_step(model, optimizer, schedule, x0):
    """One optimizer step on DDPM's loss for a batch of clean images x0."""
    # the index t - 1 ~ U{0, ..., T - 1}, that is t ~ U{1, ..., T}
    index = torch.randint(0, schedule.steps, (len(x0),))
    noise = torch.randn_like(x0)  # eps ~ N(0, I)
    x_t = schedule.add_noise(x0, index, noise)
    # the batch mean of ||eps - eps_theta(x_t, t)||^2 / N
    loss = F.mse_loss(model(x_t, index), noise)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()
