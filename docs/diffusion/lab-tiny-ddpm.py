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
# # Lab: a tiny DDPM trained on the CPU
#
# This page is a notebook, run while the site is built: it trains the U-Net of Q4 with
# the training step of Q5 on a small data set made in code, then draws new images with
# the reverse process. Everything is seeded, and training plus sampling take well under
# a minute on two CPU cores (`benchmarks/ddpm_lab.py` measures it). Download it with
# the link under the title and run it from a clone of the repository.
#
# ## The building blocks
#
# The notebook runs the files that the pages show, in the order the pages join them:
# the embedding (Q1), the time-conditioned block (Q3), `TinyUNet` (Q4) and
# `NoiseSchedule` with `training_step` (Q5).

# %%
import time

import matplotlib.pyplot as plt
import torch

from snippets.labs.figures import show
from snippets.q4_unet_downsampling.tiny_unet import TinyUNet
from snippets.q5_noise_prediction_loss.ddpm import NoiseSchedule, training_step

# %% [markdown]
# ## A data set made in code
#
# 2048 grey-scale images of 16 x 16 pixels: a white square with a side of 4 to 8 pixels
# at a random place on a black background, with values -1 and 1 as DDPM expects.
# One thread per process: the test suite runs two processes on two cores, and more
# threads than cores slow PyTorch down many times over.

# %%
torch.set_num_threads(1)
generator = torch.Generator().manual_seed(0)
torch.manual_seed(0)
SIZE = 16


def squares(count):
    images = -torch.ones(count, 1, SIZE, SIZE)
    sides = torch.randint(4, 9, (count,), generator=generator).tolist()
    for image, side in zip(images, sides, strict=True):
        row, column = torch.randint(
            0, SIZE - side + 1, (2,), generator=generator
        )
        image[:, row : row + side, column : column + side] = 1
    return images


data = squares(2048)
print(
    "data:", tuple(data.shape), "values", sorted(set(data.unique().tolist()))
)

# %% [markdown]
# ## The forward process on one image
#
# 200 steps with betas from 0.0005 to 0.1 (DDPM's 1000 steps from 0.0001 to 0.02,
# scaled to fewer steps). `add_noise` jumps to any step in closed form.

# %%
schedule = NoiseSchedule(steps=200, beta_first=5e-4, beta_last=0.1)
shown_steps = [0, 10, 25, 50, 100, 199]
image = data[:1].expand(len(shown_steps), -1, -1, -1)
noisy = schedule.add_noise(
    image, torch.tensor(shown_steps), torch.randn_like(image)
)
figure, axes = plt.subplots(1, len(shown_steps), figsize=(9, 1.9))
for axis, step, picture in zip(axes, shown_steps, noisy, strict=True):
    axis.imshow(picture[0].numpy(), cmap="gray", vmin=-1.5, vmax=1.5)
    axis.set_title(f"t = {step + 1}")
    axis.axis("off")
show(
    figure,
    "One white square on black, noised to steps 1, 11, 26, 51, 101 and 200: the square "
    "fades into grey noise and is invisible by the last step.",
)

# %% [markdown]
# ## Training
#
# 500 steps of `training_step` with mini-batches of 32 images.

# %%
model = TinyUNet(image_channels=1, widths=(16, 16, 32, 32), time_dim=32)
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3)
start = time.perf_counter()
losses = []
for _ in range(500):
    batch = data[torch.randint(0, len(data), (32,), generator=generator)]
    losses.append(training_step(model, optimizer, schedule, batch))
training_seconds = time.perf_counter() - start
print(f"trained {len(losses)} steps in {training_seconds:.1f} s")
print(
    f"mean loss: first 50 steps {sum(losses[:50]) / 50:.3f}, "
    f"last 50 steps {sum(losses[-50:]) / 50:.3f}"
)

# %%
figure, axis = plt.subplots(figsize=(6, 3))
axis.plot(losses, linewidth=0.8)
axis.set_yscale("log")
axis.set_xlabel("training step")
axis.set_ylabel("MSE loss (log scale)")
show(
    figure,
    "The training loss on a log scale: it falls from about 1 at the first step to a "
    "few hundredths within the first hundred steps, then keeps decreasing slowly.",
)

# %% [markdown]
# ## Sampling with the reverse process
#
# Start from pure noise $x_T \sim \mathcal{N}(0, I)$ and apply, for $t = T, \dots, 1$,
# DDPM's update with the trained noise estimate $\epsilon_\theta$:
#
# $$
# \begin{aligned}
# x_{t-1} &= \frac{1}{\sqrt{\alpha_t}}
# \left( x_t - \frac{\beta_t}{\sqrt{1 - \bar\alpha_t}}\, \epsilon_\theta(x_t, t) \right)
# \\ &\quad + \sqrt{\beta_t}\, z, \qquad z \sim \mathcal{N}(0, I),
# \end{aligned}
# $$
#
# with $z = 0$ at the last step.


# %%
@torch.no_grad()
def sample(count):
    x = torch.randn(count, 1, SIZE, SIZE, generator=generator)
    for t in reversed(range(schedule.steps)):
        eps = model(x, torch.full((count,), t))
        beta, alpha = schedule.betas[t], schedule.alphas[t]
        x = (
            x - beta / (1 - schedule.alpha_bars[t]).sqrt() * eps
        ) / alpha.sqrt()
        if t > 0:
            x = x + beta.sqrt() * torch.randn(x.shape, generator=generator)
    return x


model.eval()
start = time.perf_counter()
samples = sample(32)
sampling_seconds = time.perf_counter() - start
print(f"sampled {len(samples)} images in {sampling_seconds:.1f} s")

# %%
figure, axes = plt.subplots(4, 16, figsize=(10, 2.8))
figure.patch.set_facecolor(
    "0.6"
)  # a grey frame, so a square at an edge stays square
for axis, picture in zip(
    axes.flat, torch.cat([data[:32], samples]), strict=True
):
    axis.imshow(picture[0].clamp(-1, 1).numpy(), cmap="gray", vmin=-1, vmax=1)
    axis.axis("off")
show(
    figure,
    "Top two rows: 32 training images, white squares of different sizes on black. "
    "Bottom two rows: 32 samples of the trained model, which are also white squares "
    "of different sizes at different places on black.",
)

# %% [markdown]
# ## How close are the samples to the data?
#
# Two numbers that tell squares from noise: the fraction of pixels that are bright
# (above 0), and the correlation between horizontally neighbouring pixels (near 1 for
# flat regions with sharp edges, near 0 for noise). The tests check that the samples
# are much closer to the data than to noise on both.


# %%
def statistics(images):
    left, right = images[..., :-1].flatten(), images[..., 1:].flatten()
    neighbours = torch.corrcoef(torch.stack([left, right]))[0, 1].item()
    return (images > 0).float().mean().item(), neighbours


noise = torch.randn(32, 1, SIZE, SIZE, generator=generator)
print(f"{'':8} {'bright':>7} {'neighbour correlation':>22}")
for name, images in [
    ("data", data[:32]),
    ("samples", samples),
    ("noise", noise),
]:
    bright, neighbours = statistics(images)
    print(f"{name:8} {bright:7.3f} {neighbours:22.3f}")
