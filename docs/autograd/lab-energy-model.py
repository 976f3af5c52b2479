# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: learning an energy model from samples
#
# An energy model describes a distribution by an energy $E(x)$, low where data is
# likely: $p(x) \propto e^{-E(x)}$. Here the energy is not written down: a small network
# $E_\theta : \mathbb{R}^2 \to \mathbb{R}$ learns it from
# {{ 4000 <- lab: len(data) }} samples of a mixture of three Gaussians, and Langevin
# dynamics then draws new samples from what it learned.
# The mixture is known, so every number the samples produce can be checked against the
# truth. This page is a notebook, run while the site is built; the link under the title
# gives the same notebook to run yourself.
#
# Autograd does three jobs below, each explained on one of the autograd pages: it
# differentiates the energy with respect to the *input* $x$ to get the model's score
# $-\nabla_x E_\theta(x)$ ([Q6](q6-gradient-of-a-function.md#q6a),
# [Q8](q8-vector-outputs.md#q8a)); it differentiates a loss built from that gradient
# with respect to the *parameters* $\theta$ ([Q7](q7-gradients-of-parameters.md#q7b)),
# which needs the computation of the first gradient to be recorded in the graph too;
# and during
# sampling it must differentiate with respect to $x$ only, with nothing recorded that is
# not needed ([Q9](q9-zeroing-and-detaching.md#q9b)).
#
# ## Why denoising score matching
#
# Maximum likelihood needs the normaliser $\int e^{-E_\theta(x)}\,dx$, which has no
# closed form for a network and cannot be computed in high dimension (in this
# two-dimensional lab a grid would do, but not for images). Two ways around it are
# common:
#
# - **Contrastive divergence**, as Du and Mordatch train energy models
#   [@du2019-contrastive-divergence], lowers the energy of data and raises it at samples
#   drawn from the model by Langevin dynamics, with the samples *detached*
#   ([Q9(b)](q9-zeroing-and-detaching.md#q9b)) so that the parameter gradient does not
#   flow back through the sampler. Every training step then runs a sampler.
# - **Denoising score matching** [@vincent2011-dsm] turns learning into a regression:
#   add Gaussian noise to a data point, and ask the model's score at the noisy point to
#   point back to where the point came from. No sampling happens during training
#   [@song2019-no-sampling].
#
# This lab uses denoising score matching: it trains in seconds on a CPU, and it is the
# objective behind diffusion models (last section). It also uses autograd as Q6 to Q9
# prepare for: a gradient of a gradient.

# %%
import math
import time

import matplotlib.pyplot as plt
import torch
from matplotlib.colors import LinearSegmentedColormap, to_rgb
from torch import nn

from snippets.labs.figures import show

notebook_start = time.perf_counter()
# One thread: the tensors are small, and the build runs labs beside other work.
torch.set_num_threads(1)
SEED = 0
torch.manual_seed(SEED)  # the network's initial weights
# One generator draws the data, the noise and the Langevin chains.
generator = torch.Generator().manual_seed(SEED)


# %% [markdown]
# ## The data
#
# The mixture has weights $w = {{ (0.5, 0.3, 0.2) <- lab: weights }}$, centres $\mu_k$
# and isotropic standard deviations $s_k = {{ (0.7, 0.6, 0.5) <- lab: stds }}$. Its mean
# and covariance are known in closed form:
#
# $$
# \mu = \sum_k w_k \mu_k,
# $$
#
# $$
# \Sigma = \sum_k w_k \left(s_k^2 I + \mu_k \mu_k^\top\right) - \mu \mu^\top .
# $$
#
# The third statistic checked below is the share of points nearest to each centre.
# The components overlap, so these shares are not the weights; the true shares are
# measured on {{ 1000000 <- lab: TRUTH_DRAWS }} draws from the mixture.

# %%
weights = torch.tensor([0.5, 0.3, 0.2])
centres = torch.tensor([[-1.5, 0.0], [1.5, 0.5], [0.0, -1.5]])
stds = torch.tensor([0.7, 0.6, 0.5])


def sample_mixture(count, blur=0.0):
    """Draws from the mixture; blur > 0 adds N(0, blur^2 I) noise to each."""
    component = torch.multinomial(
        weights, count, replacement=True, generator=generator
    )
    widths = (stds[component] ** 2 + blur**2).sqrt()
    return centres[component] + widths[:, None] * torch.randn(
        count, 2, generator=generator
    )


