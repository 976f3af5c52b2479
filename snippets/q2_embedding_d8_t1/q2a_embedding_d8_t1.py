import torch

from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import (
    sinusoidal_embedding,
)

embedding = sinusoidal_embedding(torch.tensor([1]), dim=8)[0]
omega = [1 / 10000 ** (2 * k / 8) for k in range(4)]  # 10000^(-2k/d) = 10^-k
for i, value in enumerate(embedding.tolist()):
    function = "sin" if i % 2 == 0 else "cos"
    angle = 1 * omega[i // 2]  # t * omega_k with t = 1 and k = i // 2
    print(f"PE(1)[{i}] = {function}({angle:g}) = {value:.7f}")
