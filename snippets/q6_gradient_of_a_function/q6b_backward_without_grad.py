import torch

x = torch.tensor(2.0)  # requires_grad=False
y = x**2 + 3 * x
print("y.requires_grad:", y.requires_grad, "| y.grad_fn:", y.grad_fn)
try:
    y.backward()
except RuntimeError as error:
    print("RuntimeError:", error)
print("x.grad:", x.grad)