def nearest_centre_shares(x):
    nearest = torch.cdist(x, centres).argmin(dim=1)
    return torch.bincount(nearest, minlength=3) / len(x)


data = sample_mixture(4000)
true_mean = (weights[:, None] * centres).sum(dim=0)
true_covariance = sum(
    w * (s**2 * torch.eye(2) + torch.outer(m, m))
    for w, m, s in zip(weights, centres, stds, strict=True)
) - torch.outer(true_mean, true_mean)
TRUTH_DRAWS = 1_000_000
true_shares = nearest_centre_shares(sample_mixture(TRUTH_DRAWS))


def rounded(values):
    return [round(value, 3) for value in values.tolist()]


print("weights                     ", rounded(weights))
print("nearest-centre shares, truth", rounded(true_shares))
print("nearest-centre shares, data ", rounded(nearest_centre_shares(data)))

# %% [markdown]
# ## The energy network
#
# Two hidden layers of {{ 64 <- lab: energy_net[0].out_features }} units with the SiLU
# activation $u \mapsto u/(1 + e^{-u})$ [@pytorch-silu]. The
# activation must be smooth: training differentiates the network twice, once in $x$ and
# once in $\theta$, and with ReLU the gradient in $x$ would be piecewise constant, a
# score field made of flat patches.

