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
# # Lab: a tiny DDPM that draws squares
#
# The U-Net of [Q4](q4-unet-downsampling.md), trained with the loss of
# [Q5](q5-noise-prediction-loss.md) on {{ 2048 <- lab: TRAINING_IMAGES }} images of
# white squares, draws {{ 256 <- lab: SAMPLES }} images with DDPM's sampler. Two
# questions are asked of them. Is each one a white square like the data's? The lab
# fits a square to every sample and prints its rule, the share that pass, every
# failure with its reason, and the sizes of the squares against the data's. And are
# they new images, or the training set played back? The lab measures how close each
# sample is to its nearest training image, against the same distance for fresh
# images the network never saw. This page is a notebook, run while the site is
# built; the link under the title gives the same notebook, which runs in an empty
# folder with the site's requirements installed.
#
# The recipe (the noise schedule, how long to train, at which rate) was chosen by
# measuring each change on the same criteria, over three seeds; the
# [Performance page](../about/performance.md#the-ddpm-labs-recipe) gives the
# figures.

# %%
import copy
import math
import time
from collections import Counter

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

from snippets.labs.figures import show
from snippets.q4_unet_downsampling.tiny_unet import TinyUNet
from snippets.q5_noise_prediction_loss.ddpm import NoiseSchedule, training_step

notebook_start = time.perf_counter()
torch.set_num_threads(2)  # the page's numbers were made with two

# %% [markdown]
# ## The recipe
#
# Every setting the results depend on, in one cell: the benchmark that measured
# the recipe runs this notebook with other values here.

# %% tags=["parameters"]
SEED = 0
STEPS, BATCH, LEARNING_RATE = 1400, 32, 3e-3
DECAY_FROM = 0.7  # the learning rate falls linearly to 0 over the last 30%
T = 100  # diffusion steps
SCHEDULE = "cosine"  # or "linear"
WARMUP = 0  # steps over which the rate first rises to its value; none
AVERAGE = 0.0  # decay of a moving average of the weights to sample with; none
TRAINING_IMAGES = 2048
CLIP = True  # clip the predicted x_0 to [-1, 1] while sampling

# %%
torch.manual_seed(SEED)  # the network's initial weights and training noise
# One generator draws the data, the mini-batches and the sampler's noise;
# another the fresh images and the copies of the measure at the end.
generator = torch.Generator().manual_seed(SEED)
held_out_generator = torch.Generator().manual_seed(10_000 + SEED)
SAMPLES = 256

# %% [markdown]
# ## The data
#
# Each image is {{ 16 <- lab: SIZE }} x {{ 16 <- lab: SIZE }} pixels, black with one
# white square. Its side is drawn uniformly between {{ 4 <- lab: SMALLEST }} and
# {{ 8 <- lab: LARGEST }} pixels and its top left corner uniformly among the places
# that keep it inside the image, both as real numbers, not whole pixels. Each pixel
# is as bright as the share of its area the square covers: a pixel half covered is
# half way between black and white, so a square's edges are grey where it does not
# fall on the grid. Black is {{ -1 <- @ddpm-data-scaling }} and white
# {{ 1 <- @ddpm-data-scaling }}, the range DDPM scales its images to
# [@ddpm-data-scaling].
#
# With sizes and places drawn from a continuum, two draws are never the same image,
# and a training image has no copy among the others: the question whether the
# network copies its training images can be asked, and answered.

# %%
SIZE, SMALLEST, LARGEST = 16, 4.0, 8.0


def coverage(start, side):
    """[n, SIZE]: the share of each pixel [j, j + 1) that [start, start +
    side) covers, for tensors start and side of n values."""
    j = torch.arange(SIZE, dtype=start.dtype)
    left = torch.maximum(start[:, None], j)
    right = torch.minimum((start + side)[:, None], j + 1)
    return (right - left).clamp(0, 1)


def render(x, y, side):
    """Images [n, 1, SIZE, SIZE]: each pixel as bright as the share of its
    area that the square [x, x + side) x [y, y + side) covers."""
    area = coverage(y, side)[:, :, None] * coverage(x, side)[:, None, :]
    return (2 * area - 1)[:, None]


def draw_squares(count, generator):
    """count images of one square, and their (x, y, side) [count, 3]."""
    u = torch.rand(count, 3, generator=generator, dtype=torch.float64)
    side = SMALLEST + (LARGEST - SMALLEST) * u[:, 0]
    x, y = u[:, 1] * (SIZE - side), u[:, 2] * (SIZE - side)
    return render(x, y, side).float(), torch.stack([x, y, side], 1).float()


# %% [markdown]
# How different the training images are from each other: the distance from each to
# its nearest neighbour among the others, $\ell_2$ over all pixels.


# %%
def nearest(queries, references, count=1):
    """The l2 distances [n, count] from each query to its count nearest
    references, over all pixels, and which references they are."""
    distances = torch.cdist(queries.flatten(1), references.flatten(1))
    return distances.topk(count, dim=1, largest=False)


data, data_squares = draw_squares(TRAINING_IMAGES, generator)
distinct = len(data.flatten(1).unique(dim=0))
other = nearest(data, data, 2).values[:, 1]  # the nearest other image
print("data:", tuple(data.shape), f"values from {data.min()} to {data.max()}")
print(f"distinct training images: {distinct} of {len(data)}")
print(f"median distance to the nearest other one: {other.median():.2f}")

# %%
figure, axes = plt.subplots(2, 8, figsize=(8, 2.2))
for axis, picture in zip(axes.flat, data, strict=False):
    axis.imshow(picture[0], cmap="gray", vmin=-1, vmax=1)
    axis.axis("off")
