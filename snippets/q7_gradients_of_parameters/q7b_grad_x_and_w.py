import torch

x = torch.tensor([2.0], requires_grad=True)
w = torch.tensor([1.0, 3.0], requires_grad=True)
y = w[0] * x**2 + w[1] * x
y.backward()
print("x.grad =", x.grad)  # dy/dx = 2 w0 x + w1 = 7
print("w.grad =", w.grad)  # [dy/dw0, dy/dw1] = [x^2, x] = [4, 2]
