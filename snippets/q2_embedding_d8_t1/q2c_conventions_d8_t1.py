import torch

from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import (
    sinusoidal_embedding,
)
from snippets.q2_embedding_d8_t1.embedding_layouts import (
    source_embedding,
    split_embedding,
)

t = torch.tensor([1.0], dtype=torch.float64)  # float64, to compare with math
vectors = {
    "paired": sinusoidal_embedding(t, 8),
    "cos first": split_embedding(t, 8, shift=0, cosines_first=True),
    "DDPM code": split_embedding(t, 8, shift=1),
    "source Q1": source_embedding(t, 8),
}
print(" i" + "".join(f"{name:>12}" for name in vectors))
for i in range(8):
    values = "".join(f"{vector[0, i]:12.7f}" for vector in vectors.values())
    print(f"{i:2}{values}")
