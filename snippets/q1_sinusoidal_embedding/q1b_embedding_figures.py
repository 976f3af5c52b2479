import math

import matplotlib
import torch

from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import (
    sinusoidal_embedding,
)

# fold: matplotlib writes SVG files, the same text on every run
matplotlib.use("svg")  # write files, open no window
matplotlib.rcParams["svg.hashsalt"] = "q1"  # the same SVG text on every run
matplotlib.rcParams["savefig.facecolor"] = "white"  # readable in dark mode too
import matplotlib.pyplot as plt  # noqa: E402

# end fold
timesteps = torch.arange(0, 1001)  # t = 0 .. 1000
embedding = sinusoidal_embedding(timesteps, dim=128)  # [1001, 128]
dimensions = (32, 48, 64, 80, 96)
saved = {"bbox_inches": "tight", "metadata": {"Date": None}}

figure, axis = plt.subplots(figsize=(8, 3.4))
colours = {"cmap": "RdBu", "vmin": -1, "vmax": 1}  # red -1 to blue 1
image = axis.imshow(
    embedding.T.numpy(), aspect="auto", origin="lower", **colours
)
axis.set(xlabel="timestep t", ylabel="dimension i")
figure.colorbar(image, label="PE(t)[i]")
figure.savefig("q1b_embedding_heatmap.svg", **saved)

figure, axis = plt.subplots(figsize=(8, 3.4))
for i in dimensions:
    axis.plot(timesteps.numpy(), embedding[:, i].numpy(), label=f"i = {i}")
axis.set(xlabel="timestep t", ylabel="PE(t)[i]", ylim=(-1.1, 1.1))
axis.legend(loc="upper left", bbox_to_anchor=(1, 1))
figure.savefig("q1b_embedding_dimensions.svg", **saved)

print("embedding:", tuple(embedding.shape), "(timesteps x dimensions)")
print(f"values from {embedding.min():.4f} to {embedding.max():.4f}")
periods = {i: 2 * math.pi * 10000 ** (2 * (i // 2) / 128) for i in dimensions}
for i, period in periods.items():  # a period is 2 pi / omega_k
    print(f"dimension {i:2}: one period every {period:9.1f} timesteps")
print("wrote q1b_embedding_heatmap.svg and q1b_embedding_dimensions.svg")
