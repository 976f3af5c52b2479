# %% [markdown]
# # Lab: sampling an energy model with its gradient
#
# An energy model describes a distribution by an energy $E(x)$, low where data is
# likely: $p(x) \propto e^{-E(x)}$. Sampling it needs only the gradient of $E$, which
# autograd gives for any $E$ written in PyTorch. Langevin dynamics moves each sample
# downhill on the energy and adds noise:
#
# $$
# x_{k+1} = x_k - \frac{\eta}{2} \nabla E(x_k) + \sqrt{\eta}\, \xi_k,
# \qquad \xi_k \sim \mathcal{N}(0, I).
# $$
#
# For a small step $\eta$ and many steps, the samples are distributed as $p$. This
# page is a notebook, run while the site is built; the link under the title gives
# the same notebook to run yourself.
#
# The energy here is a mixture of three Gaussians in the plane, written as
# $E(x) = -\log p(x)$, so that the true mean and covariance are known exactly and the
# samples can be checked against them.

# %%
import math

import matplotlib.pyplot as plt
import torch

# The tensors are small (4000 x 2): one thread avoids the cost of splitting them.
torch.set_num_threads(1)
torch.manual_seed(0)

weights = torch.tensor([0.5, 0.3, 0.2])
means = torch.tensor([[-1.5, 0.0], [1.5, 0.5], [0.0, -1.5]])
stds = torch.tensor([0.7, 0.6, 0.5])  # each component is isotropic


def log_components(x: torch.Tensor) -> torch.Tensor:
    """log(w_k N(x; mu_k, sigma_k^2 I)) for points x of shape [n, 2]: shape [n, 3]."""
    squared_distances = ((x[:, None, :] - means) ** 2).sum(dim=-1)
    return (
        torch.log(weights)
        - squared_distances / (2 * stds**2)
        - torch.log(2 * math.pi * stds**2)
    )


def energy(x: torch.Tensor) -> torch.Tensor:
    """E(x) = -log p(x) = -log sum_k w_k N(x; mu_k, sigma_k^2 I)."""
    return -torch.logsumexp(log_components(x), dim=1)


# %% [markdown]
# ## The gradient, from autograd
#
# `torch.autograd.grad` differentiates the summed energy: each point's energy depends
# only on that point, so the gradient of the sum holds every point's own gradient. For
# a mixture the gradient is also known in closed form,
# $\nabla E(x) = \sum_k r_k(x)\, (x - \mu_k) / \sigma_k^2$, where $r_k(x)$ is the
# probability that $x$ came from component $k$; the two agree:


# %%
def energy_gradient(x: torch.Tensor) -> torch.Tensor:
    x = x.detach().requires_grad_(True)
    (gradient,) = torch.autograd.grad(energy(x).sum(), x)
    return gradient


def closed_form_gradient(x: torch.Tensor) -> torch.Tensor:
    responsibilities = torch.softmax(log_components(x), dim=1)  # r_k(x)
    pulls = (x[:, None, :] - means) / stds[:, None] ** 2
    return (responsibilities[:, :, None] * pulls).sum(dim=1)


probe = torch.randn(1000, 2) * 2
difference = (energy_gradient(probe) - closed_form_gradient(probe)).abs().max()
print(f"largest difference over 1000 points: {difference:.1e}")


# %% [markdown]
# ## Langevin dynamics
#
# 4000 chains start from a broad Gaussian and take 3000 steps of size $\eta = 0.02$.


# %%
def langevin(chains: int, steps: int, step_size: float) -> torch.Tensor:
    x = torch.randn(chains, 2) * 2
    for _ in range(steps):
        noise = torch.randn_like(x)
        x = x - step_size / 2 * energy_gradient(x) + math.sqrt(step_size) * noise
    return x


samples = langevin(chains=4000, steps=3000, step_size=0.02)

grid = torch.linspace(-4, 4, 200)
grid_x, grid_y = torch.meshgrid(grid, grid, indexing="xy")
grid_energy = energy(torch.stack([grid_x, grid_y], dim=-1).reshape(-1, 2))

figure, axes = plt.subplots(figsize=(6, 5))
contours = axes.contourf(  # energies above 10 share one colour: the corners are high
    grid_x,
    grid_y,
    grid_energy.reshape(200, 200).clamp(max=10),
    levels=30,
    cmap="viridis_r",
)
figure.colorbar(contours, label="energy E(x)")
axes.scatter(samples[:, 0], samples[:, 1], s=1, color="white", alpha=0.5)
axes.set(title="Langevin samples over the energy", xlabel="x₁", ylabel="x₂")
axes.set_aspect("equal")
plt.show()

# %% [markdown]
# ## The samples against the true statistics
#
# The mixture's mean is $\mu = \sum_k w_k \mu_k$ and its covariance
# $\Sigma = \sum_k w_k (\sigma_k^2 I + \mu_k \mu_k^\top) - \mu \mu^\top$. The samples'
# mean and covariance come close; the test suite checks them within 0.08 (mean) and
# 0.12 (covariance entries), well above the sampling error of 4000 chains (about
# 0.03) and the bias of the step size.

# %%
true_mean = (weights[:, None] * means).sum(dim=0)
true_covariance = sum(
    w * (s**2 * torch.eye(2) + torch.outer(m, m))
    for w, m, s in zip(weights, means, stds, strict=True)
) - torch.outer(true_mean, true_mean)
sample_mean = samples.mean(dim=0)
sample_covariance = torch.cov(samples.T)


def rounded(row: torch.Tensor) -> str:
    return str([round(value, 3) for value in row.tolist()])


print("            true             samples")
print(f"mean        {rounded(true_mean):16} {rounded(sample_mean)}")
for row in range(2):
    print(
        f"covariance  {rounded(true_covariance[row]):16} "
        f"{rounded(sample_covariance[row])}"
    )

figure, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for dimension, axis in enumerate(axes):
    axis.hist(samples[:, dimension], bins=80, density=True, alpha=0.6, label="samples")
    # the marginal of a mixture of isotropic Gaussians is a mixture of 1-D Gaussians
    density = sum(
        w
        * torch.exp(-((grid - m[dimension]) ** 2) / (2 * s**2))
        / (s * math.sqrt(2 * math.pi))
        for w, m, s in zip(weights, means, stds, strict=True)
    )
    axis.plot(grid, density, color="black", label="true density")
    axis.set(title=f"marginal of x{'₁₂'[dimension]}", xlabel=f"x{'₁₂'[dimension]}")
    axis.legend()
plt.show()