show(
    figure,
    "Sixteen training images: white squares of different sizes at different "
    "places on black, their edges grey where they cut across a pixel.",
)

# %% [markdown]
# ## What counts as a clean square
#
# A sample is the network's estimate of an image, and its pixels are never exactly
# a square's. The rule therefore finds the square that comes closest to each sample,
# by least squares over its place and its side (gradient descent on the same
# `render`, for all samples at once), and then asks how far the sample is from that
# square. It is printed below, with the tolerances it uses; on the data, the fit
# finds each square's side and place to a thousandth of a pixel.

# %%
EMPTY_MASS, EDGE, RMS_LIMIT, PIXEL_LIMIT, SIDE_SLACK = (
    4.0,
    0.25,
    0.1,
    0.5,
    0.15,
)
RULE = f"""A sample is a clean square like the data's when, in this order:
 1. its brightness, summed as (pixel + 1) / 2, is at least {EMPTY_MASS:g}
    ("empty");
 2. the square closest to it lies in the image, give or take {EDGE:g} pixels
    ("off the image");
 3. its root-mean-square distance to that square is at most {RMS_LIMIT:g}
    ("not a square": a rectangle, a blob, two squares);
 4. no pixel is further than {PIXEL_LIMIT:g} from that square ("stray light");
 5. that square's side is between {SMALLEST:g} and {LARGEST:g} pixels, give or
    take {SIDE_SLACK:g} ("too small", "too large")."""


# %% [markdown]
# The fit: gradient descent from the square of the same brightness centred on the
# image's brightness, for a fixed number of steps.


# %%
def fit_squares(images, iterations=150):
    """The square closest to each image [n, 1, SIZE, SIZE], by least squares:
    its (x, y, side) [n, 3], from the brightness's centre and total."""
    images = images.double().clamp(-1, 1)
    light = (images[:, 0] + 1) / 2
    total = light.sum((1, 2)).clamp_min(1e-6)
    centres = torch.arange(SIZE, dtype=torch.float64) + 0.5
    x = (light.sum(1) * centres).sum(1) / total
    y = (light.sum(2) * centres).sum(1) / total
    side = total.sqrt().clamp(1, SIZE)
    squares = torch.stack([x - side / 2, y - side / 2, side], 1)
    squares.requires_grad_(True)
    optimizer = torch.optim.Adam([squares], lr=0.05)
    for step in range(iterations):
        if step == iterations // 2:
            optimizer.param_groups[0]["lr"] = 0.01  # finer steps at the end
        fitted = render(squares[:, 0], squares[:, 1], squares[:, 2])
        loss = ((fitted - images) ** 2).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return squares.detach().float()


# %%
def judge(images):
    """Each image's verdict ("clean" or the first check it fails), its
    fitted square (x, y, side), and that square as an image."""
    images = images.clamp(-1, 1)
    squares = fit_squares(images)
    fitted = render(*squares.double().T).float()
    difference = (images - fitted).flatten(1)
    rms = difference.pow(2).mean(1).sqrt()
    furthest = difference.abs().max(1).values
    mass = ((images + 1) / 2).flatten(1).sum(1)
    verdicts = []
    for (x, y, side), m, r, f in zip(
        squares.tolist(), mass, rms, furthest, strict=True
    ):
        if m < EMPTY_MASS:
            verdicts.append("empty")
        elif min(x, y) < -EDGE or max(x, y) + side > SIZE + EDGE:
            verdicts.append("off the image")
        elif r > RMS_LIMIT:
            verdicts.append("not a square")
        elif f > PIXEL_LIMIT:
            verdicts.append("stray light")
        elif side < SMALLEST - SIDE_SLACK:
            verdicts.append("too small")
        elif side > LARGEST + SIDE_SLACK:
            verdicts.append("too large")
        else:
            verdicts.append("clean")
    return verdicts, squares, fitted


# %% [markdown]
# The rule on the training images: all of them pass, and the fit finds each
# square's place and side. The sizes are compared in bins one pixel wide.

# %%
BINS = [4, 5, 6, 7, 8]  # the sides, in bins one pixel wide


def side_shares(sides):
    """The share of sides in each bin [4, 5), [5, 6), [6, 7), [7, 8]."""
    sides = sides.double().clamp(BINS[0], BINS[-1] - 1e-9)
    counts = torch.histogram(sides, torch.tensor(BINS, dtype=torch.float64))
    return counts.hist / max(1, len(sides))


def failures_of(verdicts):
    """How many images fail each check, as a dict."""
    return dict(Counter(v for v in verdicts if v != "clean"))


print(RULE)
data_verdicts, data_fit, _ = judge(data)
data_clean = data_verdicts.count("clean") / len(data)
fit_error = (data_fit - data_squares).abs().max()
data_shares = side_shares(data_fit[:, 2])
print(f"data: {data_clean:.0%} clean, failures {failures_of(data_verdicts)}")
print(f"data: largest error of a fitted square: {fit_error:.4f} pixels")
print("data, share of sides in [4,5) [5,6) [6,7) [7,8]:")
print(" ", data_shares.numpy().round(3))

# %% [markdown]
# The rule on images made to test it: rectangles a little and a lot longer than they
# are wide, a square too small and one too large, two squares, a disc, a square with
# one stray grey pixel, a square dimmed to grey, and an empty image.


