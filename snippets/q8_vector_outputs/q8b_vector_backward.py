import torch

x = torch.tensor([2.0], requires_grad=True)  # shape [1]
y = torch.cat([x**2, x])  # y = [x^2, x], shape [2]
grad_y = torch.tensor([4.0, 2.0])  # dL/dy for L = 4 x^2 + 2 x
y.backward(grad_y)
print("x.grad =", x.grad)  # dL/dx = 4 * 2x + 2 * 1 = 8x + 2 = 18 at x = 2
