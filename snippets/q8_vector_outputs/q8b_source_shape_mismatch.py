import torch

x = torch.tensor([2.0], requires_grad=True)
y = torch.stack([x**2, x])  # the source's line: stack adds a dimension
print("y.shape:", y.shape)
try:
    y.backward(torch.tensor([4.0, 2.0]))
except RuntimeError as error:
    print("RuntimeError:", error)
