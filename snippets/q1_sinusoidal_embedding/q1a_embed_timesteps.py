import torch

from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import (
    sinusoidal_embedding,
)

torch.set_printoptions(precision=4, sci_mode=False)
embedding = sinusoidal_embedding(torch.tensor([0, 1, 500]), dim=8)
print(embedding.shape)
print(embedding)
try:
    sinusoidal_embedding(torch.tensor([1]), dim=7)  # pairs need an even dim
except ValueError as error:
    print("ValueError:", error)
