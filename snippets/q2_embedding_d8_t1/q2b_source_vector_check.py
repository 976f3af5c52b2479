import math

import torch

from snippets.q1_sinusoidal_embedding.sinusoidal_embedding import (
    sinusoidal_embedding,
)

this_page = sinusoidal_embedding(torch.tensor([1]), dim=8)[0].tolist()
# The source's Q2 vector: sin(1), cos(0.1), sin(0.01), ..., cos(0.0000001)
source_vector = [
    (math.sin if i % 2 == 0 else math.cos)(10.0**-i) for i in range(8)
]
# The source's Q1 formula: exponent i/d at every index, nothing shared
source_formula = [
    (math.sin if i % 2 == 0 else math.cos)(1 / 10000 ** (i / 8))
    for i in range(8)
]
print(" i   this page   source Q1 formula   source Q2 vector")
rows = zip(this_page, source_formula, source_vector, strict=True)
for i, (page, formula, vector) in enumerate(rows):
    print(f"{i:2}   {page:9.7f}   {formula:17.7f}   {vector:16.7f}")