# %%
def shape(x, y, width, height):
    """One rectangle [1, 1, SIZE, SIZE] of the given place and size."""
    rows = coverage(torch.tensor([y]), torch.tensor([height]))
    columns = coverage(torch.tensor([x]), torch.tensor([width]))
    return (2 * rows[:, :, None] * columns[:, None, :] - 1)[:, None]


grid = torch.arange(SIZE) + 0.5
disc = (grid[:, None] - 8) ** 2 + (grid[None, :] - 8) ** 2 < 3.4**2
stray = shape(3.0, 3.0, 6.0, 6.0)
stray[0, 0, 13, 13] = 0.2
near_misses = {
    "6 x 6.6 rectangle": shape(3.0, 3.0, 6.0, 6.6),
    "6 x 7 rectangle": shape(3.0, 3.0, 6.0, 7.0),
    "side 3.5": shape(3.0, 3.0, 3.5, 3.5),
    "side 8.5": shape(3.0, 3.0, 8.5, 8.5),
    "two squares": torch.maximum(
        shape(1.0, 1.0, 5.0, 5.0), shape(9.0, 9.0, 5.0, 5.0)
    ),
    "disc": (2 * disc.double() - 1)[None, None],
    "stray pixel": stray,
    "dimmed square": 0.7 * (shape(3.0, 3.0, 6.0, 6.0) + 1) - 1,
    "empty": -torch.ones(1, 1, SIZE, SIZE, dtype=torch.float64),
}
verdicts, _, _ = judge(torch.cat(list(near_misses.values())).float())
for name, verdict in zip(near_misses, verdicts, strict=True):
    print(f"{name:17} {verdict}")

# %% [markdown]
# The rule has a tolerance, which the tests above find: a rectangle a tenth longer
# than it is wide still passes as a square, while one a sixth longer, or a square
# dimmed to grey, fails. The rule catches what a reader would call a failure, not
# every departure from the data. The
# fit is a gradient descent from the brightness's centre: it finds the data's
# squares exactly, but it could stop short on an image much unlike them, such as a
# square on a grey background.

# %% [markdown]
# ## The forward process on one image
#
# $T = {{ 100 <- lab: T }}$ steps, with the cosine schedule of Nichol and Dhariwal
# [@improved-diffusion-schedules] rather than DDPM's linear one: $\bar\alpha_t$,
# the share of the signal's variance left at step $t$ (the image itself is scaled by
# $\sqrt{\bar\alpha_t}$), follows $\cos^2$ of the time from $1$ down to nearly $0$,
# and each $\beta_t = 1 - \bar\alpha_t / \bar\alpha_{t-1}$, at most
# {{ 0.999 <- @improved-diffusion-schedules }}. Halfway, at step
# {{ 50 <- lab: T // 2 }}, $\bar\alpha_t$ is still
# {{ 0.49 <- lab: schedule.alpha_bars[T // 2 - 1] }}, and at step
# {{ 75 <- lab: 3 * T // 4 }} it is {{ 0.14 <- lab: schedule.alpha_bars[3 * T // 4 - 1] }}.
# DDPM's linear schedule, with its betas made as many times larger as the steps
# are fewer, as Nichol and Dhariwal's code extends it to any number of steps
# [@improved-diffusion-schedules], gives {{ 0.07 <- lab: linear.alpha_bars[T // 2 - 1] }}
# and {{ 0.003 <- lab: linear.alpha_bars[3 * T // 4 - 1] }}: its last quarter of
# steps works on images that are nearly pure noise. The
# [Performance page](../about/performance.md#the-ddpm-labs-recipe) shows what the
# change did to the samples. `add_noise` jumps to any step in closed form.


# %%
class CosineSchedule(NoiseSchedule):
    """Q5's schedule with the cosine betas of Nichol and Dhariwal's code.

    alpha_bar follows cos^2 from 1 to nearly 0; each beta is at most 0.999."""

    def __init__(self, steps):
        super().__init__(steps)
        times = torch.arange(steps + 1, dtype=torch.float64) / steps
        alpha_bar = torch.cos((times + 0.008) / 1.008 * math.pi / 2) ** 2
        self.betas = (
            (1 - alpha_bar[1:] / alpha_bar[:-1]).clamp(max=0.999).float()
        )
        self.alphas = 1 - self.betas
        self.alpha_bars = torch.cumprod(self.alphas, dim=0)


