import math

import matplotlib

matplotlib.use("svg")  # write files, open no window
matplotlib.rcParams["svg.hashsalt"] = "q1"  # the same SVG text on every run
matplotlib.rcParams["savefig.facecolor"] = "white"  # readable in dark mode too
import matplotlib.pyplot as plt  # noqa: E402

timesteps = torch.arange(0, 1001)  # DDPM's t = 0 .. 1000
embedding = sinusoidal_embedding(timesteps, dim=128)  # [1001, 128]

figure, axis = plt.subplots(figsize=(8, 3.4))
image = axis.imshow(
    embedding.T.numpy(), aspect="auto", cmap="RdBu", vmin=-1, vmax=1, origin="lower"
)
axis.set(xlabel="timestep t", ylabel="dimension i")
figure.colorbar(image, label="PE(t)[i]")
figure.savefig(
    "q1b_embedding_heatmap.svg", bbox_inches="tight", metadata={"Date": None}
)

figure, axis = plt.subplots(figsize=(8, 3.4))
for i in (32, 48, 64, 80, 96):
    axis.plot(timesteps.numpy(), embedding[:, i].numpy(), label=f"i = {i}", lw=1)
axis.set(xlabel="timestep t", ylabel="PE(t)[i]", ylim=(-1.1, 1.1))
axis.legend(loc="upper left", bbox_to_anchor=(1, 1))
figure.savefig(
    "q1b_embedding_dimensions.svg", bbox_inches="tight", metadata={"Date": None}
)

print("embedding:", tuple(embedding.shape), "(timesteps x dimensions)")
print(f"values from {embedding.min():.4f} to {embedding.max():.4f}")
for i in (32, 48, 64, 80, 96):
    period = 2 * math.pi * 10000 ** (2 * (i // 2) / 128)  # 2 pi / frequency
    print(f"dimension {i:2}: one period every {period:9.1f} timesteps")
print("wrote q1b_embedding_heatmap.svg and q1b_embedding_dimensions.svg")
