import torch

x = torch.tensor(2.0, requires_grad=True)
y = x**2 + 3 * x
y.backward()
print(x.grad)  # dy/dx = 2x + 3 = 7 at x = 2