# DDPM's 0.0001 to 0.02 over 1000 steps, as many times larger as T is smaller
linear = NoiseSchedule(steps=T, beta_first=0.1 / T, beta_last=20 / T)
schedule = CosineSchedule(T) if SCHEDULE == "cosine" else linear
for step in (T // 2, 3 * T // 4):
    print(
        f"alpha_bar at step {step}: {schedule.alpha_bars[step - 1]:.2f}, "
        f"with the linear schedule {linear.alpha_bars[step - 1]:.3f}"
    )
print(f"alpha_bar at the last step: {schedule.alpha_bars[-1]:.1e}")

# %%
shown_steps = [1, 10, 25, 50, 75, 100]
image = data[:1].expand(len(shown_steps), -1, -1, -1)
indices = torch.tensor(shown_steps) - 1  # entry t - 1 belongs to step t
noise = torch.randn(image.shape, generator=generator)
noisy = schedule.add_noise(image, indices, noise)
figure, axes = plt.subplots(1, len(shown_steps), figsize=(9, 1.9))
for axis, step, picture in zip(axes, shown_steps, noisy, strict=True):
    axis.imshow(picture[0], cmap="gray", vmin=-1, vmax=1)
    axis.set_title(f"t = {step}")
    axis.axis("off")
show(
    figure,
    "One training image noised to steps "
    + ", ".join(map(str, shown_steps))
    + ": the square fades into grey noise and cannot be seen at the last step.",
)

# %% [markdown]
# ## Training
#
# `training_step` of Q5 on mini-batches of the data, with AdamW (Adam with a weight
# decay, {{ 0.01 <- lab: optimizer.defaults["weight_decay"] }} by default; DDPM used
# plain Adam [@ddpm-adam]). The learning rate
# stays constant, then falls linearly to zero over the last
# {{ 30 <- lab: round(100 * (1 - DECAY_FROM)) }}% of the steps, so that the last
# updates are small ones. DDPM's CIFAR-10 script warms its rate up
# linearly from zero, then keeps it constant [@ddpm-code-warmup], over the paper's
# long training [@ddpm-800k-steps], and keeps an average of the weights over it
# [@ddpm-code-ema]. In this short run, a warm-up changed nothing beyond the spread
# between seeds, and sampling with an average of the weights made the samples
# worse; training longer or on larger batches gave a few more clean squares, for
# more time. The Performance page gives the variants measured and their figures.

# %%
model = TinyUNet(image_channels=1, widths=(16, 16, 32, 32), time_dim=32)
optimizer = torch.optim.AdamW(
    model.parameters(),
    lr=LEARNING_RATE,
    fused=True,  # one kernel updates every weight
)
decay_steps = max(1, STEPS - int(DECAY_FROM * STEPS))


def rate_factor(step):
    """The learning rate's factor at a step: warm-up, constant, decay."""
    warm = min(1, (step + 1) / WARMUP) if WARMUP else 1
    return min(warm, (STEPS - step) / decay_steps)


# %%
schedule_of_rates = torch.optim.lr_scheduler.LambdaLR(optimizer, rate_factor)
average = copy.deepcopy(model) if AVERAGE else None
losses = []
training_start = time.perf_counter()
for step in range(STEPS):
    picked = torch.randint(0, len(data), (BATCH,), generator=generator)
    losses.append(training_step(model, optimizer, schedule, data[picked]))
    schedule_of_rates.step()
    if average is not None:  # the first update copies, as in DDPM's code
        with torch.no_grad():
            for kept, new in zip(
                average.parameters(), model.parameters(), strict=True
            ):
                kept.lerp_(new, 1 - AVERAGE if step else 1.0)
training_seconds = time.perf_counter() - training_start
sampler = model if average is None else average
weights = sum(tensor.numel() for tensor in model.parameters())
print(
    f"trained {weights} weights, {STEPS} steps of {BATCH} images, in "
    f"{training_seconds:.0f} s"
)
LAST = 50  # steps averaged, for a loss less noisy than one batch's
first, last = sum(losses[:LAST]) / LAST, sum(losses[-LAST:]) / LAST
print(
    f"mean loss: first {LAST} steps {first:.3f}, last {LAST} steps {last:.3f}"
)

# %%
figure, axis = plt.subplots(figsize=(6, 3))
axis.plot(losses, linewidth=0.6)
axis.set_yscale("log")
axis.set_xlabel("training step")
axis.set_ylabel("MSE loss (log scale)")
show(
    figure,
    f"The training loss on a log scale: about {losses[0]:.1f} at the first "
    f"step, {last:.3f} on average over the last {LAST} steps, noisy from one "
    "mini-batch to the next.",
)

# %% [markdown]
# ## Sampling with the reverse process
#
# DDPM's Algorithm 2 [@ddpm-algorithm-2] starts from pure noise $x_T \sim
# \mathcal{N}(0, I)$ and, for $t = T, \dots, 1$, draws $x_{t-1}$ around a mean that
# removes the predicted noise. DDPM's code writes that mean through the image it
# predicts [@ddpm-code-posterior-mean],
#
# $$
# \hat x_0 = \frac{x_t - \sqrt{1 - \bar\alpha_t}\,\epsilon_\theta(x_t, t)}
# {\sqrt{\bar\alpha_t}} ,
# $$
#
# as the mean of $q(x_{t-1} \mid x_t, x_0)$ with $\hat x_0$ in place of $x_0$
# [@ddpm-eq7]. This lab adds noise of that distribution's variance $\tilde\beta_t$,
# one of the two variances the paper found to give similar results
# [@ddpm-two-variances]; DDPM's CIFAR-10 script uses the other, $\sigma_t^2 =
# \beta_t$ [@ddpm-code-cifar-settings] ('fixedlarge' [@ddpm-code-fixedlarge]):
#
# $$
# \begin{aligned}
# x_{t-1} &= \frac{\sqrt{\bar\alpha_{t-1}}\,\beta_t}{1 - \bar\alpha_t}\,\hat x_0
# \\
# &\quad + \frac{\sqrt{\alpha_t}\,(1 - \bar\alpha_{t-1})}{1 - \bar\alpha_t}\, x_t
# + \sqrt{\tilde\beta_t}\, z, \\
# \tilde\beta_t &= \frac{1 - \bar\alpha_{t-1}}{1 - \bar\alpha_t}\,\beta_t ,
# \quad z \sim \mathcal{N}(0, I),
# \end{aligned}
# $$
#
# with $z = 0$ at the last step. With $\hat x_0$ as it is, this mean is
# Algorithm 2's, $\big(x_t - \beta_t \epsilon_\theta / \sqrt{1 - \bar\alpha_t}
# \big)/\sqrt{\alpha_t}$ (the check below prints the difference). DDPM's code
# first clips $\hat x_0$ to $[-1, 1]$, the range of the data (`clip_denoised`, on by
# default in its `p_sample` [@ddpm-code-clip]), and so does this lab.
# `torch.no_grad()` keeps autograd from recording forward passes nobody
# differentiates ([Q9(b)](../autograd/q9-zeroing-and-detaching.md#q9b)).


# %%
alpha_bars = schedule.alpha_bars
previous_alpha_bars = torch.cat([torch.ones(1), alpha_bars[:-1]])
betas, alphas = schedule.betas, schedule.alphas
keeps_x0 = previous_alpha_bars.sqrt() * betas / (1 - alpha_bars)
keeps_xt = alphas.sqrt() * (1 - previous_alpha_bars) / (1 - alpha_bars)
variances = (1 - previous_alpha_bars) / (1 - alpha_bars) * betas


@torch.no_grad()
def mean_of_step(x, t, clip=CLIP):
    """The mean of x_{t-1} given x_t [batch, 1, H, W]; t runs from T to 1."""
    index = t - 1  # entry t - 1 belongs to step t
    eps = sampler(x, torch.full((len(x),), index))
    x0 = (x - (1 - alpha_bars[index]).sqrt() * eps) / alpha_bars[index].sqrt()
    if clip:
        x0 = x0.clamp(-1, 1)
    return keeps_x0[index] * x0 + keeps_xt[index] * x


# %% [markdown]
# The same mean computed as Algorithm 2 writes it, to check the one above.


# %%
@torch.no_grad()
def algorithm_2_mean(x, t):
    index = t - 1
    eps = sampler(x, torch.full((len(x),), index))
    beta, alpha = betas[index], alphas[index]
    return (x - beta / (1 - alpha_bars[index]).sqrt() * eps) / alpha.sqrt()


sampler.eval()
x = torch.randn(8, 1, SIZE, SIZE, generator=generator)
difference = max(
    (mean_of_step(x, t, clip=False) - algorithm_2_mean(x, t)).abs().max()
    for t in range(T, 0, -1)
)
print(f"unclipped mean - Algorithm 2's mean, largest over t: {difference:.0e}")

# %% [markdown]
# Algorithm 2's loop, from $x_T$ down to $x_0$, keeping $x_t$ at a few steps for
# the figure below.


# %%
@torch.no_grad()
def sample(count, keep=()):
    """count images from x_T ~ N(0, I), and x_t at each step t in keep."""
    x = torch.randn(count, 1, SIZE, SIZE, generator=generator)
    kept = {}
    for t in range(T, 0, -1):
        if t in keep:
            kept[t] = x.clone()
        x = mean_of_step(x, t)
        if t > 1:
            z = torch.randn(x.shape, generator=generator)
            x = x + variances[t - 1].sqrt() * z
    kept[0] = x
    return x, kept


sampling_start = time.perf_counter()
samples, kept = sample(SAMPLES, keep=(T, 75, 50, 25, 10))
sampling_seconds = time.perf_counter() - sampling_start
print(f"sampled {len(samples)} images in {sampling_seconds:.0f} s")

# %% [markdown]
# ## The reverse process, step by step
#
# Five samples, one per row, from $x_T$ (pure noise), through the steps named above
# each column, to the result $x_0$.

# %%
shown = sorted(kept, reverse=True)
figure, axes = plt.subplots(5, len(shown), figsize=(7, 6))
for row in range(5):
    for axis, t in zip(axes[row], shown, strict=True):
        axis.imshow(kept[t][row, 0], cmap="gray", vmin=-1, vmax=1)
        axis.set_xticks([])
        axis.set_yticks([])
        if row == 0:
            axis.set_title(f"t = {t}")
show(
    figure,
    "Five samples, one per row, at steps "
    + ", ".join(str(t) for t in shown[:-1])
    + f" of the reverse process and at the end, t = {shown[-1]}: grey noise at "
    "first, "
    "a bright patch standing out of the noise on the way, a white square on "
    "black at the end.",
)

# %% [markdown]
# ## The samples, judged one by one

# %%
verdicts, fitted_squares, fitted_images = judge(samples)
clean = [verdict == "clean" for verdict in verdicts]
failures = failures_of(verdicts)
sample_shares = side_shares(fitted_squares[torch.tensor(clean), 2])
distance = 0.5 * (sample_shares - data_shares).abs().sum().item()
# The same distance for sets of as many draws of the data's sizes: chance alone.
CHANCE_SETS = 2000
draws = torch.multinomial(
    data_shares.float(),
    sum(clean) * CHANCE_SETS,
    replacement=True,
    generator=torch.Generator().manual_seed(SEED),
).view(CHANCE_SETS, -1)
chance_shares = F.one_hot(draws, len(BINS) - 1).float().mean(1)
chance_distances = 0.5 * (chance_shares - data_shares).abs().sum(1)
chance_distance = chance_distances.mean().item()
as_far_by_chance = (chance_distances >= distance).float().mean().item()
share_clean = sum(clean) / len(samples)
print(f"clean squares: {sum(clean)} of {len(samples)} ({share_clean:.1%})")
print("failures:", failures)
print("share of sides, data:   ", data_shares.numpy().round(3))
print("share of sides, samples:", sample_shares.numpy().round(3))
print(f"total variation between the two: {distance:.3f}")
print(
    f"  on average by chance, {sum(clean)} draws of the data's: "
    f"{chance_distance:.3f}"
)
print(f"  draws of the data's as far as the samples: {as_far_by_chance:.1%}")

# %% [markdown]
# The total variation distance is half the summed absolute difference of the two
# rows: $0$
# when the clean samples' sides are spread as the data's are, $1$ when the two share
# nothing.
#
# The first {{ 64 <- lab: GRID**2 }} samples, each with a red frame if it fails the
# rule. Each pixel of a sample is drawn as a block, so the smallest square spans a
# quarter of its image's width.

# %%
GRID = 8  # samples per row and per column
figure, axes = plt.subplots(GRID, GRID, figsize=(8, 8))
for axis, picture, verdict in zip(axes.flat, samples, verdicts, strict=False):
    axis.imshow(picture[0].clamp(-1, 1), cmap="gray", vmin=-1, vmax=1)
    axis.set_xticks([])
    axis.set_yticks([])
    frame = ("0.6", 1) if verdict == "clean" else ("red", 3)
    for edge in axis.spines.values():
        edge.set(color=frame[0], linewidth=frame[1])
shown_failures = GRID**2 - verdicts[: GRID**2].count("clean")
show(
    figure,
    f"An {GRID} by {GRID} grid of the first {GRID**2} samples: white squares "
    "of different sizes "
    f"at different places on black; {shown_failures} of them, framed in red, "
    "fail the rule.",
)

# %% [markdown]
# Every sample that fails, up to {{ 32 <- lab: FAILURES_SHOWN }} of them, with the
# reason above each.

# %%
FAILURES_SHOWN = 32
pairs = zip(samples, verdicts, strict=True)
failed = [(picture, why) for picture, why in pairs if why != "clean"]
rows = max(1, -(-min(len(failed), FAILURES_SHOWN) // 8))  # rows of 8
figure, axes = plt.subplots(rows, 8, figsize=(9, 1.4 * rows), squeeze=False)
for axis in axes.flat:
    axis.axis("off")
for axis, (picture, verdict) in zip(axes.flat, failed, strict=False):
    axis.imshow(picture[0].clamp(-1, 1), cmap="gray", vmin=-1, vmax=1)
    axis.set_title(verdict, fontsize=8)
which = (
    f"All {len(failed)} samples"
    if len(failed) <= FAILURES_SHOWN
    else f"The first {FAILURES_SHOWN} of the {len(failed)} samples"
)
show(
    figure,
    f"{which} that fail the rule, each titled with its reason: "
    + ", ".join(f"{count} {reason}" for reason, count in failures.items())
    + ".",
)

# %%
figure, axis = plt.subplots(figsize=(6, 3))
centres = torch.tensor(BINS[:-1]) + 0.5
for offset, shares, label in zip(
    [-0.2, 0.2],
    [data_shares, sample_shares],
    [f"data ({len(data)})", f"clean samples ({sum(clean)})"],
    strict=True,
):
    axis.bar(centres + offset, shares, width=0.4, label=label)
axis.set_xticks(BINS)
axis.set_xlabel("side of the fitted square (pixels)")
axis.set_ylabel("share")
axis.legend()
show(
    figure,
    f"Bars of the share of sides in each one-pixel bin from {SMALLEST:g} to "
    f"{LARGEST:g}, for the data and for the clean samples: the data's "
    f"{len(BINS) - 1} bars are level near {data_shares.mean():.2f}, the "
    f"samples' differ from them by a total variation of {distance:.2f}.",
)

# %% [markdown]
# ## New images, or the training set played back?
#
# A network that had learned its training images by heart would draw them again.
# Carlini et al. extract training images from diffusion models by generating many
# images and filtering them for likely copies [@carlini2023-memorise], and report
# how near a generation is to its training image as an $\ell_2$ distance
# [@carlini2023-l2]; Somepalli et al. retrieve each generated image's nearest
# training image [@somepalli2023-replication], comparing learned features of the
# images rather than their pixels [@somepalli-code-similarity]. Here the measure is
# the simplest of these: for each sample, its $\ell_2$ distance to the nearest of
# the {{ 2048 <- lab: TRAINING_IMAGES }} training images, over all its pixels.
#
# A distance means little alone: how near is too near? The answer comes from fresh
# images of the same distribution, drawn by another generator and never trained
# on, as in Meehan et al.'s test for data copying, which compares the training set,
# a separate sample of the distribution and the generated samples
# [@meehan2020-data-copying]. Fresh images are new by construction, so their
# distances to the training set are what new images give. A sample nearer to the
# training set than {{ 95 <- lab: 100 - PERCENTILE }}% of the fresh images are (left
# of their {{ 5 <- lab: PERCENTILE }}th percentile) is suspect. A generator of new
# images distributed like the fresh ones has about {{ 5 <- lab: PERCENTILE }}% of its
# samples there, give or take chance, a copier nearly all. Somepalli et al. draw
# histograms of the same nearest-neighbour kind, for models trained on few and on
# many images, with training images against each other as the reference
# [@somepalli2023-histograms]; theirs are of similarity, not distance, so their
# copies lie to the right.
#
# A sample is not a perfect square, and its imperfection adds to its distance from
# everything, a training image too. Three checks go through the same measure: the
# samples' fitted squares, which have no such noise; a copier made on purpose,
# {{ 256 <- lab: SAMPLES }} training images with noise like the samples'
# imperfections added, which the measure must catch; and a near copier, the same
# training squares moved by {{ 0.2 <- lab: NUDGE }} of a pixel, to test whether a
# copy that is not exact is caught too.

# %%
FRESH = 16384  # fresh images, enough for steady percentiles
fresh, fresh_squares = draw_squares(FRESH, held_out_generator)
fresh_distance = nearest(fresh, data).values[:, 0]
sample_distance, nearest_index = nearest(samples.clamp(-1, 1), data)
sample_distance, nearest_index = sample_distance[:, 0], nearest_index[:, 0]
fitted_distance = nearest(fitted_images, data).values[:, 0]

# %% [markdown]
# The copier and the near copier: training images picked at random, one with noise
# whose spread per pixel is the samples' median distance from their fitted squares
# (clipped to the image's range, it ends somewhat smaller), the other with its
# square moved.

# %%
residual = (
    (samples.clamp(-1, 1) - fitted_images).flatten(1).pow(2).mean(1).sqrt()
)
picked = torch.randint(0, len(data), (SAMPLES,), generator=held_out_generator)
noise = residual.median() * torch.randn(
    (SAMPLES, 1, SIZE, SIZE), generator=held_out_generator
)
copies = (data[picked] + noise).clamp(-1, 1)
copy_distance = nearest(copies, data).values[:, 0]
NUDGE = 0.2  # pixels the near copier moves each copied square by
x, y, side = data_squares[picked].T
direction = torch.where(x + side + NUDGE <= SIZE, 1.0, -1.0)  # stay inside
nudged = render(x + NUDGE * direction, y, side)
nudged_distance = nearest(nudged, data).values[:, 0]

# %%
PERCENTILE = 5  # the share of fresh images nearer than the limit, in %
limits = torch.tensor([PERCENTILE, 1]) / 100
fifth, first = torch.quantile(fresh_distance, limits)


def share_below(distances, limit):
    return (distances < limit).float().mean().item()


measured = {
    "samples": sample_distance,
    "fitted squares": fitted_distance,
    "copies": copy_distance,
    "near copies": nudged_distance,
}
print(
    f"{FRESH} fresh images' {PERCENTILE}th, 1st percentiles: "
    f"{fifth:.2f}, {first:.2f}"
)
print("distance to the nearest training image: median, and the share nearer")
print(f"than the fresh images' {PERCENTILE}th percentile (1st):")
for name, distances in measured.items():
    print(
        f"  {name:15} {distances.median():.2f}  "
        f"{share_below(distances, fifth):6.1%} "
        f"({share_below(distances, first):.1%})"
    )
print(f"  (fresh images  {fresh_distance.median():.2f}, by construction)")
quartiles = {
    name: torch.quantile(distances, torch.tensor([0.25, 0.75])).tolist()
    for name, distances in [
        ("fresh", fresh_distance),
        ("samples", sample_distance),
    ]
}

# %% [markdown]
# How far chance alone moves that share: of {{ 256 <- lab: SAMPLES }} images like the
# fresh ones, how many fall left of the line in {{ 95 <- lab: round(100 * HELD) }}% of
# runs, from the binomial distribution.

# %%
HELD = 0.95  # the share of runs the range of counts holds
p = PERCENTILE / 100
counts = torch.arange(SAMPLES + 1, dtype=torch.float64)
ways = torch.tensor(
    [math.comb(SAMPLES, k) for k in range(SAMPLES + 1)], dtype=torch.float64
)
cumulative = (ways * p**counts * (1 - p) ** (SAMPLES - counts)).cumsum(0)
fewest = int((cumulative < (1 - HELD) / 2).sum())
most = int((cumulative < (1 + HELD) / 2).sum())
print(
    f"{SAMPLES} images like the fresh ones, left of the line in "
    f"{HELD:.0%} of runs: "
    f"{fewest} to {most} ({fewest / SAMPLES:.1%} to {most / SAMPLES:.1%})"
)
left_of_line = (sample_distance < fifth).sum().item()
print(f"the samples left of it: {left_of_line}")

# %%
figure, axis = plt.subplots(figsize=(7, 3.4))
top = max(fresh_distance.max(), sample_distance.max())
bins = torch.linspace(0, top.item() * 1.02, 40).tolist()
axis.hist(
    fresh_distance, bins=bins, density=True, alpha=0.55, label="fresh images"
)
axis.hist(
    sample_distance, bins=bins, density=True, alpha=0.55, label="samples"
)
axis.hist(
    copy_distance,
    bins=bins,
    density=True,
    histtype="step",
    linewidth=1.5,
    color="black",
    label="copies of training images",
)
axis.axvline(
    fifth,
    color="red",
    linestyle="--",
    label=f"{PERCENTILE}th percentile, fresh",
)
axis.set_xlabel("distance to the nearest training image")
axis.set_ylabel("density (share per unit)")
axis.legend(fontsize=8)
show(
    figure,
    "Histograms of the distance from each image to its nearest training "
    f"image, as densities, each of area one: the {FRESH} fresh images, "
    "half of them between "
    f"{quartiles['fresh'][0]:.1f} and {quartiles['fresh'][1]:.1f}, and the "
    f"{len(samples)} samples, half between {quartiles['samples'][0]:.1f} and "
    f"{quartiles['samples'][1]:.1f}, overlap; the copies of training images "
    f"pile up near {copy_distance.median():.1f}, left of the fresh images' "
    f"{PERCENTILE}th percentile, drawn as a dashed line.",
)

# %% [markdown]
# The {{ 8 <- lab: len(closest) }} samples nearest to a training image, the most
# suspect of all, above the training image each is nearest to, and the difference
# between the two (red where the sample is brighter, blue where it is darker).
# Squares drawn from a continuum come near some training square by chance: for the
# nearest sample, the share of fresh images at least as near is printed, and what
# that share makes likely among {{ 256 <- lab: SAMPLES }} new images.

# %%
closest = sample_distance.argsort()[:8]
figure, axes = plt.subplots(3, 8, figsize=(9, 3.9))
for column, index in enumerate(closest.tolist()):
    picture = samples[index].clamp(-1, 1)
    match = data[nearest_index[index]]
    for row, (shown_image, colours) in enumerate(
        [(picture, "gray"), (match, "gray"), (picture - match, "RdBu_r")]
    ):
        axes[row, column].imshow(shown_image[0], cmap=colours, vmin=-1, vmax=1)
        axes[row, column].set_xticks([])
        axes[row, column].set_yticks([])
    axes[0, column].set_title(f"{sample_distance[index]:.2f}", fontsize=9)
for row, label in enumerate(["sample", "nearest", "difference"]):
    axes[row, 0].set_ylabel(label)
nearest_sample = sample_distance[closest[0]]
as_near = share_below(fresh_distance, nearest_sample + 1e-9)
by_chance = 1 - (1 - as_near) ** SAMPLES
print(f"the nearest sample: {nearest_sample:.2f} from a training image")
print(f"  fresh images as near: {as_near:.1%}")
print(
    f"  chance that at least one of {SAMPLES} new images is as near: "
    f"{by_chance:.0%}"
)
show(
    figure,
    "Three rows of eight: the samples nearest to a training image, each "
    "titled with its distance, from "
    f"{sample_distance[closest[0]]:.2f} to {sample_distance[closest[-1]]:.2f}; "
    "under each, the training image it is nearest to; under that, their "
    "difference, red and blue along the edges where the two squares' sides or "
    "places differ.",
)

# %% [markdown]
# ## What the numbers say
#
# {{ 244 <- lab: sum(clean) }} of the {{ 256 <- lab: SAMPLES }} samples are clean
# squares; the {{ 12 <- lab: len(failed) }} others are drawn above, each with the
# check it fails. The sizes of the clean squares roughly follow the data's, but not
# quite: their total variation from the data's, {{ 0.092 <- lab: distance }}, is
# about {{ 2.1 <- lab: distance / chance_distance }} times the
# {{ 0.044 <- lab: chance_distance }} that {{ 244 <- lab: sum(clean) }} draws of the
# data's own sizes give on average, and only
# {{ 1.5 <- lab: 100 * as_far_by_chance }}% of such draws are as far. Sides from
# {{ 6 <- lab: BINS[2] }} to {{ 7 <- lab: BINS[3] }} pixels come out more often than
# in the data, the smallest and the largest less often. The network has
# {{ 156929 <- lab: weights }} weights and saw {{ 1400 <- lab: STEPS }} batches of
# {{ 32 <- lab: BATCH }} images; nobody told it that an image holds exactly one
# square.
#
# The samples are no nearer to the training images than new images are.
# {{ 4 <- lab: left_of_line }} of them
# ({{ 1.6 <- lab: 100 * share_below(sample_distance, fifth) }}%) lie left of the
# fresh images' {{ 5 <- lab: PERCENTILE }}th percentile, where
# {{ 256 <- lab: SAMPLES }} images like the fresh ones put {{ 6 <- lab: fewest }} to
# {{ 20 <- lab: most }} in {{ 95 <- lab: round(100 * HELD) }}% of runs: fewer, because a sample's imperfections add
# to its distance. Their fitted squares, which have none, give
# {{ 4.3 <- lab: 100 * share_below(fitted_distance, fifth) }}%, within what chance
# gives new images. The copies, with their noise, are caught at
# {{ 100.0 <- lab: 100 * share_below(copy_distance, fifth) }}%. The medians say the
# same: {{ 1.99 <- lab: sample_distance.median() }} for the samples and
# {{ 1.92 <- lab: fitted_distance.median() }} for their fitted squares, against
# {{ 1.85 <- lab: fresh_distance.median() }} for fresh images. The nearest sample is
# no nearer than chance brings new squares: {{ 0.9 <- lab: 100 * as_near }}% of fresh
# images are as near, so among {{ 256 <- lab: SAMPLES }} new squares at least one is
# that near with a chance of {{ 90 <- lab: round(100 * by_chance) }}%; samples, whose
# imperfections keep them further from everything, get that near less often than
# perfect squares would.
#
# The measure has a resolution. The near copies, training squares moved by
# {{ 0.2 <- lab: NUDGE }} of a pixel, fall left of the line only
# {{ 5.9 <- lab: 100 * share_below(nudged_distance, fifth) }}% of the time, as new
# images do: a move of a fifth of a pixel already takes most squares beyond the line at
# {{ 0.78 <- lab: fifth }}. Their median gives them away, though:
# {{ 1.22 <- lab: nudged_distance.median() }} against the fresh images'
# {{ 1.85 <- lab: fresh_distance.median() }}, where the samples'
# is {{ 1.99 <- lab: sample_distance.median() }}. So the network neither plays back
# its training images exactly nor, in bulk, moves them by a fifth of a pixel; a few
# such copies among the samples would go unnoticed. Trained on a small training set
# instead, where a fresh square
# is rarely that close to a training one, the same recipe draws samples most of
# which fall left of the line: the
# [Performance page](../about/performance.md#the-ddpm-labs-recipe) gives that run.
#
# That is seed {{ 0 <- lab: SEED }}; the Performance page gives the clean share, the
# side distance and the share of samples left of the line for two other seeds, and
# what each change to the recipe did to them.

# %%
total_seconds = time.perf_counter() - notebook_start
threads = torch.get_num_threads()
print(f"whole notebook: {total_seconds:.0f} s, {threads} threads")
print(f"training {training_seconds:.0f} s, sampling {sampling_seconds:.0f} s")
