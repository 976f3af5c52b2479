import torch

x = torch.tensor([2.0], requires_grad=True)
y = torch.cat([x**2, x])  # y = [x^2, x], shape [2]
try:
    y.backward()
except RuntimeError as error:
    print("RuntimeError:", error)
y.sum().backward()  # d/dx (x^2 + x) = 2x + 1
print("after y.sum().backward(): x.grad =", x.grad)