# %%
energy_net = nn.Sequential(
    nn.Linear(2, 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU(), nn.Linear(64, 1)
)


def energy(x):
    """E_theta(x) for points x of shape [n, 2]: one energy each, shape [n]."""
    return energy_net(x).squeeze(-1)


print("parameters:", sum(p.numel() for p in energy_net.parameters()))

# %% [markdown]
# ## The loss: a gradient inside a gradient
#
# Denoising score matching adds noise to each data point, $\tilde x = x + \sigma z$ with
# $z \sim \mathcal{N}(0, I)$, and regresses the model's score at $\tilde x$ onto the
# score of that noise, $\nabla_{\tilde x} \log \mathcal{N}(\tilde x; x, \sigma^2 I)$,
# which is $-(\tilde x - x)/\sigma^2$ [@song2019-dsm-loss]. Weighted by $\sigma^2$, so
# that the loss is of the same order whatever $\sigma$ is [@song2019-weighting]:
#
# $$
# \begin{aligned}
# \mathcal{L}(\theta)
# &= \frac{1}{2}\, \mathbb{E}_{x,\, z}\, \sigma^2 \left\lVert
#   -\nabla_{\tilde x} E_\theta(\tilde x) + \frac{\tilde x - x}{\sigma^2}
#   \right\rVert^2 \\
# &= \frac{1}{2}\, \mathbb{E}_{x,\, z} \left\lVert
#   \sigma \nabla_{\tilde x} E_\theta(x + \sigma z) - z \right\rVert^2 .
# \end{aligned}
# $$
#
# This has the same minimiser as matching the score of the *noised* data distribution
# $p_\sigma$, the data blurred by $\mathcal{N}(0, \sigma^2 I)$ [@song2019-dsm-minimiser],
# so a perfect model has $E_\theta = -\log p_\sigma$ up to a constant. That holds in
# expectation over the data distribution; on a finite training set the minimiser is
# the score of the blurred training points, as Vincent shows [@vincent2011-dsm]. This lab uses $\sigma = {{ 0.2 <- lab: SIGMA }}$: the blur adds
# $\sigma^2 = {{ 0.04 <- lab: SIGMA**2 }}$ to each variance, and the training signal
# stays strong enough to learn in seconds.
#
# The code needs three autograd facts:
#
# - `noisy` is created by arithmetic on data that does not require gradients, so it is a
#   leaf that does not require them either until `requires_grad_(True)` says so
#   ([Q6(c)](q6-gradient-of-a-function.md#q6c)).
# - `energy(noisy)` has one value per point, shape `[n]`, and `torch.autograd.grad`,
#   like `backward()`, needs an output with one element or a `grad_outputs` vector $v$
#   of the output's shape ([Q8(a)](q8-vector-outputs.md#q8a) shows it for
#   `backward()`). Differentiating the sum is the vector-Jacobian
#   product with $v = (1, \dots, 1)$ ([Q8(b)](q8-vector-outputs.md#q8b)); because the
#   energy of point $i$ depends on point $i$ alone, row $i$ of that product is
#   $\nabla E_\theta(\tilde x_i)$, each point's own gradient.
# - `create_graph=True` records the backward pass itself as a graph
#   [@pytorch-autograd-grad-create-graph], of the kind
#   [Q6(a)](q6-gradient-of-a-function.md#q6a) draws. Without it the gradient comes back as a
#   plain tensor with no `grad_fn`, a constant as far as autograd knows, and
#   backpropagating a loss built from it fails as in
#   [Q6(b)](q6-gradient-of-a-function.md#q6b): nothing connects it to $\theta$. With it,
#   the gradient is a function of the parameters, and `loss.backward()` fills their
#   `.grad` as for any other loss ([Q7(b)](q7-gradients-of-parameters.md#q7b)).

# %%
SIGMA = 0.2


def dsm_loss(energy, x, noise):
    """The denoising score matching loss of `energy` on x, with unit noise."""
    noisy = (x + SIGMA * noise).requires_grad_(True)
    (energy_gradient,) = torch.autograd.grad(
        energy(noisy).sum(), noisy, create_graph=True
    )
    return 0.5 * ((SIGMA * energy_gradient - noise) ** 2).sum(dim=1).mean()


# %% [markdown]
# The last two facts, checked on {{ 5 <- lab: len(probe) }} points. The summed energy's
# gradient has, in its first row, the gradient of the first point's energy alone (the
# same to the digits shown), which has zeros in every other row,
# and central differences of the energy give the same numbers.
# Without `create_graph` the gradient has no `grad_fn`, and backpropagating through it
# fails with the error of Q6(b); with it, the parameters receive gradients.
# `zero_grad()` then clears them ([Q9(a)](q9-zeroing-and-detaching.md#q9a)):
# `backward()` adds to `.grad`, and the training loop must start from zero.

# %%
probe = data[:5].clone().requires_grad_(True)
(summed,) = torch.autograd.grad(energy(probe).sum(), probe)
(point_0_alone,) = torch.autograd.grad(energy(probe)[0], probe)
print("row 0, gradient of the sum:  ", rounded(summed[0]))
print("row 0, gradient of E(x_0):   ", rounded(point_0_alone[0]))
print("other rows of that gradient: ", point_0_alone[1:].abs().max().item())
h, offsets = 1e-3, 1e-3 * torch.eye(2)  # calculus, to compare: differences
with torch.no_grad():
    ahead, behind = energy(probe[:1] + offsets), energy(probe[:1] - offsets)
print("row 0, central differences:  ", rounded((ahead - behind) / (2 * h)))

(plain,) = torch.autograd.grad(energy(probe).sum(), probe)
print("without create_graph: grad_fn =", plain.grad_fn)
try:
    (plain**2).sum().backward()
except RuntimeError as error:
    print("  backward fails:", error)
(recorded,) = torch.autograd.grad(
    energy(probe).sum(), probe, create_graph=True
)
print("with create_graph:    grad_fn =", type(recorded.grad_fn).__name__)
(recorded**2).sum().backward()
first_weight = energy_net[0].weight
print("  first layer's weight.grad is set:", first_weight.grad is not None)
energy_net.zero_grad()
print("  after zero_grad():", first_weight.grad)

# %% [markdown]
# The loss cannot reach zero: $z$ is random, and no function of the noisy point can
# predict it exactly. Its floor, in expectation over the mixture, is the loss of the
# exact answer, $-\log p_\sigma$,
# known here because a mixture of Gaussians blurred by $\sigma$ is the same mixture with
# each variance larger by $\sigma^2$. The training loop therefore records, on every
# mini-batch, the exact energy's loss on the same points and noise: the difference of
# the two measures how far the learned score is from the exact one.


# %%
def blurred_energy(x):
    """-log p_sigma(x): the mixture with each variance increased by sigma^2."""
    variances = stds**2 + SIGMA**2
    squared_distances = ((x[:, None, :] - centres) ** 2).sum(dim=-1)
    log_components = (
        torch.log(weights)
        - squared_distances / (2 * variances)
        - torch.log(2 * math.pi * variances)
    )
    return -torch.logsumexp(log_components, dim=1)


def gradient_of(energy, x):
    """The gradient of `energy` at the points x, for use as a value."""
    x = x.detach().requires_grad_(True)
    (gradient,) = torch.autograd.grad(energy(x).sum(), x)
    return gradient


# %% [markdown]
# ## Training
#
# {{ 3000 <- lab: STEPS }} steps of Adam on mini-batches of {{ 512 <- lab: BATCH }} data
# points, each with fresh noise, with the learning rate decaying from
# {{ 0.002 <- lab: optimizer.defaults["lr"] }} to zero on a cosine.

# %%
STEPS, BATCH = 3000, 512
optimizer = torch.optim.Adam(energy_net.parameters(), lr=2e-3)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, STEPS)
losses, exact_losses = [], []
training_start = time.perf_counter()
for _ in range(STEPS):
    batch = data[torch.randint(0, len(data), (BATCH,), generator=generator)]
    noise = torch.randn(batch.shape, generator=generator)
    loss = dsm_loss(energy, batch, noise)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    schedule.step()
    losses.append(loss.item())
    exact_losses.append(dsm_loss(blurred_energy, batch, noise).item())
training_seconds = time.perf_counter() - training_start
print(f"trained {STEPS} steps in {training_seconds:.1f} s")
for name, values in [("learned", losses), ("exact", exact_losses)]:
    print(
        f"mean loss, {name:7}: first 200 steps {sum(values[:200]) / 200:.4f}, "
        f"last 200 steps {sum(values[-200:]) / 200:.4f}"
    )

# %%
window = 100
steps_axis = torch.arange(window, STEPS + 1)
running = torch.tensor(losses).unfold(0, window, 1).mean(dim=1)
running_exact = torch.tensor(exact_losses).unfold(0, window, 1).mean(dim=1)
gap = running - running_exact
print(f"learned - exact, mean of {window} steps: first {gap[0]:.4f},", end=" ")
print(f"last {gap[-1]:.4f}")
exact_score = -gradient_of(blurred_energy, data)
score_error = (-gradient_of(energy, data) - exact_score).norm(dim=1).mean()
relative_error = score_error / exact_score.norm(dim=1).mean()
print(f"learned score's error at the data, relative: {relative_error:.3f}")
figure, axis = plt.subplots(figsize=(7, 3.4))
axis.plot(steps_axis, running, linewidth=1, label="learned E_θ")
axis.plot(steps_axis, running_exact, linewidth=1, label="exact −log p_σ")
axis.set(xlabel="training step", ylabel=f"loss, mean of {window} steps")
axis.legend()
show(
    figure,
    "The training loss and the exact energy's loss on the same mini-batches, "
    f"averaged over {window} steps: the training loss starts "
    f"{gap[0]:.3f} above the exact one and ends {abs(gap[-1]):.4f} "
    f"{'above' if gap[-1] > 0 else 'below'} it, both close to "
    f"{running_exact[-1]:.2f}.",
)

# %% [markdown]
# The learned loss falls onto the exact one early in training and then follows it,
# batch by batch; on these training points it can even end slightly below it, since
# the network may fit the blurred training points themselves rather than the mixture
# [@vincent2011-dsm]. The loss is a blunt gauge of the score, though: on fresh points
# from the mixture, its excess over the exact loss is, in expectation, only
# $\sigma^2/2$ times the mean squared error of the score, and the learned
# score $-\nabla E_\theta$ still differs from the exact one, at the data points, by
# the relative error printed above.

# %% [markdown]
# ## The learned energy
#
# An energy is defined only up to a constant, which the normalisation cancels, so
# both energies below are shifted to have their minimum on the grid at zero.

# %%
grid = torch.linspace(-4, 4, 161)
grid_x, grid_y = torch.meshgrid(grid, grid, indexing="xy")
grid_points = torch.stack([grid_x, grid_y], dim=-1).reshape(-1, 2)
with torch.no_grad():  # values only: nothing to differentiate (Q9(b))
    learned_grid = energy(grid_points)
    exact_grid = blurred_energy(grid_points)
    at_centres = {"learned": energy(centres), "exact": blurred_energy(centres)}
for name, values in at_centres.items():
    print(
        f"{name:8} energy at the three centres, minus the lowest:",
        rounded(values - values.min()),
    )

# %% [markdown]
# The maps below draw the energy in blues, light in the basins, and the points in
# near black: a point must stand out against every shade, with a contrast ratio of
# at least {{ 3:1 <- @wcag-non-text-contrast }} for the parts of a graphic a reader
# needs [@wcag-non-text-contrast]. Against the darkest shade, where it is least,
# it is {{ 7.9 <- lab: contrast }}.

# %%
POINT, LOWEST, HIGHEST = "#1a1a1a", "#ffffff", "#86b4d9"
basins = LinearSegmentedColormap.from_list("basins", [LOWEST, HIGHEST])


def luminance(colour):
    """WCAG's relative luminance of a colour."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in to_rgb(colour)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


contrast = (luminance(HIGHEST) + 0.05) / (luminance(POINT) + 0.05)
print(f"contrast of the points against the darkest shade: {contrast:.1f} to 1")

# %%
SHOWN, LIMITS = 1000, (-4, 4)  # data points drawn, and the square drawn
figure, axes = plt.subplots(1, 2, figsize=(11, 4.6))
for axis, values, title in zip(
    axes,
    [learned_grid, exact_grid],
    ["learned energy E_θ", "exact energy −log p_σ"],
    strict=True,
):
    shifted = (values - values.min()).reshape(grid_x.shape).clamp(max=10)
    contours = axis.contourf(grid_x, grid_y, shifted, levels=20, cmap=basins)
    axis.scatter(*data[:SHOWN].T, s=1, color=POINT)
    axis.set(title=title, xlabel="x₁", ylabel="x₂", xlim=LIMITS, ylim=LIMITS)
    axis.set_aspect("equal")
figure.colorbar(
    contours, ax=axes, label="energy − its minimum (clipped at 10)"
)
places = ["left", "right", "lower"]
deepest = {
    name: places[int(values.argmin())] for name, values in at_centres.items()
}
show(
    figure,
    f"Two contour maps of energy over the square from {LIMITS[0]} to "
    f"{LIMITS[1]}, with {SHOWN} data points in black: the learned energy on "
    "the left and the exact one on the right both have three basins centred "
    "on the three clusters of data and rise towards the corners; "
    + (
        f"both are lowest at the {deepest['learned']} cluster."
        if deepest["learned"] == deepest["exact"]
        else "the learned energy is lowest at the "
        f"{deepest['learned']} cluster, the exact one at the "
        f"{deepest['exact']} cluster."
    ),
)

# %% [markdown]
# ## Sampling the learned energy
#
# Langevin dynamics moves each sample downhill on the energy and adds noise
# [@song2019-langevin]:
#
# $$
# x_{k+1} = x_k - \frac{\eta}{2} \nabla E_\theta(x_k) + \sqrt{\eta}\, \xi_k,
# $$
#
# with a fresh $\xi_k \sim \mathcal{N}(0, I)$ at each step.
#
# As $\eta \to 0$ and the number of steps grows, the distribution of the samples tends
# to $e^{-E_\theta}$, normalised, under some regularity conditions
# [@song2019-langevin], among them that $e^{-E_\theta}$ can be normalised at all; at a
# fixed $\eta$ it is only close, with a bias that grows with $\eta$ ([below](#a-step-size-too-large)). Sampling differentiates with
# respect to $x$ only, and autograd should record nothing else:
#
# - the parameters are frozen with `requires_grad_(False)`
#   ([Q9(b)](q9-zeroing-and-detaching.md#q9b)), so the forward pass records nothing
#   for them; `torch.autograd.grad` still runs because $x$ requires gradients, and it
#   returns the gradient with respect to $x$ without writing any `.grad`
#   [@pytorch-autograd-grad-create-graph], so the parameters' `.grad`, cleared by
#   `zero_grad()`, stays `None`;
# - each step computes the gradient with `gradient_of` (defined above), which
#   differentiates with respect to `x.detach()`, a fresh leaf
#   ([Q9(b)](q9-zeroing-and-detaching.md#q9b)), so it never changes the caller's tensor
#   (here `x`, and `data` above);
# - no `create_graph`: the gradient comes back with no graph, a number never
#   differentiated again;
# - the update itself runs under `torch.no_grad()`
#   ([Q9(b)](q9-zeroing-and-detaching.md#q9b)), so `x` never carries a graph and
#   nothing grows with the number of steps.
#
# {{ 4000 <- lab: CHAINS }} chains start from a broad Gaussian, of standard deviation
# {{ 2 <- lab: START_SD }} around the origin, and take {{ 2000 <- lab: LANGEVIN_STEPS }} steps of size
# $\eta = {{ 0.02 <- lab: STEP_SIZE }}$.

# %%
optimizer.zero_grad()  # drop the last step's gradients: .grad is None again
energy_net.requires_grad_(False)
CHAINS, LANGEVIN_STEPS, STEP_SIZE = 4000, 2000, 0.02
START_SD = 2  # the chains start wider than the data


def langevin(chains, steps, step_size):
    x = START_SD * torch.randn(chains, 2, generator=generator)
    for _ in range(steps):
        gradient = gradient_of(energy, x)
        with torch.no_grad():
            noise = torch.randn(x.shape, generator=generator)
            x = x - step_size / 2 * gradient + math.sqrt(step_size) * noise
    return x


sampling_start = time.perf_counter()
samples = langevin(CHAINS, LANGEVIN_STEPS, STEP_SIZE)
sampling_seconds = time.perf_counter() - sampling_start
print(
    f"sampled {CHAINS} chains x {LANGEVIN_STEPS} steps in "
    f"{sampling_seconds:.1f} s"
)
print("parameters' .grad after sampling:", energy_net[0].weight.grad)

# %% [markdown]
# ## The samples against the truth
#
# The table compares the samples with the mixture $p$, with the blurred mixture
# $p_\sigma$ that the loss aims at (its covariance is $\Sigma + \sigma^2 I$; its
# nearest-centre shares come from {{ 1000000 <- lab: TRUTH_DRAWS }} draws), and with the
# {{ 4000 <- lab: len(data) }} training points. Any such set of points carries a
# sampling error: one standard error of a mean over them is
# {{ 0.023 <- lab: standard_errors[0] }} and {{ 0.015 <- lab: standard_errors[1] }},
# of a share at most {{ 0.008 <- lab: standard_errors[5:].max() }} (printed first
# below). The training points carry one, and the chains another.


# %%
def statistics(x):
    """Mean (2), covariance entries 11, 12, 22, the nearest-centre shares."""
    covariance = torch.cov(x.T)
    return torch.cat(
        [
            x.mean(dim=0),
            covariance[[0, 0, 1], [0, 1, 1]],
            nearest_centre_shares(x),
        ]
    )


truth = torch.cat(
    [true_mean, true_covariance[[0, 0, 1], [0, 1, 1]], true_shares]
)
blurred_truth = truth.clone()
blurred_truth[[2, 4]] += SIGMA**2
blurred_truth[5:] = nearest_centre_shares(
    sample_mixture(TRUTH_DRAWS, blur=SIGMA)
)
NAMES = [
    "mean x1",
    "mean x2",
    "cov 11",
    "cov 12",
    "cov 22",
    "share 1",
    "share 2",
    "share 3",
]


# %%
def table(columns):
    print(f"{'':9}" + "".join(f"{name:>11}" for name in columns))
    for row, name in enumerate(NAMES):
        print(
            f"{name:9}"
            + "".join(f"{column[row]:11.3f}" for column in columns.values())
        )


# %% [markdown]
# One standard error of each statistic, over as many points as the data has:


# %%
standard_errors = torch.cat(
    [
        (true_covariance.diagonal() / len(data)).sqrt(),
        torch.full((3,), float("nan")),  # of a covariance: not needed here
        (true_shares * (1 - true_shares) / len(data)).sqrt(),
    ]
)
print("standard error, means:", rounded(standard_errors[:2]), end="; ")
print("shares:", rounded(standard_errors[5:]))

# %%
sampled = statistics(samples)
table(
    {
        "truth p": truth,
        "p_sigma": blurred_truth,
        "data": statistics(data),
        "samples": sampled,
        "samples-p": sampled - truth,
    }
)
print(
    "largest |samples - truth|:",
    f"mean {(sampled - truth)[:2].abs().max():.3f},",
    f"covariance {(sampled - truth)[2:5].abs().max():.3f},",
    f"share {(sampled - truth)[5:].abs().max():.3f}",
)
data_plus_blur = statistics(data)[2:5] + SIGMA**2 * torch.tensor(
    [1.0, 0.0, 1.0]
)
print(
    "samples' covariance - (training points' covariance + sigma^2 I):",
    rounded(sampled[2:5] - data_plus_blur),
)

# %% [markdown]
# The samples' mean differs from the truth by at most
# {{ 0.022 <- lab: (sampled - truth)[:2].abs().max() }}, about one standard error, and
# their nearest-centre shares by at most
# {{ 0.017 <- lab: (sampled - truth)[5:].abs().max() }}. The covariance comes out larger
# than the truth's, most of all on the diagonal, for two reasons the table shows: the
# model has learned the blurred mixture, whose variances are larger by
# $\sigma^2 = {{ 0.04 <- lab: SIGMA**2 }}$ (the $p_\sigma$ column), and it learned it from
# the training points, whose own covariance (the data column) is already a little off the
# truth. Against the training points' covariance plus $\sigma^2 I$, the samples differ by
# at most {{ 0.022 <- lab: (sampled[2:5] - data_plus_blur).abs().max() }} in any entry;
# what is left is of the size of the chains' own sampling error and of the small bias of
# the step size ([below](#a-step-size-too-large)).
#
# Langevin dynamics is slow to move between modes far apart, and a learned score is
# poor in the empty regions between them: Song and Ermon anneal over noise levels for
# both reasons [@song2019-why-anneal]. These modes overlap, and the shares come out
# within about two standard errors of the truth without it.

# %%
with torch.no_grad():
    grid_energy = energy(grid_points)
shifted = (grid_energy - grid_energy.min()).reshape(grid_x.shape).clamp(max=10)
figure, axes = plt.subplots(1, 2, figsize=(11, 4.6))
for axis, points, title in zip(
    axes,
    [data, samples],
    [
        f"{len(data)} training points",
        f"{CHAINS} Langevin samples, η = {STEP_SIZE}",
    ],
    strict=True,
):
    axis.contourf(grid_x, grid_y, shifted, levels=20, cmap=basins)
    axis.scatter(points[:, 0], points[:, 1], s=1, color=POINT)
    axis.set(title=title, xlabel="x₁", ylabel="x₂", xlim=(-4, 4), ylim=(-4, 4))
    axis.set_aspect("equal")
show(
    figure,
    f"The learned energy's contours twice, with the {len(data)} training "
    f"points in black on the left and the {CHAINS} Langevin samples on the "
    "right: the two clouds look alike, the same three clusters, the left one "
    "the largest, in the three basins.",
)

# %% [markdown]
# ## A step size too large
#
# Near the centre of a mode the energy is close to a quadratic. Along each eigenvector
# of its Hessian, with eigenvalue $\lambda$, one Langevin step multiplies the offset
# from the centre by $1 - \eta\lambda/2$ and adds noise: the chains stay only if
# $\eta < 4/\lambda$ for the largest $\lambda$, and even below that bound their
# variance in that direction settles at $1/\big(\lambda(1 - \eta\lambda/4)\big)$
# instead of the model's $1/\lambda$.
#
# The Hessian of the learned energy at each centre comes from autograd as well: it is
# the Jacobian of the gradient ([Q8(b)](q8-vector-outputs.md#q8b) builds a Jacobian with
# `torch.autograd.functional.jacobian`; `hessian` does the same for the gradient).

# %%
hessians = [
    torch.autograd.functional.hessian(lambda x: energy(x[None])[0], centre)
    for centre in centres
]
for k, (centre, hessian) in enumerate(zip(centres, hessians, strict=True)):
    largest = torch.linalg.eigvalsh(hessian).max().item()
    print(
        f"centre {k + 1} {rounded(centre)}: largest curvature {largest:.2f}, "
        f"stable for eta < 4/lambda = {4 / largest:.2f}"
    )

# %% [markdown]
# Again {{ 4000 <- lab: CHAINS }} chains, with a step of
# {{ 0.5 <- lab: LARGE_STEPS[0] }}, below every bound, and of
# {{ 3 <- lab: LARGE_STEPS[1] }}, above every bound, for
# {{ 1000 <- lab: LARGE_STEP_STEPS }} steps each: longer strides need fewer steps to
# travel as far. The table gives, for each step size, the largest difference from the
# truth in the mean, the covariance and the shares, and the share of samples more than
# {{ 5 <- lab: FAR }} from the origin, where there is no data at all.

# %%
LARGE_STEPS, LARGE_STEP_STEPS, FAR = (0.5, 3.0), 1000, 5
far_share = {}
spread = {STEP_SIZE: samples}
for step_size in LARGE_STEPS:
    spread[step_size] = langevin(CHAINS, LARGE_STEP_STEPS, step_size)
bounds = [4 / torch.linalg.eigvalsh(h).max().item() for h in hessians]
for step_size in LARGE_STEPS:
    verdicts = [
        "stable" if step_size < bound else "unstable" for bound in bounds
    ]
    print(f"eta = {step_size}: at the three centres", ", ".join(verdicts))
print(f"   eta  |d mean|   |d cov|  |d share|  beyond {FAR}")
for step_size, x in spread.items():
    difference = statistics(x) - truth
    far_share[step_size] = (x.norm(dim=1) > FAR).float().mean().item()
    print(
        f"{step_size:6.2f} {difference[:2].abs().max():9.3f}",
        f"{difference[2:5].abs().max():9.3f}",
        f"{difference[5:].abs().max():10.3f} {far_share[step_size]:9.3f}",
    )
unstable = spread[LARGE_STEPS[1]]
print(
    f"covariance at eta = {LARGE_STEPS[1]}:",
    rounded(torch.cov(unstable.T).flatten()),
)
variance_ratios = torch.cov(unstable.T).diagonal() / true_covariance.diagonal()
print("its variances over the truth's:", rounded(variance_ratios))


# %% [markdown]
# At $\eta = {{ 0.5 <- lab: LARGE_STEPS[0] }}$, stable at every centre, the shares are
# still close but the covariance error grows: the chains spread wider than the model,
# as the variance above says they must. At $\eta = {{ 3 <- lab: LARGE_STEPS[1] }}$,
# above every bound, nothing is right: a share of
# {{ 0.26 <- lab: far_share[LARGE_STEPS[1]] }} of the samples end more than
# {{ 5 <- lab: FAR }} from the origin, where there is no data at all, and the variances
# are {{ 3.6 <- lab: variance_ratios[0] }} and {{ 11 <- lab: round(variance_ratios[1].item()) }}
# times the truth's. The chains do not fly off to infinity, as they would on a
# quadratic energy: the network's gradient is bounded (a SiLU's slope is bounded), so
# each step can overshoot but not grow geometrically, and
# far from the data this network's energy happens to keep rising. The chains wander
# over regions where it was never trained.

# %%
figure, axes = plt.subplots(1, 2, figsize=(11, 4.6))
for axis, step_size in zip(axes, LARGE_STEPS, strict=True):
    axis.contourf(grid_x, grid_y, shifted, levels=20, cmap=basins)
    x = spread[step_size]
    axis.scatter(x[:, 0], x[:, 1], s=1, color=POINT)
    axis.set(
        title=f"η = {step_size}",
        xlabel="x₁",
        ylabel="x₂",
        xlim=(-4, 4),
        ylim=(-4, 4),
    )
    axis.set_aspect("equal")
show(
    figure,
    "Langevin samples over the learned energy with two large steps: at "
    f"η = {LARGE_STEPS[0]} the three clusters are still there but wider than "
    f"the data's; at η = {LARGE_STEPS[1]} the samples cover the whole square, "
    "denser in the middle than in the corners, and spill beyond it, "
    f"{far_share[LARGE_STEPS[1]]:.0%} of them more than {FAR} from the origin.",
)

# %% [markdown]
# ## The score and diffusion models
#
# The network trained here is, in disguise, a noise predictor: the loss asks
# $\sigma \nabla E_\theta(\tilde x)$ to predict the noise $z$ that was added, which,
# up to a factor of a half, is the loss of a DDPM noise predictor
# ([Q5](../diffusion/q5-noise-prediction-loss.md)) at one noise level. DDPM scales the
# data by $\sqrt{\bar\alpha_t}$ before adding noise of standard deviation
# $\sqrt{1 - \bar\alpha_t}$ [@ddpm-algorithm-1]; here the data is not scaled and the
# noise has the standard deviation $\sigma$. By the same argument as Vincent's, the best
# noise prediction is a scaled score of the noised data distribution $p_t$:
#
# $$
# \epsilon_\theta(x_t, t)
# \approx -\sqrt{1 - \bar\alpha_t}\; \nabla_{x_t} \log p_t(x_t) .
# $$
#
# Ho et al. point out that their objective resembles denoising score matching over many
# noise scales and their sampler Langevin dynamics [@ddpm-langevin]; Song et al. treat
# both as one family [@song2021-sde]. What the next step adds to this lab, in Song and
# Ermon's networks [@song2019-one-network] and DDPM's alike, is the noise level as an
# input: one network for all noise levels, sampled from the largest to the smallest.
# The [DDPM lab](../diffusion/lab-tiny-ddpm.md) trains such a network on images; the
# official code of Song and Ermon has this lab's loss for an energy model too, scaled by
# $\sigma^2$ and unused by their experiments [@ncsn-code-dsm].

# %%
total_seconds = time.perf_counter() - notebook_start
print(
    f"whole notebook: {total_seconds:.1f} s,",
    f"{torch.get_num_threads()} thread",
)
print(f"training {training_seconds:.1f} s, sampling {sampling_seconds:.1f} s")
